#include "models/mm1/source_lp.hpp"

#include "engine/context.hpp"
#include "engine/distributions.hpp"
#include "models/mm1/events.hpp"

namespace tuntas::mm1 {

SourceLp::SourceLp(engine::LpId server, const Mm1Params& params,
                   std::vector<std::pair<engine::Ticks, double>> rate_changes)
    : server_(server),
      mean_interarrival_s_(1.0 / params.arrival_rate_per_s),
      transit_ticks_(engine::ticks_from_seconds(params.transit_s)),
      rate_changes_(std::move(rate_changes)) {}

void SourceLp::schedule_next(engine::Context& ctx) const {
    const double mean_s = mean_interarrival_s_ / rate_factor_;
    ctx.send(ctx.self(), engine::ticks_from_seconds(engine::exponential(ctx.random(), mean_s)),
             generate, Generate{.epoch = epoch_});
}

void SourceLp::init(engine::Context& ctx) {
    for (const auto& [at, factor] : rate_changes_) {
        ctx.send(ctx.self(), at, rate_change, RateChange{.factor = factor});
    }
    schedule_next(ctx);
}

void SourceLp::on_event(const engine::Event& event, engine::Context& ctx) {
    if (event.kind == rate_change) {
        rate_factor_ = event.payload.as<RateChange>().factor;
        ++epoch_;  // the pending arrival was drawn at the old rate: replace it
        schedule_next(ctx);
        return;
    }
    if (event.payload.as<Generate>().epoch != epoch_) return;
    ctx.send(server_, transit_ticks_, arrival, Arrival{.arrived_at = ctx.now() + transit_ticks_});
    schedule_next(ctx);
}

}  // namespace tuntas::mm1
