#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <vector>

#include "engine/row_event_table.hpp"
#include "engine/series.hpp"
#include "engine/ticks.hpp"
#include "models/api/model_instance.hpp"
#include "models/district/district.hpp"
#include "models/waste/container_lp.hpp"
#include "models/waste/gate_lp.hpp"
#include "models/waste/truck_lp.hpp"
#include "models/waste/waste_datasets.hpp"
#include "models/waste/waste_plan.hpp"
#include "models/waste/zone_waste_lp.hpp"

namespace tuntas::waste {

/// A container's instant of overflow, a row of the overflows table.
struct Overflow {
    std::uint32_t container{0};
    engine::Ticks at{0};
};

/// A gate's unload record and the gate's index, a row of the unloads table.
struct GateUnload {
    std::uint32_t gate{0};
    UnloadRecord record;
};

/// The mass terms, in the order of the `mass` series.
enum MassTerm : std::size_t {
    generated,
    in_containers,
    in_trucks,
    recycled,
    landfilled,
    overflowed,
    uncollected,
    mass_terms
};

/// What the waste model has counted from the simulation's start to a sample instant. KPIs are
/// the difference between the run's end and the end of the warm-up.
struct WasteTotals {
    std::array<double, mass_terms> mass{};  ///< the mass series' terms (kg)
    double collected_kg{0.0};               ///< taken from containers by trucks
    double tpa_inflow_kg{0.0};              ///< unloaded at the TPA gate
    double full_s{0.0};                     ///< container-seconds at capacity
    double truck_km{0.0};
    double truck_hours{0.0};  ///< on shift
    double stand_hours{0.0};  ///< engine running, not driving
    engine::Ticks time{0};
};

/// The waste model's own LPs, typed, for reading and draining between windows.
struct WasteLps {
    std::vector<ZoneWasteLp*> zones;
    std::vector<ContainerLp*> containers;
    std::vector<GateLp*> gates;
    std::vector<TruckLp*> trucks;
};

/// The waste model assembled into a run: it takes policy changes while running
/// (waste_plugin.cpp) and records fills, trucks, gates, the mass balance, the stop, overflow and
/// unload tables and the KPIs (waste_outputs.cpp).
class WasteInstance final : public model::ModelInstance {
public:
    /// `plan` is shared with the LPs; the district outlives the run; KPIs and tables count from
    /// `warmup` on.
    WasteInstance(std::shared_ptr<WastePlan> plan,
                  std::shared_ptr<const district::District> district, WasteLps lps,
                  engine::Ticks warmup)
        : plan_(std::move(plan)),
          district_(std::move(district)),
          lps_(std::move(lps)),
          warmup_(warmup) {}

    bool apply_live_edit(const model::Edit& edit) override;
    void declare(engine::Recorder& recorder) override;
    void sample(engine::Ticks time, engine::SampleFrame& frame,
                engine::Recorder& recorder) override;
    [[nodiscard]] std::vector<engine::Kpi> kpis(const engine::RunStats& stats) const override;
    [[nodiscard]] bool supports_warmup() const override { return true; }
    void begin_measurement(engine::Ticks /*time*/) override { measured_from_ = totals_; }

private:
    /// Seconds from the start of the measured span (negative in the warm-up).
    [[nodiscard]] double report_s(engine::Ticks t) const {
        return engine::seconds_from_ticks(t - warmup_);
    }

    /// Days of the measured span on which the trucks work (a day counts when its shift starts
    /// inside the span).
    [[nodiscard]] int working_days() const;

    std::shared_ptr<WastePlan> plan_;
    std::shared_ptr<const district::District> district_;
    WasteLps lps_;
    engine::Ticks warmup_{0};
    struct {
        engine::Series container_fill, container_overflowed, truck_load, truck_lon, truck_lat;
        engine::Series truck_state, gate_trucks, mass;
    } series_;
    engine::RowEventTable<StopRecord> stops_{
        datasets::stops,
        "every truck stop: loading at a container or unloading at a gate",
        engine::column("truck", "1", "truck index",
                       [](const StopRecord& stop) { return stop.truck; }),
        engine::column("at_gate", "1", "1: a gate (place is a gate), 0: a container",
                       [](const StopRecord& stop) { return stop.at_gate ? 1 : 0; }),
        engine::column("place", "1", "container or gate index",
                       [](const StopRecord& stop) { return stop.place; }),
        engine::column("arrived_s", "s", "arrival",
                       [this](const StopRecord& stop) { return report_s(stop.arrived); }),
        engine::column("left_s", "s", "done",
                       [this](const StopRecord& stop) { return report_s(stop.left); }),
        engine::column("kg", "kg", "loaded or unloaded",
                       [](const StopRecord& stop) { return stop.kg; })};
    engine::RowEventTable<Overflow> overflows_{
        datasets::overflows, "every instant a container became full",
        engine::column("container", "1", "container index",
                       [](const Overflow& o) { return o.container; }),
        engine::column("time_s", "s", "when it was full",
                       [this](const Overflow& o) { return report_s(o.at); })};
    engine::RowEventTable<GateUnload> unloads_{
        datasets::unloads,
        "every truck served at a gate",
        engine::column("gate", "1", "gate index", [](const GateUnload& u) { return u.gate; }),
        engine::column("truck", "1", "truck index",
                       [](const GateUnload& u) { return u.record.truck; }),
        engine::column("kg", "kg", "unloaded", [](const GateUnload& u) { return u.record.kg; }),
        engine::column("arrived_s", "s", "reached the gate",
                       [this](const GateUnload& u) { return report_s(u.record.arrived); }),
        engine::column("started_s", "s", "service began",
                       [this](const GateUnload& u) { return report_s(u.record.started); }),
        engine::column("done_s", "s", "service ended",
                       [this](const GateUnload& u) { return report_s(u.record.done); })};
    WasteTotals totals_;         // at the last sample
    WasteTotals measured_from_;  // at the end of the warm-up (zero without one)
    double balance_error_kg_{0.0};
};

}  // namespace tuntas::waste
