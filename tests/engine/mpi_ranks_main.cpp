// The window protocol over MPI ranks (run under mpirun -np N): PHOLD and M/M/1 give the
// sequential run's fingerprint, events and windows at threads 1 and 2 and partitions 1, 2 and 8,
// and every M/M/1 server's statistics on the rank that ran it. Exit 0 when all agree.
// With --window-cost: times windows that hold almost no events (a sparse PHOLD, one partition a
// rank), so the wall time per window is the protocol's own cost (exchange and agreement) at
// this rank count, and prints it on rank 0.
#include <cstdio>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "engine/mpi_transport.hpp"
#include "engine/partition_map.hpp"
#include "engine/simulation.hpp"
#include "models/mm1/mm1.hpp"
#include "models/phold/phold.hpp"
#include "tests/support/small_phold.hpp"

using namespace tuntas;

namespace {

int failures = 0;

void expect(bool ok, const std::string& what) {
    if (ok) return;
    ++failures;
    std::fprintf(stderr, "FAILED: %s\n", what.c_str());
}

void check_phold(engine::RankTransport& transport) {
    const phold::PholdParams params = testing::small_phold();
    const auto reference = phold::run(params, 9, engine::SchedulerKind::sequential, 1, 1);
    for (const unsigned threads : {1U, 2U}) {
        for (const std::size_t partitions : {1U, 2U, 8U}) {
            engine::Simulation simulation;
            phold::add_lps(simulation, params);
            auto config = phold::run_config(params, 9, engine::SchedulerKind::parallel, threads);
            config.transport = &transport;
            const auto stats =
                simulation.run(config, engine::PartitionMap::blocks(params.lp_count, partitions));
            const auto label = fmt::format("PHOLD rank {} of {}, threads {}, partitions {}",
                                           transport.rank(), transport.size(), threads, partitions);
            expect(stats.fingerprint == reference.fingerprint, label + ": fingerprint");
            expect(stats.committed_events == reference.committed_events, label + ": events");
            expect(stats.windows == reference.windows, label + ": windows");
        }
    }
}

void check_mm1(engine::RankTransport& transport) {
    const mm1::Mm1Params params{.queue_count = 8,
                                .arrival_rate_per_s = 0.8,
                                .service_rate_per_s = 1.0,
                                .transit_s = 0.5,
                                .duration_s = 5'000.0};
    const auto config_of = [&](engine::SchedulerKind scheduler, unsigned threads) {
        return engine::RunConfig{.seed = 11,
                                 .end_time = engine::ticks_from_seconds(params.duration_s),
                                 .lookahead = engine::ticks_from_seconds(params.transit_s),
                                 .scheduler = scheduler,
                                 .threads = threads};
    };
    engine::Simulation reference_sim;
    const auto reference_lps = mm1::add_lps(reference_sim, params);
    const auto reference =
        reference_sim.run(config_of(engine::SchedulerKind::sequential, 1),
                          mm1::partition(reference_lps, reference_sim.lp_count(), 2));
    const auto reference_servers = mm1::server_stats(reference_sim, reference_lps);
    for (const unsigned threads : {1U, 2U}) {
        engine::Simulation sim;
        const auto lps = mm1::add_lps(sim, params);
        auto config = config_of(engine::SchedulerKind::parallel, threads);
        config.transport = &transport;
        const auto map = mm1::partition(lps, sim.lp_count(), 2);
        const auto stats = sim.run(config, map);
        const auto label = fmt::format("M/M/1 rank {} of {}, threads {}", transport.rank(),
                                       transport.size(), threads);
        expect(stats.fingerprint == reference.fingerprint, label + ": fingerprint");
        expect(stats.committed_events == reference.committed_events, label + ": events");
        // The servers' statistics, where this rank ran them.
        const auto servers = mm1::server_stats(sim, lps);
        for (std::size_t q = 0; q < servers.size(); ++q) {
            const auto partition = map.partition_of(lps.servers[q]);
            if (engine::rank_of_partition(partition, map.partition_count(), transport.size()) !=
                transport.rank())
                continue;
            expect(servers[q].customers == reference_servers[q].customers &&
                       servers[q].total_wait_s == reference_servers[q].total_wait_s,
                   fmt::format("{}: server {}", label, q));
        }
    }
}

}  // namespace

/// Wall microseconds per window of a sparse PHOLD: 64 LPs, one event each, 1 ms lookahead, so
/// most windows hold an event or none; one partition per rank, one thread.
void time_windows(engine::RankTransport& transport) {
    const phold::PholdParams params{.lp_count = 64,
                                    .start_events = 1,
                                    .remote_fraction = 0.5,
                                    .mean = 0.5,
                                    .lookahead = 0.001,
                                    .end = 200.0};
    engine::Simulation simulation;
    phold::add_lps(simulation, params);
    auto config = phold::run_config(params, 3, engine::SchedulerKind::parallel, 1);
    config.transport = &transport;
    const auto stats = simulation.run(
        config,
        engine::PartitionMap::blocks(params.lp_count, static_cast<std::size_t>(transport.size())));
    if (transport.rank() == 0) {
        std::printf("%d MPI rank(s): %llu windows, %llu events, %.2f us a window\n",
                    transport.size(), static_cast<unsigned long long>(stats.windows),
                    static_cast<unsigned long long>(stats.committed_events),
                    stats.wall_seconds * 1e6 / static_cast<double>(stats.windows));
    }
}

int main(int argc, char** argv) {
    engine::MpiSession mpi(argc, argv);
    engine::MpiTransport transport;
    if (argc > 1 && std::string(argv[1]) == "--window-cost") {
        time_windows(transport);
        return 0;
    }
    check_phold(transport);
    check_mm1(transport);
    if (transport.rank() == 0) {
        std::printf("%d MPI rank(s): PHOLD and M/M/1 %s the sequential run\n", transport.size(),
                    failures == 0 ? "agree with" : "DIFFER from");
    }
    return failures == 0 ? 0 : 1;
}
