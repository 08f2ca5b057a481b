#include "tools/tuntas/bench_command.hpp"

#include <cstdio>
#include <string>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "models/phold/phold.hpp"
#include "tools/tuntas/cli_error.hpp"
#include "tools/tuntas/json_text.hpp"

namespace tuntas::cli {
namespace {
void run_phold(const PholdBenchArgs& options) {
    const std::size_t partitions = options.partitions > 0 ? options.partitions : options.threads;
    if (partitions > options.params.lp_count) {
        throw input_error(
            fmt::format("--partitions {} exceeds --nlp {}", partitions, options.params.lp_count));
    }
    const auto scheduler =
        options.sequential ? engine::SchedulerKind::sequential : engine::SchedulerKind::parallel;
    const engine::RunStats stats =
        phold::run(options.params, options.seed, scheduler, options.threads, partitions);
    const double expected = options.params.expected_committed();
    const double deviation = (static_cast<double>(stats.committed_events) - expected) / expected;
    const std::string fingerprint = fmt::format("{:016x}", stats.fingerprint);

    if (options.json) {
        const nlohmann::json out{
            {"committed", stats.committed_events},
            {"wall_s", stats.wall_seconds},
            {"events_per_s", stats.events_per_second()},
            {"fingerprint", fingerprint},
            {"expected_committed", expected},
            {"expected_committed_renewal", options.params.expected_committed_renewal()},
            {"committed_deviation", deviation},
            {"windows", stats.windows},
            {"parallel_windows", stats.parallel_windows},
            {"remote_events", stats.remote_events},
            {"init_s", stats.init_seconds},
            {"scheduler", options.sequential ? "sequential" : "parallel"},
            {"threads", options.threads},
            {"partitions", partitions},
            {"seed", options.seed},
            {"thread_busy_s", stats.thread_busy_seconds},
            {"thread_idle_s", stats.thread_idle_seconds},
        };
        fmt::print("{}\n", json_text(out, -1));
        return;
    }
    fmt::print(
        "PHOLD  N={} E={} p={} M={} L={} T={}  {} scheduler, {} thread(s), {} partition(s)\n",
        options.params.lp_count, options.params.start_events, options.params.remote_fraction,
        options.params.mean, options.params.lookahead, options.params.end,
        options.sequential ? "sequential" : "parallel", options.threads, partitions);
    fmt::print("  committed      {:>14}   (N*E*T/M = {:.0f}, {:+.3f} %; with the renewal term "
               "{:.0f} +- {:.0f})\n",
               stats.committed_events, expected, 100.0 * deviation,
               options.params.expected_committed_renewal(), options.params.committed_stddev());
    fmt::print("  wall_s         {:>14.3f}   (event loop; init {:.3f} s)\n", stats.wall_seconds,
               stats.init_seconds);
    fmt::print("  events_per_s   {:>14.0f}\n", stats.events_per_second());
    fmt::print("  windows        {:>14}   ({} run in parallel), remote events {}\n", stats.windows,
               stats.parallel_windows, stats.remote_events);
    for (std::size_t t = 0; t < stats.thread_busy_seconds.size(); ++t) {
        fmt::print("  thread {:<2}      busy {:.3f} s, idle {:.3f} s\n", t,
                   stats.thread_busy_seconds[t], stats.thread_idle_seconds[t]);
    }
    fmt::print("  fingerprint    {}\n", fingerprint);
}

}  // namespace

void bench_phold(const PholdBenchArgs& args) {
    phold::validate(args.params);
    run_phold(args);
}

}  // namespace tuntas::cli
