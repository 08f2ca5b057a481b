#include "tools/tuntas/flow_benchmark.hpp"

#include <cstdint>
#include <memory>
#include <vector>

#include <benchmark/benchmark.h>
#include <malloc.h>

#include "engine/context.hpp"
#include "engine/distributions.hpp"
#include "engine/simulation.hpp"
#include "models/telecom/flow_lp.hpp"
#include "models/telecom/flow_sessions.hpp"
#include "models/telecom/route_tree.hpp"
#include "tools/tuntas/google_benchmark.hpp"

namespace tuntas::cli {
namespace {

constexpr double link_bps = 1e9;
constexpr double mean_bits = 8e6;  // 1 MB sessions, exponential

/// Keeps `concurrent` sessions running: starts them at t = 0, and a new one whenever one ends,
/// until `total` have ended.
class ClosedLoop final : public engine::Lp {
public:
    ClosedLoop(std::uint32_t concurrent, std::uint64_t total)
        : concurrent_(concurrent),
          total_(total) {}
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
                 telecom::FlowRequest{.route = 0,
                                      .size_bits = engine::exponential(ctx.random(), mean_bits)});
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
                                        std::vector<std::vector<std::uint32_t>>{{0}},
                                        engine::LpId{1});
        const auto& loop = sim.emplace_lp<ClosedLoop>(concurrent, total);
        const engine::RunConfig config{
            .seed = 1, .end_time = engine::ticks_max / 2, .lookahead = engine::ticks_per_second};
        static_cast<void>(sim.run(config, engine::PartitionMap::blocks(2, 1)));
        finished += loop.done();
    }
    state.counters["flows_per_cpu_s"] =
        benchmark::Counter(static_cast<double>(finished), benchmark::Counter::kIsRate);
}

/// Heap bytes in use (glibc: allocated blocks of the arena plus those mapped on their own).
std::size_t heap_in_use() {
    const auto info = mallinfo2();
    return info.uordblks + info.hblkhd;
}

/// Memory of a cell network's routes as sites grow: N sites of 3 sectors, a hub every 25 sites
/// on fibre to the core with a protection hop to the previous hub, the other sites on a hop to
/// their hub; the route tree and one route per sector (radio, then backhaul to the core), as
/// the cell network builds them. Heap growth per site stays flat if routes grow with nodes plus
/// links (it would grow with N if they were stored per pair of nodes).
void route_memory(benchmark::State& state) {
    const auto sites = static_cast<std::uint32_t>(state.range(0));
    constexpr std::uint32_t sites_per_hub = 25;
    constexpr std::uint32_t sectors = 3;
    double bytes = 0.0;
    for (auto _ : state) {
        const std::size_t before = heap_in_use();
        std::vector<telecom::RouteTree::Edge> edges;
        for (std::uint32_t s = 0; s < sites; ++s) {
            const std::uint32_t node = s + 1;  // node 0 is the core
            const std::uint32_t hub = (s / sites_per_hub) * sites_per_hub + 1;
            if (node == hub) {
                edges.push_back({node, 0, 100e-6});
                if (s >= sites_per_hub) edges.push_back({node, node - sites_per_hub, 50e-6});
            } else {
                edges.push_back({node, hub, 30e-6});
            }
        }
        const telecom::RouteTree tree(sites + 1, edges, 0);
        telecom::FlowSessions sessions;
        for (std::uint32_t k = 0; k < sites * sectors; ++k) sessions.add_link(54e6);
        for (std::size_t l = 0; l < edges.size(); ++l) sessions.add_link(1e9);
        std::vector<std::uint32_t> route;
        for (std::uint32_t s = 0; s < sites; ++s) {
            for (std::uint32_t k = 0; k < sectors; ++k) {
                route.assign(1, s * sectors + k);
                tree.append_path(s + 1, route);
                for (std::size_t j = 1; j < route.size(); ++j) route[j] += sites * sectors;
                sessions.add_route(route);
            }
        }
        bytes = static_cast<double>(heap_in_use() - before);
        benchmark::DoNotOptimize(sessions);
    }
    state.counters["heap_bytes_per_site"] = bytes / sites;
}

}  // namespace

bool run_flow_benchmark(const std::vector<std::string>& args) {
    benchmark::RegisterBenchmark("flows/one_bottleneck", one_bottleneck)
        ->Args({1'000, 50'000})
        ->Args({10'000, 20'000})
        ->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark("flows/route_memory", route_memory)
        ->Arg(1'000)
        ->Arg(10'000)
        ->Arg(100'000)
        ->Unit(benchmark::kMillisecond);
    return run_google_benchmark("tuntas bench flows", "^flows/", args);
}

}  // namespace tuntas::cli
