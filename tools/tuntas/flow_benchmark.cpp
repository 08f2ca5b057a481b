#include "tools/tuntas/flow_benchmark.hpp"

#include <cstdint>
#include <memory>

#include <benchmark/benchmark.h>

#include "tools/tuntas/google_benchmark.hpp"

#include "engine/context.hpp"
#include "engine/distributions.hpp"
#include "engine/simulation.hpp"
#include "models/telecom/flow_lp.hpp"

namespace tuntas::cli {
namespace {

constexpr double link_bps = 1e9;
constexpr double mean_bits = 8e6;  // 1 MB sessions, exponential

/// Keeps `concurrent` sessions running: starts them at t = 0, and a new one whenever one ends,
/// until `total` have ended.
class ClosedLoop final : public engine::Lp {
public:
    ClosedLoop(std::uint32_t concurrent, std::uint64_t total) : concurrent_(concurrent), total_(total) {}
    void init(engine::Context& ctx) override {
        for (std::uint32_t k = 0; k < concurrent_; ++k) start(ctx);
    }
    void on_event(const engine::Event&, engine::Context& ctx) override {
        if (++done_ >= total_) {
            ctx.stop();
            return;
        }
        start(ctx);
    }
    [[nodiscard]] std::uint64_t done() const noexcept { return done_; }

private:
    static void start(engine::Context& ctx) {
        ctx.send(0, 0, telecom::flow_arrival,
                 telecom::FlowRequest{.route = 0, .size_bits = engine::exponential(ctx.random(), mean_bits)});
    }
    std::uint32_t concurrent_;
    std::uint64_t total_;
    std::uint64_t done_{0};
};

void one_bottleneck(benchmark::State& state) {
    const auto concurrent = static_cast<std::uint32_t>(state.range(0));
    const auto total = static_cast<std::uint64_t>(state.range(1));
    std::uint64_t finished = 0;
    for (auto _ : state) {
        engine::Simulation sim;
        sim.emplace_lp<telecom::FlowLp>(std::vector<double>{link_bps},
                                        std::vector<std::vector<std::uint32_t>>{{0}}, engine::LpId{1});
        const auto& loop = sim.emplace_lp<ClosedLoop>(concurrent, total);
        const engine::RunConfig config{.seed = 1, .end_time = engine::ticks_max / 2, .lookahead = engine::ticks_per_second};
        static_cast<void>(sim.run(config, engine::PartitionMap::blocks(2, 1)));
        finished += loop.done();
    }
    state.counters["flows_per_cpu_s"] = benchmark::Counter(static_cast<double>(finished), benchmark::Counter::kIsRate);
}

}  // namespace

bool run_flow_benchmark(const std::vector<std::string>& args) {
    benchmark::RegisterBenchmark("flows/one_bottleneck", one_bottleneck)
        ->Args({1'000, 50'000})
        ->Args({10'000, 20'000})
        ->Unit(benchmark::kMillisecond);
    return run_google_benchmark("tuntas bench flows", "^flows/", args);
}

}  // namespace tuntas::cli
