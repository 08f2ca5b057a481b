#include <catch2/catch.hpp>

#include "models/phold/phold.hpp"
#include "tests/support/small_phold.hpp"

using namespace tuntas;
using testing::small_phold;

TEST_CASE("engine::Scheduler: fingerprint is independent of threads and partitions",
          "[engine][determinism]") {
    const auto params = small_phold();
    const auto reference = phold::run(params, 9, engine::SchedulerKind::sequential, 1, 1);
    REQUIRE(reference.committed_events > 50'000);
    for (const unsigned threads : {1U, 2U, 4U}) {
        for (const std::size_t partitions : {1U, 2U, 8U}) {
            CAPTURE(threads, partitions);
            const auto stats =
                phold::run(params, 9, engine::SchedulerKind::parallel, threads, partitions);
            CHECK(stats.fingerprint == reference.fingerprint);
            CHECK(stats.committed_events == reference.committed_events);
            CHECK(stats.windows == reference.windows);
            CHECK(stats.last_event_time == reference.last_event_time);
        }
    }
}

TEST_CASE("engine::Scheduler: the fingerprint sees a different seed", "[engine][determinism]") {
    const auto params = small_phold();
    const auto a = phold::run(params, 1, engine::SchedulerKind::parallel, 2, 2);
    const auto b = phold::run(params, 2, engine::SchedulerKind::parallel, 2, 2);
    CHECK(a.fingerprint != b.fingerprint);
}

TEST_CASE("engine::Scheduler: the sequential reference ignores partitions but counts remote "
          "events the same",
          "[engine][determinism]") {
    const auto params = small_phold();
    const auto one = phold::run(params, 3, engine::SchedulerKind::sequential, 1, 1);
    const auto eight = phold::run(params, 3, engine::SchedulerKind::sequential, 1, 8);
    const auto parallel = phold::run(params, 3, engine::SchedulerKind::parallel, 2, 8);
    CHECK(one.fingerprint == eight.fingerprint);
    CHECK(one.remote_events == 0);
    CHECK(eight.remote_events == parallel.remote_events);
    CHECK(eight.remote_events > 0);
}
