#include <cmath>

#include <catch2/catch.hpp>

#include "engine/simulation.hpp"
#include "models/phold/phold.hpp"
#include "models/phold/phold_lp.hpp"

using namespace tuntas;

TEST_CASE("phold::PholdLp: committed count matches N*E*T/M within 0.5 %", "[phold][validation]") {
    // Each of the N*E event chains is a renewal process with mean gap M, so the count over
    // [0, T) is N*E*T/M up to a start-up term; its relative standard deviation is about
    // sqrt(var/mean^2 / count) < 0.1 % here.
    for (const double remote : {0.0, 0.1, 0.9}) {
        CAPTURE(remote);
        const phold::PholdParams params{.lp_count = 2048,
                                        .start_events = 2,
                                        .remote_fraction = remote,
                                        .mean = 1.0,
                                        .lookahead = 0.1,
                                        .end = 100.0};
        const auto stats = phold::run(params, 5, engine::SchedulerKind::parallel, 2, 4);
        const double expected = params.expected_committed();
        CHECK(std::abs(static_cast<double>(stats.committed_events) - expected) / expected < 0.005);
    }
}

TEST_CASE("phold::PholdLp: short runs match the renewal-theory count", "[phold][validation]") {
    // T = 20 as in W3: the first-order count N*E*T/M overestimates by (1 - Var X / M^2) / 2 per
    // chain (0.475 % here); the second-order renewal expectation must hold within 4 sigma.
    const phold::PholdParams params{.lp_count = 4096,
                                    .start_events = 16,
                                    .remote_fraction = 0.1,
                                    .mean = 1.0,
                                    .lookahead = 0.1,
                                    .end = 20.0};
    for (const std::uint64_t seed : {1U, 2U, 3U}) {
        CAPTURE(seed);
        const auto stats = phold::run(params, seed, engine::SchedulerKind::parallel, 2, 2);
        const double committed = static_cast<double>(stats.committed_events);
        CHECK(std::abs(committed - params.expected_committed_renewal()) <
              4.0 * params.committed_stddev());
        CHECK(committed < params.expected_committed());
    }
}

TEST_CASE("phold::PholdLp: every committed event is handled by exactly one LP",
          "[phold][property]") {
    const phold::PholdParams params{.lp_count = 300,
                                    .start_events = 3,
                                    .remote_fraction = 0.3,
                                    .mean = 2.0,
                                    .lookahead = 0.5,
                                    .end = 40.0};
    engine::Simulation sim;
    phold::add_lps(sim, params);
    const auto stats = sim.run(phold::run_config(params, 8, engine::SchedulerKind::parallel, 2),
                               engine::PartitionMap::blocks(params.lp_count, 3));
    std::uint64_t handled = 0;
    for (engine::LpId lp = 0; lp < params.lp_count; ++lp) {
        handled += dynamic_cast<const phold::PholdLp&>(sim.lp(lp)).events_handled();
    }
    CHECK(handled == stats.committed_events);
    // With p = 0.3 and 3 equal blocks, a send crosses a boundary with probability 0.3 * 2/3.
    // Every executed event sends one event, except that each of the N*E chains loses its last
    // send past the end; the init sends stay local. Remote sends are binomial: allow 4 sigma.
    const auto chains = static_cast<double>(params.lp_count) * params.start_events;
    const double sends = static_cast<double>(stats.committed_events) - chains;
    const double p_cross = 0.3 * 2.0 / 3.0;
    const double sigma = std::sqrt(sends * p_cross * (1.0 - p_cross));
    CHECK(std::abs(static_cast<double>(stats.remote_events) - p_cross * sends) < 4.0 * sigma);
}

TEST_CASE("phold::validate: bad parameters name the option", "[phold][unit]") {
    phold::PholdParams params;
    params.lookahead = 2.0;
    CHECK_THROWS_WITH(phold::validate(params), "phold: --mean must be greater than --lookahead");
    params = {};
    params.remote_fraction = 1.5;
    CHECK_THROWS_WITH(phold::validate(params), "phold: --remote must be in [0, 1]");
}
