#pragma once

#include <cstdint>

#include "engine/ticks.hpp"

namespace tuntas::engine {

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
};

}  // namespace tuntas::engine
