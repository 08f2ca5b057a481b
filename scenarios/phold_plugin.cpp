#include "scenarios/phold_plugin.hpp"

#include "models/phold/phold.hpp"
#include "models/phold/phold_lp.hpp"

namespace tuntas::scenarios {
namespace {

class PholdInstance final : public ModelInstance {
public:
    PholdInstance(phold::PholdParams params, engine::LpId first,
                  const engine::Simulation& simulation)
        : params_(params), first_(first), simulation_(&simulation) {}

    void declare(engine::Recorder& recorder) override {
        recorder.add_series({"phold", "committed", 1, "events",
                             "events handled by all PHOLD LPs since the start"});
    }

    void sample(engine::Ticks /*time*/, std::vector<std::vector<double>>& values,
                engine::Recorder& /*recorder*/) override {
        values.push_back({static_cast<double>(handled())});
    }

    [[nodiscard]] std::vector<engine::Kpi> kpis(const engine::RunStats& /*stats*/) const override {
        const auto committed = static_cast<double>(handled());
        return {{"phold.committed_events", committed, "events", "events handled"},
                {"phold.expected_committed", params_.expected_committed(), "events",
                 "N * E * T / M"},
                {"phold.expected_committed_renewal", params_.expected_committed_renewal(),
                 "events", "N * E * (T/M + (Var X - M^2) / 2M^2), renewal theory"}};
    }

private:
    [[nodiscard]] std::uint64_t handled() const {
        std::uint64_t total = 0;
        for (std::uint32_t i = 0; i < params_.lp_count; ++i) {
            total += dynamic_cast<const phold::PholdLp&>(simulation_->lp(first_ + i))
                         .events_handled();
        }
        return total;
    }

    phold::PholdParams params_;
    engine::LpId first_;
    const engine::Simulation* simulation_;
};

class PholdPlugin final : public ModelPlugin {
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
                 {"mean", ValueType::duration, "s", 1e-6, {}, 1.0,
                  "M, mean delay between an event and the one it sends"},
                 {"lookahead", ValueType::duration, "s", 1e-6, {}, 0.1,
                  "L, the fixed part of every delay (< mean)"}}};
    }

    [[nodiscard]] std::vector<EditKindSpec> edit_kinds() const override { return {}; }

    [[nodiscard]] std::unique_ptr<ModelInstance> assemble(const SectionValues& values,
                                                          const std::vector<const Edit*>& /*edits*/,
                                                          Assembly& assembly) const override {
        const phold::PholdParams params{
            .lp_count = static_cast<std::uint32_t>(values.integer("lp_count")),
            .start_events = static_cast<std::uint32_t>(values.integer("start_events")),
            .remote_fraction = values.real("remote_fraction"),
            .mean = values.duration_s("mean"),
            .lookahead = values.duration_s("lookahead"),
            .end = engine::seconds_from_ticks(assembly.scenario.duration)};
        phold::validate(params);
        const auto first = static_cast<engine::LpId>(assembly.simulation.lp_count());
        for (std::uint32_t i = 0; i < params.lp_count; ++i) {
            assembly.add_lp(std::make_unique<phold::PholdLp>(params), i);
        }
        assembly.require_lookahead(params.lookahead_ticks());
        return std::make_unique<PholdInstance>(params, first, assembly.simulation);
    }
};

}  // namespace

void register_phold(ModelRegistry& registry) { registry.add(std::make_unique<PholdPlugin>()); }

}  // namespace tuntas::scenarios
