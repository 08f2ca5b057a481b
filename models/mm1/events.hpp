#pragma once

#include "engine/event.hpp"
#include "engine/ticks.hpp"

/// The M/M/1 model's event vocabulary.
namespace tuntas::mm1 {

/// Event kinds of the M/M/1 model.
enum EventKinds : engine::EventKind {
    generate = 1,   ///< source -> itself: emit a customer, schedule the next
    arrival = 2,    ///< source -> server: a customer joins the queue
    departure = 3,  ///< server -> itself: the customer in service leaves
};

/// Payload of an `arrival`: when the customer reaches the server.
struct Arrival {
    engine::Ticks arrived_at{0};
};

}  // namespace tuntas::mm1
