#pragma once

#include <utility>
#include <vector>

#include "engine/lp_id.hpp"
#include "engine/partition_map.hpp"
#include "engine/simulation.hpp"
#include "models/mm1/mm1_params.hpp"
#include "models/mm1/server_stats.hpp"

namespace tuntas::mm1 {

/// The LPs one M/M/1 model added: servers[i] is fed by sources[i].
struct Mm1Lps {
    std::vector<engine::LpId> sources;  ///< one per queue
    std::vector<engine::LpId> servers;  ///< one per queue
};

/// Validates `params` (throws engine::UsageError naming the bad parameter).
void validate(const Mm1Params& params);

/// Arrival-rate changes of one queue: (from, factor on the base rate), in time order.
using ArrivalChanges = std::vector<std::pair<engine::Ticks, double>>;

/// Validates `params` and adds params.queue_count source/server pairs to `simulation` (source
/// then server, ids in order from its current count); queue q's arrivals change as
/// `changes[q]` says (no changes when `changes` is shorter).
[[nodiscard]] Mm1Lps add_lps(engine::Simulation& simulation, const Mm1Params& params,
                             const std::vector<ArrivalChanges>& changes = {});

/// Sources in one partition, servers in another when `partitions` >= 2 (so every customer
/// crosses a partition boundary); pairs spread round-robin over the partitions otherwise.
[[nodiscard]] engine::PartitionMap partition(const Mm1Lps& lps, std::size_t lp_count,
                                             std::size_t partitions);

/// The statistics of every server, in queue order (after the run).
[[nodiscard]] std::vector<ServerStats> server_stats(const engine::Simulation& simulation,
                                                    const Mm1Lps& lps);

}  // namespace tuntas::mm1
