#pragma once

#include <cstdint>

namespace tuntas::engine {

/// Identifies a logical process: dense, 0-based, assigned in the order LPs are added.
using LpId = std::uint32_t;

/// Identifies a partition (a group of LPs that one worker runs in a window): dense, 0-based.
using PartitionId = std::uint32_t;

}  // namespace tuntas::engine
