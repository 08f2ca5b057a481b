#include "viewer/replay_source.hpp"

#include <algorithm>
#include <map>
#include <stdexcept>

#include <fmt/format.h>

#include "engine/result_file.hpp"

namespace tuntas::viewer {

namespace {

class ReplaySource final : public FrameSource {
public:
    explicit ReplaySource(const std::filesystem::path& file) : file_(file) {
        const engine::ResultFile result(file);
        complete_ = result.number_attribute("/", "complete").value_or(0.0) == 1.0;
        if (!result.has("/time"))
            throw std::runtime_error(
                fmt::format("{}: no /time: not a tuntas result", file.string()));
        start_ = result.text_attribute("/time", "start").value_or("");
        times_ = result.read_vector("/time");
        std::vector<std::shared_ptr<Snapshot>> snapshots(times_.size());
        for (std::size_t k = 0; k < times_.size(); ++k) {
            snapshots[k] = std::make_shared<Snapshot>();
            snapshots[k]->time_s = times_[k];
        }
        for (const auto& group : result.children("/series")) {
            for (const auto& name : result.series_names("/series/" + group)) {
                const std::string path = "/series/" + group + "/" + name;
                const engine::SeriesValues series = result.read_series(path);
                const auto row_times = result.series_times(path);
                // A partial file's series may be a flush behind its times, or ahead: use the
                // rows both have.
                const std::size_t rows = std::min(series.samples, row_times.size());
                if (row_times.size() == times_.size() && row_times == times_) {
                    for (std::size_t r = 0; r < rows; ++r) {
                        const auto values = series.sample(r);
                        snapshots[r]->series[group + "/" + name].assign(values.begin(),
                                                                        values.end());
                    }
                    rows_ = rows_ == 0 ? rows : std::min(rows_, rows);
                    continue;
                }
                // Written at a coarser output interval: each sample shows the last row at or
                // before it (what was known then).
                if (rows == 0) continue;
                std::size_t r = 0;
                for (std::size_t k = 0; k < times_.size(); ++k) {
                    while (r + 1 < rows && row_times[r + 1] <= times_[k]) ++r;
                    if (row_times[r] > times_[k]) continue;
                    const auto values = series.sample(r);
                    snapshots[k]->series[group + "/" + name].assign(values.begin(), values.end());
                }
            }
        }
        snapshots.resize(std::min(snapshots.size(), rows_ == 0 ? snapshots.size() : rows_));
        snapshots_.assign(snapshots.begin(), snapshots.end());
        std::map<std::string, Table> tables;
        for (const auto& group : result.children("/static")) {
            for (const auto& name : result.children("/static/" + group))
                tables[group + "/" + name] = result.read_table("/static/" + group + "/" + name);
        }
        scene_ = build_scene(tables);
        if (result.has("/kpi")) {
            const Table kpi = result.read_table("/kpi");
            for (std::size_t k = 0; k < kpi.rows; ++k) {
                kpis_.push_back({kpi.text("name")[k], kpi.number("value")[k], kpi.text("unit")[k],
                                 kpi.text("description")[k]});
            }
        }
        // The what-ifs: the scenario's edits, and those a live view applied during the run.
        const std::string start_local = start_.substr(0, 19);
        for (const auto& [attribute, live] : {std::pair{"scenario", false}, {"live_edits", true}}) {
            if (const auto text = result.text_attribute("/", attribute)) {
                auto marks = edit_marks(*text, start_local, scene_, live);
                edits_.insert(edits_.end(), marks.begin(), marks.end());
            }
        }
        duration_s_ = result.number_attribute("/", "duration_s")
                          .value_or(times_.empty() ? 0.0 : times_.back());
    }

    [[nodiscard]] const Scene& scene() const override { return scene_; }
    [[nodiscard]] bool ready() const override { return true; }
    [[nodiscard]] std::size_t samples() const override { return snapshots_.size(); }
    [[nodiscard]] std::shared_ptr<const Snapshot> snapshot(std::size_t index) const override {
        return snapshots_.at(index);
    }
    [[nodiscard]] std::vector<engine::Kpi> kpis() const override { return kpis_; }
    [[nodiscard]] std::string start() const override { return start_; }
    [[nodiscard]] double duration_s() const override { return duration_s_; }
    [[nodiscard]] bool live() const override { return false; }
    [[nodiscard]] std::vector<EditMark> edits() const override { return edits_; }
    [[nodiscard]] std::string describe() const override {
        return fmt::format("{} (replay{})", file_.filename().string(),
                           complete_ ? "" : ", incomplete run");
    }

private:
    std::filesystem::path file_;
    bool complete_{false};
    std::string start_;
    std::vector<double> times_;
    std::size_t rows_{0};
    std::vector<std::shared_ptr<const Snapshot>> snapshots_;
    Scene scene_;
    std::vector<engine::Kpi> kpis_;
    std::vector<EditMark> edits_;
    double duration_s_{0.0};
};

}  // namespace

std::unique_ptr<FrameSource> open_replay(const std::filesystem::path& file) {
    return std::make_unique<ReplaySource>(file);
}

}  // namespace tuntas::viewer
