#pragma once

#include <cstdint>

namespace tuntas::model {

/// Two locality groups whose LPs send each other events (a road link from one cluster of
/// junctions to another, say), and how many over the run, estimated: the partitioning keeps
/// heavily linked groups together, so fewer events cross between partitions (or, over MPI,
/// between ranks).
struct GroupLink {
    std::uint32_t from{0};
    std::uint32_t to{0};
    double expected_events{1.0};
};

}  // namespace tuntas::model
