#pragma once

// Internal to the engine: how a scheduler runs its partitions' work for a window on oneTBB.

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/partitioner.h>
#include <tbb/task_arena.h>

#include "engine/concurrency_governor.hpp"
#include "engine/cpu_time.hpp"

namespace tuntas::engine::detail {

/// One oneTBB task per partition on an arena of `threads` threads, each thread's time inside
/// tasks counted (RunStats::thread_busy_seconds) and the tasks' CPU time summed for the window
/// (the concurrency governor's figure). Explicit happens-before edges join the thread that
/// starts and ends a window to the tasks: oneTBB orders them already, but inside an
/// uninstrumented libtbb that ThreadSanitizer cannot see; they cost two atomic operations a
/// task.
class PartitionTasks {
public:
    explicit PartitionTasks(unsigned threads)
        : arena_(static_cast<int>(threads)),
          busy_(std::max(threads, 1U)) {}

    /// Runs `work` in the arena (the scheduler's loop, so its tasks use the arena's threads).
    template <class Work>
    void execute(const Work& work) {
        arena_.execute(work);
    }

    /// Runs body(p) for every p of `partitions`, a task each, and returns when all are done.
    template <class Body>
    void run(std::span<const std::size_t> partitions, const Body& body) {
        published_.fetch_add(1, std::memory_order_release);
        arena_.execute([&] {
            tbb::parallel_for(
                tbb::blocked_range<std::size_t>(0, partitions.size(), 1),
                [&](const tbb::blocked_range<std::size_t>& range) {
                    static_cast<void>(published_.load(std::memory_order_acquire));
                    const auto start = std::chrono::steady_clock::now();
                    const std::int64_t cpu_start = thread_cpu_nanoseconds();
                    for (std::size_t k = range.begin(); k != range.end(); ++k) body(partitions[k]);
                    window_cpu_ns_.fetch_add(thread_cpu_nanoseconds() - cpu_start,
                                             std::memory_order_relaxed);
                    const auto slot = static_cast<std::size_t>(
                        std::max(0, tbb::this_task_arena::current_thread_index()));
                    add_busy(slot, std::chrono::steady_clock::now() - start);
                    finished_.fetch_add(1, std::memory_order_release);
                },
                tbb::simple_partitioner());
        });
        static_cast<void>(finished_.load(std::memory_order_acquire));
    }

    /// Runs one window of body(p) for every p of `partitions`: as tasks while `governor` finds
    /// that parallel windows pay, otherwise one after another on this thread (counted as thread
    /// 0's busy time); then tells the governor what the window took. Returns true when the
    /// window ran as tasks. Which way it runs never changes what runs.
    template <class Body>
    bool run_window(ConcurrencyGovernor& governor, std::span<const std::size_t> partitions,
                    const Body& body) {
        const auto start = std::chrono::steady_clock::now();
        const bool parallel = governor.mode() == WindowMode::parallel;
        if (parallel) {
            run(partitions, body);
        } else {
            for (const std::size_t p : partitions) body(p);
            add_busy(0, std::chrono::steady_clock::now() - start);
        }
        governor.record(
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(),
            take_window_cpu_seconds());
        return parallel;
    }

    /// Counts `elapsed` as thread `slot`'s busy time (a window run on one thread, say).
    void add_busy(std::size_t slot, std::chrono::steady_clock::duration elapsed) {
        busy_[std::min(slot, busy_.size() - 1)].nanoseconds.fetch_add(
            std::chrono::duration_cast<std::chrono::nanoseconds>(elapsed).count(),
            std::memory_order_relaxed);
    }
    /// The tasks' CPU time since the last call, seconds.
    [[nodiscard]] double take_window_cpu_seconds() {
        return static_cast<double>(window_cpu_ns_.exchange(0)) * 1e-9;
    }
    /// Forgets the busy time so far (the LPs' init is not the event loop's).
    void reset_busy() {
        for (auto& counter : busy_) counter.nanoseconds.store(0);
    }
    /// Each thread's busy time, seconds.
    [[nodiscard]] std::vector<double> busy_seconds() const {
        std::vector<double> seconds;
        for (const auto& counter : busy_)
            seconds.push_back(static_cast<double>(counter.nanoseconds.load()) * 1e-9);
        return seconds;
    }

private:
    /// Per-thread busy time, one cache line each so threads never share one.
    struct alignas(64) BusyCounter {
        std::atomic<std::int64_t> nanoseconds{0};
    };

    tbb::task_arena arena_;
    std::vector<BusyCounter> busy_;
    std::atomic<std::int64_t> window_cpu_ns_{0};
    std::atomic<std::uint64_t> published_{0};
    std::atomic<std::uint64_t> finished_{0};
};

}  // namespace tuntas::engine::detail
