#include <cmath>
#include <cstdint>
#include <memory>
#include <numeric>
#include <vector>

#include <catch2/catch.hpp>

#include "engine/context.hpp"
#include "engine/distributions.hpp"
#include "engine/random_stream.hpp"
#include "engine/simulation.hpp"
#include "models/district/district.hpp"
#include "models/district/district_generator.hpp"
#include "models/traffic/events.hpp"
#include "models/traffic/paths_to.hpp"
#include "models/traffic/traffic_builder.hpp"
#include "models/waste/container_lp.hpp"
#include "models/waste/gate_lp.hpp"
#include "models/waste/leg_table.hpp"
#include "models/waste/tour_planner.hpp"
#include "models/waste/zone_waste_lp.hpp"
#include "tests/support/batch_means.hpp"
#include "tests/support/whole_second_links.hpp"

using namespace tuntas;
using waste::WastePlan;

namespace {

constexpr engine::Ticks s = engine::ticks_per_second;

/// One zone of `people` feeding one container of `capacity_kg`, everything served, generation
/// flat over the day: the container fills at people x kg / 86400 kg/s.
std::shared_ptr<WastePlan> one_container(double people, double kg_per_person_per_day,
                                         double capacity_kg) {
    auto plan = std::make_shared<WastePlan>();
    plan->params.kg_per_person_per_day = kg_per_person_per_day;
    plan->params.hourly_profile.fill(1.0);
    plan->params.served_share = 1.0;
    plan->zones.push_back({.present_at_start = people,
                           .served = true,
                           .has_bank = false,
                           .containers = {0},
                           .lp = 0});
    plan->containers.push_back(
        {.id = "c", .name = "c", .node = 0, .capacity_kg = capacity_kg, .gate = 0, .lp = 1});
    return plan;
}

}  // namespace

TEST_CASE("waste::ContainerLp: constant generation overflows at the analytic instant",
          "[waste][validation]") {
    // 2,000 people x 0.5 kg/day = 1,000 kg/day = 0.011574 kg/s into 1,500 kg: full after 1.5 days.
    const auto plan = one_container(2000.0, 0.5, 1500.0);
    engine::Simulation sim;
    sim.emplace_lp<waste::ZoneWasteLp>(plan, 0);
    sim.emplace_lp<waste::ContainerLp>(plan, 0);
    const engine::RunConfig config{.seed = 1, .end_time = 3 * 86'400 * s, .lookahead = 60 * s};
    static_cast<void>(sim.run(config, engine::PartitionMap::blocks(2, 1)));
    auto& container = dynamic_cast<waste::ContainerLp&>(sim.lp(1));
    const auto overflows = container.take_overflows();
    REQUIRE(overflows.size() == 1);
    const double expected_s = 1500.0 / (2000.0 * 0.5 / 86'400.0);  // 129,600 s
    CHECK(engine::seconds_from_ticks(overflows[0]) == Approx(expected_s).margin(1e-6));
    // After it: full, and everything that arrives overflows.
    const engine::Ticks end = config.end_time;
    CHECK(container.contents_kg_at(end) == Approx(1500.0));
    CHECK(container.overflowed_kg_at(end) == Approx(3000.0 - 1500.0));
    CHECK(container.full_seconds_at(end) == Approx(3 * 86'400.0 - expected_s));
    const auto& zone = dynamic_cast<const waste::ZoneWasteLp&>(sim.lp(0));
    CHECK(zone.generated_kg_at(end) == Approx(3000.0));
    CHECK(zone.uncollected_kg_at(end) == Approx(0.0).margin(1e-9));
}

TEST_CASE("waste::ContainerLp: a rate change re-schedules the overflow exactly",
          "[waste][validation]") {
    // The zone's people leave at noon on day 1 (person_left x 1000): the rate halves, so the
    // container holding 500 kg by then needs 1,000 kg more at 500 kg/day: full at 12:00 day 3.
    const auto plan = one_container(2000.0, 0.5, 1500.0);
    engine::Simulation sim;
    sim.emplace_lp<waste::ZoneWasteLp>(plan, 0);
    sim.emplace_lp<waste::ContainerLp>(plan, 0);
    class Leaver final : public engine::Lp {
    public:
        void init(engine::Context& ctx) override {
            for (int k = 0; k < 1000; ++k) ctx.send(0, 12 * 3600 * s, traffic::person_left);
        }
        void on_event(const engine::Event&, engine::Context&) override {}
    };
    sim.emplace_lp<Leaver>();
    const engine::RunConfig config{.seed = 1, .end_time = 4 * 86'400 * s, .lookahead = 60 * s};
    static_cast<void>(sim.run(config, engine::PartitionMap::blocks(3, 1)));
    auto& container = dynamic_cast<waste::ContainerLp&>(sim.lp(1));
    const auto overflows = container.take_overflows();
    REQUIRE(overflows.size() == 1);
    // The zone's own 12:00 tick runs before the leave events of the same instant (events at one
    // time run in sender order, and the zone is LP 0), so the rate halves at the next tick,
    // t1 = 12:15: 1,000 kg/day until t1, 500 kg/day after.
    const double step_s = engine::seconds_from_ticks(plan->params.generation_step);
    const double t1 = step_s * (std::floor(12 * 3600.0 / step_s) + 1.0);
    const double at_t1 = 1000.0 / 86'400.0 * t1;
    const double expected_s = t1 + (1500.0 - at_t1) / (500.0 / 86'400.0);
    CHECK(engine::seconds_from_ticks(overflows[0]) == Approx(expected_s).margin(1e-5));
}

TEST_CASE("waste::GateLp: Poisson arrivals at a fixed service time wait as M/D/1 says",
          "[waste][validation]") {
    // rho = 0.7, service 360 s: Wq = rho / (2 mu (1 - rho)) = 420 s (Pollaczek-Khinchine).
    auto plan = std::make_shared<WastePlan>();
    plan->gates.push_back({.id = "tpa",
                           .name = "tpa",
                           .node = 0,
                           .landfill = true,
                           .recovery = 0.0,
                           .service = 360 * s,
                           .closures = {},
                           .lp = 0});
    plan->trucks.push_back({.lp = 1});
    constexpr double rate_per_s = 0.7 / 360.0;
    class PoissonTrucks final : public engine::Lp {
    public:
        void init(engine::Context& ctx) override { next(ctx); }
        void on_event(const engine::Event& event, engine::Context& ctx) override {
            if (event.kind == 1) next(ctx);  // its own clock; `unloaded` replies are ignored
        }

    private:
        static void next(engine::Context& ctx) {
            const double gap_s = engine::exponential(ctx.random(), 1.0 / rate_per_s);
            ctx.send(0, 0, waste::unload, waste::UnloadRequest{.truck = 0, .kg = 1000.0});
            ctx.send(ctx.self(), engine::ticks_from_seconds(gap_s), 1);
        }
    };
    engine::Simulation sim;
    sim.emplace_lp<waste::GateLp>(plan, 0);
    sim.emplace_lp<PoissonTrucks>();
    const double hours = 20'000.0;  // about 140,000 trucks
    const engine::RunConfig config{
        .seed = 7, .end_time = engine::ticks_from_seconds(hours * 3600.0), .lookahead = s};
    static_cast<void>(sim.run(config, engine::PartitionMap::blocks(2, 1)));
    auto& gate = dynamic_cast<waste::GateLp&>(sim.lp(0));
    const auto log = gate.take_log();
    REQUIRE(log.size() > 100'000);
    std::vector<double> waits;
    for (const auto& record : log)
        waits.push_back(engine::seconds_from_ticks(record.started - record.arrived));
    const auto [mean, half_width] = testing::batch_mean(waits);
    const double theory = 0.7 / (2.0 * (1.0 / 360.0) * (1.0 - 0.7));
    INFO("mean wait " << mean << " s, 99 % CI +-" << half_width << " s, M/D/1 " << theory << " s");
    CHECK(std::abs(mean - theory) <= half_width);
    CHECK(half_width < 0.05 * theory);  // the test can tell a 5 % error
    CHECK(gate.landfilled_kg() == Approx(1000.0 * static_cast<double>(log.size())));
}

TEST_CASE("waste::plan_tours: one tour around a circle is the polygon's perimeter",
          "[waste][unit]") {
    // Base at the centre of a circle of radius 1000 m, 12 stops shuffled around it: with room
    // for all, the best tour visits them in angular order (2-opt removes every crossing).
    constexpr std::size_t n = 12;
    std::vector<double> angle(n + 1, 0.0);
    const std::vector<std::size_t> shuffled{7, 2, 11, 4, 0, 9, 5, 1, 10, 3, 8, 6};
    for (std::size_t k = 0; k < n; ++k)
        angle[k + 1] = 2.0 * M_PI * static_cast<double>(shuffled[k]) / n;
    const auto point = [&](std::size_t k) {
        return k == 0 ? std::pair{0.0, 0.0}
                      : std::pair{1000.0 * std::cos(angle[k]), 1000.0 * std::sin(angle[k])};
    };
    waste::TourProblem problem{.stops = n,
                               .time_s =
                                   [&](std::size_t a, std::size_t b) {
                                       const auto [ax, ay] = point(a);
                                       const auto [bx, by] = point(b);
                                       return std::hypot(ax - bx, ay - by);
                                   },
                               .demand = std::vector<double>(n, 1.0),
                               .capacity = 100.0};
    const auto tours = waste::plan_tours(problem);
    REQUIRE(tours.size() == 1);
    REQUIRE(tours[0].size() == n);
    // Base -> first, 11 chords of the 12-gon, last -> base.
    const double chord = 2.0 * 1000.0 * std::sin(M_PI / n);
    CHECK(waste::tour_time_s(problem, tours[0]) ==
          Approx(1000.0 + 11 * chord + 1000.0).epsilon(1e-9));

    // Room for 4 a tour: every tour within the capacity, every stop once, and no worse than
    // four arcs of three neighbours (4 x (2 radii + 2 chords); savings is a heuristic: the
    // optimum, three arcs of four, is 3 x (2 radii + 3 chords)).
    problem.capacity = 4.0;
    const auto split = waste::plan_tours(problem);
    std::vector<int> seen(n + 1, 0);
    double total_s = 0.0;
    for (const auto& tour : split) {
        CHECK(tour.size() <= 4);
        for (const auto stop : tour) ++seen[stop];
        total_s += waste::tour_time_s(problem, tour);
    }
    CHECK(std::count(seen.begin() + 1, seen.end(), 1) == static_cast<long>(n));
    CHECK(total_s <= 4 * (2000.0 + 2 * chord) + 1e-6);
    CHECK(total_s >= 3 * (2000.0 + 3 * chord) - 1e-6);
}

TEST_CASE("waste::LegTable: every pair of slots has its whole tree's time and length, stored or "
          "searched, one by one or together",
          "[waste][property]") {
    // What the dense slots x slots table held: for every pair, the tree into the leg's end.
    // Here hubs (a tenth of the slots), catchments (the rest in five groups, one slot left in
    // none) and the pairs across them, which the table searches when asked.
    const district::District district(
        district::generate_district({.population = 150'000, .seed = 4}));
    auto network = traffic::make_network(district, traffic::TrafficParams{});
    testing::whole_second_links(*network, 9);
    const auto nodes = static_cast<std::uint32_t>(network->in_links.size());
    std::vector<std::uint32_t> slot_nodes;
    for (std::uint32_t n = 0; n < nodes; n += 2) slot_nodes.push_back(n);
    const auto slots = static_cast<std::uint32_t>(slot_nodes.size());
    std::vector<bool> hub(slots, false);
    std::vector<std::vector<std::uint32_t>> catchments(5);
    for (std::uint32_t s = 0; s < slots; ++s) {
        if (s % 10 == 3) {
            hub[s] = true;
        } else if (s != 1) {
            catchments[(s * 7) % 5].push_back(s);
        }
    }
    waste::LegTable table(*network, slot_nodes, hub);
    table.add_catchments(catchments);
    std::size_t pairs = 0;
    for (std::uint32_t to = 0; to < slots; ++to) {
        const traffic::PathsTo tree = traffic::paths_to(*network, slot_nodes[to]);
        for (std::uint32_t from = 0; from < slots; ++from) {
            const auto leg = table.leg(slot_nodes[from], slot_nodes[to]);
            REQUIRE(leg.time_s == engine::seconds_from_ticks(tree.time[slot_nodes[from]]));
            REQUIRE(leg.length_m == tree.length_m[slot_nodes[from]]);  // to the bit
            ++pairs;
        }
        // All starts at once (the dispatcher's question): the same times.
        const auto together = table.times_into(slot_nodes[to], slot_nodes);
        for (std::uint32_t from = 0; from < slots; ++from)
            REQUIRE(together[from] == engine::seconds_from_ticks(tree.time[slot_nodes[from]]));
    }
    CAPTURE(slots, pairs, table.stored_pairs());
    CHECK(slots > 100);
    CHECK(table.stored_pairs() < pairs / 2);  // the cross-catchment pairs are not held
}
