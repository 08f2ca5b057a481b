#pragma once

#include <algorithm>
#include <cstdint>
#include <limits>
#include <memory>
#include <vector>

#include "engine/hash.hpp"
#include "engine/lp_id.hpp"
#include "engine/ticks.hpp"
#include "models/traffic/guest_routes.hpp"
#include "models/traffic/movement.hpp"
#include "models/traffic/trip.hpp"
#include "models/traffic/trip_store.hpp"
#include "models/traffic/vehicle_class.hpp"

namespace tuntas::district {
class District;
}

namespace tuntas::traffic {

/// A link as the queue model sees it (MATSim QSim / SUMO meso style): a free-flow section, then a
/// FIFO queue at the downstream end that discharges at the flow capacity; its storage limits how
/// many vehicles it holds (spillback), and space freed at the end reaches the entry after
/// length / backward-wave speed.
struct TrafficLink {
    std::uint32_t from{0};  ///< upstream node
    std::uint32_t to{0};    ///< downstream node
    double length_m{0.0};
    double free_speed_m_per_s{0.0};
    double capacity_pcu_per_h{0.0};                ///< all lanes
    engine::Ticks free_flow{0};                    ///< length / free speed
    engine::Ticks hole_travel{0};                  ///< length / backward-wave speed
    double headway_s_per_pcu{0.0};                 ///< 3600 / capacity
    std::uint32_t storage_milli_pcu{0};            ///< length x lanes / jam spacing, in 1/1000 pcu
    engine::Ticks changed_at{engine::ticks_max};   ///< from then on (a what-if) the values
    engine::Ticks changed_free_flow{0};            ///< below replace free_flow,
    double changed_headway_s_per_pcu{0.0};         ///< headway_s_per_pcu
    std::uint32_t changed_storage_milli_pcu{0};    ///< and storage_milli_pcu
    engine::Ticks closed_from{engine::ticks_max};  ///< no vehicle enters in [closed_from,
    engine::Ticks closed_until{0};                 ///< closed_until) (a what-if closure)
    std::uint8_t priority{0};       ///< road class rank (3 national .. 0 local): at an
                                    ///< unsignalised end, lower ranks give way
    std::uint64_t green_phases{0};  ///< phases that let it go at a signalised end
                                    ///< (bit p: phase p); 0: not signal-controlled
    std::uint8_t queues{1};         ///< queues at its end (lane groups; Movement::queue)
    std::uint16_t out_slot{0};      ///< its index in out_links[from]
    std::uint16_t in_slot{0};       ///< its index in in_links[to]
};

/// A fixed-time signal plan: phases one after another, repeating every cycle; each incoming link
/// has a mask of the phases that let it go (TrafficLink::green_phases).
struct SignalPlan {
    engine::Ticks cycle{0};                 ///< 0: no signal at this node
    engine::Ticks offset{0};                ///< the plan's position at t = 0
    std::vector<engine::Ticks> phase_ends;  ///< cumulative phase ends; the last is the cycle
    /// Actuated control: per phase its shortest and longest run (equal: a fixed phase); the
    /// node's LP runs the phases (NodeLp), phase_ends only give the start. Empty: fixed time.
    std::vector<engine::Ticks> min_green;
    std::vector<engine::Ticks> max_green;
    /// An actuated phase ends, past its shortest run, once no vehicle has reached a stop line
    /// of its green links for this long (SUMO's max-gap, 3 s).
    static constexpr engine::Ticks max_gap = 3 * engine::ticks_per_second;

    /// True when the phases run by demand (min_green, max_green).
    [[nodiscard]] bool actuated() const { return !min_green.empty(); }

    /// The phase running at time `t`.
    [[nodiscard]] std::size_t phase_at(engine::Ticks t) const {
        const engine::Ticks tau = (t + offset) % cycle;
        return static_cast<std::size_t>(
            std::upper_bound(phase_ends.begin(), phase_ends.end(), tau) - phase_ends.begin());
    }
    /// True when a link with phase mask `mask` may go at `t`.
    [[nodiscard]] bool is_green(std::uint64_t mask, engine::Ticks t) const {
        return ((mask >> phase_at(t)) & 1U) != 0;
    }
    /// The first time >= t at which a link with mask `mask` (non-zero) may go.
    [[nodiscard]] engine::Ticks next_green(std::uint64_t mask, engine::Ticks t) const {
        if (is_green(mask, t)) return t;
        const engine::Ticks tau = (t + offset) % cycle;
        const engine::Ticks cycle_start = t - tau;
        const std::size_t phases = phase_ends.size();
        std::size_t phase = phase_at(t);
        for (std::size_t step = 1; step <= phases; ++step) {
            const std::size_t next = (phase + step) % phases;
            if (((mask >> next) & 1U) == 0) continue;
            const engine::Ticks start = next == 0 ? 0 : phase_ends[next - 1];
            const engine::Ticks wraps = phase + step >= phases ? cycle : 0;
            return cycle_start + wraps + start;
        }
        return engine::ticks_max;  // never green
    }
};

/// Everything the node LPs share, read-only during the run.
struct TrafficNetwork {
    std::vector<TrafficLink> links;
    std::vector<std::vector<std::uint32_t>> in_links;   ///< per node
    std::vector<std::vector<std::uint32_t>> out_links;  ///< per node
    std::vector<SignalPlan> plans;                      ///< per node; cycle 0 = unsignalised
    /// The turns through each junction (district turn_s, turn_lanes and signal states per
    /// turn): node n's movement from in i onto out o at movement_at[n] + i *
    /// out_links[n].size() + o. Empty when the district gives none (junctions then cost no
    /// time, each link has one queue and its road's signal phases).
    std::vector<Movement> movements;
    std::vector<std::size_t> movement_at;       ///< per node, into movements
    std::vector<engine::Ticks> plan_change_at;  ///< per node: when plans_after takes
    std::vector<SignalPlan> plans_after;        ///< over (a what-if); cycle 0 = off
    /// The trips, a batch at a time (generated demand: a day's departures, added between
    /// windows before they begin); ids below guest_id_base.
    TripStore trips;
    engine::LpId first_lp{0};  ///< LP id of node 0
    engine::Ticks squeeze_after{300 *
                                engine::ticks_per_second};  ///< a vehicle blocked this long
                                                            ///< at a queue head enters the full
                                                            ///< link (gridlock relief; 0: never)
    bool priority_rules{false};    ///< minor roads give way (gap acceptance)
    bool permissive_turns{false};  ///< permissive greens give way (TrafficParams)
    bool speed_changes{true};      ///< departures speed up from rest, waits cost a stop and go

    /// The turn at node `node` from its incoming link `in` onto its outgoing link `out`
    /// (indices into in_links[node] and out_links[node]); a default one without a table.
    [[nodiscard]] Movement movement(std::uint32_t node, std::size_t in, std::size_t out) const {
        if (movements.empty()) return {};
        return movements[movement_at[node] + in * out_links[node].size() + out];
    }
    /// Time to cross node `node` from its incoming link `in` onto its outgoing link `out`; 0
    /// without turn times.
    [[nodiscard]] engine::Ticks turn(std::uint32_t node, std::size_t in, std::size_t out) const {
        return movement(node, in, out).turn;
    }
    double critical_gap_s{6.5};  ///< gap acceptance at priority junctions
    double follow_up_s{3.5};
    /// With closures: each link's free-flow time, infinite for a link closed at some time.
    /// Vehicles that meet a closed road on their route follow the fastest paths on these times
    /// from there (en-route detour; NodeLp keeps its node's next hops). Empty otherwise.
    std::vector<double> detour_time_s;
    std::uint32_t detour_version{0};  ///< counts changes of detour_time_s (a live closure)
    /// With re-routing: each link's observed travel time, replaced between windows by a
    /// Rerouter (which counts up reroute_version); once set, every vehicle follows the fastest
    /// paths on it. Empty before the first re-routing.
    std::vector<double> reroute_time_s;
    std::uint32_t reroute_version{0};
    /// The graph whose fastest trees the next hops follow (the district the network is of).
    const district::District* district{nullptr};
    /// Nodes trips may end at (zones' access nodes, gateways, a route file's ends), ascending,
    /// and each node's slot among them (no_link: none): the columns of a node's next hops.
    std::vector<std::uint32_t> destinations;
    std::vector<std::uint32_t> destination_slot;

    /// What-if (file or live): from `at` on, only `share` of the tours that start set out; a tour
    /// is kept when a hash of (seed, tour) is below the share in force at its start, so its
    /// return trip follows its outbound one. In time order; empty: every tour goes.
    struct TourShare {
        engine::Ticks at;
        double share;
    };
    std::vector<TourShare> tour_shares;
    std::uint64_t seed{0};

    /// True when `trip`'s tour sets out (see tour_shares).
    [[nodiscard]] bool tour_goes(const Trip& trip) const {
        double share = 1.0;
        for (const auto& change : tour_shares) {
            if (trip.tour_start >= change.at) share = change.share;
        }
        if (share >= 1.0) return true;
        const std::uint64_t h =
            engine::mix64(seed ^ engine::mix64(0x746f'7572'0000'0000ULL + trip.tour));
        return static_cast<double>(h >> 11) * 0x1.0p-53 < share;
    }

    // ---- coupling with other models (empty when traffic runs alone) ----
    /// Per zone: the LPs told (person_left, person_arrived) when a vehicle trip leaves or
    /// reaches the zone (one person per trip, as zone_presence counts them): each coupled model
    /// that follows people adds its own.
    std::vector<std::vector<engine::LpId>> presence_listeners;
    /// Guest vehicles: driven by other models (waste trucks), with ids guest_id_base + g. Each
    /// has an owner LP (told guest_arrived) and a class; it drives the leg its owner set in
    /// guest_routes.
    std::vector<engine::LpId> guest_owner;
    std::vector<VehicleClass> guest_class;
    std::shared_ptr<GuestRoutes> guest_routes;  ///< the guests' current legs (shared with owners)
    engine::Ticks notice_delay{0};              ///< delay of every event to another model (the
                                                ///< lookahead, so any partitioning honours it)

    /// The first guest vehicle's id: trips have the ids below (TripStore keeps to them).
    static constexpr std::uint32_t guest_id_base = 0x8000'0000U;
    /// Marks "no link" (a next hop where there is none, a node without a destination slot).
    static constexpr std::uint32_t no_link = 0xffffffffU;

    /// True when `vehicle` (a trip id or a guest id) is a guest.
    [[nodiscard]] static bool is_guest(std::uint32_t vehicle) { return vehicle >= guest_id_base; }
    /// The class of a trip or a guest.
    [[nodiscard]] VehicleClass class_of(std::uint32_t vehicle) const {
        return is_guest(vehicle) ? guest_class[vehicle - guest_id_base]
                                 : trips[vehicle].vehicle_class;
    }

    /// Free-flow time of `link` for a vehicle entering at `t`.
    [[nodiscard]] engine::Ticks free_flow(std::uint32_t link, engine::Ticks t) const {
        return t >= links[link].changed_at ? links[link].changed_free_flow : links[link].free_flow;
    }
    /// Headway per pcu of `link` at `t`, s.
    [[nodiscard]] double headway_s_per_pcu(std::uint32_t link, engine::Ticks t) const {
        return t >= links[link].changed_at ? links[link].changed_headway_s_per_pcu
                                           : links[link].headway_s_per_pcu;
    }
    /// Storage of `link` at `t`, 1/1000 pcu.
    [[nodiscard]] std::uint32_t storage_milli_pcu(std::uint32_t link, engine::Ticks t) const {
        return t >= links[link].changed_at ? links[link].changed_storage_milli_pcu
                                           : links[link].storage_milli_pcu;
    }

    /// True when a link with phase mask `mask` may leave signalised node `node` at `t` (a plan
    /// that is off lets everyone go).
    [[nodiscard]] bool green(std::uint32_t node, std::uint64_t mask, engine::Ticks t) const {
        const SignalPlan& plan = plan_at(node, t);
        return plan.cycle == 0 || plan.is_green(mask, t);
    }
    /// The signal plan node `node` runs at `t` (plans_after once a what-if changed it).
    [[nodiscard]] const SignalPlan& plan_at(std::uint32_t node, engine::Ticks t) const {
        return !plan_change_at.empty() && t >= plan_change_at[node] ? plans_after[node]
                                                                    : plans[node];
    }
    /// The first time >= t at which such a link may go, across a plan change.
    [[nodiscard]] engine::Ticks next_green(std::uint32_t node, std::uint64_t mask,
                                           engine::Ticks t) const {
        const engine::Ticks change =
            plan_change_at.empty() ? engine::ticks_max : plan_change_at[node];
        if (t < change) {
            const engine::Ticks before =
                plans[node].cycle == 0 ? t : plans[node].next_green(mask, t);
            if (before < change) return before;
            t = change;
        }
        const SignalPlan& after = plans_after[node];
        return after.cycle == 0 ? t : after.next_green(mask, t);
    }

    /// True once re-routing has set link times: every vehicle follows its fastest paths.
    [[nodiscard]] bool rerouting() const { return !reroute_time_s.empty(); }
    /// True with closures: a vehicle that meets one leaves its route for the fastest detour.
    [[nodiscard]] bool has_detours() const { return !detour_time_s.empty(); }

    /// True when `link` admits no vehicle at `t`.
    [[nodiscard]] bool closed(std::uint32_t link, engine::Ticks t) const {
        return t >= links[link].closed_from && t < links[link].closed_until;
    }

    /// The LP of node `node`.
    [[nodiscard]] engine::LpId lp_of(std::uint32_t node) const { return first_lp + node; }
};

}  // namespace tuntas::traffic
