#include "engine/schedulers.hpp"

#include <algorithm>

namespace tuntas::engine::detail {

std::vector<std::vector<LpId>> lps_by_partition(const PartitionMap& partitions) {
    std::vector<std::vector<LpId>> groups(partitions.partition_count());
    for (std::size_t lp = 0; lp < partitions.lp_count(); ++lp) {
        groups[partitions.partition_of(static_cast<LpId>(lp))].push_back(static_cast<LpId>(lp));
    }
    return groups;
}

/// The end of the window that starts at `start`: [start, start + lookahead), cut at the end time.
Ticks window_end(Ticks start, const RunConfig& config) {
    Ticks end =
        start > config.end_time - config.lookahead ? config.end_time : start + config.lookahead;
    if (config.sample_interval > 0) {
        const Ticks next_sample = (start / config.sample_interval + 1) * config.sample_interval;
        end = std::min(end, next_sample);
    }
    return end;
}

}  // namespace tuntas::engine::detail
