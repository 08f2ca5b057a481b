#pragma once

#include <cstdint>

#include "engine/event.hpp"

/// The waste model's event vocabulary (kinds from 100: its LPs also hear the traffic model's
/// person_left / person_arrived / guest_arrived).
namespace tuntas::waste {

/// Event kinds of the waste model.
enum EventKinds : engine::EventKind {
    generation_tick = 100,    ///< zone -> itself: recompute the generation rates
    inflow_rate = 101,        ///< zone -> container: waste arrives at this rate from now on
    overflow = 102,           ///< container -> itself: full at this instant (if still current)
    threshold_reached = 103,  ///< container -> itself: fill passes the call threshold
    call_truck = 104,         ///< container -> dispatcher: please empty me (threshold policy)
    pickup = 105,             ///< truck -> container: I am here with this much room
    loaded = 106,             ///< container -> truck: service done, this much taken
    unload = 107,             ///< truck -> facility gate: I am at the gate with this load
    unloaded = 108,           ///< facility gate -> truck: done, load off
    gate_done = 109,          ///< gate -> itself: the truck in service is done
    gate_reopen = 110,        ///< gate -> itself: a closure ends
    shift_start = 111,        ///< truck -> itself: a working day's shift begins
    truck_idle = 112,         ///< truck -> dispatcher: I can take work (threshold policy)
    assign = 113,             ///< dispatcher -> truck: go to this container
    shift_end = 114,          ///< truck -> itself: the shift is over (threshold policy)
    round_due = 115,          ///< truck -> itself: its next round may begin (fixed schedule)
    call_void = 116,          ///< container -> dispatcher: a planned visit emptied me (mixed)
};

/// Payload of `inflow_rate`: the zone's share for this container, replacing its last one.
struct InflowRate {
    double kg_per_s{0.0};
    std::uint32_t zone{0};
};

/// Payload of `overflow`, `threshold_reached`: which schedule it belongs to.
struct ScheduleVersion {
    std::uint64_t version{0};
};

/// Payload of `call_truck`: which container, where.
struct TruckCall {
    std::uint32_t container{0};
    std::uint32_t node{0};
};

/// Payload of `pickup`.
struct PickupRequest {
    std::uint32_t truck{0};
    double room_kg{0.0};
    std::uint32_t whole_container{0};  ///< 1: an arm-roll takes the container, whatever it holds
};

/// Payload of `loaded` (and `unloaded`: the kg handed over).
struct LoadChange {
    double kg{0.0};
};

/// Payload of `unload`.
struct UnloadRequest {
    std::uint32_t truck{0};
    double kg{0.0};
};

/// Payload of `assign`: the container to empty, or no_container (no call waiting).
struct Assignment {
    static constexpr std::uint32_t no_container = 0xffffffffU;
    std::uint32_t container{0};
};

/// Payload of `truck_idle`: a truck that can take work (available 1) or goes off shift (0).
struct TruckStatus {
    std::uint32_t truck{0};
    std::uint32_t node{0};
    std::uint32_t available{1};
};

}  // namespace tuntas::waste
