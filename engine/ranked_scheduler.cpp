#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstddef>
#include <memory>
#include <vector>

#include "engine/partition_tasks.hpp"
#include "engine/rank_transport.hpp"
#include "engine/schedulers.hpp"

// The conservative window protocol over ranks: each rank runs its own partitions exactly as
// run_parallel runs all of them, and at every window boundary ships the events bound for other
// ranks and agrees with them on the next window's start and on stopping.
namespace tuntas::engine::detail {
namespace {

using Clock = std::chrono::steady_clock;

}  // namespace

void run_ranked(const RunShared& shared, const RunConfig& config, RunStats& stats,
                RankTransport& transport) {
    const PartitionMap& partitions = *shared.partitions;
    const std::size_t partition_count = partitions.partition_count();
    const int ranks = transport.size();
    const int me = transport.rank();
    const auto groups = lps_by_partition(partitions);
    const auto rank_of = [&](std::size_t p) {
        return rank_of_partition(partitions, static_cast<PartitionId>(p), ranks);
    };

    // A runner for every partition (pull_inbound reads every runner's outbox; another rank's
    // stay empty here), run only for this rank's.
    std::vector<std::unique_ptr<PartitionRunner>> runners;
    runners.reserve(partition_count);
    std::vector<std::size_t> mine;
    for (std::size_t p = 0; p < partition_count; ++p) {
        runners.push_back(std::make_unique<PartitionRunner>(static_cast<PartitionId>(p), shared));
        if (rank_of(p) == me) mine.push_back(p);
    }
    const std::span<const std::unique_ptr<PartitionRunner>> all_runners(runners);

    // This thread ships events and calls the transport; the partitions run as tasks (one
    // thread, or windows too small to share: here, one after another). Whether a window runs
    // in parallel is this rank's own choice (as run_parallel makes it): it never changes what
    // runs, only on how many threads.
    PartitionTasks tasks(config.threads);
    ConcurrencyGovernor governor(config.threads > 1 && mine.size() > 1);
    double exchange_seconds = 0.0;  // in the transport's collectives
    // Calls `collective` (an exchange or agreement), counting its time as exchange time.
    const auto in_collective = [&](const auto& collective) {
        const auto start = Clock::now();
        auto result = collective();
        exchange_seconds += std::chrono::duration<double>(Clock::now() - start).count();
        return result;
    };
    // Ships what this rank's partitions sent to other ranks' in the window that wrote
    // `parity`, and queues what the others sent here (before the next window pulls its own).
    const auto ship = [&](unsigned parity) {
        std::vector<std::vector<Event>> outgoing(static_cast<std::size_t>(ranks));
        for (const std::size_t p : mine) {
            for (std::size_t q = 0; q < partition_count; ++q) {
                const int to = rank_of(q);
                if (to == me) continue;
                auto events = runners[p]->take_outbox(parity, static_cast<PartitionId>(q));
                auto& buffer = outgoing[static_cast<std::size_t>(to)];
                buffer.insert(buffer.end(), events.begin(), events.end());
            }
        }
        const auto incoming =
            in_collective([&] { return transport.exchange(std::move(outgoing)); });
        for (const auto& from : incoming) {
            for (const Event& event : from)
                runners[partitions.partition_of(event.target)]->accept(event);
        }
    };

    const auto init_start = Clock::now();
    const auto init_partition = [&](std::size_t p) { runners[p]->init_lps(groups[p]); };
    if (config.threads > 1 && mine.size() > 1) {
        tasks.run(mine, init_partition);
    } else {
        for (const std::size_t p : mine) init_partition(p);
    }
    ship(0);  // init wrote the outboxes of parity 0
    stats.init_seconds = std::chrono::duration<double>(Clock::now() - init_start).count();
    tasks.reset_busy();

    const auto loop_start = Clock::now();
    // Every rank emits the same sample instants (from the agreed window starts), so an observer
    // may meet the other ranks in its calls (RankTransport::gather_to_root).
    SampleClock samples(config, shared.observer);
    unsigned parity = 0;
    bool stop_asked = false;  // after a window, as run_parallel checks it
    for (;;) {
        Ticks local_start = ticks_max;
        for (const std::size_t p : mine) {
            local_start = std::min(
                {local_start, runners[p]->next_local_time(), runners[p]->earliest_sent_time()});
        }
        const WindowAgreement agreed =
            in_collective([&] { return transport.agree(local_start, stop_asked); });
        if (agreed.stop) {
            stats.stopped = true;
            break;
        }
        if (shared.observer != nullptr) {
            std::uint64_t committed = 0;  // this rank's: for progress reports only
            for (const std::size_t p : mine) committed += runners[p]->committed();
            samples.emit_through(std::min(agreed.next_time, config.end_time), committed);
        }
        if (agreed.next_time >= config.end_time) break;
        const Ticks end = window_end(agreed.next_time, config);
        const unsigned read_parity = parity;
        const unsigned write_parity = parity ^ 1U;
        const bool parallel = tasks.run_window(governor, mine, [&](std::size_t p) {
            runners[p]->pull_inbound(all_runners, read_parity);
            runners[p]->run_window(end, write_parity);
        });
        ship(write_parity);
        parity = write_parity;
        ++stats.windows;
        if (parallel) ++stats.parallel_windows;
        stop_asked = std::any_of(mine.begin(), mine.end(),
                                 [&](std::size_t p) { return runners[p]->stop_requested(); });
    }
    stats.wall_seconds = std::chrono::duration<double>(Clock::now() - loop_start).count();
    for (const double busy_seconds : tasks.busy_seconds()) {
        stats.thread_busy_seconds.push_back(busy_seconds);
        stats.thread_idle_seconds.push_back(std::max(0.0, stats.wall_seconds - busy_seconds));
    }

    // The run's totals: every rank's, summed (integers: the same sum in any order), and maxima.
    // One slot each in what a rank sends.
    enum Total : std::size_t {
        committed,
        remote_sent,
        last_event_time,
        busy_ns,
        exchange_ns,
        deferred_handled,
        deferred_list_peak,
        total_count
    };
    std::vector<std::uint64_t> mine_totals(total_count, 0);
    for (const std::size_t p : mine) {
        const PartitionRunner& runner = *runners[p];
        mine_totals[committed] += runner.committed();
        mine_totals[remote_sent] += runner.remote_sent();
        mine_totals[deferred_handled] += runner.deferred_handled();
        mine_totals[deferred_list_peak] =
            std::max<std::uint64_t>(mine_totals[deferred_list_peak], runner.deferred_list_peak());
        mine_totals[last_event_time] = std::max(
            mine_totals[last_event_time], static_cast<std::uint64_t>(runner.last_event_time()));
    }
    const auto nanoseconds = [](double seconds) {
        return static_cast<std::uint64_t>(std::llround(seconds * 1e9));
    };
    for (const double busy_seconds : tasks.busy_seconds())
        mine_totals[busy_ns] += nanoseconds(busy_seconds);
    mine_totals[exchange_ns] = nanoseconds(exchange_seconds);
    const auto totals = transport.all_gather(mine_totals);
    for (std::size_t r = 0; r < static_cast<std::size_t>(ranks); ++r) {
        const auto total = [&](Total t) { return totals[total_count * r + t]; };
        stats.committed_events += total(committed);
        stats.remote_events += total(remote_sent);
        stats.last_event_time =
            std::max(stats.last_event_time, static_cast<Ticks>(total(last_event_time)));
        stats.rank_busy_seconds.push_back(static_cast<double>(total(busy_ns)) * 1e-9);
        stats.rank_exchange_seconds.push_back(static_cast<double>(total(exchange_ns)) * 1e-9);
        stats.deferred_events += total(deferred_handled);
        stats.deferred_list_peak = std::max(stats.deferred_list_peak, total(deferred_list_peak));
    }
}

}  // namespace tuntas::engine::detail
