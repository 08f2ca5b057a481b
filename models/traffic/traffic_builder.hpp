#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "engine/ticks.hpp"
#include "models/district/district.hpp"
#include "models/traffic/demand_counts.hpp"
#include "models/traffic/demand_generator.hpp"
#include "models/traffic/sumo_route_file.hpp"
#include "models/traffic/traffic_network.hpp"
#include "models/traffic/traffic_params.hpp"

namespace tuntas::traffic {

/// The traffic model of one run, before its LPs are made.
struct TrafficBuild {
    std::shared_ptr<TrafficNetwork> network;
    std::vector<double> zone_population;  ///< residents per zone
    /// The generated demand's generator (null with a route file): it makes the batches the
    /// network's TripStore plans, a day at a time.
    std::shared_ptr<DemandGenerator> demand;
    DemandCounts counts;                      ///< what the batches made so far made besides trips
    std::vector<std::uint32_t> gateways;      ///< gateway nodes (national road ends at the edge)
    std::vector<std::string> route_warnings;  ///< what the route file had that was not used
    engine::Ticks lookahead{0};  ///< least free-flow or hole time of a link between clusters
    /// Per node, its cluster (node_clusters): the nodes of one cluster share a locality group,
    /// so the links inside it do not bound the lookahead.
    std::vector<std::uint32_t> node_cluster;
    std::uint32_t signalised_nodes{0};
};

/// Builds network and demand for `duration` from a start at `start_s_of_day` seconds after
/// midnight: the generated demand (DemandGenerator), its batches that begin before
/// `generate_before` in the network's trips (the rest to be added as the run reaches them,
/// from TrafficBuild::demand), and a Webster fixed-time plan at each signalised node
/// from the routed morning-peak flows of the whole run. Deterministic in `seed`.
/// With `params.routes_file` set, the trips are that file's instead (one batch); `routes`, when
/// given, is that file already read (so a caller can read it while the district loads).
[[nodiscard]] TrafficBuild build_traffic(const district::District& district,
                                         const TrafficParams& params, engine::Ticks duration,
                                         double start_s_of_day, std::uint64_t seed,
                                         const SumoRouteFile* routes = nullptr,
                                         engine::Ticks generate_before = engine::ticks_max);

/// Adds to each link's flow in the morning peak (06:00-08:00), in pcu per hour of the peak a
/// run of `duration` from `start_s_of_day` covers, the routes of `trips` (the mean flow over
/// the run when it covers no peak hour): what Webster signal plans are timed for.
void add_peak_flows(std::span<const Trip> trips, engine::Ticks duration, double start_s_of_day,
                    std::vector<double>& flows_pcu_per_h);

/// The links of `district` as queues (capacity, storage, free-flow and hole times), its turns
/// (times, lane queues) and the signal programs its files give; no trips and no Webster plans
/// yet.
[[nodiscard]] std::shared_ptr<TrafficNetwork> make_network(const district::District& district,
                                                           const TrafficParams& params);

/// Applies the what-ifs of `params` that change the network (closures with their detour table,
/// road changes). Throws std::invalid_argument naming a road the district does not have.
void apply_what_ifs(const district::District& district, const TrafficParams& params,
                    TrafficNetwork& network);

/// With closures, the link times of the network without every link that is closed at some time
/// (en-route detours follow their fastest paths); left empty when none is.
void add_detour_times(TrafficNetwork& network);

/// Applies `params.signal_changes` to the signal plans (after they exist). Throws
/// std::invalid_argument when no signalised junction lies within 500 m of a change's point.
void apply_signal_changes(const district::District& district, const TrafficParams& params,
                          TrafficNetwork& network);

/// The least time in which something crosses `link`: a vehicle at free flow (before or after a
/// what-if changes it) or freed space going back. No event along the link is quicker.
[[nodiscard]] engine::Ticks quickest_crossing(const TrafficLink& link);

/// The least free-flow or hole travel time of any link: the lookahead the node LPs honour.
[[nodiscard]] engine::Ticks lookahead_of(const TrafficNetwork& network);

/// The least free-flow or hole travel time of a link between nodes of different clusters
/// (`cluster`: per node): the lookahead when each cluster keeps to one partition; ticks_max
/// when no link leaves a cluster.
[[nodiscard]] engine::Ticks lookahead_of(const TrafficNetwork& network,
                                         const std::vector<std::uint32_t>& cluster);

/// Links faster than this to cross (free flow, or freed space back) join their ends into one
/// cluster: real networks have links of a few metres (a junction drawn as several nodes), and a
/// lookahead of a tenth of a second makes the partitions wait for each other at every step.
inline constexpr engine::Ticks cluster_below = 2 * engine::ticks_per_second;

/// Clusters of nodes joined by links quicker than cluster_below, numbered from 0 in the order
/// of their first node.
[[nodiscard]] std::vector<std::uint32_t> node_clusters(const TrafficNetwork& network);

/// Webster's optimum cycle (Webster 1958, Road Research Technical Paper 39):
/// C0 = (1.5 L + 5) / (1 - Y), L the lost time per cycle (s), Y the sum of the phases' critical
/// flow ratios; here clamped to [30, 120] s with Y capped at 0.85.
[[nodiscard]] double webster_cycle_s(double lost_time_s, double flow_ratio_sum);

}  // namespace tuntas::traffic
