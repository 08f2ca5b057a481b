#pragma once

#include <cstdint>

#include "engine/ticks.hpp"

namespace tuntas::model {

/// Two locality groups whose LPs send each other events (a road link from one cluster of
/// junctions to another, say), how many over the run, estimated, and the least delay of any of
/// them: the partitioning keeps heavily linked groups together, so fewer events cross between
/// partitions (or, over MPI, between ranks), and the run's lookahead is the least delay of the
/// links it cuts (and of the models' floor, Assembly::require_lookahead), so cutting only slow
/// links makes longer windows.
struct GroupLink {
    std::uint32_t from{0};
    std::uint32_t to{0};
    double expected_events{1.0};
    engine::Ticks least_delay{engine::ticks_max};  ///< ticks_max: not stated (the floor holds)
};

}  // namespace tuntas::model
