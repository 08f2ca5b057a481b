#include "engine/dary_heap.hpp"
#include "tests/engine/pending_set_checks.hpp"

using tuntas::engine::DaryHeap;
using tuntas::engine::PendingEntry;

TEST_CASE("engine::DaryHeap: pops in (time, order) order like a sorted reference",
          "[engine][property]") {
    tuntas::test::check_matches_sorted_reference<DaryHeap<PendingEntry, 2>>(1);
    tuntas::test::check_matches_sorted_reference<DaryHeap<PendingEntry, 4>>(2);
    tuntas::test::check_matches_sorted_reference<DaryHeap<PendingEntry, 8>>(3);
}

TEST_CASE("engine::DaryHeap: equal times break on order", "[engine][unit]") {
    DaryHeap<PendingEntry, 4> heap;
    for (const std::uint64_t order : {5U, 1U, 9U, 3U}) {
        heap.push(PendingEntry{.time = 10, .order = order, .slot = 0});
    }
    heap.push(PendingEntry{.time = 9, .order = 100, .slot = 0});
    CHECK(heap.pop().order == 100);
    CHECK(heap.pop().order == 1);
    CHECK(heap.pop().order == 3);
    CHECK(heap.pop().order == 5);
    CHECK(heap.pop().order == 9);
    CHECK(heap.empty());
}
