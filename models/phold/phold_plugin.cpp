#include "models/phold/phold_plugin.hpp"

#include <cstdint>
#include <vector>

#include "engine/series.hpp"
#include "models/phold/phold.hpp"
#include "models/phold/phold_lp.hpp"

// PHOLD as a scenario model: its keys, how it assembles, and its one series and KPIs.
namespace tuntas::phold {

using model::EditKindSpec;
using model::SectionSpec;
using model::ValueType;

namespace {

/// PHOLD assembled into a run: counts the events its LPs handled, against N*E*T/M.
class PholdInstance final : public model::ModelInstance {
public:
    PholdInstance(PholdParams params, std::vector<const PholdLp*> lps)
        : params_(params),
          lps_(std::move(lps)) {}

    void declare(engine::Recorder& recorder) override {
        committed_ = engine::Series(
            recorder, {"phold", "committed"}, 1, "events",
            "events handled by all PHOLD LPs since the start", engine::SeriesPrecision::float64,
            engine::make_axis("total", 1, [](std::size_t) { return std::string("all LPs"); }));
    }

    void sample(engine::Ticks /*time*/, engine::SampleFrame& frame,
                engine::Recorder& /*recorder*/) override {
        frame.set(committed_, {static_cast<double>(handled())});
    }

    [[nodiscard]] std::vector<engine::Kpi> kpis(const engine::RunStats& /*stats*/) const override {
        const auto committed = static_cast<double>(handled());
        return {
            {"phold.committed_events", committed, "events", "events handled"},
            {"phold.expected_committed", params_.expected_committed(), "events", "N * E * T / M"},
            {"phold.expected_committed_renewal", params_.expected_committed_renewal(), "events",
             "N * E * (T/M + (Var X - M^2) / 2M^2), renewal theory"}};
    }

private:
    [[nodiscard]] std::uint64_t handled() const {
        std::uint64_t total = 0;
        for (const PholdLp* lp : lps_) total += lp->events_handled();
        return total;
    }

    PholdParams params_;
    std::vector<const PholdLp*> lps_;
    engine::Series committed_;
};

class PholdPlugin final : public model::ModelPlugin {
public:
    [[nodiscard]] SectionSpec section() const override {
        return {"phold",
                "PHOLD, the PDES benchmark (ROSS semantics); the run's duration is its end time",
                {{"lp_count", ValueType::integer, "1", 1.0, 1e8, std::int64_t{1024},
                  "N, logical processes"},
                 {"start_events", ValueType::integer, "1", 1.0, 1e6, std::int64_t{1},
                  "E, start events per LP"},
                 {"remote_fraction", ValueType::real, "1", 0.0, 1.0, 0.1,
                  "p, probability an event goes to a uniformly chosen LP"},
                 {"mean",
                  ValueType::duration,
                  "s",
                  1e-6,
                  {},
                  1.0,
                  "M, mean delay between an event and the one it sends"},
                 {"lookahead",
                  ValueType::duration,
                  "s",
                  1e-6,
                  {},
                  0.1,
                  "L, the fixed part of every delay (< mean)"}}};
    }

    [[nodiscard]] std::vector<EditKindSpec> edit_kinds() const override { return {}; }

    [[nodiscard]] std::unique_ptr<model::ModelInstance>
    assemble(const model::SectionValues& values, const std::vector<const model::Edit*>& /*edits*/,
             model::Assembly& assembly) const override {
        const PholdParams params{.lp_count = static_cast<std::uint32_t>(values.integer("lp_count")),
                                 .start_events =
                                     static_cast<std::uint32_t>(values.integer("start_events")),
                                 .remote_fraction = values.real("remote_fraction"),
                                 .mean = values.duration_s("mean"),
                                 .lookahead = values.duration_s("lookahead"),
                                 .end = engine::seconds_from_ticks(assembly.scenario.end())};
        validate(params);
        const auto first = static_cast<engine::LpId>(assembly.simulation.lp_count());
        add_lps(assembly.simulation, params);
        // Each LP a locality group of its own: every event carries at least the lookahead.
        const std::uint32_t first_group = assembly.new_groups(params.lp_count);
        std::vector<const PholdLp*> lps;
        for (std::uint32_t i = 0; i < params.lp_count; ++i) {
            assembly.place_added_lp(first_group + i);
            lps.push_back(&assembly.lp<PholdLp>(first + i));
        }
        assembly.require_lookahead(params.lookahead_ticks());
        return std::make_unique<PholdInstance>(params, std::move(lps));
    }
};

}  // namespace

std::unique_ptr<model::ModelPlugin> make_plugin() {
    return std::make_unique<PholdPlugin>();
}

}  // namespace tuntas::phold
