#include "models/traffic/next_hops.hpp"

#include <algorithm>

namespace tuntas::traffic {
namespace {

constexpr std::uint32_t unknown = TrafficNetwork::no_link - 1;

/// The first link on the tree path from `from` to `to` (no_link: none), each node's answer
/// kept in `first` so that every node is walked once over all the calls of one tree.
std::uint32_t first_link(const TrafficNetwork& network, const std::vector<std::uint32_t>& tree,
                         std::uint32_t from, std::uint32_t to, std::vector<std::uint32_t>& first,
                         std::vector<std::uint32_t>& walked) {
    walked.clear();
    std::uint32_t node = to;
    std::uint32_t answer = TrafficNetwork::no_link;
    while (true) {
        if (node == from || tree[node] == district::District::no_link) break;  // none
        if (first[node] != unknown) {
            answer = first[node];
            break;
        }
        walked.push_back(node);
        const std::uint32_t previous = network.links[tree[node]].from;
        if (previous == from) {
            answer = tree[node];
            break;
        }
        node = previous;
    }
    for (const std::uint32_t n : walked) first[n] = answer;
    return answer;
}

}  // namespace

void set_destinations(TrafficNetwork& network, std::vector<std::uint32_t> destinations) {
    std::sort(destinations.begin(), destinations.end());
    destinations.erase(std::unique(destinations.begin(), destinations.end()), destinations.end());
    network.destination_slot.assign(network.in_links.size(), TrafficNetwork::no_link);
    network.destinations = destinations;
    for (std::uint32_t slot = 0; slot < destinations.size(); ++slot)
        network.destination_slot[destinations[slot]] = slot;
}

std::vector<std::uint32_t> next_hop_row(const district::District& district,
                                        const TrafficNetwork& network, std::uint32_t from,
                                        const std::vector<double>& link_time_s) {
    const auto tree = district.fastest_tree_weighted(from, link_time_s);
    std::vector<std::uint32_t> first(tree.size(), unknown);
    std::vector<std::uint32_t> walked;
    std::vector<std::uint32_t> row(network.destinations.size(), TrafficNetwork::no_link);
    for (std::size_t slot = 0; slot < row.size(); ++slot)
        row[slot] = first_link(network, tree, from, network.destinations[slot], first, walked);
    return row;
}

std::uint32_t next_hop(const district::District& district, const TrafficNetwork& network,
                       std::uint32_t from, std::uint32_t to,
                       const std::vector<double>& link_time_s) {
    const auto tree = district.fastest_tree_weighted(from, link_time_s);
    std::vector<std::uint32_t> first(tree.size(), unknown);
    std::vector<std::uint32_t> walked;
    return first_link(network, tree, from, to, first, walked);
}

}  // namespace tuntas::traffic
