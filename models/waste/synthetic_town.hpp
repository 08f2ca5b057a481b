#pragma once

#include <cstddef>
#include <cstdint>

#include "models/waste/fleet_problem.hpp"

namespace tuntas::waste {

/// What a synthetic town for the fleet planner looks like (tests, `tuntas bench planner`).
struct SyntheticTown {
    std::uint64_t seed{1};
    std::size_t containers{40};
    int dump_trucks{3};
    int arm_roll_trucks{2};
    double side_m{12'000.0};       ///< containers scattered on a square this wide
    double min_kg_per_day{150.0};  ///< each container receives a uniform amount in between
    double max_kg_per_day{4000.0};
    double dump_capacity_kg{6000.0};
    double speed_m_per_s{10.0};  ///< straight lines at this speed
    std::size_t gates{1};        ///< unload points, 3 km beyond the square's far side
};

/// A fleet problem on a synthetic town: node 0 the depot at one corner of the square, nodes 1 to
/// `gates` the unload points (one gate: 3 km beyond the other corner; several: spread along a
/// line 3 km beyond the far side), node 1 + gates + c container c (every third of 4,500 kg, the
/// others 1,500 kg), each unloading at its nearest gate; 8 h shifts, a 6 min gate.
/// Deterministic for the seed.
[[nodiscard]] FleetProblem synthetic_town(const SyntheticTown& town);

}  // namespace tuntas::waste
