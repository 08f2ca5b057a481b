#pragma once

#include <cstdint>
#include <vector>

#include "engine/ticks.hpp"
#include "models/traffic/traffic_network.hpp"

namespace tuntas::traffic {

/// Free-flow fastest paths into one destination node: per node its time (ticks_max: cannot
/// reach it), length and first link (TrafficNetwork::no_link at the destination or where none).
struct PathsTo {
    std::vector<engine::Ticks> time;
    std::vector<double> length_m;
    std::vector<std::uint32_t> next_link;
};

/// Dijkstra over the links backwards from `destination`, on the links' free-flow times (what-if
/// changes not applied); ties go to the node settled first, the lower node among equal times.
/// With `stop_at` a node, it stops once that node is settled: the entries along its path are
/// then those of the whole tree (settled nodes never change), the others may be unfinished.
[[nodiscard]] PathsTo paths_to(const TrafficNetwork& network, std::uint32_t destination,
                               std::uint32_t stop_at = TrafficNetwork::no_link);

}  // namespace tuntas::traffic
