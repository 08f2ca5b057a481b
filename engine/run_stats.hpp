#pragma once

#include <cstdint>
#include <vector>

#include "engine/ticks.hpp"

namespace tuntas::engine {

/// What a run did: the trajectory fingerprint, counts and where the wall time went.
struct RunStats {
    std::uint64_t fingerprint{0};       ///< 64-bit hash of every LP's event trajectory
    std::uint64_t committed_events{0};  ///< events executed
    std::uint64_t windows{0};           ///< lookahead windows (barriers) passed
    std::uint64_t parallel_windows{0};  ///< windows whose partitions ran on several threads (the
                                        ///< rest ran one after another when that was faster)
    std::uint64_t remote_events{0};     ///< events that crossed a partition boundary
    std::uint64_t deferred_events{0};   ///< events handled where their target kept them
                                        ///< (Context::send_deferrable), not queued
    /// The longest any LP's list of kept events grew, handled ones not yet dropped included
    /// (at most about twice the most it held at once, whatever the run's length).
    std::uint64_t deferred_list_peak{0};
    Ticks last_event_time{0};                 ///< time of the last executed event
    bool stopped{false};                      ///< an LP called Context::stop()
    double wall_seconds{0.0};                 ///< wall time of the event loop (init excluded)
    double init_seconds{0.0};                 ///< wall time of the LPs' init() calls
    std::vector<double> thread_busy_seconds;  ///< per worker thread: time inside partitions
    std::vector<double> thread_idle_seconds;  ///< per worker thread: wall_seconds - busy
    /// Over ranks, per rank: its threads' time inside partitions, summed.
    std::vector<double> rank_busy_seconds;
    /// Over ranks, per rank: its time in the window protocol's collectives (shipping events,
    /// agreeing on the next window): transfer, and waiting for slower ranks.
    std::vector<double> rank_exchange_seconds;

    /// Executed events per wall-clock second of the event loop.
    [[nodiscard]] double events_per_second() const noexcept {
        return wall_seconds > 0.0 ? static_cast<double>(committed_events) / wall_seconds : 0.0;
    }
};

}  // namespace tuntas::engine
