#pragma once

#include <cstdint>

#include "engine/lp.hpp"
#include "models/phold/phold_params.hpp"

namespace tuntas::phold {

/// One PHOLD LP (ROSS semantics): each event it receives draws U; with probability p the next
/// event goes to a uniformly chosen LP (itself included), otherwise to itself, after
/// L + Exp(M - L). At start it sends E events to itself the same way.
class PholdLp final : public engine::Lp {
public:
    /// The only event kind PHOLD sends.
    static constexpr engine::EventKind event_kind = 1;

    explicit PholdLp(const PholdParams& params);

    void init(engine::Context& ctx) override;
    void on_event(const engine::Event& event, engine::Context& ctx) override;

    /// Events this LP has handled.
    [[nodiscard]] std::uint64_t events_handled() const noexcept { return events_handled_; }

private:
    [[nodiscard]] engine::Ticks draw_delay(engine::Context& ctx) const;

    engine::Ticks lookahead_ticks_;
    double exponential_mean_s_;  // M - L
    double remote_fraction_;
    std::uint32_t lp_count_;
    std::uint32_t start_events_;
    std::uint64_t events_handled_{0};
};

}  // namespace tuntas::phold
