#include "models/traffic/paths_to.hpp"

#include <functional>
#include <limits>
#include <queue>
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

}  // namespace tuntas::traffic
