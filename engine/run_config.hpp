#pragma once

#include <cstdint>

#include "engine/ticks.hpp"

namespace tuntas::engine {

class RankTransport;

/// How a run is scheduled; the results are identical for both.
enum class SchedulerKind {
    sequential,  ///< one pending set, one thread: the reference
    parallel,    ///< conservative windows over partitions on oneTBB
};

/// What a run needs beyond its LPs and their partition map.
struct RunConfig {
    std::uint64_t seed{1};      ///< seeds every LP's random stream with (seed, LP id)
    Ticks end_time{ticks_max};  ///< events at or after this time are not executed
    Ticks lookahead{1};         ///< the least delay of a cross-partition event (> 0)
    SchedulerKind scheduler{SchedulerKind::parallel};  ///< sequential reference or parallel
    unsigned threads{1};       ///< worker threads for the parallel scheduler (>= 1)
    Ticks sample_interval{0};  ///< RunObserver::on_sample every this many ticks; 0: never
    /// Null: this process runs every partition. Otherwise this process is one rank of a run
    /// spread over ranks (the partition map's workers, or contiguous blocks: rank_of_partition):
    /// it runs its own partitions on `threads` threads and meets the other ranks through the
    /// transport at every window boundary (parallel scheduler only). Every rank builds the same
    /// LPs, gets the same RunStats (fingerprint, events, windows) and calls its observer at the
    /// same sample instants (where it may read only its own partitions' LPs).
    RankTransport* transport{nullptr};
};

}  // namespace tuntas::engine
