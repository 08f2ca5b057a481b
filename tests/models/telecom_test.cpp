#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>
#include <numeric>
#include <optional>
#include <utility>
#include <vector>

#include <catch2/catch.hpp>

#include "engine/context.hpp"
#include "engine/distributions.hpp"
#include "engine/error.hpp"
#include "engine/random_stream.hpp"
#include "engine/simulation.hpp"
#include "models/telecom/cell_regions.hpp"
#include "models/telecom/due_heap.hpp"
#include "models/telecom/flow_lp.hpp"
#include "models/telecom/flow_network.hpp"
#include "models/telecom/flow_sessions.hpp"
#include "models/telecom/high_quantile.hpp"
#include "models/telecom/route_tree.hpp"
#include "models/telecom/voice_channels.hpp"
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
                const double bits =
                    exponential_ ? engine::exponential(ctx.random(), mean_bits) : mean_bits;
                ctx.send(0, 0, telecom::flow_arrival,
                         telecom::FlowRequest{.route = 0, .size_bits = bits});
                ctx.send(
                    ctx.self(),
                    engine::ticks_from_seconds(engine::exponential(ctx.random(), 1.0 / rate_per_s)),
                    1);
            }
            bool exponential_;
        };
        engine::Simulation sim;
        sim.emplace_lp<telecom::FlowLp>(std::vector<double>{capacity_bps},
                                        std::vector<std::vector<std::uint32_t>>{{0}});
        sim.emplace_lp<Sessions>(exponential_sizes);
        const engine::RunConfig config{.seed = 11, .end_time = 60'000 * s, .lookahead = s};
        static_cast<void>(sim.run(config, engine::PartitionMap::blocks(2, 1)));
        auto& link = dynamic_cast<telecom::FlowLp&>(sim.lp(0));
        std::vector<double> sojourn;
        double bits = 0.0;
        for (const auto& record : link.take_finished()) {
            sojourn.push_back(engine::seconds_from_ticks(record.finished - record.arrived));
            bits += record.size_bits;
        }
        REQUIRE(sojourn.size() > 50'000);
        const auto [mean, half_width] = testing::batch_mean(sojourn);
        const double theory = mean_bits / capacity_bps / (1.0 - rho);
        INFO("mean sojourn " << mean << " s +- " << half_width << " (99 %), PS theory " << theory
                             << " s");
        CHECK(std::abs(mean - theory) <= half_width);
        CHECK(half_width < 0.05 * theory);
        // Conservation: the bits carried are the finished sessions' plus the few under way at
        // the end (about 1.5 sessions of 5 Mb in 3.6e11 bits).
        CHECK(link.carried_bits() == Approx(bits).epsilon(1e-4));
        CHECK(link.carried_bits() >= bits * (1.0 - 1e-12));
    }
}

TEST_CASE("telecom::VoiceChannels: blocking matches Erlang B", "[telecom][validation]") {
    // 10 channels, 7 erlangs offered (calls every 12.86 s on average, 90 s each): B = 7.87 %.
    constexpr std::uint32_t channels = 10;
    constexpr double holding_s = 90.0;
    constexpr double erlangs = 7.0;
    telecom::VoiceChannels sector(channels);
    engine::RandomStream random(5, 0);
    double t_s = 0.0;
    for (int call = 0; call < 230'000; ++call) {
        t_s += engine::exponential(random, holding_s / erlangs);
        static_cast<void>(
            sector.offer(engine::ticks_from_seconds(t_s),
                         engine::ticks_from_seconds(engine::exponential(random, holding_s))));
        REQUIRE(sector.busy_at(engine::ticks_from_seconds(t_s)) <= channels);
    }
    const double blocked =
        static_cast<double>(sector.blocked()) / static_cast<double>(sector.offered());
    const double theory = telecom::erlang_b(channels, erlangs);
    // 230,000 calls: the binomial standard error of the share is about 0.06 points; calls are
    // not independent, so allow 6 % of the value (several standard errors).
    INFO("blocked " << blocked << " vs Erlang B " << theory << " over " << sector.offered()
                    << " calls");
    CHECK(theory == Approx(0.0787).margin(0.0005));  // tables: B(10, 7) = 0.0787
    CHECK(blocked == Approx(theory).epsilon(0.06));
}

namespace {

/// Max-min fair rates from scratch (the textbook progressive filling over every flow), the
/// independent reference for the incremental solver. weights[f] identical flows per entry.
std::vector<double> max_min_reference(const std::vector<double>& capacity,
                                      const std::vector<std::vector<std::uint32_t>>& routes,
                                      const std::vector<std::uint32_t>& weights) {
    std::vector<double> rate(routes.size(), 0.0);
    std::vector<bool> frozen(routes.size(), false);
    std::vector<double> left = capacity;
    for (;;) {
        double step = std::numeric_limits<double>::infinity();
        for (std::size_t l = 0; l < capacity.size(); ++l) {
            double n = 0.0;
            for (std::size_t f = 0; f < routes.size(); ++f) {
                if (!frozen[f] && std::count(routes[f].begin(), routes[f].end(), l))
                    n += weights[f];
            }
            if (n > 0.0) step = std::min(step, left[l] / n);
        }
        if (!std::isfinite(step)) return rate;
        for (std::size_t f = 0; f < routes.size(); ++f) {
            if (frozen[f]) continue;
            rate[f] += step;
            for (const auto l : routes[f]) left[l] -= step * weights[f];
        }
        for (std::size_t f = 0; f < routes.size(); ++f) {
            if (frozen[f]) continue;
            for (const auto l : routes[f]) frozen[f] = frozen[f] || left[l] <= 1e-9 * capacity[l];
        }
    }
}

}  // namespace

TEST_CASE(
    "telecom::FlowNetwork: incremental re-solves equal max-min from scratch on random networks",
    "[telecom][property]") {
    // Random networks (some links far from full, so the saturated-links-only re-solve is
    // exercised) under random starts, ends and weight changes; after each, every running flow's
    // rate equals the from-scratch max-min rate of the flows running.
    engine::RandomStream random(2026, 0);
    for (int network = 0; network < 20; ++network) {
        FlowNetwork net;
        const auto link_count = 3 + engine::uniform_index(random, 6);
        std::vector<double> capacity;
        for (std::uint64_t l = 0; l < link_count; ++l) {
            capacity.push_back(engine::bernoulli(random, 0.3) ? 1000.0
                                                              : engine::uniform(random, 1.0, 10.0));
            net.add_link(capacity.back());
        }
        std::vector<std::uint32_t> running;
        std::vector<std::vector<std::uint32_t>> routes_of(1000);
        std::vector<std::uint32_t> weight_of(1000, 1);
        for (int op = 0; op < 60; ++op) {
            if (running.empty() || engine::bernoulli(random, 0.6)) {
                std::vector<std::uint32_t> links;
                for (std::uint32_t l = 0; l < link_count; ++l) {
                    if (engine::bernoulli(random, 0.35)) links.push_back(l);
                }
                if (links.empty())
                    links.push_back(
                        static_cast<std::uint32_t>(engine::uniform_index(random, link_count)));
                const auto weight =
                    static_cast<std::uint32_t>(1 + engine::uniform_index(random, 3));
                const auto id =
                    net.start_flow(links, std::numeric_limits<double>::infinity(), weight);
                routes_of[id] = links;
                weight_of[id] = weight;
                running.push_back(id);
            } else if (engine::bernoulli(random, 0.5)) {
                const auto k = engine::uniform_index(random, running.size());
                net.end_flow(running[k]);
                running.erase(running.begin() + static_cast<std::ptrdiff_t>(k));
            } else {
                const auto id = running[engine::uniform_index(random, running.size())];
                weight_of[id] = static_cast<std::uint32_t>(1 + engine::uniform_index(random, 4));
                net.set_weight(id, weight_of[id]);
            }
            std::vector<std::vector<std::uint32_t>> routes;
            std::vector<std::uint32_t> weights;
            for (const auto id : running) {
                routes.push_back(routes_of[id]);
                weights.push_back(weight_of[id]);
            }
            const auto expected = max_min_reference(capacity, routes, weights);
            for (std::size_t k = 0; k < running.size(); ++k) {
                CAPTURE(network, op, k);
                REQUIRE(net.rate(running[k]) == Approx(expected[k]).epsilon(1e-9));
            }
            for (std::uint32_t l = 0; l < link_count; ++l) {
                double load = 0.0;
                for (std::size_t k = 0; k < running.size(); ++k) {
                    if (std::count(routes[k].begin(), routes[k].end(), l))
                        load += expected[k] * weights[k];
                }
                REQUIRE(net.load(l) == Approx(load).epsilon(1e-9).margin(1e-9));
            }
        }
    }
}

TEST_CASE(
    "telecom::FlowSessions: sessions on a route share it as processor sharing (hand-computed)",
    "[telecom][unit]") {
    // One 1 Mb/s link; sessions of 1 Mb and 3 Mb start together: both get 0.5 Mb/s, the first is
    // done at 2 s; the second then gets 1 Mb/s for its last 2 Mb: done at 4 s.
    telecom::FlowSessions sessions;
    const auto link = sessions.add_link(1e6);
    const auto route = sessions.add_route({link});
    sessions.start(route, 1e6, 0, 1);
    sessions.start(route, 3e6, 0, 2);
    CHECK(sessions.rate_bps(route) == Approx(0.5e6));
    std::vector<telecom::FinishedSession> done;
    REQUIRE(sessions.next_completion() == 2 * s);
    sessions.finish_due(2 * s, done);
    REQUIRE(done.size() == 1);
    CHECK(done[0].tag == 1);
    CHECK(sessions.rate_bps(route) == Approx(1e6));
    REQUIRE(sessions.next_completion() == 4 * s);
    // At 3 s, 1 Mb is still to go, and 3 Mb were carried: offered = carried + in flight.
    CHECK(sessions.in_flight_bits_at(3 * s) == Approx(1e6));
    CHECK(sessions.carried_bits_at(3 * s) == Approx(3e6));
    CHECK(sessions.link_bits_at(link, 3 * s) == Approx(3e6));
    // Dropped at 3 s: the undelivered 1 Mb comes back as shed.
    CHECK(sessions.drop_route(route, 3 * s) == Approx(1e6));
    CHECK_FALSE(sessions.next_completion().has_value());
    CHECK(sessions.carried_bits_at(10 * s) == Approx(3e6));
}

TEST_CASE("telecom::RouteTree: routes take the fewest hops, reroute around a cut, and end where "
          "none is left",
          "[telecom][unit]") {
    // core 0; hub 1 on a direct link (0); hub 2 on a direct link (1) and a protection hop to
    // hub 1 (2); site 3 hangs from hub 2 (3). The protection hop is faster but one hop more.
    using telecom::RouteTree;
    RouteTree tree(4, {{1, 0, 300e-6}, {2, 0, 300e-6}, {2, 1, 50e-6}, {3, 2, 10e-6}}, 0);
    std::vector<std::uint32_t> path;
    tree.append_path(3, path);
    CHECK(path == std::vector<std::uint32_t>{3, 1});
    tree.rebuild({1, 0, 1, 1}, {1, 1, 1, 1});  // hub 2's direct link cut: over the protection hop
    path.clear();
    tree.append_path(3, path);
    CHECK(path == std::vector<std::uint32_t>{3, 2, 0});
    tree.rebuild({1, 0, 1, 1}, {1, 0, 1, 1});  // and hub 1 down: site 3 is cut off
    CHECK_FALSE(tree.reaches(3));
    CHECK_FALSE(tree.reaches(2));
    CHECK(tree.reaches(0));
}

namespace {

/// Five sites of three 54 Mb/s sectors (162 Mb/s of radio each) under core node 0: A (node 1)
/// hangs from C (node 3) by microwave, B (node 2) from A; C, E (node 4) and F (node 5) have
/// fibre to the core, E's only 300 Mb/s; F also has a 1 Gb/s protection hop to E. Zone 0 is
/// C's, with E nearby; zone 1 has no site at all.
telecom::TelecomPlan region_test_plan() {
    telecom::TelecomPlan plan;
    plan.core_node = 0;
    for (const char* id : {"core", "A", "B", "C", "E", "F"}) plan.nodes.push_back({.id = id});
    const char* names[] = {"A", "B", "C", "E", "F"};
    for (std::uint32_t k = 0; k < 5; ++k) {
        plan.sites.push_back(
            {.id = names[k], .name = names[k], .node = k + 1, .first_sector = 3 * k, .sectors = 3});
        for (int sector = 0; sector < 3; ++sector)
            plan.sectors.push_back({.site = k, .capacity_bps = 54e6, .voice_channels = 14});
    }
    const auto link = [&](const char* id, std::uint32_t a, std::uint32_t b, double bps) {
        plan.links.push_back({.id = id, .a = a, .b = b, .capacity_bps = bps, .latency_s = 1e-4});
    };
    link("A-C", 1, 3, 100e6);     // 0: A's radio alone exceeds it, and B's crosses it too
    link("B-A", 2, 1, 100e6);     // 1: B's only
    link("C-core", 3, 0, 10e9);   // 2: A + B + C = 486 Mb/s of radio: never fills
    link("E-core", 4, 0, 300e6);  // 3: E's 162 Mb/s fits; E's and F's would not
    link("F-core", 5, 0, 10e9);   // 4
    link("F-E", 5, 4, 1e9);       // 5: protection, one hop more
    plan.zones.push_back({.name = "zone C",
                          .own_sites = {2},
                          .nearby_sites = {3},
                          .residents = 100.0,
                          .present_at_start = 100.0});
    plan.zones.push_back({.name = "blank", .residents = 10.0, .present_at_start = 10.0});
    return plan;
}

}  // namespace

TEST_CASE("telecom::split_cell_regions: sites share a region when a link that can fill joins "
          "them, in any state the outages give",
          "[telecom][unit]") {
    using telecom::CellRegions;
    telecom::TelecomPlan plan = region_test_plan();
    // As built: A and B share A-C (324 Mb/s of radio over 100 Mb/s); C, E and F are alone.
    const CellRegions as_built = telecom::split_cell_regions(plan, {100.0, 10.0}, 1000.0);
    REQUIRE(as_built.regions.size() == 4);
    CHECK(as_built.region_of_site == std::vector<std::uint32_t>{0, 0, 1, 2, 3});
    CHECK(as_built.regions[0].sites == std::vector<std::uint32_t>{0, 1});
    CHECK(as_built.regions[0].key == "telecom/cells/A");
    CHECK(as_built.regions[3].key == "telecom/cells/F");
    // Zone 0 is booked by C's region and heard by E's too; the blank zone by region 0.
    CHECK(as_built.home_of_zone == std::vector<std::uint32_t>{1, 0});
    CHECK(as_built.regions[1].zones == std::vector<std::uint32_t>{0});
    CHECK(as_built.regions[2].zones == std::vector<std::uint32_t>{0});
    CHECK(as_built.regions[0].zones == std::vector<std::uint32_t>{1});
    // Zone 0's 100 people are served by C alone: all expected events are C's region's.
    CHECK(as_built.regions[1].expected_events == Approx(1000.0 * 100.0 / 100.0));
    CHECK(as_built.regions[3].expected_events == 0.0);

    // F's fibre cut: F reroutes over the protection hop and E's 300 Mb/s link carries E and F
    // (324 Mb/s of radio), so E and F are one region. An outage that never happens joins nothing.
    plan.outages.push_back({.site = false, .index = 4, .down = 10 * s, .up = 20 * s});
    plan.outage_instants = {{10 * s, {{0, true}}}, {20 * s, {{0, false}}}};
    const CellRegions with_cut = telecom::split_cell_regions(plan, {100.0, 10.0}, 1000.0);
    REQUIRE(with_cut.regions.size() == 3);
    CHECK(with_cut.region_of_site == std::vector<std::uint32_t>{0, 0, 1, 2, 2});
    // A capacity edit that lifts E's sectors to 100 Mb/s: 300 Mb/s of radio, still under 300
    // (with the margin it counts as filling, on its own: E stays alone without the cut).
    telecom::TelecomPlan edited = region_test_plan();
    edited.capacity_changes.push_back({.at = 5 * s, .site = 3, .capacity_bps = 100e6});
    CHECK(telecom::split_cell_regions(edited, {}, 1.0).regions.size() == 4);
    // Every site joined by a thin core link: one region.
    telecom::TelecomPlan thin = region_test_plan();
    thin.links[2].capacity_bps = 400e6;  // C-core carries A, B and C: 486 Mb/s
    CHECK(telecom::split_cell_regions(thin, {}, 1.0).region_of_site ==
          std::vector<std::uint32_t>{0, 0, 0, 1, 2});
}

TEST_CASE("telecom::pack_cell_regions: contiguous runs of regions with near-equal events",
          "[telecom][unit]") {
    telecom::CellRegions regions;
    for (const double events : {1.0, 1.0, 1.0, 1.0, 4.0})
        regions.regions.push_back({.key = "r", .expected_events = events});
    using Packed = std::vector<std::vector<std::uint32_t>>;
    CHECK(telecom::pack_cell_regions(regions, 1) == Packed{{0, 1, 2, 3, 4}});
    CHECK(telecom::pack_cell_regions(regions, 2) == Packed{{0, 1, 2, 3}, {4}});
    CHECK(telecom::pack_cell_regions(regions, 4) == Packed{{0, 1}, {2, 3}, {4}});
    CHECK(telecom::pack_cell_regions(regions, 64) == Packed{{0}, {1}, {2}, {3}, {4}});
}

TEST_CASE("telecom::DueHeap: the first due key matches a sorted reference through random "
          "sets and erases",
          "[telecom][property]") {
    telecom::DueHeap heap;
    std::vector<std::optional<engine::Ticks>> reference(50);
    engine::RandomStream random(7, 0);
    for (int step = 0; step < 20'000; ++step) {
        const auto key = static_cast<std::uint32_t>(random.next_unit() * 50.0);
        if (random.next_unit() < 0.3) {
            heap.erase(key);
            reference[key].reset();
        } else {
            // Few distinct instants, so ties (broken by the lower key) are common.
            const auto at = static_cast<engine::Ticks>(random.next_unit() * 20.0);
            heap.set(key, at);
            reference[key] = at;
        }
        std::optional<std::pair<engine::Ticks, std::uint32_t>> first;
        std::size_t present = 0;
        for (std::uint32_t k = 0; k < reference.size(); ++k) {
            if (!reference[k]) continue;
            ++present;
            if (!first || *reference[k] < first->first) first = std::pair{*reference[k], k};
        }
        REQUIRE(heap.size() == present);
        REQUIRE(heap.empty() == !first.has_value());
        if (first) {
            REQUIRE(heap.top_at() == first->first);
            REQUIRE(heap.top_key() == first->second);
        }
    }
}

TEST_CASE("telecom::HighQuantile: the 95th percentile of all values, keeping 5 % of them",
          "[telecom][unit]") {
    // Against sorting every value: 10,000 draws (with ties, and fewer than planned), after a
    // clear, and with none.
    engine::RandomStream random(17, 3);
    for (const std::size_t n : std::vector<std::size_t>{1, 2, 19, 20, 21, 999, 10'000}) {
        CAPTURE(n);
        telecom::HighQuantile p95(0.95, 12'000);
        p95.add(5.0);
        p95.clear();
        std::vector<double> all;
        for (std::size_t k = 0; k < n; ++k) {
            const double v = std::round(engine::uniform(random, 0.0, 100.0)) / 100.0;
            all.push_back(v);
            p95.add(v);
        }
        std::sort(all.begin(), all.end());
        const auto rank =
            static_cast<std::size_t>(std::ceil(0.95 * static_cast<double>(all.size()))) - 1;
        CHECK(p95.value() == all[rank]);
        CHECK(p95.peak() == all.back());
    }
    CHECK(telecom::HighQuantile(0.95, 10).value() == 0.0);
    telecom::HighQuantile full(0.95, 2);
    full.add(1.0);
    full.add(2.0);
    CHECK_THROWS_AS(full.add(3.0), engine::InternalError);
}
