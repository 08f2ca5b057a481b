#include "models/traffic/fastest_path.hpp"

#include <stdexcept>
#include <string>

#include "models/traffic/paths_to.hpp"

namespace tuntas::traffic {

FastestPath fastest_path(const TrafficNetwork& network, std::uint32_t from, std::uint32_t to) {
    FastestPath path;
    if (from == to) return path;
    const PathsTo paths = paths_to(network, to, from);
    if (paths.time[from] == engine::ticks_max) {
        throw std::invalid_argument("no road from node " + std::to_string(from) + " to node " +
                                    std::to_string(to));
    }
    path.time = paths.time[from];
    path.length_m = paths.length_m[from];
    for (std::uint32_t node = from; node != to; node = network.links[path.links.back()].to)
        path.links.push_back(paths.next_link[node]);
    return path;
}

}  // namespace tuntas::traffic
