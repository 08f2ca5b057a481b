#include <chrono>
#include <numeric>

#include "engine/schedulers.hpp"

namespace tuntas::engine::detail {

namespace {
using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}
}  // namespace

void run_sequential(const RunShared& shared, const RunConfig& config, RunStats& stats) {
    std::vector<LpId> all(shared.lps.size());
    std::iota(all.begin(), all.end(), LpId{0});
    PartitionRunner runner(0, shared);

    const auto init_start = Clock::now();
    runner.init_lps(all);
    stats.init_seconds = seconds_since(init_start);

    const auto loop_start = Clock::now();
    SampleClock samples(config, shared.observer);
    while (!runner.stop_requested()) {
        const Ticks start = runner.next_local_time();
        samples.emit_through(std::min(start, config.end_time), runner.committed());
        if (start >= config.end_time) break;
        runner.run_window(window_end(start, config), 0);
        ++stats.windows;
    }
    stats.wall_seconds = seconds_since(loop_start);
    stats.committed_events = runner.committed();
    stats.remote_events = runner.remote_sent();
    stats.deferred_events = runner.deferred_handled();
    stats.deferred_list_peak = runner.deferred_list_peak();
    stats.last_event_time = runner.last_event_time();
    stats.stopped = runner.stop_requested();
    stats.thread_busy_seconds = {stats.wall_seconds};
    stats.thread_idle_seconds = {0.0};
}

}  // namespace tuntas::engine::detail
