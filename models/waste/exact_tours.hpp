#pragma once

#include "models/waste/tour_planner.hpp"

namespace tuntas::waste {

/// The shortest total duration (driving plus service) of tours from the base covering every
/// stop of `problem`, within its capacity and duration limit: an exact solution of the small
/// capacitated vehicle routing problem, by Held-Karp dynamic programming over each subset's
/// best order and then over partitions of the stops into tours. The reference the savings
/// planner is measured against (tests, `tuntas bench planner`). Cost grows as 3^n + 2^n n^2:
/// for at most 12 stops (throws std::invalid_argument beyond). Infinity when no partition
/// fits the limits.
[[nodiscard]] double exact_tours_s(const TourProblem& problem);

}  // namespace tuntas::waste
