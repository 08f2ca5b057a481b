#pragma once

#include <cstdint>

#include "engine/event.hpp"

/// The telecom model's event vocabulary (kinds from 200).
namespace tuntas::telecom {

/// Event kinds of the telecom model.
enum EventKinds : engine::EventKind {
    flow_arrival = 200,     ///< -> a flow LP: a data session starts over a route
    flow_completion = 201,  ///< flow LP -> itself: the earliest flow may be done (if current)
    flow_done = 204,        ///< flow LP -> whoever asked to know: a session finished (FlowRequest)
    demand_step = 205,      ///< cell network -> itself: demand follows presence and the hour
    session_arrival = 206,  ///< cell network -> itself: the next data session (ArrivalVersion)
    call_attempt = 207,     ///< cell network -> itself: the next voice call (ArrivalVersion)
    outage_change = 208,    ///< cell network -> itself: outages start or end (OutageInstantIndex)
    capacity_change = 209,  ///< cell network -> itself: a site's sectors change capacity (index)
};

/// Payload of `session_arrival`, `call_attempt`: the region they arrive in (its place among the
/// LP's regions) and the demand they were drawn for (a demand change redraws them and the older
/// ones are ignored).
struct ArrivalVersion {
    std::uint64_t version{0};
    std::uint32_t region{0};
};

/// Payload of `outage_change`: which instant of the plan's outage_instants.
struct OutageInstantIndex {
    std::uint32_t instant{0};
};

/// Payload of `capacity_change`: which change of the plan.
struct CapacityChangeIndex {
    std::uint32_t change{0};
};

/// Payload of `flow_arrival` and `flow_done`: which route (an index the flow LP knows) and how
/// much data.
struct FlowRequest {
    std::uint32_t route{0};
    double size_bits{0.0};
};

/// Payload of `flow_completion`: the schedule it belongs to.
struct CompletionVersion {
    std::uint64_t version{0};
};

}  // namespace tuntas::telecom
