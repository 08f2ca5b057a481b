#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <memory>
#include <random>
#include <tuple>
#include <utility>
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

/// `stops` random stops on a square of `side_m` around the base (stop 0 at its centre), demands
/// uniform in [kg_low, kg_high], 2 minutes' service each, driving at 10 m/s and 10 % slower
/// one way (asymmetric times). Held by pointer: the times look the coordinates up.
struct PlaneProblem {
    std::vector<double> x, y;
    waste::TourProblem problem;
};
std::unique_ptr<PlaneProblem> plane_problem(std::mt19937_64& random, std::size_t stops,
                                            double side_m, double kg_low, double kg_high,
                                            double capacity_kg) {
    std::uniform_real_distribution<double> where(0.0, side_m);
    std::uniform_real_distribution<double> kg(kg_low, kg_high);
    auto plane = std::make_unique<PlaneProblem>();
    plane->x = {side_m / 2.0};
    plane->y = {side_m / 2.0};
    plane->problem.stops = stops;
    for (std::size_t s = 0; s < stops; ++s) {
        plane->x.push_back(where(random));
        plane->y.push_back(where(random));
        plane->problem.demand.push_back(kg(random));
        plane->problem.service_s.push_back(120.0);
    }
    plane->problem.capacity = capacity_kg;
    plane->problem.time_s = [x = &plane->x, y = &plane->y](std::size_t a, std::size_t b) {
        return std::hypot((*x)[a] - (*x)[b], (*y)[a] - (*y)[b]) / 10.0 * (a < b ? 1.0 : 1.1);
    };
    return plane;
}

}  // namespace

TEST_CASE("waste::plan_tours: savings and 2-opt within a few percent of the exact optimum on "
          "small instances",
          "[waste][planner][validation]") {
    // 200 random instances of 7 stops on the plane (asymmetric times: 10 % slower one way),
    // capacity for about three stops a tour. The exact optimum by Held-Karp and set partitioning.
    std::mt19937_64 random(7);
    double gap_sum = 0.0, gap_max = 0.0;
    constexpr int instances = 200;
    for (int k = 0; k < instances; ++k) {
        const auto plane = plane_problem(random, 7, 10'000.0, 200.0, 1000.0, 1800.0);
        const waste::TourProblem& problem = plane->problem;
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

TEST_CASE("waste::plan_tours: a large problem's granular savings plan within 1 % of all savings",
          "[waste][planner][validation]") {
    // 1,500 stops on a 40 km square around the base (times 10 % slower one way), about 20 to a
    // tour: every stop's 1,499 savings against those to its savings_per_stop_beyond (50)
    // nearest successors, the list a problem of this size gets by default.
    std::mt19937_64 random(11);
    const auto plane = plane_problem(random, 1500, 40'000.0, 100.0, 500.0, 6000.0);
    waste::TourProblem& problem = plane->problem;
    const auto plan = [&](std::size_t per_stop) {
        problem.savings_per_stop = per_stop;
        double driving_s = 0.0;
        std::vector<int> visits(problem.stops, 0);
        const auto tours = waste::plan_tours(problem);
        for (const auto& tour : tours) {
            double load = 0.0;
            for (const auto s : tour) {
                load += problem.demand[s - 1];
                ++visits[s - 1];
            }
            CHECK(load <= problem.capacity);
            driving_s += waste::tour_time_s(problem, tour);
        }
        CHECK(std::all_of(visits.begin(), visits.end(), [](int v) { return v == 1; }));
        return std::pair{driving_s, tours.size()};
    };
    const auto [all_s, all_tours] = plan(problem.stops - 1);
    const auto [granular_s, granular_tours] = plan(0);  // the default for 1,500 stops
    CAPTURE(all_s, granular_s, all_tours, granular_tours);
    // Measured: 340,146 s against 340,053 s (+0.03 %), 77 tours each; 1 % is the bound.
    CHECK(granular_s <= 1.01 * all_s);
    CHECK(granular_tours <= all_tours + all_tours / 50);
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
                CHECK(round.planned_end_s <= p.shift_length_s(p.fleet[t]) + 1e-9);
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
            const double spacing = p.shift_length_s(TruckKind::arm_roll) / plan.visits[c];
            for (std::size_t k = 1; k < times.size(); ++k) {
                CAPTURE(c, times[k - 1], times[k], spacing);
                CHECK(times[k] - times[k - 1] >= 0.1 * spacing);
                ++spread;
            }
        }
        CHECK(spread > 0);
    });
}

namespace {

/// Each planned unload at a gate as [start, end), s from the problem's origin.
std::map<std::uint32_t, std::vector<std::pair<double, double>>>
planned_unloads(const waste::FleetProblem& p, const waste::FleetPlan& plan) {
    std::map<std::uint32_t, std::vector<std::pair<double, double>>> unloads;
    for (std::size_t t = 0; t < plan.rounds.size(); ++t) {
        for (const auto& round : plan.rounds[t]) {
            const double end = p.shift_start(p.fleet[t]) + round.planned_end_s;
            unloads[round.gate].emplace_back(end - p.gate_service_s[round.gate], end);
        }
    }
    for (auto& [gate, intervals] : unloads) std::sort(intervals.begin(), intervals.end());
    return unloads;
}

/// Visits a plan carries: stops on rounds, each container counted once a round.
int visits_carried(const waste::FleetPlan& plan) {
    int visits = 0;
    for (const auto& rounds : plan.rounds) {
        for (const auto& round : rounds) visits += static_cast<int>(round.containers.size());
    }
    return visits;
}

}  // namespace

TEST_CASE("waste::plan_fleet_day: the plan queues trucks at a gate one at a time, as the run does",
          "[waste][planner][property]") {
    // A fleet that wants the one gate more often than it is free at once: planned unloads must
    // not overlap (the weighbridge serves one truck at a time), so the plan's times are times
    // the run can keep.
    for_ten_towns(40, 8, 4, [](const waste::FleetProblem& p, const waste::FleetPlan& plan) {
        for (const auto& [gate, intervals] : planned_unloads(p, plan)) {
            CHECK(intervals.size() > 10);
            for (std::size_t k = 1; k < intervals.size(); ++k) {
                CAPTURE(gate, intervals[k - 1].second, intervals[k].first);
                CHECK(intervals[k].first >= intervals[k - 1].second - 1e-6);
            }
        }
    });
}

TEST_CASE("waste::plan_fleet_day: a visit of more than a dump truck load is spread, not bunched",
          "[waste][planner][property]") {
    // Dump trucks only, containers of up to 8 t a day: a visit that is more than a load becomes
    // several trips. Two trucks arriving together at one container find one load between them
    // (seen on Paser: 2 trucks 4 s apart, the second took 0.7 kg); the trips must be spaced.
    for (std::uint64_t seed = 1; seed <= 10; ++seed) {
        CAPTURE(seed);
        const auto p = waste::synthetic_town({.seed = seed,
                                              .containers = 12,
                                              .dump_trucks = 10,
                                              .arm_roll_trucks = 0,
                                              .min_kg_per_day = 4000.0,
                                              .max_kg_per_day = 8000.0,
                                              .dump_capacity_kg = 1750.0});
        const auto plan = waste::plan_fleet_day(p);
        std::map<std::uint32_t, std::vector<double>> starts;
        for (const auto& rounds : plan.rounds) {
            for (const auto& round : rounds) {
                for (const auto c : round.containers) starts[c].push_back(round.start_s);
            }
        }
        std::size_t multi_load = 0;
        for (auto& [c, times] : starts) {
            std::sort(times.begin(), times.end());
            const double spacing =
                p.shift_length_s(TruckKind::dump_truck) / static_cast<double>(times.size());
            for (std::size_t k = 1; k < times.size(); ++k) {
                CAPTURE(c, times.size(), times[k - 1], times[k], spacing);
                CHECK(times[k] - times[k - 1] >= 0.1 * spacing);
            }
            if (p.daily_kg[c] / plan.visits[c] > 0.9 * p.dump_capacity_kg) ++multi_load;
        }
        CHECK(multi_load > 0);  // the case is exercised
    }
}

TEST_CASE("waste::plan_fleet_day: a truck more never carries fewer visits or leaves more without "
          "room",
          "[waste][planner][property]") {
    // Short fleets (visits go without room): one dump truck more, or one arm-roll more, must
    // carry at least the visits the smaller fleet carried and report no more without room.
    int short_fleets = 0;
    for (std::uint64_t seed = 1; seed <= 10; ++seed) {
        for (const auto& [dumps, arm_rolls, more_dumps, more_arm_rolls] :
             {std::tuple{1, 1, 2, 1}, std::tuple{2, 1, 3, 1}, std::tuple{1, 1, 1, 2},
              std::tuple{2, 2, 2, 3}}) {
            CAPTURE(seed, dumps, arm_rolls, more_dumps, more_arm_rolls);
            const auto small = town(seed, 40, dumps, arm_rolls);
            const auto large = town(seed, 40, more_dumps, more_arm_rolls);
            const auto small_plan = waste::plan_fleet_day(small);
            const auto large_plan = waste::plan_fleet_day(large);
            const auto without_room = [](const waste::FleetPlan& plan) {
                int count = 0;
                for (const int u : plan.unassigned_visits) count += u;
                return count;
            };
            CHECK(visits_carried(large_plan) >= visits_carried(small_plan));
            CHECK(without_room(large_plan) <= without_room(small_plan));
            short_fleets += without_room(small_plan) > 0 ? 1 : 0;
        }
    }
    CHECK(short_fleets >= 20);  // most cases are short fleets, where a truck more must help
}

TEST_CASE("waste::plan_fleet_day: each class works its own shift", "[waste][planner][property]") {
    // Dump trucks 06:00-14:00, arm-rolls 14:00-22:00 (times from midnight): every round lies in
    // its truck's shift, and a container's arm-roll swaps are due over the arm-roll shift (the
    // last one after 18:00, so the evening's waste is taken before the night).
    for (std::uint64_t seed = 1; seed <= 10; ++seed) {
        CAPTURE(seed);
        auto p = town(seed, 30, 6, 4);
        p.shift_start_s = {6 * 3600.0, 14 * 3600.0};
        p.shift_end_s = {14 * 3600.0, 22 * 3600.0};
        const auto plan = waste::plan_fleet_day(p);
        double last_swap_s = 0.0;
        for (std::size_t t = 0; t < plan.rounds.size(); ++t) {
            for (const auto& round : plan.rounds[t]) {
                const double start = p.shift_start(p.fleet[t]) + round.start_s;
                const double end = p.shift_start(p.fleet[t]) + round.planned_end_s;
                CHECK(start >= p.shift_start(p.fleet[t]) - 1e-9);
                CHECK(end <= p.shift_end(p.fleet[t]) + 1e-9);
                if (p.fleet[t] == TruckKind::arm_roll) last_swap_s = std::max(last_swap_s, start);
            }
        }
        CHECK(last_swap_s > 18 * 3600.0);
        for (const auto& [gate, intervals] : planned_unloads(p, plan)) {
            for (std::size_t k = 1; k < intervals.size(); ++k)
                CHECK(intervals[k].first >= intervals[k - 1].second - 1e-6);
        }
    }
}
