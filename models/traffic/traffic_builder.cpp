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

#include <tbb/parallel_for.h>

#include "engine/distributions.hpp"
#include "engine/random_stream.hpp"
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

/// Time of day of a tour's two trips, s after midnight.
struct TourTimes {
    double out_s;
    double back_s;
};

/// Thins (factor < 1) or repeats (factor > 1) the trips that depart after each change, with a
/// random stream of their own so the base demand does not shift.
std::vector<Trip> apply_demand_changes(std::vector<Trip> trips,
                                       const std::vector<DemandChange>& changes,
                                       std::uint64_t seed) {
    if (changes.empty()) return trips;
    engine::RandomStream random(seed, 0x7363'616c);  // "scal"
    std::vector<Trip> scaled;
    for (const Trip& trip : trips) {
        double factor = 1.0;
        engine::Ticks latest = -1;
        for (const auto& change : changes) {
            if (change.at <= trip.depart && change.at >= latest) {
                factor = change.factor;
                latest = change.at;
            }
        }
        auto copies = static_cast<int>(std::floor(factor));
        if (engine::bernoulli(random, factor - std::floor(factor))) ++copies;
        for (int c = 0; c < copies; ++c) scaled.push_back(trip);
    }
    return scaled;
}

TourTimes draw_tour(engine::RandomStream& random, bool commute) {
    if (commute) {
        return {engine::normal(random, 6.75 * 3600.0, 35.0 * 60.0),
                engine::normal(random, 16.5 * 3600.0, 40.0 * 60.0)};
    }
    const double out = engine::uniform(random, 8.0 * 3600.0, 19.0 * 3600.0);
    return {out, out + engine::uniform(random, 0.5 * 3600.0, 3.0 * 3600.0)};
}

/// Fills each node's departures with its trips, by departure time (then trip index): a node
/// schedules them one after the other.
void index_departures(TrafficNetwork& network) {
    for (auto& list : network.departures) list.clear();
    for (std::uint32_t t = 0; t < network.trips.size(); ++t) {
        network.departures[network.trips[t].origin_node].push_back(t);
    }
    for (auto& list : network.departures) {
        std::stable_sort(list.begin(), list.end(), [&](std::uint32_t a, std::uint32_t b) {
            return network.trips[a].depart < network.trips[b].depart;
        });
    }
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
    std::vector<std::size_t> parent(outs.size());
    std::iota(parent.begin(), parent.end(), std::size_t{0});
    const auto root = [&](std::size_t o) {
        while (parent[o] != o) o = parent[o] = parent[parent[o]];
        return o;
    };
    for (std::size_t a = 0; a < outs.size(); ++a) {
        for (std::size_t b = a + 1; b < outs.size(); ++b) {
            if ((mask[a] & mask[b]) != 0) parent[root(b)] = root(a);
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
    network->departures.resize(node_count);
    network->plans.assign(node_count, SignalPlan{});
    for (std::uint32_t l = 0; l < network->links.size(); ++l) {
        network->out_links[network->links[l].from].push_back(l);
        network->in_links[network->links[l].to].push_back(l);
    }
    add_movements(district, *network);
    add_signal_programs(district, *network);
    return network;
}

std::vector<std::uint32_t> next_hop_table(const district::District& district,
                                          const TrafficNetwork& network,
                                          const std::vector<double>& link_time_s) {
    const std::size_t nodes = network.in_links.size();
    std::vector<std::uint32_t> next(nodes * nodes, TrafficNetwork::no_link);
    tbb::parallel_for(std::size_t{0}, nodes, [&](std::size_t from) {
        const auto tree =
            district.fastest_tree_weighted(static_cast<std::uint32_t>(from), link_time_s);
        for (std::size_t to = 0; to < nodes; ++to) {
            // Walk back from `to` to the link that leaves `from`.
            std::uint32_t first = TrafficNetwork::no_link;
            for (auto node = static_cast<std::uint32_t>(to);
                 node != from && tree[node] != district::District::no_link;
                 node = network.links[tree[node]].from) {
                first = tree[node];
            }
            if (first != TrafficNetwork::no_link && network.links[first].from == from) {
                next[from * nodes + to] = first;
            }
        }
    });
    return next;
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

namespace {

/// The least time in which something crosses `link`: a vehicle at free flow (before or after a
/// what-if changes it) or freed space going back.
engine::Ticks quickest_crossing(const TrafficLink& link) {
    engine::Ticks quickest = std::min(link.free_flow, link.hole_travel);
    if (link.changed_at < engine::ticks_max) quickest = std::min(quickest, link.changed_free_flow);
    return quickest;
}

}  // namespace

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

void generate_demand(const district::District& district, const TrafficParams& params,
                     engine::Ticks duration, double start_s_of_day, std::uint64_t seed,
                     TrafficNetwork& network, TrafficBuild& build);

// Quadratic in the node count, so only up to max_table_nodes nodes; above that, vehicles wait
// for the road to open.
void add_detour_table(const district::District& district, TrafficNetwork& network) {
    std::vector<double> times(network.links.size());
    bool any = false;
    for (std::size_t l = 0; l < network.links.size(); ++l) {
        const auto& link = network.links[l];
        const bool closed = link.closed_from < link.closed_until;
        any = any || closed;
        times[l] = closed ? std::numeric_limits<double>::infinity()
                          : engine::seconds_from_ticks(link.free_flow);
    }
    if (!any || network.in_links.size() > max_table_nodes) return;
    network.detour_next = next_hop_table(district, network, times);
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
    add_detour_table(district, network);
}

std::vector<double> peak_flows_pcu_per_h(const TrafficNetwork& network, engine::Ticks duration,
                                         double start_s_of_day) {
    // The hours of 06:00-08:00 the run covers, over all its days: the flow is per hour of
    // them, so a week's run times its signals as a day's does. A run that covers none of them
    // takes its mean flow over the whole run.
    constexpr double peak_from_s = 6.0 * 3600.0, peak_to_s = 8.0 * 3600.0;
    const double duration_s = engine::seconds_from_ticks(duration);
    double peak_hours = 0.0;
    for (double day_start_s = -start_s_of_day; day_start_s < duration_s; day_start_s += day_s) {
        const double from_s = std::max(0.0, day_start_s + peak_from_s);
        const double to_s = std::min(duration_s, day_start_s + peak_to_s);
        peak_hours += std::max(0.0, to_s - from_s) / 3600.0;
    }
    const bool whole_run = peak_hours <= 0.0;
    const double hours = whole_run ? duration_s / 3600.0 : peak_hours;
    std::vector<double> flows(network.links.size(), 0.0);
    if (hours <= 0.0) return flows;
    for (const auto& trip : network.trips) {
        const double tod =
            std::fmod(start_s_of_day + engine::seconds_from_ticks(trip.depart), day_s);
        if (!whole_run && (tod < peak_from_s || tod >= peak_to_s)) continue;
        for (std::uint32_t k = trip.route_begin; k < trip.route_end; ++k) {
            flows[network.route_links[k]] += pce_of(trip.vehicle_class) / hours;
        }
    }
    return flows;
}

TrafficBuild build_traffic(const district::District& district, const TrafficParams& params,
                           engine::Ticks duration, double start_s_of_day, std::uint64_t seed,
                           const SumoRouteFile* routes) {
    TrafficBuild build;
    auto network = make_network(district, params);
    network->seed = seed;

    apply_what_ifs(district, params, *network);
    if (!params.routes_file.empty()) {
        network->trips = apply_demand_changes(
            routes != nullptr ? resolve_sumo_routes(*routes, district, *network, duration, seed,
                                                    &build.route_warnings)
                              : read_sumo_routes(params.routes_file, district, *network, duration,
                                                 seed, &build.route_warnings),
            params.demand_changes, seed);
        index_departures(*network);
        for (const auto& zone : district.data().zones)
            build.zone_population.push_back(zone.population);
    } else {
        generate_demand(district, params, duration, start_s_of_day, seed, *network, build);
    }
    add_signal_plans(district, peak_flows_pcu_per_h(*network, duration, start_s_of_day), *network,
                     build);
    apply_signal_changes(district, params, *network);
    build.node_cluster = node_clusters(*network);
    build.lookahead = lookahead_of(*network, build.node_cluster);
    // One cluster: no link leaves it, but other models' events still need a delay.
    if (build.lookahead == engine::ticks_max) build.lookahead = lookahead_of(*network);
    build.network = std::move(network);
    return build;
}

namespace {

/// Per zone, the road nodes its trips start and end at: every junction inside it (its
/// centroid's node when none is), so a town zone does not push all its trips through one corner.
std::vector<std::vector<std::uint32_t>> zone_access_nodes(const district::District& district) {
    const auto& zones = district.data().zones;
    const auto zone_nodes = district.zone_nodes();
    const std::size_t node_count = district.nodes().size();
    std::vector<std::vector<std::uint32_t>> zone_access(zones.size());
    for (std::uint32_t node = 0; node < node_count; ++node) {
        const auto& p = district.nodes()[node];
        if (const auto zone = district.zone_of({p.x_m, p.y_m})) zone_access[*zone].push_back(node);
    }
    for (std::size_t z = 0; z < zones.size(); ++z) {
        if (zone_access[z].empty()) zone_access[z].push_back(zone_nodes[z]);
    }
    return zone_access;
}

/// Free-flow travel time between zones on the road network, min, at [i * zones + j]: from
/// zone i's centroid node to zone j's (one Dijkstra per zone, in parallel); infinity where no
/// road leads.
std::vector<double> zone_travel_min(const district::District& district) {
    const auto zone_nodes = district.zone_nodes();
    const std::size_t zones = zone_nodes.size();
    std::vector<double> minutes(zones * zones);
    tbb::parallel_for(std::size_t{0}, zones, [&](std::size_t i) {
        const auto seconds = district.travel_times_from(zone_nodes[i]);
        for (std::size_t j = 0; j < zones; ++j)
            minutes[i * zones + j] = seconds[zone_nodes[j]] / 60.0;
    });
    return minutes;
}

/// Home-based tours drawn from the gravity model on network travel time, day by day, as trips
/// (unsorted); counts walk and in-zone trips, and who is away from home at the start, in
/// `build`.
std::vector<Trip> draw_tour_trips(const district::District& district, const TrafficParams& params,
                                  engine::Ticks duration, double start_s_of_day, std::uint64_t seed,
                                  const std::vector<std::vector<std::uint32_t>>& zone_access,
                                  TrafficBuild& build) {
    const auto& zones = district.data().zones;
    // The gravity weights, once for the run (they are the same every day): row i, the
    // destinations of zone i's tours; a zone no road reaches is no destination (exp(-inf) = 0).
    std::vector<double> weights = zone_travel_min(district);
    for (std::size_t i = 0; i < zones.size(); ++i) {
        for (std::size_t j = 0; j < zones.size(); ++j) {
            double& weight = weights[i * zones.size() + j];
            weight = zones[j].population * std::exp(-params.gravity_beta_per_min * weight);
        }
    }
    build.away_at_start.assign(zones.size(), 0.0);
    build.visiting_at_start.assign(zones.size(), 0.0);
    engine::RandomStream random(seed, 0x7472'6166);  // "traf": the demand's own stream
    const double duration_s = engine::seconds_from_ticks(duration);
    const auto days = static_cast<int>(std::ceil((start_s_of_day + duration_s) / day_s));
    std::vector<double> class_weights(params.class_shares.begin(), params.class_shares.end());
    std::vector<Trip> trips;
    std::uint64_t tours_made = 0;
    for (int day = 0; day < days; ++day) {
        const model::DayType type = params.calendar.day_type(day);
        const double day_factor =
            model::of_day_type(type, {1.0, params.friday_trip_factor, params.saturday_trip_factor,
                                      params.sunday_trip_factor, params.holiday_trip_factor});
        const bool rest_day = type == model::DayType::saturday || type == model::DayType::sunday ||
                              type == model::DayType::holiday;
        const double commute_share = rest_day ? params.weekend_commute_share : params.commute_share;
        for (std::size_t i = 0; i < zones.size(); ++i) {
            const std::span<const double> destinations(weights.data() + i * zones.size(),
                                                       zones.size());
            const double zone_factor =
                i < params.zone_trip_factor.size() ? params.zone_trip_factor[i] : 1.0;
            const double mean_tours = zones[i].population * params.trips_per_person_per_day / 2.0 *
                                      params.demand_scale * day_factor * zone_factor;
            const std::uint64_t tours = engine::poisson(random, mean_tours);
            for (std::uint64_t t = 0; t < tours; ++t) {
                const bool walks = engine::bernoulli(random, params.walk_share);
                const auto j = engine::discrete_choice(random, destinations);
                const auto vehicle_class =
                    static_cast<VehicleClass>(engine::discrete_choice(random, class_weights));
                const TourTimes times = draw_tour(random, engine::bernoulli(random, commute_share));
                if (walks) {
                    build.walk_trips += 2;
                    continue;
                }
                if (j == i) {
                    build.local_trips += 2;
                    continue;
                }
                const auto& home = zone_access[i];
                const auto& away = zone_access[j];
                const std::uint32_t home_node = home[engine::uniform_index(random, home.size())];
                const std::uint32_t away_node = away[engine::uniform_index(random, away.size())];
                if (home_node == away_node) {
                    build.local_trips += 2;
                    continue;
                }
                const double out_s = day * day_s + times.out_s - start_s_of_day;
                const double back_s = day * day_s + times.back_s - start_s_of_day;
                if (out_s < 0.0 && back_s >= 0.0) {  // out before the run starts, back during it
                    build.away_at_start[i] += 1.0;
                    build.visiting_at_start[j] += 1.0;
                }
                const auto tour = static_cast<std::uint32_t>(tours_made++);
                for (const auto& [from, to, t_s, from_node, to_node, outbound] :
                     {std::tuple{i, j, out_s, home_node, away_node, true},
                      std::tuple{j, i, back_s, away_node, home_node, false}}) {
                    if (t_s < 0.0 || t_s >= duration_s) continue;
                    trips.push_back(Trip{.vehicle_class = vehicle_class,
                                         .origin_zone = static_cast<std::uint32_t>(from),
                                         .destination_zone = static_cast<std::uint32_t>(to),
                                         .origin_node = from_node,
                                         .destination_node = to_node,
                                         .depart = engine::ticks_from_seconds(t_s),
                                         .outbound = outbound,
                                         .tour = tour,
                                         .tour_start = engine::ticks_from_seconds(out_s)});
                }
            }
        }
    }
    return trips;
}

/// The district's gateways: nodes where a national road ends with no other road (where it
/// leaves the district), in node order.
std::vector<std::uint32_t> gateway_nodes(const district::District& district) {
    const auto links = district.links();
    std::vector<std::set<std::uint32_t>> neighbours(district.nodes().size());
    std::vector<bool> national(district.nodes().size(), false);
    for (const auto& link : links) {
        neighbours[link.from].insert(link.to);
        neighbours[link.to].insert(link.from);
        if (link.road_class == district::RoadClass::national) {
            national[link.from] = true;
            national[link.to] = true;
        }
    }
    std::vector<std::uint32_t> gateways;
    for (std::uint32_t n = 0; n < neighbours.size(); ++n) {
        if (national[n] && neighbours[n].size() == 1) gateways.push_back(n);
    }
    return gateways;
}

/// A departure time of day for external traffic, s: 85 % between 06:00 and 22:00, the rest at
/// night (E: trucks run day and night, cars by day).
double external_time_of_day_s(engine::RandomStream& random) {
    if (engine::bernoulli(random, 0.85))
        return engine::uniform(random, 6.0 * 3600.0, 22.0 * 3600.0);
    const double night = engine::uniform(random, 0.0, 8.0 * 3600.0);  // 22:00 .. 06:00
    return std::fmod(22.0 * 3600.0 + night, day_s);
}

/// External traffic, day by day, from its own random stream (the residents' demand does not
/// shift): at each gateway gateway_vehicles_per_day x through_share vehicles cross to another
/// gateway (each through trip passes two: half as many trips a gateway), and the rest come in
/// and go back out: half are visitors' tours (gateway -> zone -> gateway), half residents'
/// (zone -> gateway -> zone), zones by the gravity weight on travel time from the gateway.
std::vector<Trip> draw_external_trips(const district::District& district,
                                      const TrafficParams& params, engine::Ticks duration,
                                      double start_s_of_day, std::uint64_t seed,
                                      const std::vector<std::vector<std::uint32_t>>& zone_access,
                                      TrafficBuild& build) {
    std::vector<Trip> trips;
    const auto& gateways = build.gateways;
    if (gateways.empty() || params.gateway_vehicles_per_day <= 0.0) return trips;
    const auto& zones = district.data().zones;
    const auto zone_nodes = district.zone_nodes();
    engine::RandomStream random(seed, 0x6578'7465);  // "exte": external traffic's own stream
    // Zone weights seen from each gateway.
    std::vector<std::vector<double>> weights(gateways.size(), std::vector<double>(zones.size()));
    tbb::parallel_for(std::size_t{0}, gateways.size(), [&](std::size_t g) {
        const auto seconds = district.travel_times_from(gateways[g]);
        for (std::size_t z = 0; z < zones.size(); ++z) {
            weights[g][z] = zones[z].population *
                            std::exp(-params.gravity_beta_per_min * seconds[zone_nodes[z]] / 60.0);
        }
    });
    const double duration_s = engine::seconds_from_ticks(duration);
    const auto days = static_cast<int>(std::ceil((start_s_of_day + duration_s) / day_s));
    std::uint32_t tour = 0x8000'0000U;  // external tours' ids, apart from the residents'
    // Not heavy: motorcycles and cars as on the arterial (E: paser-facts 4, 60-70 %
    // motorcycles and 15-20 % trucks: 65 of the 82.5 % that are not trucks).
    const auto vehicle_class = [&] {
        return engine::bernoulli(random, params.gateway_heavy_share) ? VehicleClass::heavy_truck
               : engine::bernoulli(random, 0.65 / 0.825)             ? VehicleClass::motorcycle
                                                                     : VehicleClass::car;
    };
    const auto add = [&](std::uint32_t from_zone, std::uint32_t to_zone, std::uint32_t from_node,
                         std::uint32_t to_node, double t_s, bool outbound, VehicleClass c,
                         double tour_start_s, std::uint32_t id) {
        if (t_s < 0.0 || t_s >= duration_s || from_node == to_node) return;
        trips.push_back(Trip{.vehicle_class = c,
                             .origin_zone = from_zone,
                             .destination_zone = to_zone,
                             .origin_node = from_node,
                             .destination_node = to_node,
                             .depart = engine::ticks_from_seconds(t_s),
                             .outbound = outbound,
                             .tour = id,
                             .tour_start = engine::ticks_from_seconds(tour_start_s)});
        ++build.external_trips;
    };
    const double per_gateway = params.gateway_vehicles_per_day;
    for (int day = 0; day < days; ++day) {
        const double day_start_s = day * day_s - start_s_of_day;
        for (std::size_t g = 0; g < gateways.size(); ++g) {
            // Through: each crosses two gateways, so a gateway starts half of its count.
            if (gateways.size() > 1) {
                const auto through =
                    engine::poisson(random, per_gateway * params.through_share / 2.0);
                for (std::uint64_t k = 0; k < through; ++k) {
                    auto other = engine::uniform_index(random, gateways.size() - 1);
                    other += other >= g ? 1 : 0;
                    const double t_s = day_start_s + external_time_of_day_s(random);
                    add(no_zone, no_zone, gateways[g], gateways[other], t_s, true, vehicle_class(),
                        t_s, tour++);
                }
            }
            // In and out: a tour crosses the gateway twice.
            const double tours_per_day =
                per_gateway * (gateways.size() > 1 ? 1.0 - params.through_share : 1.0) / 2.0;
            const auto tours = engine::poisson(random, tours_per_day);
            for (std::uint64_t k = 0; k < tours; ++k) {
                const auto z =
                    static_cast<std::uint32_t>(engine::discrete_choice(random, weights[g]));
                const auto& access = zone_access[z];
                const std::uint32_t node = access[engine::uniform_index(random, access.size())];
                const double out_s = day_start_s + external_time_of_day_s(random);
                const double back_s = out_s + engine::uniform(random, 1.0 * 3600.0, 8.0 * 3600.0);
                const VehicleClass c = vehicle_class();
                const bool visitor = engine::bernoulli(random, 0.5);
                if (visitor && out_s < 0.0 && back_s >= 0.0) build.visiting_at_start[z] += 1.0;
                if (!visitor && out_s < 0.0 && back_s >= 0.0) build.away_at_start[z] += 1.0;
                const std::uint32_t id = tour++;
                if (visitor) {
                    add(no_zone, z, gateways[g], node, out_s, true, c, out_s, id);
                    add(z, no_zone, node, gateways[g], back_s, false, c, out_s, id);
                } else {
                    add(z, no_zone, node, gateways[g], out_s, true, c, out_s, id);
                    add(no_zone, z, gateways[g], node, back_s, false, c, out_s, id);
                }
            }
        }
    }
    return trips;
}

/// Routes every trip on a fastest path (one tree per origin node, computed in parallel), the
/// trips departing while a road is closed around it; paths shared in network.route_links.
void route_trips(const district::District& district, TrafficNetwork& network,
                 std::vector<Trip>& trips) {
    std::vector<std::uint32_t> origins;
    for (const auto& trip : trips) origins.push_back(trip.origin_node);
    std::sort(origins.begin(), origins.end());
    origins.erase(std::unique(origins.begin(), origins.end()), origins.end());
    // Trips that depart while a road is closed know it and drive around it (pre-trip routing):
    // one set of trees on the open network, one on the network without the closed links.
    std::vector<bool> closed(network.links.size(), false);
    bool any_closed = false;
    for (std::uint32_t l = 0; l < network.links.size(); ++l) {
        closed[l] = network.links[l].closed_from < network.links[l].closed_until;
        any_closed = any_closed || closed[l];
    }
    std::vector<std::pair<engine::Ticks, engine::Ticks>> windows;
    for (const auto& link : network.links) {
        if (link.closed_from < link.closed_until)
            windows.emplace_back(link.closed_from, link.closed_until);
    }
    std::sort(windows.begin(), windows.end());
    windows.erase(std::unique(windows.begin(), windows.end()), windows.end());
    const auto during_closure = [&](const Trip& trip) {
        return std::any_of(windows.begin(), windows.end(), [&](const auto& w) {
            return trip.depart >= w.first && trip.depart < w.second;
        });
    };
    std::vector<std::vector<std::uint32_t>> trees(origins.size());
    std::vector<std::vector<std::uint32_t>> detour_trees(any_closed ? origins.size() : 0);
    tbb::parallel_for(std::size_t{0}, origins.size(), [&](std::size_t k) {
        trees[k] = district.fastest_tree(origins[k]);
        if (any_closed) detour_trees[k] = district.fastest_tree(origins[k], closed);
    });
    std::map<std::tuple<std::uint32_t, std::uint32_t, bool>,
             std::pair<std::uint32_t, std::uint32_t>>
        routes;
    for (auto& trip : trips) {
        const std::uint32_t destination = trip.destination_node;
        const bool around_closure = during_closure(trip);
        const auto key = std::tuple{trip.origin_node, destination, around_closure};
        auto found = routes.find(key);
        if (found == routes.end()) {
            const auto origin_index = static_cast<std::size_t>(
                std::lower_bound(origins.begin(), origins.end(), trip.origin_node) -
                origins.begin());
            const auto& tree = around_closure ? detour_trees[origin_index] : trees[origin_index];
            std::vector<std::uint32_t> path;
            for (std::uint32_t node = destination;
                 node != trip.origin_node && tree[node] != district::District::no_link;
                 node = network.links[tree[node]].from) {
                path.push_back(tree[node]);
            }
            std::reverse(path.begin(), path.end());
            const auto begin = static_cast<std::uint32_t>(network.route_links.size());
            network.route_links.insert(network.route_links.end(), path.begin(), path.end());
            found =
                routes
                    .emplace(key, std::pair{begin,
                                            static_cast<std::uint32_t>(network.route_links.size())})
                    .first;
        }
        trip.route_begin = found->second.first;
        trip.route_end = found->second.second;
        for (std::uint32_t k = trip.route_begin; k < trip.route_end; ++k) {
            const auto& link = network.links[network.route_links[k]];
            trip.length_m += link.length_m;
            trip.free_flow_s += engine::seconds_from_ticks(link.free_flow);
        }
        trip.best_free_flow_s = trip.free_flow_s;
        if (around_closure) {
            // Its fastest path had the road been open: what a detour is measured against.
            const auto origin_index = static_cast<std::size_t>(
                std::lower_bound(origins.begin(), origins.end(), trip.origin_node) -
                origins.begin());
            const auto& open = trees[origin_index];
            double best_s = 0.0;
            for (std::uint32_t node = destination;
                 node != trip.origin_node && open[node] != district::District::no_link;
                 node = network.links[open[node]].from) {
                best_s += engine::seconds_from_ticks(network.links[open[node]].free_flow);
            }
            trip.best_free_flow_s = best_s;
        }
    }
}

}  // namespace

void generate_demand(const district::District& district, const TrafficParams& params,
                     engine::Ticks duration, double start_s_of_day, std::uint64_t seed,
                     TrafficNetwork& network, TrafficBuild& build) {
    for (const auto& zone : district.data().zones) build.zone_population.push_back(zone.population);
    const auto zone_access = zone_access_nodes(district);
    std::vector<Trip> trips =
        draw_tour_trips(district, params, duration, start_s_of_day, seed, zone_access, build);
    build.gateways = gateway_nodes(district);
    auto external =
        draw_external_trips(district, params, duration, start_s_of_day, seed, zone_access, build);
    trips.insert(trips.end(), external.begin(), external.end());
    std::stable_sort(trips.begin(), trips.end(),
                     [](const Trip& a, const Trip& b) { return a.depart < b.depart; });
    trips = apply_demand_changes(std::move(trips), params.demand_changes, seed);
    route_trips(district, network, trips);
    // A trip whose destination its origin cannot reach has an empty route: it cannot depart.
    // It is kept aside and counted (a closure that cuts a place off must show its trips).
    for (const auto& trip : trips) {
        if (trip.route_begin == trip.route_end) build.unroutable.push_back(trip);
    }
    std::erase_if(trips, [](const Trip& trip) { return trip.route_begin == trip.route_end; });
    network.trips = std::move(trips);
    index_departures(network);
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
