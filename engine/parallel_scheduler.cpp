#include <algorithm>
#include <atomic>
#include <chrono>
#include <memory>

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/partitioner.h>
#include <tbb/task_arena.h>
#include <time.h>

#include "engine/concurrency_governor.hpp"
#include "engine/schedulers.hpp"

namespace tuntas::engine::detail {

namespace {
using Clock = std::chrono::steady_clock;

/// Per-thread busy time, one cache line each so threads never share one.
struct alignas(64) BusyCounter {
    std::atomic<std::int64_t> nanoseconds{0};
};

/// CPU time the calling thread has used: unlike wall time, it stops while the thread is
/// preempted, so it measures the work itself.
std::int64_t thread_cpu_nanoseconds() noexcept {
    timespec now{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return std::int64_t{now.tv_sec} * 1'000'000'000 + now.tv_nsec;
}

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

    const auto threads = static_cast<int>(config.threads);
    std::vector<BusyCounter> busy(config.threads);
    std::atomic<std::int64_t> window_cpu_ns{0};
    // Explicit happens-before edges between the thread that ends a window and the threads that
    // run the next one. oneTBB already orders them, but inside an uninstrumented libtbb that
    // ThreadSanitizer cannot see; these cost two atomic operations per task.
    std::atomic<std::uint64_t> published_window{0};
    std::atomic<std::uint64_t> finished_tasks{0};
    // Runs body(p) for every partition, one task each, recording each thread's busy time.
    const auto for_each_partition = [&](const auto& body) {
        published_window.fetch_add(1, std::memory_order_release);
        tbb::parallel_for(
            tbb::blocked_range<std::size_t>(0, partition_count, 1),
            [&](const tbb::blocked_range<std::size_t>& range) {
                static_cast<void>(published_window.load(std::memory_order_acquire));
                const auto start = Clock::now();
                const std::int64_t cpu_start = thread_cpu_nanoseconds();
                for (std::size_t p = range.begin(); p != range.end(); ++p) body(p);
                window_cpu_ns.fetch_add(thread_cpu_nanoseconds() - cpu_start,
                                        std::memory_order_relaxed);
                const auto slot = static_cast<std::size_t>(
                    std::max(0, tbb::this_task_arena::current_thread_index()));
                busy[std::min(slot, busy.size() - 1)].nanoseconds.fetch_add(
                    std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - start)
                        .count(),
                    std::memory_order_relaxed);
                finished_tasks.fetch_add(1, std::memory_order_release);
            },
            tbb::simple_partitioner());
        static_cast<void>(finished_tasks.load(std::memory_order_acquire));
    };

    tbb::task_arena arena(threads);
    arena.execute([&] {
        const auto init_start = Clock::now();
        for_each_partition([&](std::size_t p) { runners[p]->init_lps(groups[p]); });
        stats.init_seconds = std::chrono::duration<double>(Clock::now() - init_start).count();
        for (auto& counter : busy) counter.nanoseconds.store(0);

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
            const auto window_start = Clock::now();
            if (governor.mode() == WindowMode::parallel) {
                for_each_partition(run_partition);
                ++stats.parallel_windows;
            } else {
                for (std::size_t p = 0; p < partition_count; ++p) run_partition(p);
                busy[0].nanoseconds.fetch_add(std::chrono::duration_cast<std::chrono::nanoseconds>(
                                                  Clock::now() - window_start)
                                                  .count(),
                                              std::memory_order_relaxed);
            }
            governor.record(std::chrono::duration<double>(Clock::now() - window_start).count(),
                            static_cast<double>(window_cpu_ns.exchange(0)) * 1e-9);
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
        stats.last_event_time = std::max(stats.last_event_time, runner->last_event_time());
    }
    for (const auto& counter : busy) {
        const double busy_seconds = static_cast<double>(counter.nanoseconds.load()) * 1e-9;
        stats.thread_busy_seconds.push_back(busy_seconds);
        stats.thread_idle_seconds.push_back(std::max(0.0, stats.wall_seconds - busy_seconds));
    }
}

}  // namespace tuntas::engine::detail
