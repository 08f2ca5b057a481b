#include "models/traffic/paths_to.hpp"

#include <functional>
#include <limits>
#include <queue>
#include <stdexcept>
#include <string>
#include <utility>

namespace tuntas::traffic {

PathsTo paths_to(const TrafficNetwork& network, std::uint32_t destination, std::uint32_t stop_at) {
    const std::size_t nodes = network.in_links.size();
    PathsTo paths{std::vector<engine::Ticks>(nodes, engine::ticks_max),
                  std::vector<double>(nodes, std::numeric_limits<double>::infinity()),
                  std::vector<std::uint32_t>(nodes, TrafficNetwork::no_link)};
    using Entry = std::pair<engine::Ticks, std::uint32_t>;
    std::priority_queue<Entry, std::vector<Entry>, std::greater<>> frontier;
    paths.time[destination] = 0;
    paths.length_m[destination] = 0.0;
    frontier.emplace(0, destination);
    while (!frontier.empty()) {
        const auto [time, node] = frontier.top();
        frontier.pop();
        if (time > paths.time[node]) continue;
        if (node == stop_at) break;
        for (const std::uint32_t link : network.in_links[node]) {
            const auto& l = network.links[link];
            const engine::Ticks via = time + l.free_flow;
            if (via < paths.time[l.from]) {
                paths.time[l.from] = via;
                paths.length_m[l.from] = paths.length_m[node] + l.length_m;
                paths.next_link[l.from] = link;
                frontier.emplace(via, l.from);
            }
        }
    }
    return paths;
}

std::vector<std::uint32_t> fastest_path(const TrafficNetwork& network, std::uint32_t from,
                                        std::uint32_t to) {
    std::vector<std::uint32_t> links;
    if (from == to) return links;
    const PathsTo paths = paths_to(network, to, from);
    if (paths.time[from] == engine::ticks_max) {
        throw std::invalid_argument("no road from node " + std::to_string(from) + " to node " +
                                    std::to_string(to));
    }
    for (std::uint32_t node = from; node != to; node = network.links[links.back()].to)
        links.push_back(paths.next_link[node]);
    return links;
}

}  // namespace tuntas::traffic
