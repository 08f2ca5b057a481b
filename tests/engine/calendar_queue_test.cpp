#include "engine/calendar_queue.hpp"
#include "tests/engine/pending_set_checks.hpp"

using tuntas::engine::CalendarQueue;
using tuntas::engine::PendingEntry;

TEST_CASE("engine::CalendarQueue: pops in (time, order) order like a sorted reference",
          "[engine][property]") {
    tuntas::test::check_matches_sorted_reference<CalendarQueue<PendingEntry>>(4);
    tuntas::test::check_matches_sorted_reference<CalendarQueue<PendingEntry>>(5);
}

TEST_CASE("engine::CalendarQueue: finds an event a year ahead and one far in the future",
          "[engine][unit]") {
    CalendarQueue<PendingEntry> queue;
    for (std::uint64_t i = 0; i < 40; ++i) {
        queue.push(PendingEntry{
            .time = static_cast<tuntas::engine::Ticks>(i * 10), .order = i, .slot = 0});
    }
    queue.push(PendingEntry{.time = 1'000'000'000, .order = 99, .slot = 0});
    for (std::uint64_t i = 0; i < 40; ++i) REQUIRE(queue.pop().order == i);
    CHECK(queue.pop().time == 1'000'000'000);
    CHECK(queue.empty());
}
