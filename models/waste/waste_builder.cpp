#include "models/waste/waste_builder.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <map>
#include <numeric>
#include <stdexcept>

#include "models/waste/fleet_planner.hpp"

namespace tuntas::waste {
namespace {

using district::FacilityKind;

/// A container of a transfer depot when the file gives no size (assumption: the larger
/// arm-roll container, paser-facts 2).
constexpr double depot_capacity_m3 = 10.0;

double distance_m(const district::XY& a, const district::XY& b) {
    return std::hypot(a.x_m - b.x_m, a.y_m - b.y_m);
}

/// A facility of the district or of the what-ifs, where it stands.
struct Place {
    FacilityKind kind;
    std::string id;
    std::string name;
    district::XY xy;
    std::uint32_t node;
    double capacity_m3;
    double capacity_t_per_day;
};

/// The district's waste facilities with the what-ifs applied (removed ones out, added ones in).
std::vector<Place> waste_places(const district::District& district, const WasteParams& params) {
    const auto& data = district.data();
    const auto facility_nodes = district.facility_nodes();
    std::vector<Place> places;
    for (std::size_t f = 0; f < data.facilities.size(); ++f) {
        const auto& facility = data.facilities[f];
        const auto found = facility.values.find("capacity_m3");
        const double m3 =
            found != facility.values.end()
                ? found->second
                : (facility.kind == FacilityKind::transfer_depot ? depot_capacity_m3 : 6.0);
        const auto tonnes = facility.values.find("capacity_t_per_day");
        places.push_back(
            {facility.kind, facility.id, facility.name, district.project(facility.position),
             facility_nodes[f], m3,
             tonnes != facility.values.end() ? tonnes->second : params.tps3r_capacity_t_per_day});
    }
    for (const auto& id : params.removed) {
        const auto it =
            std::find_if(places.begin(), places.end(), [&](const Place& p) { return p.id == id; });
        if (it == places.end()) {
            throw std::invalid_argument("remove_facility: the district has no facility '" + id +
                                        "'");
        }
        places.erase(it);
    }
    for (std::size_t a = 0; a < params.added.size(); ++a) {
        const auto& added = params.added[a];
        const auto xy = district.project(added.position);
        places.push_back({added.kind, "added-" + std::to_string(a + 1), added.name, xy,
                          district.nearest_node(xy), added.capacity_m3,
                          added.capacity_t_per_day > 0.0 ? added.capacity_t_per_day
                                                         : params.tps3r_capacity_t_per_day});
    }
    return places;
}

/// The gates (the TPA and the TPS3Rs) into the plan; returns where each stands.
std::vector<district::XY> add_gates(WastePlan& plan, const std::vector<Place>& places,
                                    const WasteParams& params) {
    std::vector<district::XY> gate_xy;
    for (const auto& place : places) {
        if (place.kind != FacilityKind::landfill && place.kind != FacilityKind::tps3r) continue;
        const bool landfill = place.kind == FacilityKind::landfill;
        GateSpec gate{.id = place.id,
                      .name = place.name,
                      .node = place.node,
                      .landfill = landfill,
                      .recovery = landfill ? 0.0 : params.tps3r_recovery,
                      .capacity_kg_per_day = landfill ? 0.0 : 1000.0 * place.capacity_t_per_day,
                      .service = engine::ticks_from_seconds(
                          60.0 * (landfill ? params.gate_service_min : params.tps3r_service_min))};
        if (landfill) gate.closures = params.landfill_closures;
        plan.gates.push_back(std::move(gate));
        gate_xy.push_back(place.xy);
    }
    if (std::none_of(plan.gates.begin(), plan.gates.end(),
                     [](const GateSpec& g) { return g.landfill; })) {
        throw std::invalid_argument(
            "the district has no landfill (a facility of kind \"landfill\")");
    }
    return gate_xy;
}

/// Slots (every node a truck goes to: the depot, gates, containers) and the legs into the
/// hubs (the depot and the gates); the rest comes with the catchments (add_catchment_legs).
/// Returns the depot.
std::uint32_t add_slots_and_hub_legs(WastePlan& plan, const traffic::TrafficNetwork& network,
                                     const std::vector<Place>& places) {
    std::vector<std::uint32_t> depots;
    for (const auto& place : places) {
        if (place.kind == FacilityKind::truck_depot) depots.push_back(place.node);
    }
    const std::uint32_t depot_node =
        depots.empty() ? std::find_if(plan.gates.begin(), plan.gates.end(),
                                      [](const GateSpec& g) { return g.landfill; })
                             ->node
                       : depots.front();
    std::vector<std::uint32_t> slot_of_node(network.in_links.size(), LegTable::no_slot);
    std::vector<std::uint32_t> slot_nodes;
    std::vector<bool> hub;
    const auto add_slot = [&](std::uint32_t node, bool is_hub) {
        if (slot_of_node[node] != LegTable::no_slot) return;
        slot_of_node[node] = static_cast<std::uint32_t>(slot_nodes.size());
        slot_nodes.push_back(node);
        hub.push_back(is_hub);
    };
    add_slot(depot_node, true);
    for (const auto& gate : plan.gates) add_slot(gate.node, true);
    for (const auto& place : places) {
        if (place.kind == FacilityKind::tps || place.kind == FacilityKind::transfer_depot)
            add_slot(place.node, false);
    }
    plan.legs = LegTable(network, std::move(slot_nodes), hub);
    return depot_node;
}

/// The legs within each gate's catchment (its containers: its tour problems) and from the hubs
/// to every container; a container on a node another gate's container shares goes with the
/// first.
void add_catchment_legs(WastePlan& plan) {
    std::vector<std::vector<std::uint32_t>> catchments(plan.gates.size());
    std::vector<bool> placed(plan.legs.slot_nodes().size(), false);
    for (const auto& container : plan.containers) {
        const std::uint32_t slot = plan.legs.slot_of(container.node);
        if (placed[slot] || plan.legs.is_hub(slot)) continue;
        placed[slot] = true;
        catchments[container.gate].push_back(slot);
    }
    plan.legs.add_catchments(catchments);
}

/// The containers (TPS and transfer depots), each unloading at its nearest landfill for now;
/// returns where each stands.
std::vector<district::XY> add_containers(WastePlan& plan, const std::vector<Place>& places,
                                         const WasteParams& params) {
    std::vector<district::XY> container_xy;
    for (const auto& place : places) {
        if (place.kind != FacilityKind::tps && place.kind != FacilityKind::transfer_depot) continue;
        std::uint32_t gate = 0;
        double best = std::numeric_limits<double>::infinity();
        for (std::uint32_t g = 0; g < plan.gates.size(); ++g) {
            if (!plan.gates[g].landfill) continue;
            const double s = plan.leg_time_s(place.node, plan.gates[g].node);
            if (s < best) {
                best = s;
                gate = g;
            }
        }
        plan.containers.push_back({.id = place.id,
                                   .name = place.name,
                                   .node = place.node,
                                   .capacity_kg = place.capacity_m3 * params.density_kg_per_m3,
                                   .gate = gate});
        container_xy.push_back(place.xy);
    }
    return container_xy;
}

/// The zones: people present at the start, the containers they use, whether a waste bank
/// serves them.
void add_zones(WastePlan& plan, const district::District& district,
               const std::vector<Place>& places, const std::vector<district::XY>& container_xy,
               const std::vector<double>& present_at_start, const WasteParams& params) {
    const auto& data = district.data();
    for (std::size_t z = 0; z < data.zones.size(); ++z) {
        ZoneSpec zone{.present_at_start = z < present_at_start.size() ? present_at_start[z]
                                                                      : data.zones[z].population};
        for (std::uint32_t c = 0; c < plan.containers.size(); ++c) {
            const auto in = district.zone_of(container_xy[c]);
            if (in && *in == z) zone.containers.push_back(c);
        }
        const auto centre = district.project(data.zones[z].centroid);
        if (zone.containers.empty()) {
            double best = params.service_radius_km * 1000.0;
            for (std::uint32_t c = 0; c < plan.containers.size(); ++c) {
                const double d = distance_m(centre, container_xy[c]);
                if (d <= best) {
                    best = d;
                    zone.containers.assign(1, c);
                }
            }
        }
        zone.served = !zone.containers.empty();
        for (const auto& place : places) {
            if (place.kind != FacilityKind::waste_bank) continue;
            const auto in = district.zone_of(place.xy);
            zone.has_bank = zone.has_bank || (in && *in == z);
        }
        plan.zones.push_back(std::move(zone));
    }
}

/// Expected kg a day each container receives: its zones' residents' waste, served share,
/// after the waste banks.
std::vector<double> expected_daily_kg(const WastePlan& plan, const district::District& district,
                                      const WasteParams& params) {
    const auto& data = district.data();
    std::vector<double> daily_kg(plan.containers.size(), 0.0);
    const double recyclable = params.composition[1] + params.composition[2];
    for (std::size_t z = 0; z < plan.zones.size(); ++z) {
        const auto& zone = plan.zones[z];
        if (!zone.served) continue;
        const double daily = data.zones[z].population * params.kg_per_person_per_day *
                             (1.0 - (zone.has_bank ? params.bank_capture * recyclable : 0.0)) *
                             params.served_share;
        for (const auto c : zone.containers)
            daily_kg[c] += daily / static_cast<double>(zone.containers.size());
    }
    return daily_kg;
}

/// A TPS3R takes the containers nearest to it, within its catchment, up to its capacity.
void assign_tps3r_catchments(WastePlan& plan, const std::vector<district::XY>& container_xy,
                             const std::vector<district::XY>& gate_xy,
                             const std::vector<double>& daily_kg, const WasteParams& params) {
    for (std::uint32_t g = 0; g < plan.gates.size(); ++g) {
        if (plan.gates[g].landfill) continue;
        std::vector<std::uint32_t> near;
        for (std::uint32_t c = 0; c < plan.containers.size(); ++c) {
            if (plan.gates[plan.containers[c].gate].landfill &&
                distance_m(container_xy[c], gate_xy[g]) <= params.tps3r_catchment_km * 1000.0) {
                near.push_back(c);
            }
        }
        std::stable_sort(near.begin(), near.end(), [&](std::uint32_t a, std::uint32_t b) {
            return distance_m(container_xy[a], gate_xy[g]) <
                   distance_m(container_xy[b], gate_xy[g]);
        });
        double taken_kg = 0.0;
        for (const std::uint32_t c : near) {
            if (taken_kg + daily_kg[c] > plan.gates[g].capacity_kg_per_day) continue;
            taken_kg += daily_kg[c];
            plan.containers[c].gate = g;
        }
    }
}

/// The fleet and its fixed-schedule rounds for each weekday (fleet_planner.hpp): one plan for
/// each kind of day (which classes work, full or half shifts), trucks of a class that does not
/// work that day left out of it.
void plan_fleet(WastePlan& plan, std::uint32_t depot_node, const std::vector<double>& daily_kg,
                const WasteParams& params) {
    for (int k = 0; k < params.dump_trucks + params.arm_roll_trucks; ++k) {
        const bool arm_roll = k >= params.dump_trucks;
        plan.trucks.push_back({.kind = arm_roll ? TruckKind::arm_roll : TruckKind::dump_truck,
                               .capacity_kg = arm_roll ? std::numeric_limits<double>::infinity()
                                                       : params.dump_truck_capacity_kg,
                               .depot_node = depot_node,
                               .guest = static_cast<std::uint32_t>(k)});
    }
    FleetProblem problem{
        .daily_kg = daily_kg,
        .capacity_kg = {},
        .node = {},
        .gate = {},
        .gate_node = {},
        .gate_service_s = {},
        .fleet = {},
        .dump_capacity_kg = params.dump_truck_capacity_kg,
        .depot_node = depot_node,
        .load_kg_per_min = params.load_kg_per_min,
        .arm_roll_swap_s = params.arm_roll_swap_min * 60.0,
        .max_visits_per_day = params.max_visits_per_day,
        .fill_at_visit = params.fill_at_visit,
        .min_fill_at_visit = params.min_fill_at_visit,
        .time_s = [&](std::uint32_t from, std::uint32_t to) { return plan.leg_time_s(from, to); }};
    for (const auto& container : plan.containers) {
        problem.capacity_kg.push_back(container.capacity_kg);
        problem.node.push_back(container.node);
        problem.gate.push_back(container.gate);
    }
    for (const auto& gate : plan.gates) {
        problem.gate_node.push_back(gate.node);
        problem.gate_service_s.push_back(engine::seconds_from_ticks(gate.service));
    }
    // A kind of day: bit 0 dump trucks work, bit 1 arm-rolls work, bit 2 a half day.
    const auto day_kind = [&](int weekday) {
        unsigned bits = 0;
        for (const auto kind : {TruckKind::dump_truck, TruckKind::arm_roll}) {
            if ((params.shift(kind).working_days >> weekday) & 1U)
                bits |= 1U << static_cast<unsigned>(kind);
        }
        if ((params.half_days >> weekday) & 1U) bits |= 4U;
        return bits;
    };
    std::map<unsigned, std::pair<FleetPlan, std::vector<std::size_t>>> plans;
    for (int weekday = 0; weekday < 7; ++weekday) {
        const unsigned bits = day_kind(weekday);
        if ((bits & 3U) == 0 || plans.contains(bits)) continue;
        FleetProblem day = problem;
        std::vector<std::size_t> trucks;  // the day's truck k is plan.trucks[trucks[k]]
        for (std::size_t t = 0; t < plan.trucks.size(); ++t) {
            if ((bits >> static_cast<unsigned>(plan.trucks[t].kind)) & 1U) {
                trucks.push_back(t);
                day.fleet.push_back(plan.trucks[t].kind);
            }
        }
        for (const auto kind : {TruckKind::dump_truck, TruckKind::arm_roll}) {
            const auto k = static_cast<std::size_t>(kind);
            day.shift_start_s[k] = params.shift(kind).start_h * 3600.0;
            day.shift_end_s[k] = day.shift_start_s[k] +
                                 params.shift(kind).hours * 3600.0 * ((bits & 4U) ? 0.5 : 1.0);
        }
        plans.emplace(bits, std::pair{plan_fleet_day(day), std::move(trucks)});
    }
    for (int weekday = 0; weekday < 7; ++weekday) {
        const auto found = plans.find(day_kind(weekday));
        if (found == plans.end()) continue;
        const auto& [day, trucks] = found->second;
        for (std::size_t k = 0; k < trucks.size(); ++k) {
            auto& truck = plan.trucks[trucks[k]];
            truck.rounds_by_weekday[static_cast<std::size_t>(weekday)] = day.rounds[k];
            truck.planned_busy_s[static_cast<std::size_t>(weekday)] = day.busy_s[k];
        }
    }
    const auto reference = plans.find(day_kind(plan.reference_weekday()));
    static const FleetPlan no_plan;
    const FleetPlan& day = reference != plans.end() ? reference->second.first : no_plan;
    for (std::size_t c = 0; c < plan.containers.size(); ++c) {
        plan.containers[c].expected_kg_per_day = daily_kg[c];
        if (day.visits.empty()) continue;  // no class works on any day
        plan.containers[c].visits_per_day = day.visits[c];
        plan.containers[c].arm_roll_visits = day.arm_roll_visits[c];
        plan.containers[c].unassigned_visits = day.unassigned_visits[c];
    }
}

/// LP ids in order (zones, containers, gates, trucks, dispatcher), and the coupling with
/// traffic: zones hear presence, trucks are its guest vehicles.
void couple_with_traffic(WastePlan& plan, traffic::TrafficNetwork& network, engine::LpId first_lp,
                         engine::Ticks notice_delay) {
    engine::LpId next = first_lp;
    for (auto& zone : plan.zones) zone.lp = next++;
    for (auto& container : plan.containers) container.lp = next++;
    for (auto& gate : plan.gates) gate.lp = next++;
    for (auto& truck : plan.trucks) truck.lp = next++;
    plan.dispatcher_lp = next++;
    network.presence_listeners.resize(
        std::max(network.presence_listeners.size(), plan.zones.size()));
    for (std::size_t z = 0; z < plan.zones.size(); ++z)
        network.presence_listeners[z].push_back(plan.zones[z].lp);
    network.guest_owner.clear();
    network.guest_class.clear();
    for (const auto& truck : plan.trucks) {
        network.guest_owner.push_back(truck.lp);
        network.guest_class.push_back(traffic::VehicleClass::heavy_truck);
    }
    network.guest_routes = std::make_shared<traffic::GuestRoutes>(plan.trucks.size());
    plan.guest_routes = network.guest_routes;
    network.notice_delay = notice_delay;
}

}  // namespace

std::size_t lp_count(const WastePlan& plan) {
    return plan.zones.size() + plan.containers.size() + plan.gates.size() + plan.trucks.size() + 1;
}

std::shared_ptr<WastePlan> build_waste_plan(const district::District& district,
                                            traffic::TrafficNetwork& network,
                                            const WasteParams& params,
                                            const std::vector<double>& present_at_start,
                                            double start_s_of_day, unsigned start_weekday,
                                            engine::LpId first_lp, engine::Ticks notice_delay) {
    auto plan = std::make_shared<WastePlan>();
    plan->params = params;
    plan->start_s_of_day = start_s_of_day;
    plan->start_weekday = start_weekday;
    plan->notice_delay = notice_delay;
    plan->first_node_lp = network.first_lp;
    const std::vector<Place> places = waste_places(district, params);
    const auto gate_xy = add_gates(*plan, places, params);
    const std::uint32_t depot_node = add_slots_and_hub_legs(*plan, network, places);
    const auto container_xy = add_containers(*plan, places, params);
    add_zones(*plan, district, places, container_xy, present_at_start, params);
    const auto daily_kg = expected_daily_kg(*plan, district, params);
    assign_tps3r_catchments(*plan, container_xy, gate_xy, daily_kg, params);
    add_catchment_legs(*plan);
    plan_fleet(*plan, depot_node, daily_kg, params);
    couple_with_traffic(*plan, network, first_lp, notice_delay);
    return plan;
}

}  // namespace tuntas::waste
