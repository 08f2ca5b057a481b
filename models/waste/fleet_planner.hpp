#pragma once

#include "models/waste/fleet_plan.hpp"
#include "models/waste/fleet_problem.hpp"

namespace tuntas::waste {

/// Plans a working day of fixed-schedule collection for the whole fleet.
///
/// Visits: each container is visited often enough to be found `fill_at_visit` full (at most
/// `max_visits_per_day`); while the fleet has time left, the containers expected fullest at a
/// visit get one more, until a visit would find every container less than `min_fill_at_visit`
/// full or no truck has room (every truck is a resource: none idles while there is useful work).
/// Rounds: arm-rolls take the busiest containers (one swap a trip) while their shifts have room;
/// the rest are visited by dump trucks on tours from each gate planned by Clarke-Wright savings
/// with capacity and shift-length limits and 2-opt (tour_planner.hpp), one layer of tours per
/// visit. Spread: visit v of a container visited V times a day is due v/(V-1) of the way through
/// the shift, so its visits are spaced instead of bunched at the shift's start. Assignment: in
/// order of due time (longest first), each round to the truck of its kind that finishes it
/// earliest, from where that truck's previous round ended (list scheduling); a round no shift
/// has room for is reported, never dropped silently. Deterministic.
[[nodiscard]] FleetPlan plan_fleet_day(const FleetProblem& problem);

}  // namespace tuntas::waste
