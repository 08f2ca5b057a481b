#include <algorithm>
#include <chrono>
#include <memory>
#include <numeric>
#include <vector>

#include "engine/partition_tasks.hpp"
#include "engine/schedulers.hpp"

namespace tuntas::engine::detail {

namespace {
using Clock = std::chrono::steady_clock;
}  // namespace

void run_parallel(const RunShared& shared, const RunConfig& config, RunStats& stats) {
    const PartitionMap& partitions = *shared.partitions;
    const std::size_t partition_count = partitions.partition_count();
    const auto groups = lps_by_partition(partitions);

    std::vector<std::unique_ptr<PartitionRunner>> runners;
    runners.reserve(partition_count);
    for (std::size_t p = 0; p < partition_count; ++p) {
        runners.push_back(std::make_unique<PartitionRunner>(static_cast<PartitionId>(p), shared));
    }
    const std::span<const std::unique_ptr<PartitionRunner>> all_runners(runners);

    PartitionTasks tasks(config.threads);
    std::vector<std::size_t> every_partition(partition_count);
    std::iota(every_partition.begin(), every_partition.end(), std::size_t{0});
    // Runs body(p) for every partition, one task each, recording each thread's busy time.
    const auto for_each_partition = [&](const auto& body) { tasks.run(every_partition, body); };

    tasks.execute([&] {
        const auto init_start = Clock::now();
        for_each_partition([&](std::size_t p) { runners[p]->init_lps(groups[p]); });
        stats.init_seconds = std::chrono::duration<double>(Clock::now() - init_start).count();
        tasks.reset_busy();

        const auto loop_start = Clock::now();
        ConcurrencyGovernor governor(config.threads > 1 && partition_count > 1);
        SampleClock samples(config, shared.observer);
        unsigned parity = 0;  // init wrote the outboxes of parity 0
        for (;;) {
            // The next window starts at the earliest pending event anywhere: local queues and
            // the events in flight, whose earliest time each sender recorded.
            Ticks start = ticks_max;
            for (const auto& runner : runners) {
                start = std::min({start, runner->next_local_time(), runner->earliest_sent_time()});
            }
            if (shared.observer != nullptr) {
                std::uint64_t committed = 0;
                for (const auto& runner : runners) committed += runner->committed();
                samples.emit_through(std::min(start, config.end_time), committed);
            }
            if (start >= config.end_time) break;
            const Ticks end = window_end(start, config);
            const unsigned read_parity = parity;
            const unsigned write_parity = parity ^ 1U;
            const auto run_partition = [&](std::size_t p) {
                runners[p]->pull_inbound(all_runners, read_parity);
                runners[p]->run_window(end, write_parity);
            };
            if (tasks.run_window(governor, every_partition, run_partition))
                ++stats.parallel_windows;
            parity = write_parity;
            ++stats.windows;
            if (std::any_of(runners.begin(), runners.end(),
                            [](const auto& runner) { return runner->stop_requested(); })) {
                stats.stopped = true;
                break;
            }
        }
        stats.wall_seconds = std::chrono::duration<double>(Clock::now() - loop_start).count();
    });

    for (const auto& runner : runners) {
        stats.committed_events += runner->committed();
        stats.remote_events += runner->remote_sent();
        stats.deferred_events += runner->deferred_handled();
        stats.deferred_list_peak =
            std::max<std::uint64_t>(stats.deferred_list_peak, runner->deferred_list_peak());
        stats.last_event_time = std::max(stats.last_event_time, runner->last_event_time());
    }
    for (const double busy_seconds : tasks.busy_seconds()) {
        stats.thread_busy_seconds.push_back(busy_seconds);
        stats.thread_idle_seconds.push_back(std::max(0.0, stats.wall_seconds - busy_seconds));
    }
}

}  // namespace tuntas::engine::detail
