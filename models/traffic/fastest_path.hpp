#pragma once

#include <cstdint>
#include <vector>

#include "engine/ticks.hpp"
#include "models/traffic/traffic_network.hpp"

namespace tuntas::traffic {

/// A free-flow fastest path: its links in order, its time and its length.
struct FastestPath {
    std::vector<std::uint32_t> links;
    engine::Ticks time{0};
    double length_m{0.0};
};

/// The free-flow fastest path from `from` to `to` that paths_to's tree into `to` gives (its
/// time and length the tree's, to the bit; no links when from == to), found by paths_to
/// stopped at `from`. Throws std::invalid_argument when there is none.
[[nodiscard]] FastestPath fastest_path(const TrafficNetwork& network, std::uint32_t from,
                                       std::uint32_t to);

}  // namespace tuntas::traffic
