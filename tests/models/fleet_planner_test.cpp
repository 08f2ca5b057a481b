#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <random>
#include <vector>

#include <catch2/catch.hpp>

#include "models/waste/exact_tours.hpp"
#include "models/waste/fleet_planner.hpp"
#include "models/waste/synthetic_town.hpp"
#include "models/waste/tour_planner.hpp"

using namespace tuntas;
using waste::TruckKind;

namespace {

/// The synthetic town of `seed`: `containers` on 12 km x 12 km, the fleet given.
waste::FleetProblem town(std::uint64_t seed, std::size_t containers, int dump_trucks,
                         int arm_rolls) {
    return waste::synthetic_town({.seed = seed,
                                  .containers = containers,
                                  .dump_trucks = dump_trucks,
                                  .arm_roll_trucks = arm_rolls});
}

/// Checks `check(problem, plan)` on the towns of seeds 1 to 10.
template <class Check>
void for_ten_towns(std::size_t containers, int dump_trucks, int arm_rolls, Check check) {
    for (std::uint64_t seed = 1; seed <= 10; ++seed) {
        CAPTURE(seed);
        const auto problem = town(seed, containers, dump_trucks, arm_rolls);
        check(problem, waste::plan_fleet_day(problem));
    }
}

}  // namespace

TEST_CASE("waste::plan_tours: savings and 2-opt within a few percent of the exact optimum on "
          "small instances",
          "[waste][planner][validation]") {
    // 200 random instances of 7 stops on the plane (asymmetric times: 10 % slower one way),
    // capacity for about three stops a tour. The exact optimum by Held-Karp and set partitioning.
    std::mt19937_64 random(7);
    std::uniform_real_distribution<double> where(0.0, 10'000.0);
    std::uniform_real_distribution<double> kg(200.0, 1000.0);
    double gap_sum = 0.0, gap_max = 0.0;
    constexpr int instances = 200;
    for (int k = 0; k < instances; ++k) {
        std::vector<double> x{5000.0}, y{5000.0};
        waste::TourProblem problem;
        problem.stops = 7;
        for (std::size_t s = 0; s < problem.stops; ++s) {
            x.push_back(where(random));
            y.push_back(where(random));
            problem.demand.push_back(kg(random));
            problem.service_s.push_back(120.0);
        }
        problem.capacity = 1800.0;
        problem.time_s = [&](std::size_t a, std::size_t b) {
            return std::hypot(x[a] - x[b], y[a] - y[b]) / 10.0 * (a < b ? 1.0 : 1.1);
        };
        double planned = 0.0;
        for (const auto& tour : waste::plan_tours(problem)) {
            double load = 0.0;
            for (const auto s : tour) load += problem.demand[s - 1];
            CHECK(load <= problem.capacity);
            planned += waste::tour_duration_s(problem, tour);
        }
        const double exact = waste::exact_tours_s(problem);
        REQUIRE(planned >= exact - 1e-6);  // nothing beats the optimum
        const double gap = planned / exact - 1.0;
        gap_sum += gap;
        gap_max = std::max(gap_max, gap);
    }
    const double gap_mean = gap_sum / instances;
    CAPTURE(gap_mean, gap_max);
    // Clarke-Wright with 2-opt is reported a few percent above optimal on small instances;
    // measured here: mean 0.74 %, max 10.9 %.
    CHECK(gap_mean < 0.03);
    CHECK(gap_max < 0.20);
}

TEST_CASE("waste::plan_fleet_day: rounds fit the shift, do not overlap, and carry every planned "
          "visit",
          "[waste][planner][property]") {
    for_ten_towns(40, 3, 2, [](const waste::FleetProblem& p, const waste::FleetPlan& plan) {
        std::vector<int> stops(p.daily_kg.size(), 0);
        for (std::size_t t = 0; t < plan.rounds.size(); ++t) {
            double free_at = 0.0;
            for (const auto& round : plan.rounds[t]) {
                CHECK(round.start_s >= free_at - 1e-9);
                CHECK(round.planned_end_s <= p.shift_s + 1e-9);
                CHECK(round.planned_end_s > round.start_s);
                free_at = round.planned_end_s;
                for (const auto c : round.containers) ++stops[c];
            }
        }
        for (std::size_t c = 0; c < p.daily_kg.size(); ++c) {
            CAPTURE(c);
            CHECK(plan.visits[c] >= 1);
            CHECK(plan.visits[c] <= p.max_visits_per_day);
            // Dump loads hold a visit (6 t): each assigned visit is one stop.
            CHECK(stops[c] == plan.visits[c] - plan.unassigned_visits[c]);
        }
    });
}

TEST_CASE("waste::plan_fleet_day: no truck idles while a container could use another visit",
          "[waste][planner][property]") {
    // A fleet larger than the town needs: trucks without rounds are allowed only when every
    // container already gets its most visits or would be found under min_fill_at_visit.
    for_ten_towns(30, 12, 4, [](const waste::FleetProblem& p, const waste::FleetPlan& plan) {
        int unassigned = 0;
        for (const int u : plan.unassigned_visits) unassigned += u;
        REQUIRE(unassigned == 0);
        const bool idle_dump = [&] {
            for (std::size_t t = 0; t < p.fleet.size(); ++t) {
                if (p.fleet[t] == TruckKind::dump_truck && plan.rounds[t].empty()) return true;
            }
            return false;
        }();
        if (!idle_dump) return;
        for (std::size_t c = 0; c < p.daily_kg.size(); ++c) {
            const double fill = p.daily_kg[c] / plan.visits[c] / p.capacity_kg[c];
            CAPTURE(c, plan.visits[c], fill);
            CHECK((plan.visits[c] == p.max_visits_per_day || fill < p.min_fill_at_visit));
        }
    });
}

TEST_CASE("waste::plan_fleet_day: visits to one container are spread over the shift",
          "[waste][planner][property]") {
    // Arm-rolls only, enough of them: container c's visits are due shift/V apart; none may start
    // within a tenth of that of another (they were bunched at the shift's start before).
    for_ten_towns(12, 0, 8, [](const waste::FleetProblem& p, const waste::FleetPlan& plan) {
        std::map<std::uint32_t, std::vector<double>> starts;
        for (const auto& rounds : plan.rounds) {
            for (const auto& round : rounds)
                starts[round.containers.front()].push_back(round.start_s);
        }
        std::size_t spread = 0;
        for (auto& [c, times] : starts) {
            std::sort(times.begin(), times.end());
            const double spacing = p.shift_s / plan.visits[c];
            for (std::size_t k = 1; k < times.size(); ++k) {
                CAPTURE(c, times[k - 1], times[k], spacing);
                CHECK(times[k] - times[k - 1] >= 0.1 * spacing);
                ++spread;
            }
        }
        CHECK(spread > 0);
    });
}
