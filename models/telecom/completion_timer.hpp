#pragma once

#include <cstdint>
#include <optional>

#include "engine/context.hpp"
#include "models/telecom/events.hpp"
#include "models/telecom/flow_sessions.hpp"

namespace tuntas::telecom {

/// The completion event of an LP that owns a FlowSessions. After each event the LP asks for
/// one; a new event is sent only when the next completion moved earlier than the pending one
/// (a pending event that fires early finds nothing due and asks again), so an event does not
/// leave a stale completion in the queue at every rate change. A superseded event carries an
/// old version and is ignored.
class CompletionTimer {
public:
    /// True when `event` (a flow_completion) is the pending one: the LP then finishes what is
    /// due. False for a superseded one.
    [[nodiscard]] bool fires(const engine::Event& event) {
        if (event.payload.as<CompletionVersion>().version != version_) return false;
        pending_.reset();
        return true;
    }

    /// Sends a flow_completion to the LP itself if `sessions` has a completion before the
    /// pending one.
    void schedule(const FlowSessions& sessions, engine::Context& ctx) {
        const auto next = sessions.next_completion();
        if (!next || (pending_ && *pending_ <= *next)) return;
        ++version_;
        pending_ = next;
        ctx.send(ctx.self(), *next - ctx.now(), flow_completion, CompletionVersion{version_});
    }

private:
    std::optional<engine::Ticks> pending_;
    std::uint64_t version_{0};
};

}  // namespace tuntas::telecom
