#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "engine/event.hpp"
#include "engine/partition_map.hpp"
#include "engine/ticks.hpp"

namespace tuntas::engine {

/// What the ranks agree at a window's boundary.
struct WindowAgreement {
    Ticks next_time{ticks_max};  ///< the earliest pending event on any rank
    bool stop{false};            ///< some LP on some rank asked the run to stop
};

/// How the ranks of a run spread over processes (or machines) talk: the conservative window
/// protocol's only collective steps. At each window boundary every rank ships the events its
/// partitions sent to other ranks' partitions (one buffer per rank, empty ones too), and all
/// agree on the next window's start and on stopping; at the end they gather the figures that
/// make the run's fingerprint and totals. Nothing else crosses: events are plain values, and
/// inbound events are ordered by their full key (time, sender, sequence), never by arrival, so a
/// run gives the same fingerprint at any rank count. An implementation is either the in-process
/// loopback (LoopbackTransport: N ranks as threads, to test the protocol without MPI) or MPI.
class RankTransport {
public:
    virtual ~RankTransport() = default;

    /// This rank, 0 .. size() - 1.
    [[nodiscard]] virtual int rank() const = 0;
    /// The number of ranks.
    [[nodiscard]] virtual int size() const = 0;
    /// Sends `outgoing[r]` to rank r for every r (outgoing has size() buffers; this rank's own is
    /// ignored) and returns what every rank sent to this one, by sender. Collective.
    [[nodiscard]] virtual std::vector<std::vector<Event>>
    exchange(std::vector<std::vector<Event>> outgoing) = 0;
    /// The minimum of `next_time` and the OR of `stop` over all ranks. Collective.
    [[nodiscard]] virtual WindowAgreement agree(Ticks next_time, bool stop) = 0;
    /// Every rank's `values` (the same count on each), concatenated in rank order. Collective.
    [[nodiscard]] virtual std::vector<std::uint64_t>
    all_gather(const std::vector<std::uint64_t>& values) = 0;
    /// Every rank's `bytes` (any count on each) on rank 0, by rank; nothing on the others.
    /// Collective: what the ranks' models sampled or summed up goes to the rank that writes the
    /// result.
    [[nodiscard]] virtual std::vector<std::vector<std::uint8_t>>
    gather_to_root(std::vector<std::uint8_t> bytes) = 0;
};

/// The rank that runs partition `partition` of `partitions` over `ranks` ranks: contiguous
/// blocks, so neighbouring partitions (and the locality groups in them) share a rank.
[[nodiscard]] constexpr int rank_of_partition(std::size_t partition, std::size_t partitions,
                                              int ranks) noexcept {
    return static_cast<int>(partition * static_cast<std::size_t>(ranks) / partitions);
}

/// The rank that runs `partition` of `map` over `ranks` ranks: the map's worker when it has a
/// worker table (PartitionMap::assign_workers), contiguous blocks otherwise.
[[nodiscard]] inline int rank_of_partition(const PartitionMap& map, PartitionId partition,
                                           int ranks) noexcept {
    return map.workers_assigned() ? static_cast<int>(map.worker_of(partition))
                                  : rank_of_partition(partition, map.partition_count(), ranks);
}

}  // namespace tuntas::engine
