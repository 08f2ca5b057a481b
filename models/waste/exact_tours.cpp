#include "models/waste/exact_tours.hpp"

#include <algorithm>
#include <limits>
#include <stdexcept>
#include <vector>

#include <fmt/format.h>

namespace tuntas::waste {

double exact_tours_s(const TourProblem& problem) {
    if (problem.stops > 12)
        throw std::invalid_argument(
            fmt::format("exact_tours_s: at most 12 stops (got {})", problem.stops));
    const std::size_t n = problem.stops;
    const std::size_t subsets = std::size_t{1} << n;
    constexpr double none = std::numeric_limits<double>::infinity();
    // best[mask][last]: from the base through `mask`, ending at stop last + 1.
    std::vector<std::vector<double>> best(subsets, std::vector<double>(n, none));
    for (std::size_t i = 0; i < n; ++i) best[std::size_t{1} << i][i] = problem.time_s(0, i + 1);
    for (std::size_t mask = 1; mask < subsets; ++mask) {
        for (std::size_t last = 0; last < n; ++last) {
            if (best[mask][last] == none) continue;
            for (std::size_t next = 0; next < n; ++next) {
                if ((mask >> next) & 1U) continue;
                const std::size_t to = mask | (std::size_t{1} << next);
                best[to][next] =
                    std::min(best[to][next], best[mask][last] + problem.time_s(last + 1, next + 1));
            }
        }
    }
    std::vector<double> tour(subsets, none);
    for (std::size_t mask = 1; mask < subsets; ++mask) {
        double demand = 0.0, service = 0.0;
        for (std::size_t i = 0; i < n; ++i) {
            if ((mask >> i) & 1U) {
                demand += problem.demand[i];
                service += problem.service_s.empty() ? 0.0 : problem.service_s[i];
            }
        }
        if (demand > problem.capacity) continue;
        for (std::size_t last = 0; last < n; ++last) {
            tour[mask] = std::min(tour[mask], best[mask][last] + problem.time_s(last + 1, 0));
        }
        tour[mask] += service;
        if (tour[mask] > problem.max_duration_s) tour[mask] = none;
    }
    std::vector<double> cover(subsets, none);
    cover[0] = 0.0;
    for (std::size_t mask = 1; mask < subsets; ++mask) {
        const std::size_t low = mask & (~mask + 1);  // the lowest stop is in some tour
        for (std::size_t sub = mask; sub > 0; sub = (sub - 1) & mask) {
            if ((sub & low) == 0 || tour[sub] == none || cover[mask ^ sub] == none) continue;
            cover[mask] = std::min(cover[mask], tour[sub] + cover[mask ^ sub]);
        }
    }
    return cover[subsets - 1];
}

}  // namespace tuntas::waste
