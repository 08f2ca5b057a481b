#include <stdexcept>
#include <tuple>
#include <vector>

#include <catch2/catch.hpp>

#include "engine/context.hpp"
#include "engine/error.hpp"
#include "engine/simulation.hpp"

using namespace tuntas::engine;

namespace {

/// What the engine's contract promises, checked by tiny LPs whose behaviour is computed by hand.
struct Seen {
    Ticks time;
    LpId sender;
    EventKind kind;
};

/// Records every event it gets; on init sends `init_sends` events to `init_target`.
class Recorder final : public Lp {
public:
    Recorder(LpId init_target, int init_sends, Ticks init_delay)
        : init_target_(init_target),
          init_sends_(init_sends),
          init_delay_(init_delay) {}
    void init(Context& ctx) override {
        for (int i = 0; i < init_sends_; ++i) ctx.send(init_target_, init_delay_, 7);
    }
    void on_event(const Event& event, Context&) override {
        seen.push_back({event.time, event.sender, event.kind});
    }
    std::vector<Seen> seen;

private:
    LpId init_target_;
    int init_sends_;
    Ticks init_delay_;
};

/// Two of these play ping-pong with a fixed delay.
class Ponger final : public Lp {
public:
    Ponger(LpId partner, Ticks delay, bool serves)
        : partner_(partner),
          delay_(delay),
          serves_(serves) {}
    void init(Context& ctx) override {
        if (serves_) ctx.send(partner_, delay_, 1);
    }
    void on_event(const Event& event, Context& ctx) override {
        times.push_back(event.time);
        ctx.send(partner_, delay_, 1);
    }
    std::vector<Ticks> times;

private:
    LpId partner_;
    Ticks delay_;
    bool serves_;
};

/// Ticks once per tick of time, sending to itself; stops the run at `stop_at`.
class Ticker final : public Lp {
public:
    explicit Ticker(Ticks stop_at) : stop_at_(stop_at) {}
    void init(Context& ctx) override { ctx.send(ctx.self(), 1, 1); }
    void on_event(const Event&, Context& ctx) override {
        ++count;
        if (ctx.now() == stop_at_) ctx.stop();
        ctx.send(ctx.self(), 1, 1);
    }
    int count{0};

private:
    Ticks stop_at_;
};

/// On its first event, sends to `target` with the given delay.
class OneShot final : public Lp {
public:
    OneShot(LpId target, Ticks delay) : target_(target), delay_(delay) {}
    void init(Context& ctx) override { ctx.send(ctx.self(), 10, 1); }
    void on_event(const Event& event, Context& ctx) override {
        if (event.kind == 1) ctx.send(target_, delay_, 2);
    }

private:
    LpId target_;
    Ticks delay_;
};

struct Mixed {
    std::int32_t a;
    double b;
    std::uint16_t c;
};

class PayloadEcho final : public Lp {
public:
    void init(Context& ctx) override { ctx.send(ctx.self(), 1, 3, Mixed{-42, 2.5, 65000}); }
    void on_event(const Event& event, Context&) override { got = event.payload.as<Mixed>(); }
    Mixed got{};
};

const std::vector<RunConfig> every_scheduler(Ticks end, Ticks lookahead) {
    return {RunConfig{.seed = 1,
                      .end_time = end,
                      .lookahead = lookahead,
                      .scheduler = SchedulerKind::sequential,
                      .threads = 1},
            RunConfig{.seed = 1,
                      .end_time = end,
                      .lookahead = lookahead,
                      .scheduler = SchedulerKind::parallel,
                      .threads = 1},
            RunConfig{.seed = 1,
                      .end_time = end,
                      .lookahead = lookahead,
                      .scheduler = SchedulerKind::parallel,
                      .threads = 2}};
}

}  // namespace

TEST_CASE("engine::Simulation: ping-pong runs the hand-computed trajectory", "[engine][unit]") {
    for (const auto& config : every_scheduler(20, 3)) {
        CAPTURE(static_cast<int>(config.scheduler), config.threads);
        Simulation sim;
        auto& a = sim.emplace_lp<Ponger>(1, 3, true);
        auto& b = sim.emplace_lp<Ponger>(0, 3, false);
        const auto stats = sim.run(config, PartitionMap::blocks(2, 2));
        // B at 3, 9, 15; A at 6, 12, 18; the send at 21 reaches past the end (20).
        CHECK(b.times == std::vector<Ticks>{3, 9, 15});
        CHECK(a.times == std::vector<Ticks>{6, 12, 18});
        CHECK(stats.committed_events == 6);
        CHECK(stats.last_event_time == 18);
        CHECK(stats.remote_events == 6);  // init + 5 replies; the 6th (t = 21) is dropped
        CHECK_FALSE(stats.stopped);
    }
}

TEST_CASE("engine::Simulation: equal times break on (sender, sequence)", "[engine][unit]") {
    for (const auto& config : every_scheduler(100, 5)) {
        CAPTURE(static_cast<int>(config.scheduler), config.threads);
        Simulation sim;
        // LP 0 sends two events and LP 1 one, all to LP 2 at t = 5, each from its own partition.
        sim.emplace_lp<Recorder>(2, 2, 5);
        sim.emplace_lp<Recorder>(2, 1, 5);
        auto& sink = sim.emplace_lp<Recorder>(0, 0, 5);
        sim.run(config, PartitionMap::blocks(3, 3));
        REQUIRE(sink.seen.size() == 3);
        CHECK(sink.seen[0].sender == 0);
        CHECK(sink.seen[1].sender == 0);
        CHECK(sink.seen[2].sender == 1);
        for (const auto& seen : sink.seen) CHECK(seen.time == 5);
    }
}

TEST_CASE("engine::Simulation: an event at the end time is not executed", "[engine][unit]") {
    Simulation sim;
    auto& sink = sim.emplace_lp<Recorder>(0, 0, 0);
    sim.emplace_lp<Recorder>(0, 1, 50);  // sends to LP 0 at exactly t = 50
    const auto stats = sim.run(RunConfig{.end_time = 50, .lookahead = 10}, PartitionMap::single(2));
    CHECK(sink.seen.empty());
    CHECK(stats.committed_events == 0);
}

TEST_CASE("engine::Simulation: stop ends the run at the end of its window", "[engine][unit]") {
    for (const auto& config : every_scheduler(1'000, 4)) {
        CAPTURE(static_cast<int>(config.scheduler), config.threads);
        Simulation sim;
        auto& ticker = sim.emplace_lp<Ticker>(10);
        const auto stats = sim.run(config, PartitionMap::single(1));
        // Windows start at the earliest event: [1,5), [5,9), [9,13). Stop at t = 10 lets the
        // window finish: events at 1..12.
        CHECK(ticker.count == 12);
        CHECK(stats.stopped);
        CHECK(stats.windows == 3);
    }
}

TEST_CASE("engine::Simulation: a payload arrives intact", "[engine][unit]") {
    Simulation sim;
    auto& echo = sim.emplace_lp<PayloadEcho>();
    sim.run(RunConfig{.end_time = 10, .lookahead = 1}, PartitionMap::single(1));
    CHECK(echo.got.a == -42);
    CHECK(echo.got.b == 2.5);
    CHECK(echo.got.c == 65000);
}

TEST_CASE("engine::Simulation: a cross-partition send under the lookahead is reported",
          "[engine][unit]") {
    for (const auto& config : every_scheduler(1'000, 5)) {
        CAPTURE(static_cast<int>(config.scheduler), config.threads);
        Simulation sim;
        sim.emplace_lp<OneShot>(1, 2);  // delay 2 < lookahead 5, to LP 1 in partition 1
        sim.emplace_lp<Recorder>(0, 0, 0);
        CHECK_THROWS_MATCHES(
            sim.run(config, PartitionMap::blocks(2, 2)), LookaheadViolation,
            Catch::Matchers::Message(
                "lookahead violation: LP 0 (partition 0) at t=10 ticks sent an event to LP 1 "
                "(partition 1) with delay 2 ticks, below the lookahead of 5 ticks; a "
                "cross-partition event needs a delay >= lookahead (raise the model's minimum "
                "delay or lower the lookahead)"));
    }
}

TEST_CASE("engine::Simulation: the same short delay inside a partition is fine", "[engine][unit]") {
    Simulation sim;
    sim.emplace_lp<OneShot>(1, 2);
    auto& sink = sim.emplace_lp<Recorder>(0, 0, 0);
    sim.run(RunConfig{.end_time = 1'000, .lookahead = 5, .threads = 2}, PartitionMap::single(2));
    REQUIRE(sink.seen.size() == 1);
    CHECK(sink.seen[0].time == 12);
}

TEST_CASE("engine::Simulation: negative delays, unknown LPs and bad configs are refused",
          "[engine][unit]") {
    {
        Simulation sim;
        sim.emplace_lp<OneShot>(0, -1);
        CHECK_THROWS_WITH(sim.run(RunConfig{.end_time = 100}, PartitionMap::single(1)),
                          Catch::Contains("delay -1 ticks: a delay must be >= 0"));
    }
    {
        Simulation sim;
        sim.emplace_lp<OneShot>(9, 1);
        CHECK_THROWS_WITH(sim.run(RunConfig{.end_time = 100}, PartitionMap::single(1)),
                          Catch::Contains("to LP 9 with delay 1 ticks: no such LP"));
    }
    {
        Simulation sim;
        sim.emplace_lp<OneShot>(0, 1);
        CHECK_THROWS_AS(sim.run(RunConfig{.lookahead = 0}, PartitionMap::single(1)), UsageError);
        CHECK_THROWS_AS(sim.run(RunConfig{}, PartitionMap::single(2)), UsageError);
    }
}

TEST_CASE("engine::Simulation: runs once", "[engine][unit]") {
    Simulation sim;
    sim.emplace_lp<Recorder>(0, 0, 0);
    sim.run(RunConfig{.end_time = 10}, PartitionMap::single(1));
    CHECK_THROWS_AS(sim.run(RunConfig{.end_time = 10}, PartitionMap::single(1)), UsageError);
}

TEST_CASE("engine::Simulation: a handler's exception leaves the parallel run", "[engine][unit]") {
    class Thrower final : public Lp {
    public:
        void init(Context& ctx) override { ctx.send(ctx.self(), 3, 1); }
        void on_event(const Event&, Context&) override { throw std::runtime_error("model broke"); }
    };
    Simulation sim;
    sim.emplace_lp<Thrower>();
    sim.emplace_lp<Recorder>(0, 0, 0);
    CHECK_THROWS_WITH(sim.run(RunConfig{.end_time = 10, .lookahead = 1, .threads = 2},
                              PartitionMap::blocks(2, 2)),
                      "model broke");
}

TEST_CASE("engine::Simulation: samples see every event before their instant and none after",
          "[engine][unit]") {
    // A ticker runs at t = 1, 2, 3, ...; at sample instant t it has run t - 1 events (none at
    // t = 0). Samples every 5 ticks up to the end (23): 0, 5, 10, 15, 20.
    class CountingObserver final : public RunObserver {
    public:
        explicit CountingObserver(const Ticker& ticker) : ticker_(ticker) {}
        void on_sample(Ticks time, std::uint64_t committed) override {
            seen.push_back({time, ticker_.count, committed});
        }
        std::vector<std::tuple<Ticks, int, std::uint64_t>> seen;

    private:
        const Ticker& ticker_;
    };
    for (const auto& base : every_scheduler(23, 3)) {
        CAPTURE(static_cast<int>(base.scheduler), base.threads);
        RunConfig config = base;
        config.sample_interval = 5;
        Simulation sim;
        auto& ticker = sim.emplace_lp<Ticker>(1'000);
        CountingObserver observer(ticker);
        sim.run(config, PartitionMap::single(1), &observer);
        using Row = std::tuple<Ticks, int, std::uint64_t>;
        CHECK(observer.seen == std::vector<Row>{Row{0, 0, 0}, Row{5, 4, 4}, Row{10, 9, 9},
                                                Row{15, 14, 14}, Row{20, 19, 19}});
    }
}
