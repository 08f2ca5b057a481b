#pragma once

#include <cstdint>

#include "engine/ticks.hpp"

namespace tuntas::traffic {

/// A turn through a junction, from one of its incoming links onto one of its outgoing links:
/// what it costs, when a signal lets it go and which queue at the end of its incoming link it
/// waits in (turns that share a lane share a queue; SUMO meso's queue per lane group).
struct Movement {
    engine::Ticks turn{0};               ///< time to cross the junction (SUMO's internal lanes)
    std::uint64_t green_phases{0};       ///< phases that let this turn go at a signalised node
                                         ///< (bit p: phase p); 0: its link's phases
    std::uint64_t permissive_phases{0};  ///< of those, the phases in which it gives way to
                                         ///< the protected turns from the node's other links
                                         ///< (SUMO's 'g': a left turn across oncoming traffic)
    double headway_factor{1.0};          ///< link lanes / lanes of its queue: a queue on fewer
                                         ///< lanes leaves that much slower than the whole link
    std::uint8_t queue{0};               ///< its queue at the incoming link's end (0 .. queues - 1)
};

}  // namespace tuntas::traffic
