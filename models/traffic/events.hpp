#pragma once

#include <cstdint>

#include "engine/event.hpp"

/// The traffic model's event vocabulary. Node LPs own the junctions: the downstream end of their
/// incoming links (queues) and the upstream end of their outgoing links (space).
namespace tuntas::traffic {

/// Event kinds of the traffic model.
enum EventKinds : engine::EventKind {
    depart = 1,       ///< node -> itself: a trip starts here at this time
    arrive = 2,       ///< upstream node -> downstream node: a vehicle reaches the end of a link
    hole = 3,         ///< downstream node -> upstream node: space freed at a link's end reaches its
                      ///< entry (after length / backward-wave speed)
    wake = 4,         ///< node -> itself: an incoming link may discharge now
    reopen = 5,       ///< node -> itself: a closed outgoing link opens again
    guest_enter = 6,  ///< another model -> node: a guest vehicle (GuestTrip) starts here
    guest_arrived = 7,  ///< node -> the guest's owner: it reached its destination (GuestTrip)
    person_left =
        8,  ///< node -> a zone's presence listener: one person left the zone (PresenceNotice)
    person_arrived =
        9,             ///< node -> a zone's presence listener: one person arrived (PresenceNotice)
    signal_step = 10,  ///< node -> itself: an actuated signal decides whether its phase ends
    next_batch = 11,   ///< node -> itself: the next batch of trips (TripStore) begins (Wake)
};

/// Payload of `person_left`, `person_arrived`: which zone (one listener may follow many).
struct PresenceNotice {
    std::uint32_t zone{0};
};

/// Payload of `depart`, `arrive`: which trip, where on its route, when it entered the link.
struct VehicleMove {
    std::uint32_t trip{0};
    std::uint32_t step{0};       ///< index into the trip's route (a guest's: its leg) of the
                                 ///< link it is on, or `detouring` once a trip left its route
                                 ///< for a closed road
    std::int64_t entered_at{0};  ///< ticks: when it entered that link
    std::uint32_t link{0};       ///< the link it is on
};

/// VehicleMove::step of a vehicle that follows the detour table, not its route.
inline constexpr std::uint32_t detouring = 0xffffffffU;

/// Payload of `hole`: the link and the space, in pcu x 1000 (integer, exact).
struct Hole {
    std::uint32_t link{0};
    std::uint32_t milli_pcu{0};
};

/// Payload of `guest_enter` and `guest_arrived`: which guest, to (or at) which node.
struct GuestTrip {
    std::uint32_t guest{0};        ///< index into TrafficNetwork::guest_owner
    std::uint32_t destination{0};  ///< node
};

/// Payload of `wake`: which incoming link to try.
struct Wake {
    std::uint32_t link{0};
    std::uint32_t queue{0};  ///< a wake's queue at the node (its own index), for `wake`
};

}  // namespace tuntas::traffic
