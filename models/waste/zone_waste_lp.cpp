#include "models/waste/zone_waste_lp.hpp"

#include <cmath>

#include "engine/context.hpp"
#include "models/traffic/events.hpp"
#include "models/waste/events.hpp"

namespace tuntas::waste {

ZoneWasteLp::ZoneWasteLp(std::shared_ptr<const WastePlan> plan, std::uint32_t zone)
    : plan_(std::move(plan)),
      zone_(zone),
      present_(plan_->zones[zone].present_at_start) {}

void ZoneWasteLp::init(engine::Context& ctx) {
    ctx.send(ctx.self(), 0, generation_tick);
}

void ZoneWasteLp::on_event(const engine::Event& event, engine::Context& ctx) {
    switch (event.kind) {
    case traffic::person_left:
        present_ -= 1.0;
        break;
    case traffic::person_arrived:
        present_ += 1.0;
        break;
    case generation_tick:
        update_rates(ctx);
        ctx.send(ctx.self(), plan_->params.generation_step, generation_tick);
        break;
    default:
        break;
    }
}

void ZoneWasteLp::update_rates(engine::Context& ctx) {
    const engine::Ticks now = ctx.now();
    const double dt = engine::seconds_from_ticks(now - since_);
    generated_kg_ += rate_kg_per_s_ * dt;
    uncollected_kg_ += uncollected_rate_ * dt;
    banked_kg_ += banked_rate_ * dt;
    since_ = now;

    const auto& params = plan_->params;
    const ZoneSpec& zone = plan_->zones[zone_];
    const auto hour = static_cast<std::size_t>(plan_->time_of_day_s(now) / 3600.0) % 24;
    rate_kg_per_s_ = plan_->kg_per_person_per_day(now) / 86'400.0 * std::max(0.0, present_) *
                     params.hourly_profile[hour];
    const double recyclable = params.composition[1] + params.composition[2];
    const double bank_share = zone.has_bank ? params.bank_capture * recyclable : 0.0;
    banked_rate_ = bank_share * rate_kg_per_s_;
    const double rest = rate_kg_per_s_ - banked_rate_;
    const double to_containers =
        zone.served && !zone.containers.empty() ? params.served_share * rest : 0.0;
    uncollected_rate_ = rest - to_containers;
    const double each =
        to_containers / static_cast<double>(std::max<std::size_t>(1, zone.containers.size()));
    for (const std::uint32_t c : zone.containers) {
        ctx.send(plan_->containers[c].lp, 0, inflow_rate,
                 InflowRate{.kg_per_s = each, .zone = zone_});
    }
}

double ZoneWasteLp::generated_kg_at(engine::Ticks t) const {
    return generated_kg_ + rate_kg_per_s_ * std::max(0.0, engine::seconds_from_ticks(t - since_));
}

double ZoneWasteLp::uncollected_kg_at(engine::Ticks t) const {
    return uncollected_kg_ +
           uncollected_rate_ * std::max(0.0, engine::seconds_from_ticks(t - since_));
}

double ZoneWasteLp::banked_kg_at(engine::Ticks t) const {
    return banked_kg_ + banked_rate_ * std::max(0.0, engine::seconds_from_ticks(t - since_));
}

}  // namespace tuntas::waste
