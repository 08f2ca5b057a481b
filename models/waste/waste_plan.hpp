#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "engine/lp_id.hpp"
#include "engine/ticks.hpp"
#include "models/traffic/guest_routes.hpp"
#include "models/waste/leg_table.hpp"
#include "models/waste/waste_params.hpp"

namespace tuntas::waste {

/// A collection point (TPS container, transfer depot).
struct ContainerSpec {
    std::string id;
    std::string name;
    std::uint32_t node{0};  ///< road node it stands at
    double capacity_kg{1500.0};
    std::uint32_t gate{0};            ///< where its waste is unloaded (index into gates)
    double expected_kg_per_day{0.0};  ///< what the plan expects it to receive
    int visits_per_day{0};            ///< fixed schedule: visits planned a full working day
    int arm_roll_visits{0};           ///< of those, arm-roll swaps (the rest by dump truck)
    int unassigned_visits{0};         ///< of those, visits no truck's shift had room for
    engine::LpId lp{0};
};

/// Where trucks unload: the TPA gate (landfill) or a TPS3R.
struct GateSpec {
    std::string id;
    std::string name;
    std::uint32_t node{0};
    bool landfill{true};              ///< else a TPS3R
    double recovery{0.0};             ///< share recycled (TPS3R); the rest is landfilled
    double capacity_kg_per_day{0.0};  ///< a TPS3R: the expected input it is planned for
    engine::Ticks service{0};         ///< per truck
    std::vector<WasteParams::Closure> closures;
    engine::LpId lp{0};
};

/// One round of a fixed schedule: stops in driving order, all unloaded at `gate`, begun no
/// earlier than `start_s` after the truck's shift starts (so that visits to one container are
/// spread over the shift).
struct Round {
    std::uint32_t gate{0};
    std::vector<std::uint32_t> containers;
    double start_s{0.0};        ///< not before this, from the shift's start
    double planned_end_s{0.0};  ///< when the plan expects it done (free-flow times)
};

/// A truck.
struct TruckSpec {
    TruckKind kind{TruckKind::dump_truck};
    double capacity_kg{1750.0};
    std::uint32_t depot_node{0};
    std::uint32_t guest{0};  ///< its guest index in the traffic network
    /// Fixed schedule: its rounds, in order, by weekday (0 Monday ... 6 Sunday; none on a day
    /// its class does not work).
    std::array<std::vector<Round>, 7> rounds_by_weekday;
    std::array<double, 7> planned_busy_s{};  ///< by weekday: planned driving and service
    engine::LpId lp{0};
};

/// A zone's waste: who is present and where its waste goes.
struct ZoneSpec {
    double present_at_start{0.0};  ///< persons
    bool served{false};
    bool has_bank{false};
    std::vector<std::uint32_t> containers;  ///< its containers, an equal share each
    engine::LpId lp{0};
};

/// Everything the waste LPs share, read-only during the run.
struct WastePlan {
    WasteParams params;
    std::vector<ContainerSpec> containers;
    std::vector<GateSpec> gates;
    std::vector<TruckSpec> trucks;
    std::vector<ZoneSpec> zones;
    engine::LpId dispatcher_lp{0};
    engine::LpId first_node_lp{0};  ///< LP of road node 0 (traffic)
    engine::Ticks notice_delay{0};  ///< delay of events to and from the traffic model
    double start_s_of_day{0.0};     ///< the run's start, seconds after local midnight
    unsigned start_weekday{0};      ///< the weekday of the run's first day: 0 Monday ... 6 Sunday
    /// The fastest free-flow legs between the places trucks go (containers, gates, depot).
    LegTable legs;
    /// Where the trucks set each leg's path, as guests of the road network the legs are on
    /// (legs.network(); a plan made by hand without one has neither, and its trucks send their
    /// legs' ends only).
    std::shared_ptr<traffic::GuestRoutes> guest_routes;

    /// Free-flow metres between two slotted nodes.
    [[nodiscard]] double leg_length_m(std::uint32_t from_node, std::uint32_t to_node) const {
        return legs.length_m(from_node, to_node);
    }
    /// Free-flow seconds between two slotted nodes.
    [[nodiscard]] double leg_time_s(std::uint32_t from_node, std::uint32_t to_node) const {
        return legs.time_s(from_node, to_node);
    }
    /// Seconds since local midnight at simulated time `t`.
    [[nodiscard]] double time_of_day_s(engine::Ticks t) const;
    /// Day of the run (0: the day it starts) at `t`.
    [[nodiscard]] int day_of_run(engine::Ticks t) const;
    /// Weekday (0 Monday ... 6 Sunday) of day `day` of the run.
    [[nodiscard]] int weekday_of(int day) const;
    /// True when trucks of `kind` work on day `day` of the run (their working_days, by weekday).
    [[nodiscard]] bool working_day(int day, TruckKind kind) const;
    /// Shift length of `kind` on day `day` of the run, s: 0 off, half on a half day.
    [[nodiscard]] double shift_s_on(int day, TruckKind kind) const;
    /// The weekday whose plan the static tables report: the first on which the most classes
    /// work a full shift (Monday by default).
    [[nodiscard]] int reference_weekday() const;
    /// kg per person per day at `t` (what-ifs included).
    [[nodiscard]] double kg_per_person_per_day(engine::Ticks t) const;
    /// The dispatch policy in force at `t` (what-ifs included). Trucks take it at shift start.
    [[nodiscard]] DispatchPolicy policy_at(engine::Ticks t) const;
    /// The next shift start of `kind` at or after `t` (ticks_max: none).
    [[nodiscard]] engine::Ticks next_shift_start(engine::Ticks t, TruckKind kind) const;
    /// Shift hours of `kind` in the shifts that start in [from, to).
    [[nodiscard]] double shift_hours_between(engine::Ticks from, engine::Ticks to,
                                             TruckKind kind) const;
};

}  // namespace tuntas::waste
