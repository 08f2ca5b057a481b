#include <cmath>

#include <catch2/catch.hpp>

#include "models/mm1/mm1.hpp"

using namespace tuntas;

namespace {

struct Mm1Run {
    engine::RunStats stats;
    std::vector<mm1::ServerStats> servers;
};

Mm1Run run_mm1(const mm1::Mm1Params& params, engine::SchedulerKind scheduler, unsigned threads,
               std::size_t partitions, std::uint64_t seed) {
    engine::Simulation sim;
    const auto lps = mm1::add_lps(sim, params);
    const auto map = mm1::partition(lps, sim.lp_count(), partitions);
    const engine::RunConfig config{.seed = seed,
                                   .end_time = engine::ticks_from_seconds(params.duration_s),
                                   .lookahead = engine::ticks_from_seconds(params.transit_s),
                                   .scheduler = scheduler,
                                   .threads = threads};
    Mm1Run run;
    run.stats = sim.run(config, map);
    run.servers = mm1::server_stats(sim, lps);
    return run;
}

}  // namespace

TEST_CASE("mm1: mean waiting time matches rho / (mu - lambda)", "[mm1][validation]") {
    // 16 independent queues at rho = 0.5 (Wq = 1 s) and rho = 0.8 (Wq = 4 s). The tolerance is
    // statistical: 4 standard errors of the grand mean, estimated from the spread of the 16
    // independent queue means. The standard error must itself be small (< 4 % of Wq) so the
    // check has teeth.
    for (const double lambda : {0.5, 0.8}) {
        CAPTURE(lambda);
        const mm1::Mm1Params params{.queue_count = 16,
                                    .arrival_rate_per_s = lambda,
                                    .service_rate_per_s = 1.0,
                                    .transit_s = 0.5,
                                    .warmup_s = 1'000.0,
                                    .duration_s = 101'000.0};
        const auto run = run_mm1(params, engine::SchedulerKind::parallel, 2, 4, 2024);
        double sum = 0.0;
        double sum_sq = 0.0;
        for (const auto& server : run.servers) {
            REQUIRE(server.customers > 40'000);
            sum += server.mean_wait_s();
            sum_sq += server.mean_wait_s() * server.mean_wait_s();
        }
        const double k = static_cast<double>(run.servers.size());
        const double mean = sum / k;
        const double spread = std::sqrt((sum_sq - k * mean * mean) / (k - 1.0));
        const double standard_error = spread / std::sqrt(k);
        const double theory = params.theoretical_mean_wait_s();
        CAPTURE(mean, theory, standard_error);
        CHECK(standard_error < 0.04 * theory);
        CHECK(std::abs(mean - theory) < 4.0 * standard_error);
    }
}

TEST_CASE("mm1: same fingerprint and statistics at every thread count and partitioning",
          "[mm1][determinism]") {
    const mm1::Mm1Params params{.queue_count = 6,
                                .arrival_rate_per_s = 0.7,
                                .service_rate_per_s = 1.0,
                                .transit_s = 0.25,
                                .warmup_s = 0.0,
                                .duration_s = 5'000.0};
    const auto reference = run_mm1(params, engine::SchedulerKind::sequential, 1, 1, 77);
    for (const unsigned threads : {1U, 2U, 4U}) {
        for (const std::size_t partitions : {1U, 2U, 8U}) {
            CAPTURE(threads, partitions);
            const auto run =
                run_mm1(params, engine::SchedulerKind::parallel, threads, partitions, 77);
            CHECK(run.stats.fingerprint == reference.stats.fingerprint);
            for (std::size_t q = 0; q < run.servers.size(); ++q) {
                CHECK(run.servers[q].customers == reference.servers[q].customers);
                CHECK(run.servers[q].total_wait_s == reference.servers[q].total_wait_s);
            }
        }
    }
}
