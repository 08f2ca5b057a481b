#include "engine/partition_map.hpp"

#include <algorithm>
#include <string>

#include "engine/error.hpp"

namespace tuntas::engine {

PartitionMap::PartitionMap(std::vector<PartitionId> partition_of_lp, std::size_t partition_count)
    : partition_of_lp_(std::move(partition_of_lp)),
      worker_of_partition_(partition_count, 0),
      partition_count_(partition_count) {}

PartitionMap PartitionMap::single(std::size_t lp_count) {
    return PartitionMap(std::vector<PartitionId>(lp_count, 0), 1);
}

PartitionMap PartitionMap::blocks(std::size_t lp_count, std::size_t partition_count) {
    if (partition_count == 0 || partition_count > std::max<std::size_t>(lp_count, 1)) {
        throw UsageError("partition map: " + std::to_string(partition_count) + " partitions for " +
                         std::to_string(lp_count) + " LPs (need 1 <= partitions <= LPs)");
    }
    std::vector<PartitionId> table(lp_count);
    for (std::size_t p = 0; p < partition_count; ++p) {
        const std::size_t begin = p * lp_count / partition_count;
        const std::size_t end = (p + 1) * lp_count / partition_count;
        std::fill(table.begin() + static_cast<std::ptrdiff_t>(begin),
                  table.begin() + static_cast<std::ptrdiff_t>(end), static_cast<PartitionId>(p));
    }
    return PartitionMap(std::move(table), partition_count);
}

PartitionMap PartitionMap::from_assignment(std::vector<PartitionId> partition_of_lp) {
    if (partition_of_lp.empty()) return single(0);
    const PartitionId highest = *std::max_element(partition_of_lp.begin(), partition_of_lp.end());
    std::vector<bool> used(std::size_t{highest} + 1, false);
    for (const PartitionId p : partition_of_lp) used[p] = true;
    const auto unused = std::find(used.begin(), used.end(), false);
    if (unused != used.end()) {
        throw UsageError("partition map: partition " + std::to_string(unused - used.begin()) +
                         " of " + std::to_string(used.size()) + " owns no LP");
    }
    return PartitionMap(std::move(partition_of_lp), std::size_t{highest} + 1);
}

void PartitionMap::assign_workers(std::vector<std::size_t> worker_of_partition) {
    if (worker_of_partition.size() != partition_count_) {
        throw UsageError("partition map: " + std::to_string(worker_of_partition.size()) +
                         " workers given for " + std::to_string(partition_count_) + " partitions");
    }
    worker_of_partition_ = std::move(worker_of_partition);
    workers_assigned_ = true;
}

}  // namespace tuntas::engine
