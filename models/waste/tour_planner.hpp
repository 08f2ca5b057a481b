#pragma once

#include <cstddef>
#include <functional>
#include <limits>
#include <vector>

namespace tuntas::waste {

/// A vehicle routing problem from one base: stops 1..n with a demand and a service time each,
/// base 0, travel times between any two (need not be symmetric), one capacity for every tour and
/// a limit on a tour's duration (driving plus service).
struct TourProblem {
    std::size_t stops{0};
    std::function<double(std::size_t, std::size_t)> time_s;  ///< from, to (0: the base)
    std::vector<double> demand;                              ///< per stop 1..n at [stop - 1]
    double capacity{0.0};
    std::vector<double> service_s;  ///< per stop at [stop - 1] (empty: none)
    double max_duration_s{std::numeric_limits<double>::infinity()};  ///< driving + service
    /// Savings kept for each stop: those to its that many nearest successors (0: every one up
    /// to all_savings_up_to stops, savings_per_stop_beyond past it).
    std::size_t savings_per_stop{0};

    /// Up to this many stops every saving is kept (n (n - 1) of them).
    static constexpr std::size_t all_savings_up_to = 400;
    /// Beyond all_savings_up_to stops, each keeps its savings to this many nearest successors:
    /// a granular savings list (Toth & Vigo 2003), n x 50 instead of n x n, so a 1,800-stop
    /// problem is not a sort of 3 million savings. An ASSUMPTION tested for what it costs: on
    /// 1,500 random stops the plan drives 0.03 % longer than with all savings (same 77 tours)
    /// (tests/models/fleet_planner_test.cpp).
    static constexpr std::size_t savings_per_stop_beyond = 50;
};

/// Plans tours (each a list of stops in driving order, starting and ending at the base) with the
/// Clarke-Wright savings heuristic (Clarke & Wright 1964, parallel version: merge the pair of
/// tour ends with the largest saving t(i,0) + t(0,j) - t(i,j) while the merged demand fits the
/// capacity and the merged duration the limit), then improves each tour with 2-opt until no
/// reversal shortens it; on large problems from the savings to each stop's nearest only
/// (TourProblem::savings_per_stop). Deterministic: ties go to the lower stop. A stop whose demand
/// alone exceeds the capacity, or whose trip alone exceeds the limit, gets a tour of its own.
[[nodiscard]] std::vector<std::vector<std::size_t>> plan_tours(const TourProblem& problem);

/// Duration of one tour: driving plus service at its stops, s.
[[nodiscard]] double tour_duration_s(const TourProblem& problem,
                                     const std::vector<std::size_t>& tour);

/// Driving time of one tour from the base through `tour` and back, s.
[[nodiscard]] double tour_time_s(const TourProblem& problem, const std::vector<std::size_t>& tour);

/// Improves `tour` in place by 2-opt moves (reversing a segment) while one shortens it.
void improve_two_opt(const TourProblem& problem, std::vector<std::size_t>& tour);

}  // namespace tuntas::waste
