#include "models/traffic/traffic_builder.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>
#include <map>
#include <numeric>
#include <set>
#include <span>
#include <stdexcept>
#include <tuple>

#include <fmt/format.h>

#include "engine/disjoint_sets.hpp"
#include "engine/distributions.hpp"
#include "engine/random_stream.hpp"
#include "models/traffic/demand_generator.hpp"
#include "models/traffic/next_hops.hpp"
#include "models/traffic/sumo_routes.hpp"

namespace tuntas::traffic {

double webster_cycle_s(double lost_time_s, double flow_ratio_sum) {
    const double y = std::min(flow_ratio_sum, 0.85);
    return std::clamp((1.5 * lost_time_s + 5.0) / (1.0 - y), 30.0, 120.0);
}

namespace {

constexpr double day_s = 86'400.0;
constexpr double all_red_s = 4.0;  // clearance after each phase (lost time per phase)
constexpr double min_green_s = 7.0;

std::vector<TrafficLink> make_links(const district::District& district,
                                    const TrafficParams& params) {
    std::vector<TrafficLink> links;
    const double wave_m_per_s = params.backward_wave_kmh / 3.6;
    for (const auto& l : district.links()) {
        TrafficLink link;
        link.from = l.from;
        link.to = l.to;
        link.length_m = l.length_m;
        link.free_speed_m_per_s = l.free_speed_m_per_s;
        link.capacity_pcu_per_h = l.capacity_pcu_per_h_per_lane * l.lanes;
        link.free_flow = std::max<engine::Ticks>(
            1, engine::ticks_from_seconds(l.length_m / l.free_speed_m_per_s));
        link.hole_travel =
            std::max<engine::Ticks>(1, engine::ticks_from_seconds(l.length_m / wave_m_per_s));
        link.headway_s_per_pcu = 3600.0 / link.capacity_pcu_per_h;
        link.storage_milli_pcu = static_cast<std::uint32_t>(
            std::max(1000.0, std::round(1000.0 * l.length_m * l.lanes / params.jam_spacing_m)));
        const int rank = district.data().roads[l.feature].priority;
        link.priority = static_cast<std::uint8_t>(rank >= 0 ? std::min(rank, 255)
                                                            : 3 - static_cast<int>(l.road_class));
        links.push_back(link);
    }
    return links;
}

/// The turn lanes of in-link `in` at `node` as queues: turns whose lanes overlap share one
/// (union-find over the turns `road` lists), each queue discharging at the share of the link's
/// lanes it has; turns the road does not list wait in queue 0 at the link's rate.
void add_lane_groups(const district::Road& road, int link_lanes, std::uint32_t node, std::size_t in,
                     const district::District& district, TrafficNetwork& network) {
    const auto& roads = district.data().roads;
    const auto links = district.links();
    const auto& outs = network.out_links[node];
    std::vector<std::uint64_t> mask(outs.size(), 0);
    for (std::size_t o = 0; o < outs.size(); ++o) {
        const auto found = road.turn_lanes.find(roads[links[outs[o]].feature].id);
        if (found == road.turn_lanes.end()) continue;
        for (const int lane : found->second) mask[o] |= std::uint64_t{1} << lane;
    }
    engine::DisjointSets sharing(outs.size());
    const auto root = [&](std::size_t o) { return sharing.find(o); };
    for (std::size_t a = 0; a < outs.size(); ++a) {
        for (std::size_t b = a + 1; b < outs.size(); ++b) {
            if ((mask[a] & mask[b]) != 0) sharing.join(a, b);
        }
    }
    std::vector<std::uint64_t> group_mask(outs.size(), 0);
    for (std::size_t o = 0; o < outs.size(); ++o) group_mask[root(o)] |= mask[o];
    std::vector<int> queue_of_root(outs.size(), -1);
    int queues = 0;
    for (std::size_t o = 0; o < outs.size(); ++o) {
        if (mask[o] == 0) continue;
        auto& queue = queue_of_root[root(o)];
        if (queue < 0) queue = queues++;
        Movement& movement = network.movements[network.movement_at[node] + in * outs.size() + o];
        movement.queue = static_cast<std::uint8_t>(queue);
        movement.headway_factor =
            static_cast<double>(std::max(link_lanes, 1)) / std::popcount(group_mask[root(o)]);
    }
    network.links[network.in_links[node][in]].queues =
        static_cast<std::uint8_t>(std::max(queues, 1));
}

/// The turns through each junction the district's one-way roads describe: crossing times
/// (SUMO's internal lanes) and queues by turn lanes (SUMO's connections); signal states per
/// turn come with the signal plans. Nothing when the district gives no turn detail.
void add_movements(const district::District& district, TrafficNetwork& network) {
    const auto& data = district.data();
    const auto& roads = data.roads;
    const auto links = district.links();
    const bool any = std::any_of(roads.begin(), roads.end(),
                                 [](const district::Road& road) {
                                     return !road.turn_s.empty() || !road.turn_lanes.empty();
                                 }) ||
                     std::any_of(data.signal_programs.begin(), data.signal_programs.end(),
                                 [](const district::SignalProgram& program) {
                                     return !program.green_by_turn.empty();
                                 });
    if (!any) return;
    const std::size_t nodes = network.in_links.size();
    network.movement_at.assign(nodes, 0);
    std::size_t size = 0;
    for (std::size_t n = 0; n < nodes; ++n) {
        network.movement_at[n] = size;
        size += network.in_links[n].size() * network.out_links[n].size();
    }
    network.movements.assign(size, Movement{});
    for (std::uint32_t n = 0; n < nodes; ++n) {
        for (std::size_t i = 0; i < network.in_links[n].size(); ++i) {
            const auto& link = links[network.in_links[n][i]];
            const auto& from = roads[link.feature];
            if (!from.oneway) continue;
            for (std::size_t o = 0; o < network.out_links[n].size(); ++o) {
                const auto& to = roads[links[network.out_links[n][o]].feature];
                const auto found = from.turn_s.find(to.id);
                if (found == from.turn_s.end()) continue;
                network.movements[network.movement_at[n] + i * network.out_links[n].size() + o]
                    .turn = engine::ticks_from_seconds(found->second);
            }
            if (!from.turn_lanes.empty())
                add_lane_groups(from, link.lanes, n, i, district, network);
        }
    }
}
/// Each turn's own phases at signalised `node` where `program` gives them (green_by_turn).
void add_turn_phases(const district::District& district, const district::SignalProgram& program,
                     std::uint32_t node, TrafficNetwork& network) {
    if (program.green_by_turn.empty() || network.movements.empty()) return;
    const auto& roads = district.data().roads;
    const auto links = district.links();
    const auto& outs = network.out_links[node];
    for (std::size_t i = 0; i < network.in_links[node].size(); ++i) {
        const auto turns =
            program.green_by_turn.find(roads[links[network.in_links[node][i]].feature].id);
        if (turns == program.green_by_turn.end()) continue;
        for (std::size_t o = 0; o < outs.size(); ++o) {
            const auto states = turns->second.find(roads[links[outs[o]].feature].id);
            if (states == turns->second.end()) continue;
            auto& movement = network.movements[network.movement_at[node] + i * outs.size() + o];
            for (std::size_t p = 0; p < states->second.size() && p < 64; ++p) {
                const char state = states->second[p];
                if (state == 'G' || state == 'g') movement.green_phases |= std::uint64_t{1} << p;
                if (state == 'g') movement.permissive_phases |= std::uint64_t{1} << p;
            }
        }
    }
}

/// The signal programs the district's network files give (SUMO imports): each at the junction
/// it stands on, with its roads' and turns' phases.
void add_signal_programs(const district::District& district, TrafficNetwork& network) {
    const auto nodes = district.nodes();
    for (const auto& program : district.data().signal_programs) {
        const auto node = district.nearest_node(district.project(program.position));
        const auto& at = nodes[node];
        const auto xy = district.project(program.position);
        if (std::hypot(at.x_m - xy.x_m, at.y_m - xy.y_m) > 1.0) continue;  // not on a junction
        SignalPlan& plan = network.plans[node];
        plan = SignalPlan{};
        engine::Ticks end = 0;
        for (const double duration : program.phase_durations_s) {
            end += engine::ticks_from_seconds(duration);
            plan.phase_ends.push_back(end);
        }
        plan.cycle = end;
        plan.offset = engine::ticks_from_seconds(program.offset_s);
        if (!program.min_durations_s.empty()) {
            for (std::size_t p = 0; p < program.min_durations_s.size(); ++p) {
                plan.min_green.push_back(engine::ticks_from_seconds(program.min_durations_s[p]));
                plan.max_green.push_back(engine::ticks_from_seconds(program.max_durations_s[p]));
            }
        }
        for (const std::uint32_t l : network.in_links[node]) {
            const auto& road_id = district.data().roads[district.links()[l].feature].id;
            const auto states = program.green_by_road.find(road_id);
            if (states == program.green_by_road.end()) continue;
            for (std::size_t p = 0; p < states->second.size() && p < 64; ++p) {
                if (states->second[p] == 'G')
                    network.links[l].green_phases |= std::uint64_t{1} << p;
            }
        }
        add_turn_phases(district, program, node, network);
    }
}

}  // namespace

std::shared_ptr<TrafficNetwork> make_network(const district::District& district,
                                             const TrafficParams& params) {
    auto network = std::make_shared<TrafficNetwork>();
    network->district = &district;
    network->links = make_links(district, params);
    network->priority_rules = params.priority_rules;
    network->permissive_turns = params.permissive_turns;
    network->speed_changes = params.speed_changes;
    network->squeeze_after = engine::ticks_from_seconds(params.squeeze_after_s);
    network->critical_gap_s = params.critical_gap_s;
    network->follow_up_s = params.follow_up_s;
    const std::size_t node_count = district.nodes().size();
    network->in_links.resize(node_count);
    network->out_links.resize(node_count);
    network->trips = TripStore(node_count);
    network->plans.assign(node_count, SignalPlan{});
    for (std::uint32_t l = 0; l < network->links.size(); ++l) {
        TrafficLink& link = network->links[l];
        auto& outs = network->out_links[link.from];
        auto& ins = network->in_links[link.to];
        if (outs.size() > UINT16_MAX || ins.size() > UINT16_MAX) {
            throw std::invalid_argument(fmt::format("node {} joins more than {} roads",
                                                    outs.size() > UINT16_MAX ? link.from : link.to,
                                                    UINT16_MAX));
        }
        link.out_slot = static_cast<std::uint16_t>(outs.size());
        link.in_slot = static_cast<std::uint16_t>(ins.size());
        outs.push_back(l);
        ins.push_back(l);
    }
    add_movements(district, *network);
    add_signal_programs(district, *network);
    return network;
}

void apply_signal_changes(const district::District& district, const TrafficParams& params,
                          TrafficNetwork& network) {
    if (params.signal_changes.empty()) return;
    network.plan_change_at.assign(network.plans.size(), engine::ticks_max);
    network.plans_after = network.plans;
    for (const auto& change : params.signal_changes) {
        const auto at = district.project({change.lon, change.lat});
        const auto node = district.nearest_node(at);
        const auto& n = district.nodes()[node];
        if (std::hypot(n.x_m - at.x_m, n.y_m - at.y_m) > 500.0 || network.plans[node].cycle == 0) {
            throw std::invalid_argument(
                "set_signal: no signalised junction within 500 m of the given point");
        }
        network.plan_change_at[node] = change.at;
        SignalPlan& after = network.plans_after[node];
        if (change.cycle_s <= 0.0) {
            after = SignalPlan{};  // off: everyone goes
            continue;
        }
        const double scale =
            engine::seconds_from_ticks(engine::ticks_from_seconds(change.cycle_s)) /
            engine::seconds_from_ticks(network.plans[node].cycle);
        for (auto& end : after.phase_ends) {
            end = engine::ticks_from_seconds(engine::seconds_from_ticks(end) * scale);
        }
        after.phase_ends.back() = engine::ticks_from_seconds(change.cycle_s);
        after.cycle = after.phase_ends.back();
    }
}

engine::Ticks quickest_crossing(const TrafficLink& link) {
    engine::Ticks quickest = std::min(link.free_flow, link.hole_travel);
    if (link.changed_at < engine::ticks_max) quickest = std::min(quickest, link.changed_free_flow);
    return quickest;
}

engine::Ticks lookahead_of(const TrafficNetwork& network) {
    engine::Ticks lookahead = engine::ticks_max;
    for (const auto& link : network.links) lookahead = std::min(lookahead, quickest_crossing(link));
    return lookahead;
}

engine::Ticks lookahead_of(const TrafficNetwork& network,
                           const std::vector<std::uint32_t>& cluster) {
    engine::Ticks lookahead = engine::ticks_max;
    for (const auto& link : network.links) {
        if (cluster[link.from] != cluster[link.to])
            lookahead = std::min(lookahead, quickest_crossing(link));
    }
    return lookahead;
}

std::vector<std::uint32_t> node_clusters(const TrafficNetwork& network) {
    const std::size_t nodes = network.in_links.size();
    std::vector<std::uint32_t> parent(nodes);
    std::iota(parent.begin(), parent.end(), 0U);
    const auto root = [&](std::uint32_t n) {
        while (parent[n] != n) n = parent[n] = parent[parent[n]];
        return n;
    };
    for (const auto& link : network.links) {
        if (quickest_crossing(link) < cluster_below) {
            const auto a = root(link.from), b = root(link.to);
            parent[std::max(a, b)] = std::min(a, b);  // the root is the cluster's first node
        }
    }
    std::vector<std::uint32_t> cluster(nodes), number(nodes, 0xffffffffU);
    std::uint32_t clusters = 0;
    for (std::uint32_t n = 0; n < nodes; ++n) {
        auto& id = number[root(n)];
        if (id == 0xffffffffU) id = clusters++;
        cluster[n] = id;
    }
    return cluster;
}

void add_detour_times(TrafficNetwork& network) {
    std::vector<double> times(network.links.size());
    bool any = false;
    for (std::size_t l = 0; l < network.links.size(); ++l) {
        const auto& link = network.links[l];
        const bool closed = link.closed_from < link.closed_until;
        any = any || closed;
        times[l] = closed ? std::numeric_limits<double>::infinity()
                          : engine::seconds_from_ticks(link.free_flow);
    }
    network.detour_time_s = any ? std::move(times) : std::vector<double>{};
    ++network.detour_version;
}

void add_signal_plans(const district::District& district, const std::vector<double>& peak_pcu_per_h,
                      TrafficNetwork& network, TrafficBuild& build);

/// True when link `l` belongs to a road whose name or id is `road`.
bool on_road(const district::District& district, std::uint32_t l, const std::string& road) {
    const auto& r = district.data().roads[district.links()[l].feature];
    return r.name == road || r.id == road;
}

void apply_what_ifs(const district::District& district, const TrafficParams& params,
                    TrafficNetwork& network) {
    // Closures: every link of every road whose name or id matches.
    for (const auto& closure : params.closures) {
        bool found = false;
        const bool junction = closure.road.empty();
        std::uint32_t node = 0;
        if (junction) {
            const auto at = district.project({closure.junction_lon, closure.junction_lat});
            node = district.nearest_node(at);
            const auto& n = district.nodes()[node];
            if (std::hypot(n.x_m - at.x_m, n.y_m - at.y_m) > 500.0) {
                throw std::invalid_argument(
                    "close_junction: no junction within 500 m of the given point");
            }
        }
        for (std::uint32_t l = 0; l < network.links.size(); ++l) {
            if (junction ? network.links[l].from != node && network.links[l].to != node
                         : !on_road(district, l, closure.road)) {
                continue;
            }
            found = true;
            auto& link = network.links[l];
            link.closed_from = std::min(link.closed_from, closure.from);
            link.closed_until = std::max(link.closed_until, closure.until);
        }
        if (!found) {
            throw std::invalid_argument("close_link: the district has no road named '" +
                                        closure.road + "'");
        }
    }
    for (const auto& change : params.road_changes) {
        bool found = false;
        for (std::uint32_t l = 0; l < network.links.size(); ++l) {
            if (!on_road(district, l, change.road)) continue;
            const auto& source = district.links()[l];
            found = true;
            auto& link = network.links[l];
            const int lanes = change.lanes > 0 ? change.lanes : source.lanes;
            const double speed =
                change.speed_kmh > 0 ? change.speed_kmh / 3.6 : source.free_speed_m_per_s;
            link.changed_at = change.at;
            link.changed_free_flow =
                std::max<engine::Ticks>(1, engine::ticks_from_seconds(link.length_m / speed));
            link.changed_headway_s_per_pcu = 3600.0 / (source.capacity_pcu_per_h_per_lane * lanes);
            link.changed_storage_milli_pcu = static_cast<std::uint32_t>(std::max(
                1000.0, std::round(1000.0 * link.length_m * lanes / params.jam_spacing_m)));
        }
        if (!found) {
            throw std::invalid_argument("set_road: the district has no road named '" + change.road +
                                        "'");
        }
    }
    add_detour_times(network);
}

namespace {

constexpr double peak_from_s = 6.0 * 3600.0, peak_to_s = 8.0 * 3600.0;

/// The hours of 06:00-08:00 a run of `duration` from `start_s_of_day` covers, over all its
/// days (0: none).
double peak_hours_of(engine::Ticks duration, double start_s_of_day) {
    const double duration_s = engine::seconds_from_ticks(duration);
    double peak_hours = 0.0;
    for (double day_start_s = -start_s_of_day; day_start_s < duration_s; day_start_s += day_s) {
        const double from_s = std::max(0.0, day_start_s + peak_from_s);
        const double to_s = std::min(duration_s, day_start_s + peak_to_s);
        peak_hours += std::max(0.0, to_s - from_s) / 3600.0;
    }
    return peak_hours;
}

/// True when `trip` counts in the peak flows of a run from `start_s_of_day`: it leaves in a
/// morning peak, or (`whole_run`) the run covers none.
bool counts_in_peak(const Trip& trip, double start_s_of_day, bool whole_run) {
    if (whole_run) return true;
    const double tod = std::fmod(start_s_of_day + engine::seconds_from_ticks(trip.depart), day_s);
    return tod >= peak_from_s && tod < peak_to_s;
}

}  // namespace

void add_peak_flows(std::span<const Trip> trips, engine::Ticks duration, double start_s_of_day,
                    std::vector<double>& flows_pcu_per_h) {
    // The hours of 06:00-08:00 the run covers, over all its days: the flow is per hour of
    // them, so a week's run times its signals as a day's does. A run that covers none of them
    // takes its mean flow over the whole run.
    const double peak_hours = peak_hours_of(duration, start_s_of_day);
    const double hours =
        peak_hours <= 0.0 ? engine::seconds_from_ticks(duration) / 3600.0 : peak_hours;
    if (hours <= 0.0) return;
    for (const auto& trip : trips) {
        if (!counts_in_peak(trip, start_s_of_day, peak_hours <= 0.0)) continue;
        for (const std::uint32_t link : trip.route())
            flows_pcu_per_h[link] += pce_of(trip.vehicle_class) / hours;
    }
}

TrafficBuild build_traffic(const district::District& district, const TrafficParams& params,
                           engine::Ticks duration, double start_s_of_day, std::uint64_t seed,
                           const SumoRouteFile* routes, engine::Ticks generate_before) {
    TrafficBuild build;
    auto network = make_network(district, params);
    network->seed = seed;

    apply_what_ifs(district, params, *network);
    std::vector<double> peak_pcu_per_h(network->links.size(), 0.0);
    for (const auto& zone : district.data().zones) build.zone_population.push_back(zone.population);
    if (!params.routes_file.empty()) {
        TripBatch batch = routes != nullptr
                              ? resolve_sumo_routes(*routes, district, *network, duration, seed,
                                                    &build.route_warnings)
                              : read_sumo_routes(params.routes_file, district, *network, duration,
                                                 seed, &build.route_warnings);
        engine::RandomStream scale_random(seed, scale_stream_key);
        scale_demand(batch.trips, params.demand_changes, scale_random);
        batch.link_routes();
        add_peak_flows(batch.trips, duration, start_s_of_day, peak_pcu_per_h);
        std::vector<std::uint32_t> ends;
        for (const auto& trip : batch.trips) ends.push_back(trip.destination_node);
        set_destinations(*network, std::move(ends));
        network->trips = TripStore(network->in_links.size());
        network->trips.add(std::move(batch));
    } else {
        build.demand = std::make_shared<DemandGenerator>(district, params, *network, duration,
                                                         start_s_of_day, seed);
        // The signals are timed for the whole run's morning peaks: one pass over its demand,
        // a day at a time, by a copy of the generator (its set-up not made again), routing only
        // the trips that count (all when the run covers no peak), kept only as flows.
        {
            DemandGenerator peaks = *build.demand;
            DemandCounts ignored;
            const bool whole_run = peak_hours_of(duration, start_s_of_day) <= 0.0;
            const auto in_peak = [&](const Trip& trip) {
                return counts_in_peak(trip, start_s_of_day, whole_run);
            };
            while (!peaks.done())
                add_peak_flows(peaks.next_batch(ignored, in_peak).trips, duration, start_s_of_day,
                               peak_pcu_per_h);
        }
        DemandGenerator& demand = *build.demand;
        build.gateways = demand.gateways();
        std::vector<std::uint32_t> ends = demand.gateways();
        for (const auto& access : demand.zone_access())
            ends.insert(ends.end(), access.begin(), access.end());
        set_destinations(*network, std::move(ends));
        network->trips = TripStore(network->in_links.size(), demand.batch_starts());
        while (!demand.done() && demand.batch_starts()[demand.made()] < generate_before)
            network->trips.add(demand.next_batch(build.counts));
    }
    add_signal_plans(district, peak_pcu_per_h, *network, build);
    apply_signal_changes(district, params, *network);
    build.node_cluster = node_clusters(*network);
    build.lookahead = lookahead_of(*network, build.node_cluster);
    // One cluster: no link leaves it, but other models' events still need a delay.
    if (build.lookahead == engine::ticks_max) build.lookahead = lookahead_of(*network);
    build.network = std::move(network);
    return build;
}

void add_signal_plans(const district::District& district, const std::vector<double>& peak_pcu_per_h,
                      TrafficNetwork& network, TrafficBuild& build) {
    const std::size_t node_count = district.nodes().size();
    const auto nodes = district.nodes();
    // The district's own programs (make_network) win over the Webster default.
    build.signalised_nodes = static_cast<std::uint32_t>(
        std::count_if(network.plans.begin(), network.plans.end(),
                      [](const SignalPlan& plan) { return plan.cycle > 0; }));
    for (std::uint32_t n = 0; n < node_count; ++n) {
        if (!nodes[n].signalised || network.plans[n].cycle > 0) continue;
        std::array<double, 2> y{0.0, 0.0};
        std::array<int, 2> members{0, 0};
        std::vector<std::pair<std::uint32_t, int>> groups;
        for (const std::uint32_t l : network.in_links[n]) {
            const auto& from = nodes[network.links[l].from];
            const bool north_south =
                std::abs(nodes[n].y_m - from.y_m) >= std::abs(nodes[n].x_m - from.x_m);
            const int group = north_south ? 0 : 1;
            groups.emplace_back(l, group);
            ++members[static_cast<std::size_t>(group)];
            y[static_cast<std::size_t>(group)] =
                std::max(y[static_cast<std::size_t>(group)],
                         peak_pcu_per_h[l] / network.links[l].capacity_pcu_per_h);
        }
        if (members[0] == 0 || members[1] == 0) continue;  // one approach direction: no conflict
        const double lost_s = 2.0 * all_red_s;
        const double cycle_s = webster_cycle_s(lost_s, y[0] + y[1]);
        const double share0 = y[0] + y[1] > 0.0 ? y[0] / (y[0] + y[1]) : 0.5;
        const double green0 = std::max(min_green_s, (cycle_s - lost_s) * share0);
        const double green1 = std::max(min_green_s, cycle_s - lost_s - green0);
        // Phases: group 0 green, all-red, group 1 green, all-red.
        SignalPlan& plan = network.plans[n];
        plan.phase_ends = {engine::ticks_from_seconds(green0),
                           engine::ticks_from_seconds(green0 + all_red_s),
                           engine::ticks_from_seconds(green0 + all_red_s + green1),
                           engine::ticks_from_seconds(green0 + green1 + lost_s)};
        plan.cycle = plan.phase_ends.back();
        for (const auto& [l, group] : groups)
            network.links[l].green_phases = group == 0 ? 0b0001U : 0b0100U;
        ++build.signalised_nodes;
    }
}

}  // namespace tuntas::traffic
