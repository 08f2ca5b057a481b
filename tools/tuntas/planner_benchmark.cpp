#include "tools/tuntas/planner_benchmark.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

#include <benchmark/benchmark.h>

#include "models/waste/exact_tours.hpp"
#include "models/waste/fleet_planner.hpp"
#include "models/waste/synthetic_town.hpp"
#include "models/waste/tour_planner.hpp"
#include "tools/tuntas/google_benchmark.hpp"

namespace tuntas::cli {
namespace {

/// Stops scattered on a 10 km square around the base, 100-1,000 kg each, two minutes' service,
/// loads of 1,800 kg; driving at 10 m/s on straight lines, 10 % slower one way.
struct RandomTours {
    std::vector<double> x_m{5000.0}, y_m{5000.0};
    waste::TourProblem problem;

    RandomTours(std::mt19937_64& random, std::size_t stops) {
        std::uniform_real_distribution<double> where(0.0, 10'000.0);
        std::uniform_real_distribution<double> kg(100.0, 1000.0);
        problem.stops = stops;
        for (std::size_t s = 0; s < stops; ++s) {
            x_m.push_back(where(random));
            y_m.push_back(where(random));
            problem.demand.push_back(kg(random));
            problem.service_s.push_back(120.0);
        }
        problem.capacity = 1800.0;
        problem.time_s = [this](std::size_t a, std::size_t b) {
            return std::hypot(x_m[a] - x_m[b], y_m[a] - y_m[b]) / 10.0 * (a < b ? 1.0 : 1.1);
        };
    }
    RandomTours(const RandomTours&) = delete;
    RandomTours& operator=(const RandomTours&) = delete;
};

void savings_gap(benchmark::State& state) {
    const auto stops = static_cast<std::size_t>(state.range(0));
    constexpr int instances = 50;
    double gap_sum = 0.0, gap_max = 0.0;
    for (auto _ : state) {
        std::mt19937_64 random(stops);
        gap_sum = gap_max = 0.0;
        for (int k = 0; k < instances; ++k) {
            const RandomTours tours(random, stops);
            double planned = 0.0;
            for (const auto& tour : waste::plan_tours(tours.problem))
                planned += waste::tour_duration_s(tours.problem, tour);
            const double gap = planned / waste::exact_tours_s(tours.problem) - 1.0;
            gap_sum += gap;
            gap_max = std::max(gap_max, gap);
        }
    }
    state.counters["gap_mean_pct"] = 100.0 * gap_sum / instances;
    state.counters["gap_max_pct"] = 100.0 * gap_max;
}

void plan_day(benchmark::State& state) {
    // A town on a square that grows with it (about 1.7 km² a container, Paser's served area
    // over its containers), a quarter of the fleet arm-rolls, 100-1,600 kg a container and day
    // (Paser: 850 on average), dump trucks of 1.75 t at 8 m/s, a gate for every 27 containers
    // (Paser: 3 for 83; one weighbridge serves at most 80 trucks in an 8-hour shift).
    const auto containers = static_cast<std::size_t>(state.range(0));
    const auto trucks = static_cast<int>(state.range(1));
    const auto problem =
        waste::synthetic_town({.seed = containers,
                               .containers = containers,
                               .dump_trucks = trucks - trucks / 4,
                               .arm_roll_trucks = trucks / 4,
                               .side_m = std::sqrt(static_cast<double>(containers) * 1.7e6),
                               .min_kg_per_day = 100.0,
                               .max_kg_per_day = 1600.0,
                               .dump_capacity_kg = 1750.0,
                               .speed_m_per_s = 8.0,
                               .gates = std::max<std::size_t>(1, containers / 27)});
    double rounds = 0.0, unassigned = 0.0;
    for (auto _ : state) {
        const auto plan = waste::plan_fleet_day(problem);
        rounds = unassigned = 0.0;
        for (const auto& truck : plan.rounds) rounds += static_cast<double>(truck.size());
        for (const int u : plan.unassigned_visits) unassigned += u;
        benchmark::DoNotOptimize(plan);
    }
    state.counters["rounds"] = rounds;
    state.counters["unassigned_visits"] = unassigned;
}

}  // namespace

bool run_planner_benchmark(const std::vector<std::string>& args) {
    benchmark::RegisterBenchmark("planner/savings_gap", savings_gap)
        ->Arg(6)
        ->Arg(8)
        ->Arg(10)
        ->Iterations(1)
        ->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark("planner/plan_day", plan_day)
        ->Args({83, 20})
        ->Args({270, 65})
        ->Unit(benchmark::kMillisecond);
    return run_google_benchmark("tuntas bench planner", "^planner/", args);
}

}  // namespace tuntas::cli
