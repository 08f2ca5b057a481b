#include "models/waste/tour_planner.hpp"

#include <algorithm>
#include <numeric>
#include <tuple>

#include <tbb/parallel_sort.h>

namespace tuntas::waste {

double tour_time_s(const TourProblem& problem, const std::vector<std::size_t>& tour) {
    if (tour.empty()) return 0.0;
    double total = problem.time_s(0, tour.front()) + problem.time_s(tour.back(), 0);
    for (std::size_t k = 1; k < tour.size(); ++k) total += problem.time_s(tour[k - 1], tour[k]);
    return total;
}

double tour_duration_s(const TourProblem& problem, const std::vector<std::size_t>& tour) {
    double total = tour_time_s(problem, tour);
    if (!problem.service_s.empty()) {
        for (const std::size_t s : tour) total += problem.service_s[s - 1];
    }
    return total;
}

void improve_two_opt(const TourProblem& problem, std::vector<std::size_t>& tour) {
    if (tour.size() < 3) return;
    bool improved = true;
    double best = tour_time_s(problem, tour);
    while (improved) {
        improved = false;
        for (std::size_t i = 0; i + 1 < tour.size() && !improved; ++i) {
            for (std::size_t j = i + 1; j < tour.size() && !improved; ++j) {
                // Times may be asymmetric: evaluate the reversed tour whole.
                std::reverse(tour.begin() + static_cast<std::ptrdiff_t>(i),
                             tour.begin() + static_cast<std::ptrdiff_t>(j) + 1);
                const double time = tour_time_s(problem, tour);
                if (time < best - 1e-9) {
                    best = time;
                    improved = true;
                } else {
                    std::reverse(tour.begin() + static_cast<std::ptrdiff_t>(i),
                                 tour.begin() + static_cast<std::ptrdiff_t>(j) + 1);
                }
            }
        }
    }
}

std::vector<std::vector<std::size_t>> plan_tours(const TourProblem& problem) {
    const std::size_t n = problem.stops;
    // Every stop starts on a tour of its own.
    std::vector<std::vector<std::size_t>> tours(n);
    std::vector<double> load(n);
    std::vector<double> duration(n);
    std::vector<std::size_t> tour_of(n + 1);
    for (std::size_t s = 1; s <= n; ++s) {
        tours[s - 1] = {s};
        load[s - 1] = problem.demand[s - 1];
        duration[s - 1] = tour_duration_s(problem, tours[s - 1]);
        tour_of[s] = s - 1;
    }
    // Savings of driving i -> j instead of i -> base -> j.
    std::vector<std::tuple<double, std::size_t, std::size_t>> savings;
    savings.reserve(n * (n - (n > 0 ? 1 : 0)));
    for (std::size_t i = 1; i <= n; ++i) {
        for (std::size_t j = 1; j <= n; ++j) {
            if (i == j) continue;
            const double saving =
                problem.time_s(i, 0) + problem.time_s(0, j) - problem.time_s(i, j);
            if (saving > 0.0) savings.emplace_back(saving, i, j);
        }
    }
    // Largest saving first, ties in the order made (i, then j): a total order on distinct
    // pairs, so the parallel sort gives the one sequence there is.
    tbb::parallel_sort(savings.begin(), savings.end(), [](const auto& a, const auto& b) {
        if (std::get<0>(a) != std::get<0>(b)) return std::get<0>(a) > std::get<0>(b);
        return std::tie(std::get<1>(a), std::get<2>(a)) < std::tie(std::get<1>(b), std::get<2>(b));
    });
    for (const auto& [saving, i, j] : savings) {
        const std::size_t a = tour_of[i];
        const std::size_t b = tour_of[j];
        // i must end its tour and j start another, and both together must fit.
        if (a == b || tours[a].back() != i || tours[b].front() != j) continue;
        if (load[a] + load[b] > problem.capacity) continue;
        const double merged_s = duration[a] + duration[b] - saving;
        if (merged_s > problem.max_duration_s) continue;
        for (const std::size_t s : tours[b]) tour_of[s] = a;
        tours[a].insert(tours[a].end(), tours[b].begin(), tours[b].end());
        load[a] += load[b];
        duration[a] = merged_s;
        tours[b].clear();
        load[b] = 0.0;
        duration[b] = 0.0;
    }
    std::vector<std::vector<std::size_t>> planned;
    for (auto& tour : tours) {
        if (tour.empty()) continue;
        improve_two_opt(problem, tour);
        planned.push_back(std::move(tour));
    }
    return planned;
}

}  // namespace tuntas::waste
