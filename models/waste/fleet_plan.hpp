#pragma once

#include <cstdint>
#include <vector>

#include "models/waste/waste_plan.hpp"

namespace tuntas::waste {

/// A working day's plan for the fleet: each truck's rounds in time order, how often each
/// container is visited, and what did not fit.
struct FleetPlan {
    std::vector<std::vector<Round>> rounds;  ///< per truck, in the order it drives them
    std::vector<int> visits;                 ///< per container: visits a day planned
    std::vector<int> unassigned_visits;      ///< per container: visits no shift had room for
    std::vector<double> busy_s;              ///< per truck: planned driving and service time
    std::vector<int> arm_roll_visits;        ///< per container: of its visits, arm-roll swaps
};

}  // namespace tuntas::waste
