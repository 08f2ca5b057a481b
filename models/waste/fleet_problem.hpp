#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <vector>

#include "models/waste/waste_params.hpp"

namespace tuntas::waste {

/// What the fleet planner plans a working day from: each container's expected waste, where the
/// containers, gates and depot are, the fleet and its shifts, and the free-flow driving time
/// between any two road nodes.
struct FleetProblem {
    std::vector<double> daily_kg;          ///< per container: expected waste a day
    std::vector<double> capacity_kg;       ///< per container
    std::vector<std::uint32_t> node;       ///< per container: its road node
    std::vector<std::uint32_t> gate;       ///< per container: the gate it unloads at
    std::vector<std::uint32_t> gate_node;  ///< per gate: its road node
    std::vector<double> gate_service_s;    ///< per gate: a truck's time at it
    std::vector<TruckKind> fleet;          ///< per truck
    double dump_capacity_kg{0.0};          ///< a dump truck's load
    std::uint32_t depot_node{0};           ///< where every truck starts its shift
    /// Per TruckKind: when its shift starts and ends, s from a common origin (the day's plan
    /// spreads each class's visits over its own shift).
    std::array<double, 2> shift_start_s{0.0, 0.0};
    std::array<double, 2> shift_end_s{8 * 3600.0, 8 * 3600.0};
    double load_kg_per_min{250.0};   ///< dump truck loading
    double arm_roll_swap_s{480.0};   ///< arm-roll: lift, swap, set down
    int max_visits_per_day{8};       ///< visits to one container a day, at most
    double fill_at_visit{0.8};       ///< visits planned to find containers this full
    double min_fill_at_visit{0.25};  ///< spare time adds visits down to this fill
    std::function<double(std::uint32_t, std::uint32_t)> time_s;  ///< free flow, node to node

    /// When the shift of `kind` starts, s from the origin.
    [[nodiscard]] double shift_start(TruckKind kind) const {
        return shift_start_s[static_cast<std::size_t>(kind)];
    }
    /// When the shift of `kind` ends, s from the origin.
    [[nodiscard]] double shift_end(TruckKind kind) const {
        return shift_end_s[static_cast<std::size_t>(kind)];
    }
    /// The shift length of `kind`, s.
    [[nodiscard]] double shift_length_s(TruckKind kind) const {
        return shift_end(kind) - shift_start(kind);
    }
};

}  // namespace tuntas::waste
