#pragma once

#include <array>
#include <cstdint>
#include <limits>
#include <memory>
#include <string>
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
    std::vector<double> km_by_truck;
    std::vector<double> busy_h_by_truck;      ///< driving, loading, unloading
    std::vector<double> on_shift_h_by_truck;  ///< from shift start until home
    std::vector<double> collected_kg_by_truck;
    std::vector<double> visits_by_container;         ///< pickups
    std::vector<double> fill_at_visit_by_container;  ///< sum of the fill shares found
    std::vector<double> full_s_by_container;         ///< time at capacity
    std::vector<double> overflowed_kg_by_container;
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
    /// `warmup` on, to `end`.
    WasteInstance(std::shared_ptr<WastePlan> plan,
                  std::shared_ptr<const district::District> district, WasteLps lps,
                  engine::Ticks warmup, engine::Ticks end);

    bool apply_live_edit(const model::Edit& edit) override;
    void declare(engine::Recorder& recorder) override;
    void sample(engine::Ticks time, engine::SampleFrame& frame,
                engine::Recorder& recorder) override;
    [[nodiscard]] std::vector<engine::Kpi> kpis(const engine::RunStats& stats) const override;
    [[nodiscard]] bool supports_warmup() const override { return true; }
    [[nodiscard]] std::vector<std::string> warnings() const override;
    void begin_measurement(engine::Ticks /*time*/) override { measured_from_ = totals_; }

private:
    /// Seconds from the start of the measured span (negative in the warm-up).
    [[nodiscard]] double report_s(engine::Ticks t) const {
        return engine::seconds_from_ticks(t - warmup_);
    }

    /// At the end: each truck's and each container's figures over the measured span, as static
    /// tables (what the fleet did, and why containers overflowed).
    void write_summaries(engine::Recorder& recorder) const;
    /// Trucks that drove in the measured span.
    [[nodiscard]] int trucks_used() const;
    /// Planned visits a working day that no truck's shift had room for.
    [[nodiscard]] int unassigned_stops() const;
    /// Days of the measured span on which trucks work (a day counts when a shift of either
    /// class starts on it inside the span).
    [[nodiscard]] int working_days() const;
    /// Shift hours of truck `truck` in the shifts that start in the measured span.
    [[nodiscard]] double shift_hours(std::size_t truck) const;

    std::shared_ptr<WastePlan> plan_;
    std::shared_ptr<const district::District> district_;
    WasteLps lps_;
    engine::Ticks warmup_{0};
    engine::Ticks end_{0};
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
    /// Entity k's total `v` over the measured span (the end tables' rows are entity indices).
    [[nodiscard]] double delta(const std::vector<double> WasteTotals::*v, std::size_t k) const {
        return (totals_.*v)[k] - (measured_from_.*v)[k];
    }
    engine::RowEventTable<std::uint32_t> truck_totals_{
        datasets::truck_totals,
        "written at the end: what each truck did over the measured span",
        engine::column("truck", "1", "truck index", [](std::uint32_t t) { return t; }),
        engine::column(
            "rounds_per_day", "1", "fixed schedule: rounds planned a full working day",
            [this](std::uint32_t t) {
                return plan_->trucks[t]
                    .rounds_by_weekday[static_cast<std::size_t>(plan_->reference_weekday())]
                    .size();
            }),
        engine::column("collected_t", "t", "taken from containers",
                       [this](std::uint32_t t) {
                           return delta(&WasteTotals::collected_kg_by_truck, t) / 1000.0;
                       }),
        engine::column("km", "km", "driven",
                       [this](std::uint32_t t) { return delta(&WasteTotals::km_by_truck, t); }),
        engine::column("busy_h", "h", "driving, loading or unloading",
                       [this](std::uint32_t t) { return delta(&WasteTotals::busy_h_by_truck, t); }),
        engine::column("utilisation", "1", "busy hours over the shift hours of the working days",
                       [this](std::uint32_t t) {
                           const double available = shift_hours(t);
                           return available > 0
                                      ? delta(&WasteTotals::busy_h_by_truck, t) / available
                                      : 0.0;
                       })};
    engine::RowEventTable<std::uint32_t> container_totals_{
        datasets::container_totals,
        "written at the end: each container over the measured span",
        engine::column("container", "1", "container index", [](std::uint32_t c) { return c; }),
        engine::column(
            "visits", "1", "pickups",
            [this](std::uint32_t c) { return delta(&WasteTotals::visits_by_container, c); }),
        engine::column("mean_fill_at_visit", "1",
                       "share of its capacity a pickup found (NaN: none)",
                       [this](std::uint32_t c) {
                           const double visits = delta(&WasteTotals::visits_by_container, c);
                           return visits > 0
                                      ? delta(&WasteTotals::fill_at_visit_by_container, c) / visits
                                      : std::numeric_limits<double>::quiet_NaN();
                       }),
        engine::column("hours_full", "h", "time at capacity",
                       [this](std::uint32_t c) {
                           return delta(&WasteTotals::full_s_by_container, c) / 3600.0;
                       }),
        engine::column("overflowed_t", "t", "waste that arrived while it was full",
                       [this](std::uint32_t c) {
                           return delta(&WasteTotals::overflowed_kg_by_container, c) / 1000.0;
                       })};
};

}  // namespace tuntas::waste
