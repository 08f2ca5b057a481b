#include "models/waste/fleet_planner.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "models/waste/tour_planner.hpp"

namespace tuntas::waste {
namespace {

/// A round before it has a truck: its kind, its stops, when it is due and what it takes.
struct OpenRound {
    bool arm_roll{false};
    Round round;
    double due_s{0.0};
};

/// When visit `v` of `visits` a day is due, for a truck of `kind`: evenly spaced over its shift
/// from the start, the last a 1/visits of the shift before its end (slack for the rounds due
/// together). With `between`, half a spacing later: a container's dump truck visits fall
/// between its arm-roll swaps (each kind spread on its own, so adding one kind's visit leaves
/// the other's plan).
double due_s(const FleetProblem& p, TruckKind kind, int v, int visits, bool between = false) {
    if (visits <= 0) return p.shift_start(kind);
    return p.shift_start(kind) + p.shift_length_s(kind) * (v + (between ? 0.5 : 0.0)) / visits;
}

/// Driving and service time of `round` for a truck at `from`, s.
double round_duration_s(const FleetProblem& p, const Round& round, bool arm_roll,
                        std::uint32_t from) {
    const std::uint32_t gate_node = p.gate_node[round.gate];
    double total = p.gate_service_s[round.gate];
    std::uint32_t at = from;
    for (const std::uint32_t c : round.containers) {
        total += p.time_s(at, p.node[c]);
        total +=
            arm_roll ? p.arm_roll_swap_s : p.daily_kg[c] / std::max(1.0, p.load_kg_per_min) * 60.0;
        at = p.node[c];
    }
    return total + p.time_s(at, gate_node);
}

/// The rounds of a day for the given visits: the first arm_roll_visits[c] of container c's
/// visits are arm-roll swaps, the rest stops of dump truck tours (layer k of the tours holds
/// each container's k-th such visit).
std::vector<OpenRound> build_rounds(const FleetProblem& p, const std::vector<int>& visits,
                                    const std::vector<int>& arm_roll_visits, bool have_dumps) {
    std::vector<OpenRound> rounds;
    const std::size_t n = p.daily_kg.size();
    for (std::uint32_t c = 0; c < n; ++c) {
        if (arm_roll_visits[c] == 0) continue;
        Round round{.gate = p.gate[c], .containers = {c}};
        for (int v = 0; v < arm_roll_visits[c]; ++v)
            rounds.push_back({true, round, due_s(p, TruckKind::arm_roll, v, arm_roll_visits[c])});
    }
    int layers = 0;
    for (std::size_t c = 0; c < n; ++c) layers = std::max(layers, visits[c] - arm_roll_visits[c]);
    for (int layer = 0; layer < layers; ++layer) {
        for (std::uint32_t g = 0; g < p.gate_node.size(); ++g) {
            std::vector<std::uint32_t> stops;
            const double load_kg = have_dumps ? 0.9 * p.dump_capacity_kg : 0.0;
            for (std::uint32_t c = 0; c < n; ++c) {
                if (p.gate[c] != g || visits[c] - arm_roll_visits[c] <= layer) continue;
                const double kg = p.daily_kg[c] / visits[c];
                if (!have_dumps || kg <= load_kg) {
                    stops.push_back(c);
                    continue;
                }
                // More than a load: trips of their own, one load each, spread like visits of
                // their own (two trucks arriving together would find one load between them).
                const Round trip{.gate = g, .containers = {c}};
                const int parts = static_cast<int>(std::ceil(kg / load_kg));
                const int dump_visits = visits[c] - arm_roll_visits[c];
                for (int part = 0; part < parts; ++part) {
                    rounds.push_back({false, trip,
                                      due_s(p, TruckKind::dump_truck, layer * parts + part,
                                            dump_visits * parts, arm_roll_visits[c] > 0)});
                }
            }
            if (stops.empty()) continue;
            const auto node_of = [&](std::size_t k) {
                return k == 0 ? p.gate_node[g] : p.node[stops[k - 1]];
            };
            TourProblem problem{
                .stops = stops.size(),
                .time_s = [&](std::size_t a,
                              std::size_t b) { return p.time_s(node_of(a), node_of(b)); },
                .demand = {},
                .capacity = have_dumps ? 0.9 * p.dump_capacity_kg : 0.0,
                .service_s = {},
                .max_duration_s =
                    p.shift_length_s(have_dumps ? TruckKind::dump_truck : TruckKind::arm_roll) /
                        2.0 -
                    p.gate_service_s[g]};
            for (const auto c : stops) {
                const double kg = p.daily_kg[c] / visits[c];
                problem.demand.push_back(kg);
                problem.service_s.push_back(kg / std::max(1.0, p.load_kg_per_min) * 60.0);
            }
            for (const auto& tour : plan_tours(problem)) {
                Round round{.gate = g, .containers = {}};
                for (const auto stop : tour) round.containers.push_back(stops[stop - 1]);
                const TruckKind kind = have_dumps ? TruckKind::dump_truck : TruckKind::arm_roll;
                double due = p.shift_end(kind);
                for (const auto c : round.containers) {
                    due = std::min(due, due_s(p, kind, layer, visits[c] - arm_roll_visits[c],
                                              arm_roll_visits[c] > 0));
                }
                rounds.push_back({!have_dumps, std::move(round), due});
            }
        }
    }
    return rounds;
}

/// A gate's planned unloads: one truck at a time (the weighbridge), so rounds planned to
/// arrive together queue in the plan as they will in the run.
class GateTimeline {
public:
    /// The earliest time from `arrive_s` at which an unload of `service_s` finds the gate free.
    [[nodiscard]] double earliest_s(double arrive_s, double service_s) const {
        double t = arrive_s;
        for (const auto& [from, to] : busy_) {
            if (to <= t) continue;
            if (from >= t + service_s) break;
            t = to;
        }
        return t;
    }
    /// Books the gate from `start_s` for `service_s`.
    void book(double start_s, double service_s) {
        const auto at = std::lower_bound(busy_.begin(), busy_.end(), std::pair{start_s, 0.0});
        busy_.insert(at, {start_s, start_s + service_s});
    }

private:
    std::vector<std::pair<double, double>> busy_;  ///< booked unloads, sorted, disjoint
};

/// Assigns `rounds` to trucks by list scheduling; fills plan.rounds, busy_s and
/// unassigned_visits. Returns the number of rounds no truck had room for.
std::size_t schedule(const FleetProblem& p, std::vector<OpenRound> rounds, FleetPlan& plan) {
    const std::size_t trucks = p.fleet.size();
    plan.rounds.assign(trucks, {});
    plan.busy_s.assign(trucks, 0.0);
    plan.unassigned_visits.assign(p.daily_kg.size(), 0);
    std::vector<double> free_at(trucks);
    for (std::size_t t = 0; t < trucks; ++t) free_at[t] = p.shift_start(p.fleet[t]);
    std::vector<std::uint32_t> at(trucks, p.depot_node);
    // Arm-roll swaps first (one container a trip, few trucks, and their gate slots then fixed:
    // dump truck tours, the flexible part, fit around them, so a dump visit more never pushes
    // a swap out of the shift); then due first; among rounds due together, the longest first
    // (it is the hardest to place).
    std::vector<double> length(rounds.size());
    for (std::size_t r = 0; r < rounds.size(); ++r)
        length[r] = round_duration_s(p, rounds[r].round, rounds[r].arm_roll, p.depot_node);
    std::vector<std::size_t> order(rounds.size());
    std::iota(order.begin(), order.end(), 0U);
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        if (rounds[a].arm_roll != rounds[b].arm_roll) return rounds[a].arm_roll;
        if (rounds[a].due_s != rounds[b].due_s) return rounds[a].due_s < rounds[b].due_s;
        return length[a] > length[b];
    });
    std::vector<GateTimeline> gates(p.gate_node.size());
    std::size_t unplaced = 0;
    for (const std::size_t r : order) {
        const OpenRound& open = rounds[r];
        const std::uint32_t gate = open.round.gate;
        const double service_s = p.gate_service_s[gate];
        std::size_t best = trucks;
        double best_end = std::numeric_limits<double>::infinity();
        double best_start = 0.0;
        // When it is due if a truck has room then; else as soon as one has room (the spread
        // gives way before a visit is dropped). The unload waits for the gate to be free.
        for (const bool keep_due : {true, false}) {
            for (std::size_t t = 0; t < trucks; ++t) {
                if ((p.fleet[t] == TruckKind::arm_roll) != open.arm_roll) continue;
                const double start = keep_due ? std::max(free_at[t], open.due_s) : free_at[t];
                const double arrive =
                    start + round_duration_s(p, open.round, open.arm_roll, at[t]) - service_s;
                const double end = gates[gate].earliest_s(arrive, service_s) + service_s;
                if (end <= p.shift_end(p.fleet[t]) && end < best_end) {
                    best = t;
                    best_end = end;
                    best_start = start;
                }
            }
            if (best != trucks) break;
        }
        if (best == trucks) {
            ++unplaced;
            for (const auto c : open.round.containers) ++plan.unassigned_visits[c];
            continue;
        }
        gates[gate].book(best_end - service_s, service_s);
        Round round = open.round;
        round.start_s = best_start - p.shift_start(p.fleet[best]);
        round.planned_end_s = best_end - p.shift_start(p.fleet[best]);
        plan.busy_s[best] += best_end - std::max(free_at[best], best_start);
        free_at[best] = best_end;
        at[best] = p.gate_node[round.gate];
        plan.rounds[best].push_back(std::move(round));
    }
    return unplaced;
}

}  // namespace

FleetPlan plan_fleet_day(const FleetProblem& p) {
    const std::size_t n = p.daily_kg.size();
    FleetPlan plan;
    plan.visits.assign(n, 0);
    for (std::size_t c = 0; c < n; ++c) {
        if (p.daily_kg[c] <= 0.0) continue;
        plan.visits[c] = std::clamp(
            static_cast<int>(std::ceil(p.daily_kg[c] / (p.fill_at_visit * p.capacity_kg[c]))), 1,
            std::max(1, p.max_visits_per_day));
    }
    const auto fleet_of = [&](TruckKind kind) {
        return std::count(p.fleet.begin(), p.fleet.end(), kind);
    };
    const bool have_dumps = fleet_of(TruckKind::dump_truck) > 0;
    const auto arm_rolls = fleet_of(TruckKind::arm_roll);

    // Arm-roll swaps go where a trip moves the most waste per arm-roll hour (a visit's expected
    // kg over the trip from the gate and back), while their shifts have room: all of a
    // container's visits or as many as fit. A swap that would find a container under
    // min_fill_at_visit full is left to dump truck tours, which collect small loads on one trip
    // (without dump trucks the arm-rolls take every visit).
    plan.arm_roll_visits.assign(n, 0);
    const auto trip_s = [&](std::uint32_t c) {
        const Round trip{.gate = p.gate[c], .containers = {c}};
        return round_duration_s(p, trip, true, p.gate_node[p.gate[c]]);
    };
    const auto kg_a_visit = [&](std::uint32_t c) {
        return plan.visits[c] > 0 ? p.daily_kg[c] / plan.visits[c] : 0.0;
    };
    std::vector<std::uint32_t> by_worth;
    for (std::uint32_t c = 0; c < n; ++c) {
        if (plan.visits[c] == 0 || arm_rolls == 0) continue;
        if (have_dumps && kg_a_visit(c) < p.min_fill_at_visit * p.capacity_kg[c]) continue;
        by_worth.push_back(c);
    }
    std::stable_sort(by_worth.begin(), by_worth.end(), [&](std::uint32_t a, std::uint32_t b) {
        return kg_a_visit(a) / trip_s(a) > kg_a_visit(b) / trip_s(b);
    });
    double arm_roll_room_s = static_cast<double>(arm_rolls) * p.shift_length_s(TruckKind::arm_roll);
    for (const std::uint32_t c : by_worth) {
        const int fit =
            have_dumps ? static_cast<int>(std::floor(arm_roll_room_s / trip_s(c))) : plan.visits[c];
        plan.arm_roll_visits[c] = std::clamp(fit, 0, plan.visits[c]);
        arm_roll_room_s -= plan.arm_roll_visits[c] * trip_s(c);
    }

    // The visits needed, then more while the fleet has room: the containers a visit would find
    // fullest get one more (all within 10 % of the fullest at once), and the day is planned
    // again; an addition that leaves a round without a truck is taken back.
    const auto fill = [&](std::size_t c) {
        return plan.visits[c] > 0 ? p.daily_kg[c] / plan.visits[c] / p.capacity_kg[c] : 0.0;
    };
    const auto total_unassigned = [](const FleetPlan& f) {
        return std::accumulate(f.unassigned_visits.begin(), f.unassigned_visits.end(), 0);
    };
    // The visits needed; an arm-roll swap the arm-rolls have no room for goes to dump trucks
    // (as many loads as it takes), one at a time.
    FleetPlan best = plan;
    for (;;) {
        schedule(p, build_rounds(p, plan.visits, plan.arm_roll_visits, have_dumps), best);
        bool moved = false;
        for (std::size_t c = 0; c < n; ++c) {
            if (best.unassigned_visits[c] == 0 || plan.arm_roll_visits[c] == 0 || !have_dumps)
                continue;
            --plan.arm_roll_visits[c];
            moved = true;
        }
        if (!moved) break;
        best.arm_roll_visits = plan.arm_roll_visits;
    }
    // Visits the fleet has no room for are reported; more are added only where they fit.
    const int short_of = total_unassigned(best);
    // Containers whose next visit no shift has room for.
    std::vector<bool> stuck(n, false);
    for (;;) {
        double fullest = 0.0;
        for (std::size_t c = 0; c < n; ++c) {
            if (plan.visits[c] < p.max_visits_per_day && !stuck[c])
                fullest = std::max(fullest, fill(c));
        }
        if (fullest < p.min_fill_at_visit) break;
        // All containers near the fullest at once; if they do not fit, the fullest alone; a
        // container the arm-rolls swap gets its extra visit from them, else from a dump truck.
        const auto try_more = [&](double share, bool by_arm_roll) {
            FleetPlan more = plan;
            for (std::size_t c = 0; c < n; ++c) {
                if (more.visits[c] >= p.max_visits_per_day || stuck[c] || fill(c) < share * fullest)
                    continue;
                ++more.visits[c];
                if (by_arm_roll && more.arm_roll_visits[c] > 0) ++more.arm_roll_visits[c];
            }
            schedule(p, build_rounds(p, more.visits, more.arm_roll_visits, have_dumps), more);
            return more;
        };
        FleetPlan more = try_more(0.9, true);
        for (const auto& [share, by_arm_roll] : {std::pair{1.0, true}, std::pair{1.0, false}}) {
            if (total_unassigned(more) <= short_of) break;
            if (!by_arm_roll && !have_dumps) break;
            more = try_more(share, by_arm_roll);
        }
        if (total_unassigned(more) > short_of) {
            for (std::size_t c = 0; c < n; ++c) {
                if (!stuck[c] && plan.visits[c] < p.max_visits_per_day && fill(c) >= fullest)
                    stuck[c] = true;
            }
            continue;
        }
        plan = more;
        best = std::move(more);
    }
    return best;
}

}  // namespace tuntas::waste
