#include "tools/tuntas/bench_command.hpp"

#include <cstdio>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "models/phold/phold.hpp"
#include "tools/tuntas/cli_error.hpp"
#include "tools/tuntas/flow_benchmark.hpp"
#include "tools/tuntas/pending_set_benchmark.hpp"

namespace tuntas::cli {
namespace {

struct PholdOptions {
    phold::PholdParams params;
    unsigned threads{1};
    std::size_t partitions{0};  // 0: one per thread
    std::uint64_t seed{1};
    bool sequential{false};
    bool json{false};
};

void run_phold(const PholdOptions& options) {
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
        fmt::print("{}\n", out.dump());
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

void add_phold(CLI::App& bench) {
    auto options = std::make_shared<PholdOptions>();
    auto* cmd =
        bench.add_subcommand("phold", "PHOLD, the standard PDES benchmark, with ROSS's semantics");
    auto& p = options->params;
    cmd->add_option("--nlp", p.lp_count, "number of LPs (N)")
        ->capture_default_str()
        ->check(CLI::PositiveNumber);
    cmd->add_option("--start-events", p.start_events, "start events per LP (E)")
        ->capture_default_str()
        ->check(CLI::PositiveNumber);
    cmd->add_option("--remote", p.remote_fraction, "probability an event goes to a uniform LP (p)")
        ->capture_default_str()
        ->check(CLI::Range(0.0, 1.0));
    cmd->add_option("--mean", p.mean, "mean delay between events, time units (M)")
        ->capture_default_str();
    cmd->add_option("--lookahead", p.lookahead, "fixed part of every delay (L)")
        ->capture_default_str();
    cmd->add_option("--end", p.end, "end time (T); later events are dropped")
        ->capture_default_str();
    cmd->add_option("--threads", options->threads, "worker threads")
        ->capture_default_str()
        ->check(CLI::Range(1U, 1024U));
    cmd->add_option("--partitions", options->partitions,
                    "partitions (contiguous LP blocks); default one per thread");
    cmd->add_option("--seed", options->seed, "random seed")->capture_default_str();
    cmd->add_flag("--sequential", options->sequential,
                  "use the sequential reference scheduler (one queue, no threads)");
    cmd->add_flag("--json", options->json,
                  "print one JSON object (committed, wall_s, events_per_s, fingerprint, ...)");
    cmd->callback([options] {
        phold::validate(options->params);
        run_phold(*options);
    });
}

void add_pending_set(CLI::App& bench) {
    auto* cmd = bench.add_subcommand(
        "pending-set",
        "hold benchmark of the pending-event sets (binary heap, 4-ary heap, calendar queue) "
        "at 1e3, 1e5 and 1e6 pending events; extra --benchmark_* flags go to Google Benchmark");
    cmd->allow_extras();
    cmd->callback([cmd] {
        std::vector<std::string> args = cmd->remaining();
        if (!run_pending_set_benchmark(args)) {
            throw input_error("bench pending-set: unrecognised Google Benchmark arguments");
        }
    });
}

void add_flows(CLI::App& bench) {
    auto* cmd = bench.add_subcommand(
        "flows",
        "flow-level benchmark: 1,000 and 10,000 sessions at once sharing one bottleneck "
        "max-min fairly; sessions finished per CPU second; extra --benchmark_* flags go to "
        "Google Benchmark");
    cmd->allow_extras();
    cmd->callback([cmd] {
        if (!run_flow_benchmark(cmd->remaining())) {
            throw input_error("bench flows: unrecognised Google Benchmark arguments");
        }
    });
}

}  // namespace

void add_bench_command(CLI::App& app) {
    auto* bench = app.add_subcommand("bench", "benchmarks of the engine");
    bench->require_subcommand(1);
    add_phold(*bench);
    add_pending_set(*bench);
    add_flows(*bench);
}

}  // namespace tuntas::cli
