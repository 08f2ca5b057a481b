#include <catch2/catch.hpp>

#include <cmath>
#include <memory>
#include <numeric>
#include <vector>

#include "engine/context.hpp"
#include "engine/distributions.hpp"
#include "engine/simulation.hpp"
#include "models/telecom/flow_lp.hpp"
#include "models/telecom/flow_network.hpp"
#include "models/telecom/voice_sector_lp.hpp"
#include "tests/support/batch_means.hpp"

using namespace tuntas;
using telecom::FlowNetwork;

namespace {

constexpr engine::Ticks s = engine::ticks_per_second;

}  // namespace

TEST_CASE("telecom::FlowNetwork: max-min fair shares on hand-computed cases", "[telecom][unit]") {
    SECTION("three flows on one bottleneck share it equally") {
        FlowNetwork net;
        const auto link = net.add_link(30.0);
        const auto a = net.start_flow({link});
        const auto b = net.start_flow({link});
        const auto c = net.start_flow({link});
        CHECK(net.rate(a) == Approx(10.0));
        CHECK(net.rate(b) == Approx(10.0));
        CHECK(net.rate(c) == Approx(10.0));
        net.end_flow(b);
        CHECK(net.rate(a) == Approx(15.0));
        CHECK(net.load(link) == Approx(30.0));
    }
    SECTION("parking lot: the long flow gets what the busier link leaves") {
        // L1 (capacity 1) carries A and B; L2 (capacity 2) carries A and C. L1 fills first at
        // 0.5 each; C then takes the rest of L2: 1.5.
        FlowNetwork net;
        const auto l1 = net.add_link(1.0);
        const auto l2 = net.add_link(2.0);
        const auto a = net.start_flow({l1, l2});
        const auto b = net.start_flow({l1});
        const auto c = net.start_flow({l2});
        CHECK(net.rate(a) == Approx(0.5));
        CHECK(net.rate(b) == Approx(0.5));
        CHECK(net.rate(c) == Approx(1.5));
    }
    SECTION("a capped flow leaves its share to the others") {
        FlowNetwork net;
        const auto link = net.add_link(10.0);
        const auto capped = net.start_flow({link}, 2.0);
        const auto free = net.start_flow({link});
        CHECK(net.rate(capped) == Approx(2.0));
        CHECK(net.rate(free) == Approx(8.0));
    }
    SECTION("a link down sheds its flows; only the affected component is solved") {
        FlowNetwork net;
        const auto cut = net.add_link(5.0);
        const auto other = net.add_link(5.0);
        const auto a = net.start_flow({cut});
        const auto b = net.start_flow({other});
        net.set_capacity(cut, 0.0);
        CHECK(net.rate(a) == 0.0);
        CHECK(net.rate(b) == Approx(5.0));
        CHECK(net.last_component_flows() == 1);  // b shares nothing with the cut link
    }
}

TEST_CASE("telecom::FlowLp: one link under Poisson sessions is M/G/1 processor sharing",
          "[telecom][validation]") {
    // Sessions arrive at rate lambda on a 10 Mb/s link with mean size 5 Mb (E[S] = 0.5 s) and
    // load rho = 0.6: mean sojourn E[S] / (1 - rho) = 1.25 s whatever the size distribution.
    constexpr double capacity_bps = 10e6;
    constexpr double mean_bits = 5e6;
    constexpr double rho = 0.6;
    constexpr double rate_per_s = rho * capacity_bps / mean_bits;
    for (const bool exponential_sizes : {true, false}) {
        CAPTURE(exponential_sizes);
        class Sessions final : public engine::Lp {
        public:
            explicit Sessions(bool exponential) : exponential_(exponential) {}
            void init(engine::Context& ctx) override { next(ctx); }
            void on_event(const engine::Event&, engine::Context& ctx) override { next(ctx); }

        private:
            void next(engine::Context& ctx) const {
                // Exponential sizes, or deterministic ones (M/D/1-PS: the same mean sojourn).
                const double bits = exponential_ ? engine::exponential(ctx.random(), mean_bits) : mean_bits;
                ctx.send(0, 0, telecom::flow_arrival, telecom::FlowRequest{.route = 0, .size_bits = bits});
                ctx.send(ctx.self(), engine::ticks_from_seconds(engine::exponential(ctx.random(), 1.0 / rate_per_s)), 1);
            }
            bool exponential_;
        };
        engine::Simulation sim;
        sim.emplace_lp<telecom::FlowLp>(std::vector<double>{capacity_bps},
                                        std::vector<std::vector<std::uint32_t>>{{0}});
        sim.emplace_lp<Sessions>(exponential_sizes);
        const engine::RunConfig config{.seed = 11, .end_time = 60'000 * s, .lookahead = s};
        static_cast<void>(sim.run(config, engine::PartitionMap::blocks(2, 1)));
        auto& link = const_cast<telecom::FlowLp&>(dynamic_cast<const telecom::FlowLp&>(sim.lp(0)));
        std::vector<double> sojourn;
        double bits = 0.0;
        for (const auto& record : link.take_finished()) {
            sojourn.push_back(engine::seconds_from_ticks(record.finished - record.arrived));
            bits += record.size_bits;
        }
        REQUIRE(sojourn.size() > 50'000);
        const auto [mean, half_width] = testing::batch_mean(sojourn);
        const double theory = mean_bits / capacity_bps / (1.0 - rho);
        INFO("mean sojourn " << mean << " s +- " << half_width << " (99 %), PS theory " << theory << " s");
        CHECK(std::abs(mean - theory) <= half_width);
        CHECK(half_width < 0.05 * theory);
        // Conservation: the bits carried are the finished sessions' plus the few under way at
        // the end (about 1.5 sessions of 5 Mb in 3.6e11 bits).
        CHECK(link.carried_bits() == Approx(bits).epsilon(1e-4));
        CHECK(link.carried_bits() >= bits * (1.0 - 1e-12));
    }
}

TEST_CASE("telecom::VoiceSectorLp: blocking matches Erlang B", "[telecom][validation]") {
    // 10 channels, 7 erlangs offered (calls every 12.86 s on average, 90 s each): B = 7.87 %.
    constexpr std::uint32_t channels = 10;
    constexpr double holding_s = 90.0;
    constexpr double erlangs = 7.0;
    class Calls final : public engine::Lp {
    public:
        void init(engine::Context& ctx) override { next(ctx); }
        void on_event(const engine::Event&, engine::Context& ctx) override { next(ctx); }

    private:
        static void next(engine::Context& ctx) {
            ctx.send(0, 0, telecom::call_arrival,
                     telecom::CallRequest{engine::exponential(ctx.random(), holding_s)});
            ctx.send(ctx.self(), engine::ticks_from_seconds(engine::exponential(ctx.random(), holding_s / erlangs)), 1);
        }
    };
    engine::Simulation sim;
    sim.emplace_lp<telecom::VoiceSectorLp>(channels);
    sim.emplace_lp<Calls>();
    const engine::RunConfig config{.seed = 5, .end_time = 3'000'000 * s, .lookahead = s};
    static_cast<void>(sim.run(config, engine::PartitionMap::blocks(2, 1)));
    const auto& sector = dynamic_cast<const telecom::VoiceSectorLp&>(sim.lp(0));
    const double blocked = static_cast<double>(sector.blocked()) / static_cast<double>(sector.offered());
    const double theory = telecom::erlang_b(channels, erlangs);
    // About 230,000 calls: the binomial standard error of the share is about 0.06 points; calls
    // are not independent, so allow 6 % of the value (several standard errors).
    INFO("blocked " << blocked << " vs Erlang B " << theory << " over " << sector.offered() << " calls");
    CHECK(theory == Approx(0.0787).margin(0.0005));  // tables: B(10, 7) = 0.0787
    CHECK(blocked == Approx(theory).epsilon(0.06));
}
