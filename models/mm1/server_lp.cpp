#include "models/mm1/server_lp.hpp"

#include "engine/context.hpp"
#include "engine/distributions.hpp"
#include "models/mm1/events.hpp"

namespace tuntas::mm1 {

ServerLp::ServerLp(const Mm1Params& params)
    : mean_service_s_(1.0 / params.service_rate_per_s),
      warmup_ticks_(engine::ticks_from_seconds(params.warmup_s)) {}

void ServerLp::start_service(engine::Ticks arrived_at, engine::Context& ctx) {
    busy_ = true;
    if (arrived_at >= warmup_ticks_) {
        const double wait_s = engine::seconds_from_ticks(ctx.now() - arrived_at);
        ++stats_.customers;
        stats_.total_wait_s += wait_s;
        stats_.total_wait_squared_s2 += wait_s * wait_s;
    }
    const engine::Ticks service =
        engine::ticks_from_seconds(engine::exponential(ctx.random(), mean_service_s_));
    ++started_total_;
    log_.push_back(CustomerRecord{
        .arrived_at = arrived_at, .service_start = ctx.now(), .departure = ctx.now() + service});
    ctx.send(ctx.self(), service, departure);
}

void ServerLp::on_event(const engine::Event& event, engine::Context& ctx) {
    switch (event.kind) {
    case arrival: {
        const auto arrived_at = event.payload.as<Arrival>().arrived_at;
        if (busy_) {
            waiting_.push_back(arrived_at);
        } else {
            start_service(arrived_at, ctx);
        }
        break;
    }
    case departure:
        busy_ = false;
        if (!waiting_.empty()) {
            const engine::Ticks next = waiting_.front();
            waiting_.pop_front();
            start_service(next, ctx);
        }
        break;
    default:
        break;
    }
}

}  // namespace tuntas::mm1
