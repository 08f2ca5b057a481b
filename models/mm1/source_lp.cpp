#include "models/mm1/source_lp.hpp"

#include "engine/context.hpp"
#include "engine/distributions.hpp"
#include "models/mm1/events.hpp"

namespace tuntas::mm1 {

SourceLp::SourceLp(engine::LpId server, const Mm1Params& params)
    : server_(server),
      mean_interarrival_s_(1.0 / params.arrival_rate_per_s),
      transit_ticks_(engine::ticks_from_seconds(params.transit_s)) {}

void SourceLp::schedule_next(engine::Context& ctx) const {
    ctx.send(ctx.self(),
             engine::ticks_from_seconds(engine::exponential(ctx.random(), mean_interarrival_s_)),
             generate);
}

void SourceLp::init(engine::Context& ctx) { schedule_next(ctx); }

void SourceLp::on_event(const engine::Event& /*event*/, engine::Context& ctx) {
    ctx.send(server_, transit_ticks_, arrival, Arrival{.arrived_at = ctx.now() + transit_ticks_});
    schedule_next(ctx);
}

}  // namespace tuntas::mm1
