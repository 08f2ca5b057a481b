#pragma once

// Internal to the engine: the two schedulers behind Simulation::run.

#include <span>
#include <vector>

#include "engine/partition_runner.hpp"
#include "engine/run_config.hpp"
#include "engine/run_stats.hpp"

namespace tuntas::engine::detail {

/// One queue for every LP, windows of `lookahead` only to place stops exactly where the
/// parallel scheduler places them. The reference.
void run_sequential(const RunShared& shared, const RunConfig& config, RunStats& stats);

/// Partitions in parallel on a oneTBB arena of config.threads threads, a barrier per window.
void run_parallel(const RunShared& shared, const RunConfig& config, RunStats& stats);

/// The end of the window that starts at `start`: start + lookahead, cut at the end time.
[[nodiscard]] Ticks window_end(Ticks start, const RunConfig& config);

/// The LPs of each partition, in id order.
[[nodiscard]] std::vector<std::vector<LpId>> lps_by_partition(const PartitionMap& partitions);

}  // namespace tuntas::engine::detail
