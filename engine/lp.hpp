#pragma once

#include "engine/event.hpp"

namespace tuntas::engine {

class Context;

/// A logical process: state that only its own handler changes. Everything that happens to it is
/// an Event; it never reads another LP's state. The smallest contract that works (as in ROSS).
class Lp {
public:
    virtual ~Lp() = default;

    /// Called once before the first event, at time 0: schedule the LP's first events here.
    virtual void init(Context& ctx) { static_cast<void>(ctx); }

    /// Handles one event addressed to this LP, at ctx.now() == event.time.
    virtual void on_event(const Event& event, Context& ctx) = 0;

protected:
    Lp() = default;
    Lp(const Lp&) = default;
    Lp& operator=(const Lp&) = default;
    Lp(Lp&&) = default;
    Lp& operator=(Lp&&) = default;
};

}  // namespace tuntas::engine
