#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "engine/partition_map.hpp"

namespace tuntas::scenarios {

/// The LPs' partitions: their distinct locality groups, in order, cut into at most `partitions`
/// contiguous blocks of near-equal expected events. A group goes to the block its events'
/// midpoint falls in, so a group with most of the work ends up alone; blocks left empty are
/// dropped (the map may have fewer partitions than asked). `group_of_lp` and
/// `expected_events_of_lp` have one entry per LP. With `strata` (the first group of each model,
/// ascending) every model's groups are spread over the blocks instead, each block taking a
/// contiguous slice of each model, unless a group too big to share would leave the heaviest
/// block more than a tenth heavier than the plain cut's (measured on a Paser day at 2 threads:
/// 7.1-7.5 s against 8.6 s, the models' daily rhythms evening out within each window).
[[nodiscard]] engine::PartitionMap
partition_by_group(const std::vector<std::uint32_t>& group_of_lp,
                   const std::vector<double>& expected_events_of_lp, std::size_t partitions,
                   const std::vector<std::uint32_t>& strata = {});

}  // namespace tuntas::scenarios
