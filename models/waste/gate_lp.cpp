#include "models/waste/gate_lp.hpp"

#include "engine/context.hpp"

namespace tuntas::waste {

GateLp::GateLp(std::shared_ptr<const WastePlan> plan, std::uint32_t index)
    : plan_(std::move(plan)),
      index_(index) {}

void GateLp::init(engine::Context& ctx) {
    for (const auto& closure : plan_->gates[index_].closures) {
        ctx.send(ctx.self(), closure.until, gate_reopen);
    }
}

bool GateLp::closed_at(engine::Ticks t, engine::Ticks* until) const {
    for (const auto& closure : plan_->gates[index_].closures) {
        if (t >= closure.from && t < closure.until) {
            *until = closure.until;
            return true;
        }
    }
    return false;
}

void GateLp::try_start(engine::Context& ctx) {
    if (busy_ || queue_.empty()) return;
    engine::Ticks until = 0;
    if (closed_at(ctx.now(), &until)) return;  // gate_reopen retries
    busy_ = true;
    in_service_ = queue_.front();
    queue_.pop_front();
    in_service_.started = ctx.now();
    ctx.send(ctx.self(), plan_->gates[index_].service, gate_done);
}

void GateLp::on_event(const engine::Event& event, engine::Context& ctx) {
    switch (event.kind) {
    case unload: {
        const auto request = event.payload.as<UnloadRequest>();
        queue_.push_back({.truck = request.truck, .kg = request.kg, .arrived = ctx.now()});
        try_start(ctx);
        break;
    }
    case gate_done: {
        const GateSpec& gate = plan_->gates[index_];
        in_service_.done = ctx.now();
        recycled_kg_ += gate.recovery * in_service_.kg;
        landfilled_kg_ += (1.0 - gate.recovery) * in_service_.kg;
        log_.push_back(in_service_);
        ctx.send(plan_->trucks[in_service_.truck].lp, 0, unloaded, LoadChange{in_service_.kg});
        busy_ = false;
        try_start(ctx);
        break;
    }
    case gate_reopen:
        try_start(ctx);
        break;
    default:
        break;
    }
}

}  // namespace tuntas::waste
