#pragma once

#include "engine/event.hpp"
#include "engine/lp_id.hpp"
#include "engine/payload.hpp"
#include "engine/random_stream.hpp"
#include "engine/ticks.hpp"

namespace tuntas::engine {

namespace detail {
class PartitionRunner;
struct LpRuntime;
}  // namespace detail

/// What an event handler may do: read the clock, draw from its own LP's random stream, send
/// events, and ask the run to stop. One Context per partition; the engine points it at the LP
/// whose event is being handled.
class Context {
public:
    /// The current simulated time: the time of the event being handled.
    [[nodiscard]] Ticks now() const noexcept { return now_; }

    /// The LP whose event is being handled.
    [[nodiscard]] LpId self() const noexcept { return self_; }

    /// The handling LP's own random stream, seeded from (run seed, LP id).
    [[nodiscard]] RandomStream& random() noexcept;

    /// Sends `payload` to `target`, to happen at now() + delay_ticks (delay >= 0). A delay that
    /// reaches the end time drops the event. Across partitions the delay must be at least the
    /// lookahead, or LookaheadViolation is thrown.
    template <class T>
    requires Payload::fits<T>
    void send(LpId target, Ticks delay_ticks, EventKind kind, const T& payload) {
        send_payload(target, delay_ticks, kind, Payload::of(payload));
    }

    /// Sends an event with no payload.
    void send(LpId target, Ticks delay_ticks, EventKind kind) {
        send_payload(target, delay_ticks, kind, Payload{});
    }

    /// Sends a ready-made payload (the typed overloads call this).
    void send_payload(LpId target, Ticks delay_ticks, EventKind kind, const Payload& payload);

    /// Like send(), for an event that only changes its target's own state (a count given
    /// back, space freed) and that its target may therefore take late. While the target
    /// accepts such events (accept_deferred) and shares this partition, the event skips the
    /// pending set: it is kept with the target and handled just before the target's next event
    /// with a later key, or at the end of the window, at its own time and key. So results,
    /// trajectory hashes, windows and samples are those of send(); only the pending-set work is
    /// saved. Handling a kept event must not send or change the target's acceptance (the engine
    /// throws UsageError): it may run after events of other LPs with later keys.
    template <class T>
    requires Payload::fits<T>
    void send_deferrable(LpId target, Ticks delay_ticks, EventKind kind, const T& payload) {
        send_deferrable_payload(target, delay_ticks, kind, Payload::of(payload));
    }
    /// send_deferrable with a ready-made payload.
    void send_deferrable_payload(LpId target, Ticks delay_ticks, EventKind kind,
                                 const Payload& payload);
    /// Whether events sent to the handling LP with send_deferrable may be kept until its next
    /// event (true: their handling would only change its state) or must be queued (false: their
    /// handling may send). Turning it off queues the events kept so far. Off at the start.
    void accept_deferred(bool accepts);

    /// Ends the run after the current lookahead window. Windows are the same at every thread
    /// count and partitioning, so a stopped run is as reproducible as a finished one.
    void stop() noexcept;

private:
    friend class detail::PartitionRunner;
    explicit Context(detail::PartitionRunner& runner) noexcept : runner_(&runner) {}

    detail::PartitionRunner* runner_;
    detail::LpRuntime* runtime_{nullptr};
    Ticks now_{0};
    LpId self_{0};
};

}  // namespace tuntas::engine
