#include <iterator>

#include <catch2/catch.hpp>

#include "engine/concurrency_governor.hpp"

using tuntas::engine::detail::ConcurrencyGovernor;
using tuntas::engine::detail::WindowMode;

namespace {
// Feeds one 20 ms epoch of windows (1 ms each) whose partitions used `speedup` times the wall
// time in CPU time (for serial windows the CPU figure is ignored).
void feed_epoch(ConcurrencyGovernor& governor, double speedup, double seconds = 0.02) {
    for (double t = 0.0; t < seconds - 1e-9; t += 0.001) governor.record(0.001, 0.001 * speedup);
}
}  // namespace

TEST_CASE("engine::ConcurrencyGovernor: keeps parallel windows while they pay", "[engine][unit]") {
    ConcurrencyGovernor governor(true);
    feed_epoch(governor, 1.9, 0.005);  // the first epoch, as short as a trial
    for (int epoch = 0; epoch < 50; ++epoch) {
        REQUIRE(governor.mode() == WindowMode::parallel);
        feed_epoch(governor, 1.9);
    }
}

TEST_CASE("engine::ConcurrencyGovernor: falls back to serial and backs off its trials",
          "[engine][unit]") {
    ConcurrencyGovernor governor(true);
    // A loaded machine: parallel slower than one thread. The first epoch is 5 ms long.
    feed_epoch(governor, 0.8, 0.004);
    CHECK(governor.mode() == WindowMode::parallel);
    feed_epoch(governor, 0.8, 0.001);
    CHECK(governor.mode() == WindowMode::serial);
    // The first trial comes after one serial epoch and lasts 5 ms; each failed trial doubles
    // the wait, up to 64 epochs: 1, 2, 4, ..., 64, 64.
    const int waits[] = {1, 2, 4, 8, 16, 32, 64, 64};
    for (const int& wait : waits) {
        INFO("a wait of " << wait << " serial epochs");
        for (int epoch = 0; epoch < wait; ++epoch) {
            REQUIRE(governor.mode() == WindowMode::serial);
            feed_epoch(governor, 0.0);
        }
        REQUIRE(governor.mode() == WindowMode::parallel);
        if (&wait == &waits[std::size(waits) - 1]) break;  // the last trial succeeds, below
        feed_epoch(governor, 0.9, 0.005);
        REQUIRE(governor.mode() == WindowMode::serial);
    }
    feed_epoch(governor, 1.8, 0.005);  // the other core is free again
    CHECK(governor.mode() == WindowMode::parallel);
    feed_epoch(governor, 1.8);
    CHECK(governor.mode() == WindowMode::parallel);
}

TEST_CASE("engine::ConcurrencyGovernor: one thread is always serial", "[engine][unit]") {
    ConcurrencyGovernor governor(false);
    feed_epoch(governor, 2.0);
    CHECK(governor.mode() == WindowMode::serial);
}
