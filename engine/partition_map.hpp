#pragma once

#include <cstddef>
#include <span>
#include <vector>

#include "engine/lp_id.hpp"

namespace tuntas::engine {

/// Which partition each LP belongs to, and which worker (thread team here, MPI rank later) runs
/// each partition. Both are tables, never assumptions, so a run can be re-mapped without
/// touching the models.
class PartitionMap {
public:
    /// Every LP in partition 0.
    [[nodiscard]] static PartitionMap single(std::size_t lp_count);

    /// LPs split into `partition_count` contiguous blocks of near-equal size (block i holds ids
    /// [i*n/P, (i+1)*n/P)). Requires 1 <= partition_count <= max(lp_count, 1).
    [[nodiscard]] static PartitionMap blocks(std::size_t lp_count, std::size_t partition_count);

    /// An explicit assignment: `partition_of_lp[lp]` for each LP; every partition id below
    /// max+1 must own at least one LP. Throws UsageError otherwise.
    [[nodiscard]] static PartitionMap from_assignment(std::vector<PartitionId> partition_of_lp);

    /// Number of LPs mapped.
    [[nodiscard]] std::size_t lp_count() const noexcept { return partition_of_lp_.size(); }
    /// Number of partitions.
    [[nodiscard]] std::size_t partition_count() const noexcept { return partition_count_; }
    /// The partition of `lp`.
    [[nodiscard]] PartitionId partition_of(LpId lp) const noexcept { return partition_of_lp_[lp]; }
    /// The whole LP -> partition table.
    [[nodiscard]] std::span<const PartitionId> table() const noexcept { return partition_of_lp_; }
    /// The worker (process rank) that runs `partition`; 0 for every partition unless
    /// assign_workers said otherwise.
    [[nodiscard]] std::size_t worker_of(PartitionId partition) const noexcept {
        return worker_of_partition_[partition];
    }
    /// Sets the worker of every partition (one entry each); a run over ranks then runs
    /// partition p on rank worker_of(p) instead of in contiguous blocks. Throws UsageError for a
    /// table of another size.
    void assign_workers(std::vector<std::size_t> worker_of_partition);
    /// True once assign_workers set the workers.
    [[nodiscard]] bool workers_assigned() const noexcept { return workers_assigned_; }

private:
    PartitionMap(std::vector<PartitionId> partition_of_lp, std::size_t partition_count);

    std::vector<PartitionId> partition_of_lp_;
    std::vector<std::size_t> worker_of_partition_;
    std::size_t partition_count_{0};
    bool workers_assigned_{false};
};

}  // namespace tuntas::engine
