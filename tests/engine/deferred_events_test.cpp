// Context::send_deferrable: an event its target may take late must give the run that send()
// gives (trajectory, windows, samples, end state, a stop), at any thread count and
// partitioning, while skipping the pending set.
#include <cstdint>
#include <memory>
#include <vector>

#include <catch2/catch.hpp>

#include "engine/context.hpp"
#include "engine/error.hpp"
#include "engine/simulation.hpp"

using namespace tuntas::engine;

namespace {

constexpr EventKind token = 1;
constexpr EventKind credit = 2;
constexpr EventKind ack = 3;

struct Credit {
    std::uint32_t amount;
};

/// A token hops between random LPs; on each hop the holder gives a credit to another random
/// LP. A busy LP (every third token it held) answers each credit with an ack; an idle one only
/// adds it up. So an idle LP accepts deferred credits and a busy one must get them as events.
class Bank final : public Lp {
public:
    Bank(std::uint32_t lps, Ticks lookahead, bool deferrable, Ticks stop_at)
        : lps_(lps),
          lookahead_(lookahead),
          deferrable_(deferrable),
          stop_at_(stop_at) {}

    void init(Context& ctx) override {
        if (ctx.self() % 3 == 0) ctx.send(ctx.self(), 1 + ctx.self(), token);
        ctx.accept_deferred(!busy());
    }

    void on_event(const Event& event, Context& ctx) override {
        switch (event.kind) {
        case token: {
            ++tokens;
            auto& random = ctx.random();
            const auto next = static_cast<LpId>(random.next_u64() % lps_);
            const auto payee = static_cast<LpId>(random.next_u64() % lps_);
            ctx.send(next, lookahead_ + static_cast<Ticks>(random.next_u64() % 7), token);
            const Credit given{static_cast<std::uint32_t>(1 + random.next_u64() % 100)};
            const Ticks delay = lookahead_ + static_cast<Ticks>(random.next_u64() % 11);
            if (deferrable_) {
                ctx.send_deferrable(payee, delay, credit, given);
            } else {
                ctx.send(payee, delay, credit, given);
            }
            if (ctx.now() >= stop_at_) ctx.stop();
            break;
        }
        case credit:
            balance = balance * 31 + event.payload.as<Credit>().amount;  // order matters
            if (busy()) ctx.send(event.sender, lookahead_, ack);
            break;
        case ack:
            ++acks;
            break;
        default:
            break;
        }
        ctx.accept_deferred(!busy());
    }

    [[nodiscard]] bool busy() const noexcept { return tokens % 3 == 2; }

    std::uint64_t tokens{0};
    std::uint64_t balance{0};
    std::uint64_t acks{0};

private:
    std::uint32_t lps_;
    Ticks lookahead_;
    bool deferrable_;
    Ticks stop_at_;
};

/// Every bank's balance at every sample instant.
class BalanceSamples final : public RunObserver {
public:
    explicit BalanceSamples(std::vector<const Bank*> banks) : banks_(std::move(banks)) {}
    void on_sample(Ticks time, std::uint64_t) override {
        seen.push_back(static_cast<std::uint64_t>(time));
        for (const Bank* bank : banks_) seen.push_back(bank->balance);
    }
    std::vector<std::uint64_t> seen;

private:
    std::vector<const Bank*> banks_;
};

struct Outcome {
    RunStats stats;
    std::vector<std::uint64_t> samples;
    std::vector<std::uint64_t> end_state;  // tokens, balance, acks of every bank
};

constexpr std::uint32_t bank_count = 24;
constexpr Ticks bank_lookahead = 5;

Outcome run_banks(bool deferrable, SchedulerKind scheduler, unsigned threads,
                  std::size_t partitions, Ticks stop_at = ticks_max) {
    Simulation sim;
    std::vector<const Bank*> banks;
    for (std::uint32_t i = 0; i < bank_count; ++i) {
        banks.push_back(&sim.emplace_lp<Bank>(bank_count, bank_lookahead, deferrable, stop_at));
    }
    BalanceSamples observer(banks);
    const RunConfig config{.seed = 5,
                           .end_time = 20'000,
                           .lookahead = bank_lookahead,
                           .scheduler = scheduler,
                           .threads = threads,
                           .sample_interval = 250};
    Outcome outcome;
    outcome.stats = sim.run(config, PartitionMap::blocks(bank_count, partitions), &observer);
    outcome.samples = std::move(observer.seen);
    for (const Bank* bank : banks) {
        outcome.end_state.insert(outcome.end_state.end(),
                                 {bank->tokens, bank->balance, bank->acks});
    }
    return outcome;
}

void check_same_run(const Outcome& got, const Outcome& reference) {
    CHECK(got.stats.fingerprint == reference.stats.fingerprint);
    CHECK(got.stats.committed_events == reference.stats.committed_events);
    CHECK(got.stats.windows == reference.stats.windows);
    CHECK(got.stats.last_event_time == reference.stats.last_event_time);
    CHECK(got.stats.stopped == reference.stats.stopped);
    CHECK(got.samples == reference.samples);
    CHECK(got.end_state == reference.end_state);
}

}  // namespace

TEST_CASE("engine::Context: deferrable events give the run plain sends give", "[engine][unit]") {
    const Outcome reference = run_banks(false, SchedulerKind::sequential, 1, 1);
    REQUIRE(reference.stats.committed_events > 10'000);
    REQUIRE(reference.stats.deferred_events == 0);
    std::uint64_t acks = 0;
    for (std::size_t b = 0; b < bank_count; ++b) acks += reference.end_state[3 * b + 2];
    REQUIRE(acks > 100);  // busy banks did answer credits: materializing was needed

    SECTION("the sequential reference") {
        const Outcome got = run_banks(true, SchedulerKind::sequential, 1, 1);
        check_same_run(got, reference);
        // Idle banks took their credits late: about two credits in three.
        CHECK(got.stats.deferred_events > reference.stats.committed_events / 5);
    }
    SECTION("every thread count and partitioning") {
        for (const unsigned threads : {1U, 2U, 4U}) {
            for (const std::size_t partitions : {1U, 2U, 3U, 8U}) {
                CAPTURE(threads, partitions);
                const Outcome plain =
                    run_banks(false, SchedulerKind::parallel, threads, partitions);
                const Outcome deferred =
                    run_banks(true, SchedulerKind::parallel, threads, partitions);
                check_same_run(plain, reference);
                check_same_run(deferred, reference);
                CHECK(deferred.stats.deferred_events > 0);
            }
        }
    }
    SECTION("a stopped run") {
        const Outcome plain = run_banks(false, SchedulerKind::sequential, 1, 1, 7'777);
        REQUIRE(plain.stats.stopped);
        REQUIRE(plain.stats.last_event_time < 7'777 + 2 * bank_lookahead);
        for (const unsigned threads : {1U, 2U}) {
            for (const std::size_t partitions : {1U, 3U}) {
                CAPTURE(threads, partitions);
                check_same_run(run_banks(true, SchedulerKind::parallel, threads, partitions, 7'777),
                               plain);
            }
        }
    }
}

namespace {

/// Keeps accepting deferred events even though handling one sends (a model bug).
class SendsWhenLate final : public Lp {
public:
    explicit SendsWhenLate(bool toggles) : toggles_(toggles) {}
    void init(Context& ctx) override {
        ctx.accept_deferred(true);
        if (ctx.self() == 0) ctx.send(0, 1, token);
    }
    void on_event(const Event& event, Context& ctx) override {
        if (event.kind == token) {
            ctx.send_deferrable(1, 3, credit, Credit{1});
        } else if (toggles_) {
            ctx.accept_deferred(false);
        } else {
            ctx.send(0, 1, ack);
        }
    }

private:
    bool toggles_;
};

}  // namespace

TEST_CASE("engine::Context: handling a kept event may not send or change acceptance",
          "[engine][unit]") {
    for (const bool toggles : {false, true}) {
        CAPTURE(toggles);
        Simulation sim;
        sim.emplace_lp<SendsWhenLate>(toggles);
        sim.emplace_lp<SendsWhenLate>(toggles);
        CHECK_THROWS_AS(
            sim.run(RunConfig{.end_time = 100, .lookahead = 1}, PartitionMap::single(2)),
            UsageError);
    }
}

namespace {

/// LP 0 sends LP 1 a credit every tick, to arrive `delay` ticks later; LP 1 only adds them up
/// and always takes them late, so at every window's end it still has credits to come.
class Ticker final : public Lp {
public:
    explicit Ticker(Ticks delay) : delay_(delay) {}
    void init(Context& ctx) override {
        ctx.accept_deferred(true);
        if (ctx.self() == 0) ctx.send(0, 1, token);
    }
    void on_event(const Event& event, Context& ctx) override {
        if (event.kind == token) {
            ctx.send_deferrable(1, delay_, credit, Credit{1});
            ctx.send(0, 1, token);
        } else {
            received += event.payload.as<Credit>().amount;
        }
    }
    std::uint64_t received{0};

private:
    Ticks delay_;
};

}  // namespace

TEST_CASE("engine::Context: an LP's kept events take memory for those still to come, not for "
          "every one it was sent",
          "[engine][unit]") {
    // 50,000 ticks, a credit each, 40 ticks on the way, windows of 5: LP 1 never runs out of
    // credits to come (8 windows' worth), and every one is handled at a window's end.
    constexpr Ticks delay = 40;
    constexpr Ticks end = 50'000;
    for (const SchedulerKind scheduler : {SchedulerKind::sequential, SchedulerKind::parallel}) {
        CAPTURE(static_cast<int>(scheduler));
        Simulation sim;
        sim.emplace_lp<Ticker>(delay);
        const auto& sink = sim.emplace_lp<Ticker>(delay);
        const RunStats stats = sim.run(
            RunConfig{.end_time = end, .lookahead = 5, .scheduler = scheduler, .threads = 2},
            PartitionMap::single(2));
        // Credits sent at 1 .. end - 1 arrive before the end when sent before end - delay.
        CHECK(sink.received == static_cast<std::uint64_t>(end - delay - 1));
        CHECK(stats.deferred_events == sink.received);
        // At most delay + a window of them are still to come at once; the list may hold as many
        // handled ones again before they are dropped.
        CHECK(stats.deferred_list_peak <= 2 * static_cast<std::uint64_t>(delay + 5) + 2);
        CHECK(stats.deferred_list_peak >= static_cast<std::uint64_t>(delay));
    }
}
