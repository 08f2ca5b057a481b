#include <thread>
#include <vector>

#include <catch2/catch.hpp>

#include "engine/loopback_transport.hpp"
#include "engine/partition_map.hpp"
#include "engine/simulation.hpp"
#include "models/mm1/mm1.hpp"
#include "models/phold/phold.hpp"
#include "tests/support/small_phold.hpp"

using namespace tuntas;
using testing::small_phold;

namespace {

/// PHOLD over `ranks` loopback ranks, each a thread building its own simulation as a process
/// would, with `threads` threads a rank over `partitions` partitions; every rank's stats.
std::vector<engine::RunStats> run_over_ranks(int ranks, unsigned threads, std::size_t partitions,
                                             std::uint64_t seed) {
    const auto params = small_phold();
    engine::LoopbackNetwork network(ranks);
    std::vector<engine::RunStats> stats(static_cast<std::size_t>(ranks));
    std::vector<std::thread> rank_threads;
    for (int r = 0; r < ranks; ++r) {
        rank_threads.emplace_back([&, r] {
            engine::LoopbackTransport transport(network, r);
            engine::Simulation simulation;
            phold::add_lps(simulation, params);
            auto config = phold::run_config(params, seed, engine::SchedulerKind::parallel, threads);
            config.transport = &transport;
            stats[static_cast<std::size_t>(r)] =
                simulation.run(config, engine::PartitionMap::blocks(params.lp_count, partitions));
        });
    }
    for (auto& thread : rank_threads) thread.join();
    return stats;
}

}  // namespace

TEST_CASE("engine::run_ranked: PHOLD over 1 to 4 loopback ranks gives the sequential run's "
          "fingerprint at any threads and partitions",
          "[engine][determinism]") {
    const auto reference = phold::run(small_phold(), 9, engine::SchedulerKind::sequential, 1, 1);
    REQUIRE(reference.committed_events > 50'000);
    for (const int ranks : {1, 2, 3, 4}) {
        for (const unsigned threads : {1U, 2U}) {
            for (const std::size_t partitions : {1U, 2U, 8U}) {
                CAPTURE(ranks, threads, partitions);
                for (const auto& stats : run_over_ranks(ranks, threads, partitions, 9)) {
                    CHECK(stats.fingerprint == reference.fingerprint);
                    CHECK(stats.committed_events == reference.committed_events);
                    CHECK(stats.windows == reference.windows);
                    CHECK(stats.last_event_time == reference.last_event_time);
                }
            }
        }
    }
}

TEST_CASE("engine::run_ranked: events cross ranks, and the fingerprint sees the seed",
          "[engine][determinism]") {
    // Over 4 ranks and 8 partitions half of PHOLD's sends go to another LP anywhere: most leave
    // their partition, and the remote count is the single-process run's.
    const auto one_process = phold::run(small_phold(), 4, engine::SchedulerKind::parallel, 2, 8);
    const auto ranked = run_over_ranks(4, 1, 8, 4);
    CHECK(ranked.front().remote_events == one_process.remote_events);
    CHECK(ranked.front().remote_events > 10'000);
    CHECK(run_over_ranks(2, 1, 2, 5).front().fingerprint != ranked.front().fingerprint);
}

TEST_CASE("engine::run_ranked: M/M/1 with sources and servers on different ranks gives the "
          "sequential run's fingerprint and every server's waits",
          "[engine][determinism]") {
    // Sources in one partition and servers in the other: every customer crosses a partition,
    // and over 2 ranks a rank. Each server's statistics live on the rank that ran it and must
    // equal the single process's bit for bit.
    const mm1::Mm1Params params{.queue_count = 8,
                                .arrival_rate_per_s = 0.8,
                                .service_rate_per_s = 1.0,
                                .transit_s = 0.5,
                                .duration_s = 5'000.0};
    const auto config_of = [&](engine::SchedulerKind scheduler) {
        return engine::RunConfig{.seed = 11,
                                 .end_time = engine::ticks_from_seconds(params.duration_s),
                                 .lookahead = engine::ticks_from_seconds(params.transit_s),
                                 .scheduler = scheduler,
                                 .threads = 1};
    };
    engine::Simulation reference_sim;
    const auto reference_lps = mm1::add_lps(reference_sim, params);
    const auto reference =
        reference_sim.run(config_of(engine::SchedulerKind::sequential),
                          mm1::partition(reference_lps, reference_sim.lp_count(), 2));
    const auto reference_servers = mm1::server_stats(reference_sim, reference_lps);
    REQUIRE(reference_servers.front().customers > 1000);

    for (const int ranks : {1, 2}) {
        CAPTURE(ranks);
        engine::LoopbackNetwork network(ranks);
        std::vector<engine::RunStats> stats(static_cast<std::size_t>(ranks));
        std::vector<std::vector<mm1::ServerStats>> servers(static_cast<std::size_t>(ranks));
        std::vector<std::thread> rank_threads;
        for (int r = 0; r < ranks; ++r) {
            rank_threads.emplace_back([&, r] {
                engine::LoopbackTransport transport(network, r);
                engine::Simulation sim;
                const auto lps = mm1::add_lps(sim, params);
                auto config = config_of(engine::SchedulerKind::parallel);
                config.transport = &transport;
                stats[static_cast<std::size_t>(r)] =
                    sim.run(config, mm1::partition(lps, sim.lp_count(), 2));
                servers[static_cast<std::size_t>(r)] = mm1::server_stats(sim, lps);
            });
        }
        for (auto& thread : rank_threads) thread.join();
        for (const auto& run : stats) {
            CHECK(run.fingerprint == reference.fingerprint);
            CHECK(run.committed_events == reference.committed_events);
        }
        // The servers' partition (1) is the last rank's.
        const auto& ran_servers = servers.back();
        for (std::size_t q = 0; q < reference_servers.size(); ++q) {
            CAPTURE(q);
            CHECK(ran_servers[q].customers == reference_servers[q].customers);
            CHECK(ran_servers[q].total_wait_s == reference_servers[q].total_wait_s);
        }
    }
}
