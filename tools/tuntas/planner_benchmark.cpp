#include "tools/tuntas/planner_benchmark.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

#include <benchmark/benchmark.h>

#include "models/waste/exact_tours.hpp"
#include "models/waste/fleet_planner.hpp"
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

/// A town of `containers` on a square that grows with them (about 1.7 km² each, Paser's
/// served area over its containers), the TPA 5 km beyond a corner, a quarter of the fleet
/// arm-rolls, 8 h shifts; containers receive 100-1,600 kg a day (Paser: 850 on average).
waste::FleetProblem town(std::size_t containers, int trucks) {
    std::mt19937_64 random(containers);
    const double side_m = std::sqrt(static_cast<double>(containers) * 1.7e6);
    std::uniform_real_distribution<double> where(0.0, side_m);
    std::uniform_real_distribution<double> kg(100.0, 1600.0);
    std::vector<double> x{0.0, side_m + 5000.0}, y{0.0, side_m + 5000.0};
    waste::FleetProblem p;
    for (std::size_t c = 0; c < containers; ++c) {
        x.push_back(where(random));
        y.push_back(where(random));
        p.daily_kg.push_back(kg(random));
        p.capacity_kg.push_back(c % 4 == 0 ? 4500.0 : 1500.0);
        p.node.push_back(static_cast<std::uint32_t>(2 + c));
        p.gate.push_back(0);
    }
    p.gate_node = {1};
    p.gate_service_s = {360.0};
    for (int t = 0; t < trucks; ++t)
        p.fleet.push_back(t % 4 == 3 ? waste::TruckKind::arm_roll : waste::TruckKind::dump_truck);
    p.dump_capacity_kg = 1750.0;
    p.time_s = [x, y](std::uint32_t a, std::uint32_t b) {
        return std::hypot(x[a] - x[b], y[a] - y[b]) / 8.0;
    };
    return p;
}

void plan_day(benchmark::State& state) {
    const auto problem =
        town(static_cast<std::size_t>(state.range(0)), static_cast<int>(state.range(1)));
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
        ->Args({500, 120})
        ->Unit(benchmark::kMillisecond);
    return run_google_benchmark("tuntas bench planner", "^planner/", args);
}

}  // namespace tuntas::cli
