#pragma once

// Internal to the engine: the two schedulers behind Simulation::run.

#include <span>
#include <vector>

#include "engine/partition_runner.hpp"
#include "engine/rank_transport.hpp"
#include "engine/run_config.hpp"
#include "engine/run_stats.hpp"

namespace tuntas::engine::detail {

/// One queue for every LP, windows of `lookahead` only to place stops exactly where the
/// parallel scheduler places them. The reference.
void run_sequential(const RunShared& shared, const RunConfig& config, RunStats& stats);

/// Partitions in parallel on a oneTBB arena of config.threads threads, a barrier per window.
void run_parallel(const RunShared& shared, const RunConfig& config, RunStats& stats);

/// This process's share of a run over ranks (RunConfig::transport): its partitions on a oneTBB
/// arena, the other ranks met at every window boundary; `stats` are the whole run's.
void run_ranked(const RunShared& shared, const RunConfig& config, RunStats& stats,
                RankTransport& transport);

/// The end of the window that starts at `start`: start + lookahead, cut at the end time and at
/// the next sample instant after `start`, so that samples fall on window boundaries.
[[nodiscard]] Ticks window_end(Ticks start, const RunConfig& config);

/// Emits the sample instants of a run, in order, to its observer.
class SampleClock {
public:
    SampleClock(const RunConfig& config, RunObserver* observer) noexcept
        : observer_(config.sample_interval > 0 ? observer : nullptr),
          interval_(config.sample_interval),
          end_(config.end_time) {}

    /// Emits every sample instant <= `time` not yet emitted (never past the end time).
    void emit_through(Ticks time, std::uint64_t committed_events) {
        if (observer_ == nullptr) return;
        while (next_ <= time && next_ <= end_) {
            observer_->on_sample(next_, committed_events);
            if (next_ > end_ - interval_) {
                next_ = ticks_max;
                break;
            }
            next_ += interval_;
        }
    }

private:
    RunObserver* observer_;
    Ticks interval_;
    Ticks end_;
    Ticks next_{0};
};

/// The LPs of each partition, in id order.
[[nodiscard]] std::vector<std::vector<LpId>> lps_by_partition(const PartitionMap& partitions);

}  // namespace tuntas::engine::detail
