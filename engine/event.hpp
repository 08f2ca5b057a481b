#pragma once

#include <cstdint>

#include "engine/lp_id.hpp"
#include "engine/payload.hpp"
#include "engine/ticks.hpp"

namespace tuntas::engine {

/// A model's tag for what an event means (each model numbers its own event kinds).
using EventKind = std::uint32_t;

/// An event as a handler sees it. Events are ordered by (time, sender, sequence): the sender's
/// sequence number counts the events that sender has sent, so every event has a unique key and
/// ties break the same way at any thread count or partitioning.
struct Event {
    Ticks time{0};              ///< when it happens
    LpId target{0};             ///< the LP that handles it
    LpId sender{0};             ///< the LP that sent it
    std::uint32_t sequence{0};  ///< the sender's count of sends before this one
    EventKind kind{0};          ///< model-defined meaning
    Payload payload;            ///< model-defined content
};

}  // namespace tuntas::engine
