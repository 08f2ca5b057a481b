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
/// Arm-rolls: a swap moves a whole container, so arm-roll trips go where a trip moves the most
/// waste per hour (a visit's expected kg over the trip from the gate and back), never to a
/// container a swap would find under `min_fill_at_visit` full while dump trucks can take it.
/// Dump trucks: tours from each gate planned by Clarke-Wright savings with capacity and
/// shift-length limits and 2-opt (tour_planner.hpp), one layer of tours per visit; a visit of
/// more than a load becomes trips of a load each, spread like visits of their own. Spread: visit
/// v of a container visited V times a day by one class is due v/V of the way through that
/// class's shift. Assignment: in order of due time (longest first), each round to the truck of
/// its kind that finishes it earliest, from where that truck's previous round ended (list
/// scheduling), its unload waiting for the gate to be free (one truck at a time, as in the run);
/// a round no shift has room for is reported, never dropped silently. Round times are from the
/// start of the truck's class's shift. Deterministic.
[[nodiscard]] FleetPlan plan_fleet_day(const FleetProblem& problem);

}  // namespace tuntas::waste
