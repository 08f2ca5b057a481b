#include "models/waste/tour_planner.hpp"

#include <algorithm>
#include <numeric>
#include <tuple>

#include <tbb/blocked_range.h>
#include <tbb/parallel_sort.h>

#include "engine/parallel_for.hpp"

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
    // Savings of driving i -> j instead of i -> base -> j: those to each stop's nearest
    // successors (all of them on a problem of up to all_savings_up_to stops), made row by row
    // in parallel.
    const std::size_t per_stop = problem.savings_per_stop > 0 ? problem.savings_per_stop
                                 : n <= TourProblem::all_savings_up_to
                                     ? n
                                     : TourProblem::savings_per_stop_beyond;
    using Saving = std::tuple<double, std::size_t, std::size_t>;
    // Largest saving first, ties in the order made (i, then j): a total order on distinct
    // pairs, so the parallel sort gives the one sequence there is.
    const auto before = [](const Saving& a, const Saving& b) {
        if (std::get<0>(a) != std::get<0>(b)) return std::get<0>(a) > std::get<0>(b);
        return std::tie(std::get<1>(a), std::get<2>(a)) < std::tie(std::get<1>(b), std::get<2>(b));
    };
    std::vector<std::vector<Saving>> rows(n);
    engine::parallel_for_blocks(1, n + 1, 16, [&](const tbb::blocked_range<std::size_t>& range) {
        std::vector<std::pair<double, std::size_t>> nearest;  // (time i -> j, j)
        for (std::size_t i = range.begin(); i != range.end(); ++i) {
            auto& row = rows[i - 1];
            const double to_base_s = problem.time_s(i, 0);
            const auto add = [&](std::size_t j, double i_to_j_s) {
                const double saving = to_base_s + problem.time_s(0, j) - i_to_j_s;
                if (saving > 0.0) row.emplace_back(saving, i, j);
            };
            if (per_stop + 1 >= n) {
                for (std::size_t j = 1; j <= n; ++j) {
                    if (i != j) add(j, problem.time_s(i, j));
                }
                continue;
            }
            // The nearest successors (ties to the lower stop).
            nearest.clear();
            for (std::size_t j = 1; j <= n; ++j) {
                if (i != j) nearest.emplace_back(problem.time_s(i, j), j);
            }
            std::nth_element(nearest.begin(),
                             nearest.begin() + static_cast<std::ptrdiff_t>(per_stop),
                             nearest.end());
            nearest.resize(per_stop);
            std::sort(nearest.begin(), nearest.end(),
                      [](const auto& a, const auto& b) { return a.second < b.second; });
            for (const auto& [i_to_j_s, j] : nearest) add(j, i_to_j_s);
        }
    });
    std::vector<Saving> savings;
    std::size_t kept = 0;
    for (const auto& row : rows) kept += row.size();
    savings.reserve(kept);
    for (auto& row : rows) {
        savings.insert(savings.end(), row.begin(), row.end());
        std::vector<Saving>().swap(row);
    }
    tbb::parallel_sort(savings.begin(), savings.end(), before);
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
