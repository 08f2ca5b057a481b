#pragma once

#include <cstdint>

#include "engine/event.hpp"
#include "engine/ticks.hpp"

/// The M/M/1 model's event vocabulary.
namespace tuntas::mm1 {

/// Event kinds of the M/M/1 model.
enum EventKinds : engine::EventKind {
    generate = 1,     ///< source -> itself: emit a customer, schedule the next
    arrival = 2,      ///< source -> server: a customer joins the queue
    departure = 3,    ///< server -> itself: the customer in service leaves
    rate_change = 4,  ///< source -> itself: a what-if edit scales the arrival rate
};

/// Payload of a `generate`: which rate epoch scheduled it (older epochs are ignored, so a rate
/// change takes effect at once: exponential gaps are memoryless).
struct Generate {
    std::uint32_t epoch{0};
};

/// Payload of a `rate_change`: the factor on the base arrival rate from now on.
struct RateChange {
    double factor{1.0};
};

/// One customer as the server logged it (times in ticks).
struct CustomerRecord {
    engine::Ticks arrived_at{0};
    engine::Ticks service_start{0};
    engine::Ticks departure{0};
};

/// Payload of an `arrival`: when the customer reaches the server.
struct Arrival {
    engine::Ticks arrived_at{0};
};

}  // namespace tuntas::mm1
