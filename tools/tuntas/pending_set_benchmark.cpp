// The classic "hold" benchmark (Jones 1986; Rönngren & Ayani 1997): keep n events pending, and
// repeatedly remove the least and insert one at its time plus an exponential increment. It is
// the access pattern of a discrete-event loop. `hold_skewed` starts from a queue like a district
// day's (a few events early, most of them later: times H u^(1/3), u uniform): the calendar queue,
// which wins `hold`, sizes its buckets from the sparse early events and stays too wide (the
// reason the engine's PendingSet is the 4-ary heap, see partition_runner.hpp).
#include "tools/tuntas/pending_set_benchmark.hpp"

#include <cmath>
#include <queue>

#include <benchmark/benchmark.h>

#include "engine/calendar_queue.hpp"
#include "engine/dary_heap.hpp"
#include "engine/distributions.hpp"
#include "engine/pending_entry.hpp"
#include "engine/random_stream.hpp"
#include "tools/tuntas/google_benchmark.hpp"

namespace tuntas::cli {
namespace {

using engine::PendingEntry;

/// std::priority_queue as the baseline (a binary heap with swaps, max-heap order inverted).
class StdPriorityQueue {
public:
    void push(const PendingEntry& e) { queue_.push(e); }
    PendingEntry pop() {
        PendingEntry e = queue_.top();
        queue_.pop();
        return e;
    }

private:
    struct Greater {
        bool operator()(const PendingEntry& a, const PendingEntry& b) const { return b < a; }
    };
    std::priority_queue<PendingEntry, std::vector<PendingEntry>, Greater> queue_;
};

constexpr double mean_increment_ticks = 1e6;

/// Fills a queue with state.range(0) entries at initial(random, pending) ticks each, then times
/// the hold loop: pop the least, push it back an exponential increment later.
template <class Queue, class Initial>
void run_hold(benchmark::State& state, const Initial& initial) {
    const auto pending = static_cast<std::uint64_t>(state.range(0));
    engine::RandomStream random(42, 0);
    Queue queue;
    std::uint64_t order = 0;
    for (std::uint64_t i = 0; i < pending; ++i) {
        queue.push(PendingEntry{.time = initial(random, pending), .order = order++, .slot = 0});
    }
    for (auto _ : state) {
        PendingEntry entry = queue.pop();
        entry.time += static_cast<engine::Ticks>(engine::exponential(random, mean_increment_ticks));
        entry.order = order++;
        queue.push(entry);
    }
    state.SetItemsProcessed(state.iterations());
    state.counters["pending"] = static_cast<double>(pending);
}

template <class Queue>
void hold(benchmark::State& state) {
    run_hold<Queue>(state, [](engine::RandomStream& random, std::uint64_t /*pending*/) {
        return static_cast<engine::Ticks>(engine::exponential(random, mean_increment_ticks));
    });
}

template <class Queue>
void hold_skewed(benchmark::State& state) {
    // The same mean density as `hold` over the horizon, most of it late.
    run_hold<Queue>(state, [](engine::RandomStream& random, std::uint64_t pending) {
        const double horizon = static_cast<double>(pending) * mean_increment_ticks;
        return static_cast<engine::Ticks>(horizon * std::cbrt(random.next_unit()));
    });
}

void sizes(benchmark::internal::Benchmark* b) {
    b->Arg(1'000)->Arg(100'000)->Arg(1'000'000)->Unit(benchmark::kNanosecond);
}

BENCHMARK_TEMPLATE(hold, engine::BinaryHeap<PendingEntry>)->Apply(sizes);
BENCHMARK_TEMPLATE(hold, engine::QuaternaryHeap<PendingEntry>)->Apply(sizes);
BENCHMARK_TEMPLATE(hold, engine::DaryHeap<PendingEntry, 8>)->Apply(sizes);
BENCHMARK_TEMPLATE(hold, engine::CalendarQueue<PendingEntry>)->Apply(sizes);
BENCHMARK_TEMPLATE(hold, StdPriorityQueue)->Apply(sizes);
BENCHMARK_TEMPLATE(hold_skewed, engine::QuaternaryHeap<PendingEntry>)->Apply(sizes);
BENCHMARK_TEMPLATE(hold_skewed, engine::CalendarQueue<PendingEntry>)->Apply(sizes);

}  // namespace

bool run_pending_set_benchmark(const std::vector<std::string>& args) {
    return run_google_benchmark("tuntas bench pending-set", "^hold", args);
}

}  // namespace tuntas::cli
