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

/// When visit `v` of `visits` a day is due in the shift: evenly spaced from its start, the last
/// a 1/visits of the shift before its end (slack for the rounds due together). With
/// `between`, half a spacing later: a container's dump truck visits fall between its arm-roll
/// swaps (each kind spread on its own, so adding one kind's visit leaves the other's plan).
double due_s(int v, int visits, double shift_s, bool between = false) {
    if (visits <= 0) return 0.0;
    return shift_s * (v + (between ? 0.5 : 0.0)) / visits;
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
            rounds.push_back({true, round, due_s(v, arm_roll_visits[c], p.shift_s)});
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
                // More than a load: trips of its own, one load each, due together.
                const Round trip{.gate = g, .containers = {c}};
                const double due =
                    due_s(layer, visits[c] - arm_roll_visits[c], p.shift_s, arm_roll_visits[c] > 0);
                for (int part = 0; part < static_cast<int>(std::ceil(kg / load_kg)); ++part)
                    rounds.push_back({false, trip, due});
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
                .max_duration_s = p.shift_s / 2.0 - p.gate_service_s[g]};
            for (const auto c : stops) {
                const double kg = p.daily_kg[c] / visits[c];
                problem.demand.push_back(kg);
                problem.service_s.push_back(kg / std::max(1.0, p.load_kg_per_min) * 60.0);
            }
            for (const auto& tour : plan_tours(problem)) {
                Round round{.gate = g, .containers = {}};
                for (const auto stop : tour) round.containers.push_back(stops[stop - 1]);
                double due = p.shift_s;
                for (const auto c : round.containers) {
                    due = std::min(due, due_s(layer, visits[c] - arm_roll_visits[c], p.shift_s,
                                              arm_roll_visits[c] > 0));
                }
                rounds.push_back({!have_dumps, std::move(round), due});
            }
        }
    }
    return rounds;
}

/// Assigns `rounds` to trucks by list scheduling; fills plan.rounds, busy_s and
/// unassigned_visits. Returns the number of rounds no truck had room for.
std::size_t schedule(const FleetProblem& p, std::vector<OpenRound> rounds, FleetPlan& plan) {
    const std::size_t trucks = p.fleet.size();
    plan.rounds.assign(trucks, {});
    plan.busy_s.assign(trucks, 0.0);
    plan.unassigned_visits.assign(p.daily_kg.size(), 0);
    std::vector<double> free_at(trucks, 0.0);
    std::vector<std::uint32_t> at(trucks, p.depot_node);
    // Due first; among rounds due together, the longest first (it is the hardest to place).
    std::vector<double> length(rounds.size());
    for (std::size_t r = 0; r < rounds.size(); ++r)
        length[r] = round_duration_s(p, rounds[r].round, rounds[r].arm_roll, p.depot_node);
    std::vector<std::size_t> order(rounds.size());
    std::iota(order.begin(), order.end(), 0U);
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        if (rounds[a].due_s != rounds[b].due_s) return rounds[a].due_s < rounds[b].due_s;
        return length[a] > length[b];
    });
    std::size_t unplaced = 0;
    for (const std::size_t r : order) {
        const OpenRound& open = rounds[r];
        std::size_t best = trucks;
        double best_end = std::numeric_limits<double>::infinity();
        double best_start = 0.0;
        // When it is due if a truck has room then; else as soon as one has room (the spread
        // gives way before a visit is dropped).
        for (const bool keep_due : {true, false}) {
            for (std::size_t t = 0; t < trucks; ++t) {
                if ((p.fleet[t] == TruckKind::arm_roll) != open.arm_roll) continue;
                const double start = keep_due ? std::max(free_at[t], open.due_s) : free_at[t];
                const double end = start + round_duration_s(p, open.round, open.arm_roll, at[t]);
                if (end <= p.shift_s && end < best_end) {
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
        Round round = open.round;
        round.start_s = best_start;
        round.planned_end_s = best_end;
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

    // Arm-rolls take the busiest containers, all of a container's visits, while their shifts
    // have room (from the gate and back, a swap and the gate each trip).
    plan.arm_roll_visits.assign(n, 0);
    std::vector<std::uint32_t> by_load(n);
    std::iota(by_load.begin(), by_load.end(), 0U);
    std::stable_sort(by_load.begin(), by_load.end(), [&](std::uint32_t a, std::uint32_t b) {
        return p.daily_kg[a] > p.daily_kg[b];
    });
    double arm_roll_room_s = static_cast<double>(arm_rolls) * p.shift_s;
    for (const std::uint32_t c : by_load) {
        if (arm_rolls == 0 || plan.visits[c] == 0) break;
        const Round trip{.gate = p.gate[c], .containers = {c}};
        const double need_s =
            round_duration_s(p, trip, true, p.gate_node[p.gate[c]]) * plan.visits[c];
        if (need_s > arm_roll_room_s && have_dumps) continue;
        arm_roll_room_s -= need_s;
        if (arm_rolls > 0) plan.arm_roll_visits[c] = plan.visits[c];
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
