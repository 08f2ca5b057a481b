#include "viewer/difference_source.hpp"

#include <stdexcept>

#include <fmt/format.h>

#include "viewer/replay_source.hpp"

namespace tuntas::viewer {

namespace {

class DifferenceSource final : public FrameSource {
public:
    DifferenceSource(const std::filesystem::path& a, const std::filesystem::path& b)
        : a_(open_replay(a)),
          b_(open_replay(b)),
          names_(fmt::format("{} - {}", a.filename().string(), b.filename().string())) {
        const Scene& sa = a_->scene();
        const Scene& sb = b_->scene();
        if (sa.links.size() != sb.links.size() || sa.zones.size() != sb.zones.size() ||
            sa.containers.size() != sb.containers.size() ||
            sa.cell_sites.size() != sb.cell_sites.size()) {
            throw std::runtime_error(fmt::format(
                "{} and {} are not of the same district ({} and {} road links, {} and {} zones, "
                "{} and {} collection points, {} and {} cell sites)",
                a.string(), b.string(), sa.links.size(), sb.links.size(), sa.zones.size(),
                sb.zones.size(), sa.containers.size(), sb.containers.size(), sa.cell_sites.size(),
                sb.cell_sites.size()));
        }
        if (a_->start() != b_->start()) {
            throw std::runtime_error(fmt::format("{} starts at {}, {} at {}: compare runs of "
                                                 "the same times",
                                                 a.string(), a_->start(), b.string(), b_->start()));
        }
        // The samples both have, at the same times.
        const std::size_t samples = std::min(a_->samples(), b_->samples());
        for (std::size_t k = 0; k < samples; ++k) {
            const auto sa_k = a_->snapshot(k);
            const auto sb_k = b_->snapshot(k);
            if (sa_k->time_s != sb_k->time_s) {
                throw std::runtime_error(fmt::format(
                    "sample {} is at {:g} s in {} and at {:g} s in {}: compare runs sampled at "
                    "the same times",
                    k, sa_k->time_s, a.string(), sb_k->time_s, b.string()));
            }
            auto difference = std::make_shared<Snapshot>();
            difference->time_s = sa_k->time_s;
            for (const auto& [name, values] : sa_k->series) {
                const auto& base = sb_k->values(name);
                if (base.size() != values.size()) continue;
                std::vector<double>& out = difference->series[name];
                out.resize(values.size());
                for (std::size_t e = 0; e < values.size(); ++e) out[e] = values[e] - base[e];
            }
            snapshots_.push_back(std::move(difference));
        }
        const auto kb = b_->kpis();
        for (const auto& kpi : a_->kpis()) {
            for (const auto& base : kb) {
                if (base.name != kpi.name) continue;
                kpis_.push_back({kpi.name, kpi.value - base.value, kpi.unit,
                                 "change from the baseline: " + kpi.description});
            }
        }
    }

    [[nodiscard]] const Scene& scene() const override { return a_->scene(); }
    [[nodiscard]] bool ready() const override { return true; }
    [[nodiscard]] std::size_t samples() const override { return snapshots_.size(); }
    [[nodiscard]] std::shared_ptr<const Snapshot> snapshot(std::size_t index) const override {
        return snapshots_.at(index);
    }
    [[nodiscard]] std::vector<engine::Kpi> kpis() const override { return kpis_; }
    [[nodiscard]] std::string start() const override { return a_->start(); }
    [[nodiscard]] double duration_s() const override {
        return std::min(a_->duration_s(), b_->duration_s());
    }
    [[nodiscard]] bool live() const override { return false; }
    [[nodiscard]] bool difference() const override { return true; }
    [[nodiscard]] std::string describe() const override {
        return fmt::format("{} (change)", names_);
    }
    [[nodiscard]] std::vector<EditMark> edits() const override { return a_->edits(); }

private:
    std::unique_ptr<FrameSource> a_;
    std::unique_ptr<FrameSource> b_;
    std::string names_;
    std::vector<std::shared_ptr<const Snapshot>> snapshots_;
    std::vector<engine::Kpi> kpis_;
};

}  // namespace

std::unique_ptr<FrameSource> open_difference(const std::filesystem::path& a,
                                             const std::filesystem::path& b) {
    return std::make_unique<DifferenceSource>(a, b);
}

}  // namespace tuntas::viewer
