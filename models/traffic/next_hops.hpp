#pragma once

#include <cstdint>
#include <vector>

#include "models/district/district.hpp"
#include "models/traffic/traffic_network.hpp"

namespace tuntas::traffic {

/// Gives each of `destinations` (nodes trips may end at) a slot in the rows next_hop_row
/// makes: network.destination_slot[node] (TrafficNetwork::no_link for a node without one).
/// Duplicates are kept once.
void set_destinations(TrafficNetwork& network, std::vector<std::uint32_t> destinations);

/// The row of node `from` in a next-hop table on `link_time_s` (one per link; infinity: never),
/// for the destinations only: at network.destination_slot[d] the first link of the fastest
/// path from `from` to d, no_link where d is `from` or cannot be reached. One fastest tree
/// (District::fastest_tree_weighted: the same tree, and so the same links, as a whole table's
/// row) and one pass up it; 4 bytes per destination, not per node.
[[nodiscard]] std::vector<std::uint32_t> next_hop_row(const district::District& district,
                                                      const TrafficNetwork& network,
                                                      std::uint32_t from,
                                                      const std::vector<double>& link_time_s);

/// The same for one destination `to` (one without a slot): a tree of its own each call.
[[nodiscard]] std::uint32_t next_hop(const district::District& district,
                                     const TrafficNetwork& network, std::uint32_t from,
                                     std::uint32_t to, const std::vector<double>& link_time_s);

}  // namespace tuntas::traffic
