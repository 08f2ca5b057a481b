#include "models/phold/phold_lp.hpp"

#include "engine/context.hpp"
#include "engine/distributions.hpp"

namespace tuntas::phold {

PholdLp::PholdLp(const PholdParams& params)
    : lookahead_ticks_(params.lookahead_ticks()),
      exponential_mean_s_(params.mean - params.lookahead),
      remote_fraction_(params.remote_fraction),
      lp_count_(params.lp_count),
      start_events_(params.start_events) {}

engine::Ticks PholdLp::draw_delay(engine::Context& ctx) const {
    return lookahead_ticks_ +
           engine::ticks_from_seconds(engine::exponential(ctx.random(), exponential_mean_s_));
}

void PholdLp::init(engine::Context& ctx) {
    for (std::uint32_t i = 0; i < start_events_; ++i) {
        ctx.send(ctx.self(), draw_delay(ctx), event_kind);
    }
}

void PholdLp::on_event(const engine::Event& /*event*/, engine::Context& ctx) {
    ++events_handled_;
    engine::LpId destination = ctx.self();
    if (ctx.random().next_unit() < remote_fraction_) {
        destination = static_cast<engine::LpId>(engine::uniform_index(ctx.random(), lp_count_));
    }
    ctx.send(destination, draw_delay(ctx), event_kind);
}

}  // namespace tuntas::phold
