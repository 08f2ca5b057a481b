#pragma once

#include <cstdint>

#include "engine/event.hpp"

/// The telecom model's event vocabulary (kinds from 200).
namespace tuntas::telecom {

/// Event kinds of the telecom model.
enum EventKinds : engine::EventKind {
    flow_arrival = 200,   ///< -> a flow LP: a data session starts over a route
    flow_completion = 201,///< flow LP -> itself: the earliest flow may be done (if current)
    call_arrival = 202,   ///< -> a sector: a voice call asks for a channel
    call_end = 203,       ///< sector -> itself: a call hangs up
    flow_done = 204,      ///< flow LP -> whoever asked to know: a session finished (FlowRequest)
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

/// Payload of `call_arrival`: how long the call lasts if it gets a channel.
struct CallRequest {
    double holding_s{0.0};
};

}  // namespace tuntas::telecom
