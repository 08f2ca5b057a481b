#pragma once

// A property check shared by the pending-set tests: a queue driven by random pushes and pops
// (hold pattern, bursts, ties, and pushes earlier than the last pop) returns exactly what a
// sorted reference returns.

#include <algorithm>
#include <set>
#include <tuple>

#include <catch2/catch.hpp>

#include "engine/distributions.hpp"
#include "engine/pending_entry.hpp"
#include "engine/random_stream.hpp"

namespace tuntas::test {

struct EntryLess {
    bool operator()(const engine::PendingEntry& a, const engine::PendingEntry& b) const {
        return a < b;
    }
};

template <class Queue>
void check_matches_sorted_reference(std::uint64_t seed) {
    engine::RandomStream random(seed, 0);
    Queue queue;
    std::multiset<engine::PendingEntry, EntryLess> reference;
    std::uint64_t order = 0;
    engine::Ticks now = 0;
    const auto push = [&](engine::Ticks time) {
        const engine::PendingEntry entry{.time = time, .order = order++, .slot = 0};
        queue.push(entry);
        reference.insert(entry);
    };
    for (int step = 0; step < 60'000; ++step) {
        const double u = random.next_unit();
        if (u < 0.45 || reference.empty()) {
            // Mostly in the future; some ties (coarse times); a few in the past of `now`.
            const double v = random.next_unit();
            engine::Ticks time = now + static_cast<engine::Ticks>(engine::exponential(random, 500));
            if (v < 0.2) time = now + static_cast<engine::Ticks>(engine::uniform_index(random, 3));
            if (v > 0.97) time = std::max<engine::Ticks>(0, now - 100);
            push(time);
        } else {
            const engine::PendingEntry expected = *reference.begin();
            reference.erase(reference.begin());
            const engine::PendingEntry got = queue.pop();
            REQUIRE(std::tie(got.time, got.order) == std::tie(expected.time, expected.order));
            now = got.time;
        }
        REQUIRE(queue.size() == reference.size());
    }
    while (!reference.empty()) {
        const engine::PendingEntry expected = *reference.begin();
        reference.erase(reference.begin());
        const engine::PendingEntry got = queue.pop();
        REQUIRE(std::tie(got.time, got.order) == std::tie(expected.time, expected.order));
    }
    REQUIRE(queue.empty());
}

}  // namespace tuntas::test
