#pragma once

#include "engine/partition_map.hpp"
#include "engine/run_config.hpp"
#include "engine/run_stats.hpp"
#include "engine/simulation.hpp"
#include "models/phold/phold_params.hpp"

namespace tuntas::phold {

/// Validates `params` (throws engine::UsageError naming the bad parameter).
void validate(const PholdParams& params);

/// Adds params.lp_count PHOLD LPs to `simulation` (ids in order from its current count).
void add_lps(engine::Simulation& simulation, const PholdParams& params);

/// A run configuration for PHOLD: its end time and lookahead, with the given seed, scheduler
/// and threads.
[[nodiscard]] engine::RunConfig run_config(const PholdParams& params, std::uint64_t seed,
                                           engine::SchedulerKind scheduler, unsigned threads);

/// Builds and runs PHOLD over `partitions` contiguous blocks of LPs.
[[nodiscard]] engine::RunStats run(const PholdParams& params, std::uint64_t seed,
                                   engine::SchedulerKind scheduler, unsigned threads,
                                   std::size_t partitions);

}  // namespace tuntas::phold
