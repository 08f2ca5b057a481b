#pragma once

#include <cmath>
#include <cstdint>

#include "engine/distributions.hpp"
#include "engine/random_stream.hpp"
#include "engine/ticks.hpp"
#include "models/traffic/traffic_network.hpp"

namespace tuntas::testing {

/// Gives every link of `network` a free-flow time of whole seconds, drawn from 5-25 s with
/// `seed`: on a town grid many paths then take exactly as long, the ties path-finding tests want.
inline void whole_second_links(traffic::TrafficNetwork& network, std::uint64_t seed) {
    engine::RandomStream random(seed, 0);
    for (auto& link : network.links) {
        link.free_flow = engine::ticks_per_second *
                         static_cast<engine::Ticks>(std::round(engine::uniform(random, 5.0, 25.0)));
    }
}

}  // namespace tuntas::testing
