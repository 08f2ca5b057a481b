#include <algorithm>
#include <array>
#include <cmath>
#include <numeric>

#include <fmt/format.h>

#include "engine/row_table.hpp"
#include "models/waste/waste_datasets.hpp"
#include "models/waste/waste_instance.hpp"

// The waste model's outputs: container fills, trucks, gates, the mass balance, the stop,
// overflow and unload tables, the static tables of containers, gates and trucks, and the KPIs.
namespace tuntas::waste {

WasteInstance::WasteInstance(std::shared_ptr<WastePlan> plan,
                             std::shared_ptr<const district::District> district, WasteLps lps,
                             engine::Ticks warmup, engine::Ticks end)
    : plan_(std::move(plan)),
      district_(std::move(district)),
      lps_(std::move(lps)),
      warmup_(warmup),
      end_(end) {
    for (auto* totals : {&totals_, &measured_from_}) {
        for (auto* v : {&totals->km_by_truck, &totals->busy_h_by_truck,
                        &totals->on_shift_h_by_truck, &totals->collected_kg_by_truck})
            v->assign(plan_->trucks.size(), 0.0);
        for (auto* v : {&totals->visits_by_container, &totals->fill_at_visit_by_container,
                        &totals->full_s_by_container, &totals->overflowed_kg_by_container})
            v->assign(plan_->containers.size(), 0.0);
    }
}

void WasteInstance::declare(engine::Recorder& recorder) {
    const std::size_t containers = plan_->containers.size();
    const std::size_t trucks = plan_->trucks.size();
    const auto container_axis = engine::make_axis(
        "container", containers, [&](std::size_t c) { return plan_->containers[c].name; });
    const auto truck_axis = engine::make_axis("truck", trucks, [&](std::size_t t) {
        return fmt::format("truck {} ({})", t,
                           plan_->trucks[t].kind == TruckKind::arm_roll ? "arm-roll"
                                                                        : "dump truck");
    });
    const auto gate_axis = engine::make_axis("gate", plan_->gates.size(),
                                             [&](std::size_t g) { return plan_->gates[g].name; });
    const auto term_axis = engine::make_axis("term", mass_terms, [](std::size_t m) {
        constexpr std::array<const char*, mass_terms> names{
            "generated",  "in_containers", "in_trucks",  "recycled",
            "landfilled", "overflowed",    "uncollected"};
        return std::string(names[m]);
    });
    constexpr auto float64 = engine::SeriesPrecision::float64;
    series_.container_fill = engine::Series(
        recorder, datasets::container_fill, containers, "kg",
        "waste in each container (with what a truck is still loading)", float64, container_axis);
    series_.container_overflowed = engine::Series(
        recorder, datasets::container_overflowed, containers, "kg",
        "waste that overflowed each container since the start", float64, container_axis);
    series_.truck_load = engine::Series(recorder, datasets::truck_load, trucks, "kg",
                                        "waste on each truck", float64, truck_axis);
    series_.truck_lon =
        engine::Series(recorder, datasets::truck_lon, trucks, "deg",
                       "where each truck is (on a leg: between its end nodes, by the share of "
                       "its free-flow time gone)",
                       float64, truck_axis);
    series_.truck_lat = engine::Series(recorder, datasets::truck_lat, trucks, "deg", "as truck_lon",
                                       float64, truck_axis);
    series_.truck_state = engine::Series(
        recorder, datasets::truck_state, trucks, "1",
        "0 at depot, 1 driving, 2 loading, 3 unloading, 4 waiting for work", float64, truck_axis);
    series_.gate_trucks =
        engine::Series(recorder, datasets::gate_trucks, plan_->gates.size(), "trucks",
                       "trucks at each gate, waiting or unloading", float64, gate_axis);
    series_.mass = engine::Series(recorder, datasets::mass, mass_terms, "kg",
                                  "since the start: generated, in containers, in trucks, recycled, "
                                  "landfilled, overflowed, uncollected (generated = the sum of the "
                                  "others)",
                                  float64, term_axis);
    stops_.declare(recorder);
    overflows_.declare(recorder);
    unloads_.declare(recorder);
    truck_totals_.declare(recorder);
    container_totals_.declare(recorder);
    using engine::column;
    const auto lon = [&](std::uint32_t node) { return district_->nodes()[node].position.lon; };
    const auto lat = [&](std::uint32_t node) { return district_->nodes()[node].position.lat; };
    const auto& spots = plan_->containers;
    engine::write_row_table(
        recorder, datasets::containers, "collection points (TPS containers, transfer depots)",
        containers, column("container", "1", "index", [](std::size_t c) { return c; }),
        column("id", "1", "facility id", [&](std::size_t c) { return spots[c].id; }),
        column("name", "1", "name", [&](std::size_t c) { return spots[c].name; }),
        column("node", "1", "road node it stands at", [&](std::size_t c) { return spots[c].node; }),
        column("lon", "deg", "longitude of that node",
               [&](std::size_t c) { return lon(spots[c].node); }),
        column("lat", "deg", "latitude of that node",
               [&](std::size_t c) { return lat(spots[c].node); }),
        column("capacity_kg", "kg", "capacity",
               [&](std::size_t c) { return spots[c].capacity_kg; }),
        column("gate", "1", "where its waste is unloaded",
               [&](std::size_t c) { return spots[c].gate; }),
        column("expected_kg_per_day", "kg/day", "the waste the plan expects it to receive",
               [&](std::size_t c) { return spots[c].expected_kg_per_day; }),
        column("visits_per_day", "1", "fixed schedule: visits planned a working day",
               [&](std::size_t c) { return spots[c].visits_per_day; }),
        column("arm_roll_visits", "1", "of those, arm-roll swaps (the rest by dump truck)",
               [&](std::size_t c) { return spots[c].arm_roll_visits; }),
        column("unassigned_visits", "1",
               "fixed schedule: visits it needs that no truck's shift had room for",
               [&](std::size_t c) { return spots[c].unassigned_visits; }));
    const auto& gates = plan_->gates;
    engine::write_row_table(
        recorder, datasets::gates, "where trucks unload: the TPA (landfill) and TPS3Rs",
        gates.size(), column("gate", "1", "index", [](std::size_t g) { return g; }),
        column("id", "1", "facility id", [&](std::size_t g) { return gates[g].id; }),
        column("name", "1", "name", [&](std::size_t g) { return gates[g].name; }),
        column("node", "1", "road node", [&](std::size_t g) { return gates[g].node; }),
        column("lon", "deg", "longitude of that node",
               [&](std::size_t g) { return lon(gates[g].node); }),
        column("lat", "deg", "latitude of that node",
               [&](std::size_t g) { return lat(gates[g].node); }),
        column("landfill", "1", "1: the TPA, 0: a TPS3R",
               [&](std::size_t g) { return gates[g].landfill ? 1 : 0; }),
        column("recovery", "1", "share recycled",
               [&](std::size_t g) { return gates[g].recovery; }));
    const auto& fleet = plan_->trucks;
    const auto reference = static_cast<std::size_t>(plan_->reference_weekday());
    const auto arm_roll = [&](std::size_t t) { return fleet[t].kind == TruckKind::arm_roll; };
    engine::write_row_table(
        recorder, datasets::trucks, "the fleet and its fixed-schedule plan", trucks,
        column("truck", "1", "index", [](std::size_t t) { return t; }),
        column("arm_roll", "1", "1: arm-roll (one container a trip), 0: dump truck",
               [&](std::size_t t) { return arm_roll(t) ? 1 : 0; }),
        column("capacity_kg", "kg", "dump truck capacity (0: arm-roll)",
               [&](std::size_t t) { return arm_roll(t) ? 0.0 : fleet[t].capacity_kg; }),
        column("rounds", "1", "planned rounds a full working day (fixed schedule)",
               [&](std::size_t t) { return fleet[t].rounds_by_weekday[reference].size(); }),
        column("stops", "1", "containers on them",
               [&](std::size_t t) {
                   std::size_t count = 0;
                   for (const auto& round : fleet[t].rounds_by_weekday[reference])
                       count += round.containers.size();
                   return count;
               }),
        column("planned_busy_h", "h",
               "planned driving, service and gate queue a full working day (free flow)",
               [&](std::size_t t) { return fleet[t].planned_busy_s[reference] / 3600.0; }),
        column("shift_start_h", "h", "local hour its shift starts",
               [&](std::size_t t) { return plan_->params.shift(fleet[t].kind).start_h; }),
        column("shift_hours", "h", "its shift on a full working day",
               [&](std::size_t t) { return plan_->params.shift(fleet[t].kind).hours; }));
}

void WasteInstance::sample(engine::Ticks time, engine::SampleFrame& frame,
                           engine::Recorder& recorder) {
    std::vector<double> fill, overflowed_kg, load, state, gate_trucks, truck_lon, truck_lat;
    std::array<double, mass_terms> mass{};
    for (std::size_t z = 0; z < plan_->zones.size(); ++z) {
        const auto& zone = *lps_.zones[z];
        mass[generated] += zone.generated_kg_at(time);
        mass[uncollected] += zone.uncollected_kg_at(time);
        mass[recycled] += zone.banked_kg_at(time);
    }
    std::vector<Overflow> overflows;
    WasteTotals& totals = totals_;
    totals.full_s = 0.0;
    for (std::size_t c = 0; c < plan_->containers.size(); ++c) {
        auto& container = *lps_.containers[c];
        fill.push_back(container.contents_kg_at(time));
        overflowed_kg.push_back(container.overflowed_kg_at(time));
        mass[in_containers] += fill.back();
        mass[overflowed] += overflowed_kg.back();
        totals.full_s += container.full_seconds_at(time);
        totals.full_s_by_container[c] = container.full_seconds_at(time);
        totals.overflowed_kg_by_container[c] = overflowed_kg.back();
        for (const auto at : container.take_overflows())
            overflows.push_back({static_cast<std::uint32_t>(c), at});
        for (const auto& pickup : container.take_pickups()) {
            totals.collected_kg += pickup.kg;
            totals.collected_kg_by_truck[pickup.truck] += pickup.kg;
            totals.visits_by_container[c] += 1.0;
            totals.fill_at_visit_by_container[c] +=
                pickup.fill_before_kg / plan_->containers[c].capacity_kg;
        }
    }
    std::vector<StopRecord> stops;
    totals.truck_km = 0.0;
    totals.truck_hours = 0.0;
    totals.stand_hours = 0.0;
    for (std::size_t t = 0; t < plan_->trucks.size(); ++t) {
        auto& truck = *lps_.trucks[t];
        load.push_back(truck.load_kg());
        state.push_back(static_cast<double>(truck.state()));
        const auto where = truck.position_at(time);
        const auto from = district_->nodes()[where.from_node].position;
        const auto to = district_->nodes()[where.to_node].position;
        truck_lon.push_back(from.lon + where.progress * (to.lon - from.lon));
        truck_lat.push_back(from.lat + where.progress * (to.lat - from.lat));
        mass[in_trucks] += truck.load_kg();
        totals.truck_km += truck.km();
        totals.truck_hours += truck.shift_hours_at(time);
        totals.stand_hours += truck.stand_hours();
        totals.km_by_truck[t] = truck.km();
        totals.busy_h_by_truck[t] = truck.busy_hours_at(time);
        totals.on_shift_h_by_truck[t] = truck.shift_hours_at(time);
        const auto truck_stops = truck.take_stops();
        stops.insert(stops.end(), truck_stops.begin(), truck_stops.end());
    }
    std::vector<GateUnload> unloads;
    for (std::size_t g = 0; g < plan_->gates.size(); ++g) {
        auto& gate = *lps_.gates[g];
        mass[landfilled] += gate.landfilled_kg();
        mass[recycled] += gate.recycled_kg();
        gate_trucks.push_back(static_cast<double>(gate.trucks_at_gate()));
        for (const auto& record : gate.take_log()) {
            unloads.push_back({static_cast<std::uint32_t>(g), record});
            if (plan_->gates[g].landfill) totals.tpa_inflow_kg += record.kg;
        }
    }
    double accounted = 0.0;
    for (std::size_t m = in_containers; m < mass_terms; ++m) accounted += mass[m];
    balance_error_kg_ = std::max(balance_error_kg_, std::abs(mass[generated] - accounted));
    totals.mass = mass;
    totals.time = time;
    frame.set(series_.container_fill, std::move(fill));
    frame.set(series_.container_overflowed, std::move(overflowed_kg));
    frame.set(series_.truck_load, std::move(load));
    frame.set(series_.truck_lon, std::move(truck_lon));
    frame.set(series_.truck_lat, std::move(truck_lat));
    frame.set(series_.truck_state, std::move(state));
    frame.set(series_.gate_trucks, std::move(gate_trucks));
    frame.set(series_.mass, {mass.begin(), mass.end()});
    // The tables start after the warm-up: rows logged before its end are not measured.
    if (time <= warmup_) return;
    stops_.append(recorder, stops);
    overflows_.append(recorder, overflows);
    unloads_.append(recorder, unloads);
    if (time >= end_) write_summaries(recorder);
}

void WasteInstance::write_summaries(engine::Recorder& recorder) const {
    std::vector<std::uint32_t> trucks(plan_->trucks.size());
    std::iota(trucks.begin(), trucks.end(), 0U);
    truck_totals_.append(recorder, trucks);
    std::vector<std::uint32_t> containers(plan_->containers.size());
    std::iota(containers.begin(), containers.end(), 0U);
    container_totals_.append(recorder, containers);
}

int WasteInstance::trucks_used() const {
    int used = 0;
    for (std::size_t t = 0; t < plan_->trucks.size(); ++t)
        used += delta(&WasteTotals::km_by_truck, t) > 0.0 ? 1 : 0;
    return used;
}

int WasteInstance::unassigned_stops() const {
    if (plan_->params.policy == DispatchPolicy::threshold) return 0;
    int unassigned = 0;
    for (const auto& container : plan_->containers) unassigned += container.unassigned_visits;
    return unassigned;
}

std::vector<std::string> WasteInstance::warnings() const {
    std::vector<std::string> out;
    const auto fleet = static_cast<int>(plan_->trucks.size());
    const double overflowed_t =
        (totals_.mass[overflowed] - measured_from_.mass[overflowed]) / 1000.0;
    if (trucks_used() < fleet && overflowed_t > 0.0) {
        out.push_back(fmt::format(
            "waste: {} of {} trucks never left the depot while {:.1f} t overflowed ({}): see "
            "/static/waste/containers (visits_per_day, unassigned_visits) and "
            "/events/waste/truck_totals",
            fleet - trucks_used(), fleet, overflowed_t,
            plan_->params.policy == DispatchPolicy::threshold
                ? "the threshold policy called no more trucks"
                : "the plan had no useful rounds for them and no container called"));
    }
    if (unassigned_stops() > 0) {
        out.push_back(fmt::format(
            "waste: the fixed schedule has no room for {} of the visits a working day needs: the "
            "fleet is short (more trucks or longer shifts; /static/waste/containers, "
            "unassigned_visits)",
            unassigned_stops()));
    }
    return out;
}

std::vector<engine::Kpi> WasteInstance::kpis(const engine::RunStats& /*stats*/) const {
    const auto& params = plan_->params;
    // Flows over the measured span (the end's totals less the warm-up's); stocks at the end.
    const WasteTotals& from = measured_from_;
    const WasteTotals& to = totals_;
    const double span_s = engine::seconds_from_ticks(to.time - from.time);
    const double days = std::max(1e-9, span_s / 86'400.0);
    const auto t_per_day = [&](double kg) { return kg / 1000.0 / days; };
    const auto mass = [&](MassTerm term) { return to.mass[term] - from.mass[term]; };
    const double collected_kg = to.collected_kg - from.collected_kg;
    const double tpa_inflow_kg = to.tpa_inflow_kg - from.tpa_inflow_kg;
    const double truck_km = to.truck_km - from.truck_km;
    const double truck_hours = to.truck_hours - from.truck_hours;
    const double stand_hours = to.stand_hours - from.stand_hours;
    // Per truck: busy hours; shift hours and truck-days (a half day counts half); paid hours,
    // the shift or longer when the truck ran over it (a crew is paid for its shift).
    double busy_hours = 0.0, fleet_hours = 0.0, fleet_days = 0.0, paid_hours = 0.0;
    for (std::size_t t = 0; t < plan_->trucks.size(); ++t) {
        const double hours = shift_hours(t);
        busy_hours += delta(&WasteTotals::busy_h_by_truck, t);
        fleet_hours += hours;
        fleet_days += hours / params.shift(plan_->trucks[t].kind).hours;
        paid_hours += std::max(hours, delta(&WasteTotals::on_shift_h_by_truck, t));
    }
    const double container_hours = static_cast<double>(plan_->containers.size()) * span_s / 3600.0;
    const double fuel_l =
        truck_km * params.fuel_l_per_km + stand_hours * params.fuel_l_per_hour_idle;
    const double cost = paid_hours * params.cost_per_truck_hour + fuel_l * params.fuel_price_per_l +
                        mass(landfilled) / 1000.0 * params.landfill_cost_per_t;
    return {
        {"waste.generated_t_per_day", t_per_day(mass(generated)), "t/day", "waste generated"},
        {"waste.collected_t_per_day", t_per_day(collected_kg), "t/day",
         "taken from containers by trucks"},
        {"waste.recycled_t_per_day", t_per_day(mass(recycled)), "t/day",
         "taken by waste banks and TPS3Rs"},
        {"waste.landfilled_t_per_day", t_per_day(mass(landfilled)), "t/day",
         "to the landfill (TPA arrivals and TPS3R residue)"},
        {"waste.tpa_inflow_t_per_day", t_per_day(tpa_inflow_kg), "t/day",
         "unloaded at the TPA gate"},
        {"waste.tpa_inflow_t_per_working_day", tpa_inflow_kg / 1000.0 / std::max(1, working_days()),
         "t/day", "unloaded at the TPA gate, per day the trucks work (as a weighbridge counts)"},
        {"waste.overflowed_t_per_day", t_per_day(mass(overflowed)), "t/day",
         "arrived at full containers"},
        {"waste.uncollected_t_per_day", t_per_day(mass(uncollected)), "t/day",
         "generated where there is no service (burnt, buried, dumped)"},
        {"waste.share_container_hours_full",
         container_hours > 0 ? (to.full_s - from.full_s) / 3600.0 / container_hours : 0.0, "1",
         "share of container-hours at capacity"},
        {"waste.truck_km", truck_km, "km", "driven by the fleet"},
        {"waste.trucks_used", static_cast<double>(trucks_used()), "trucks",
         fmt::format("trucks that drove (of {})", plan_->trucks.size())},
        {"waste.fleet_utilisation", fleet_hours > 0 ? busy_hours / fleet_hours : 0.0, "1",
         "hours driving, loading or unloading over the fleet's shift hours on working days"},
        {"waste.unassigned_stops", static_cast<double>(unassigned_stops()), "visits/day",
         "fixed schedule: visits a working day needs that no truck's shift had room for; lower "
         "is better"},
        {"waste.tonnes_per_truck_day", fleet_days > 0 ? collected_kg / 1000.0 / fleet_days : 0.0,
         "t", "collected per truck and working day (a half day counts half)"},
        {"waste.truck_hours", truck_hours, "h", "fleet hours on shift (until back at the depot)"},
        {"waste.paid_truck_hours", paid_hours, "h",
         "each truck's shift hours, or its hours on shift when it ran over; what the cost counts"},
        {"waste.fuel_l", fuel_l, "L",
         fmt::format("diesel: {} L/km driving, {} L/h standing", params.fuel_l_per_km,
                     params.fuel_l_per_hour_idle)},
        {"waste.co2_t", fuel_l * params.co2_kg_per_l / 1000.0, "t",
         fmt::format("from diesel at {} kg CO2/L", params.co2_kg_per_l)},
        {"waste.cost_idr_per_t", collected_kg > 0 ? cost / (collected_kg / 1000.0) : 0.0, "IDR/t",
         "paid truck hours, fuel and landfill operation per tonne collected (unit costs are "
         "scenario keys)"},
        {"waste.left_in_containers_t", to.mass[in_containers] / 1000.0, "t",
         "waste still in the containers when the run ended (not collected yet)"},
        {"waste.left_in_trucks_t", to.mass[in_trucks] / 1000.0, "t",
         "waste on the trucks when the run ended (collected, not unloaded yet)"},
        {"waste.mass_balance_error_kg", balance_error_kg_, "kg",
         "largest |generated - (containers + trucks + recycled + landfilled + overflowed + "
         "uncollected)| over the samples"},
    };
}

int WasteInstance::working_days() const {
    int days = 0;
    for (int day = plan_->day_of_run(measured_from_.time); day <= plan_->day_of_run(totals_.time);
         ++day) {
        const engine::Ticks midnight =
            engine::ticks_from_seconds(std::max(0.0, day * 86'400.0 - plan_->start_s_of_day));
        const engine::Ticks next =
            engine::ticks_from_seconds(std::max(0.0, (day + 1) * 86'400.0 - plan_->start_s_of_day));
        for (const auto kind : {TruckKind::dump_truck, TruckKind::arm_roll}) {
            const engine::Ticks start = plan_->next_shift_start(midnight, kind);
            if (start < next && start >= measured_from_.time && start < totals_.time) {
                ++days;
                break;
            }
        }
    }
    return days;
}

double WasteInstance::shift_hours(std::size_t truck) const {
    return plan_->shift_hours_between(measured_from_.time, totals_.time, plan_->trucks[truck].kind);
}
}  // namespace tuntas::waste
