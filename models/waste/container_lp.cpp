#include "models/waste/container_lp.hpp"

#include <algorithm>
#include <cmath>

#include "engine/context.hpp"

namespace tuntas::waste {
namespace {

/// The first tick at which `amount_kg` has arrived at `rate` (rate > 0).
engine::Ticks ticks_to_fill(double amount_kg, double rate_kg_per_s) {
    return static_cast<engine::Ticks>(
        std::ceil(amount_kg / rate_kg_per_s * static_cast<double>(engine::ticks_per_second)));
}

}  // namespace

ContainerLp::ContainerLp(std::shared_ptr<const WastePlan> plan, std::uint32_t index)
    : plan_(std::move(plan)),
      index_(index),
      capacity_kg_(plan_->containers[index].capacity_kg) {}

double ContainerLp::rate_kg_per_s() const {
    double rate = 0.0;
    for (const auto& source : sources_) rate += source.kg_per_s;
    return rate;
}

void ContainerLp::advance(engine::Ticks now) {
    const double dt = engine::seconds_from_ticks(now - since_);
    if (dt <= 0.0) return;
    const double rate = rate_kg_per_s();
    const double room = capacity_kg_ - fill_kg_;
    const double arriving = rate * dt;
    if (room <= 0.0) {
        overflowed_kg_ += arriving;
        full_s_ += dt;
    } else if (arriving < room) {
        fill_kg_ += arriving;
    } else {
        // Full on the way: the instant is the one the overflow event was scheduled for (an event
        // at the same instant may have come first and superseded it).
        const double to_full_s = room / rate;
        fill_kg_ = capacity_kg_;
        overflowed_kg_ += arriving - room;
        full_s_ += dt - to_full_s;
        if (!full_) overflows_.push_back(since_ + ticks_to_fill(room, rate));
        full_ = true;
    }
    since_ = now;
}

void ContainerLp::reschedule(engine::Context& ctx) {
    ++version_;
    const double rate = rate_kg_per_s();
    if (rate <= 0.0) return;
    if (fill_kg_ < capacity_kg_) {
        ctx.send(ctx.self(), ticks_to_fill(capacity_kg_ - fill_kg_, rate), overflow,
                 ScheduleVersion{version_});
    }
    const double threshold_kg = plan_->params.threshold * capacity_kg_;
    if (plan_->policy_at(ctx.now()) != DispatchPolicy::fixed_schedule && !called_) {
        const engine::Ticks delay =
            fill_kg_ >= threshold_kg ? 0 : ticks_to_fill(threshold_kg - fill_kg_, rate);
        ctx.send(ctx.self(), delay, threshold_reached, ScheduleVersion{version_});
    }
}

void ContainerLp::on_event(const engine::Event& event, engine::Context& ctx) {
    const engine::Ticks now = ctx.now();
    advance(now);
    switch (event.kind) {
    case inflow_rate: {
        const auto rate = event.payload.as<InflowRate>();
        auto it = std::find_if(sources_.begin(), sources_.end(),
                               [&](const Source& s) { return s.zone == rate.zone; });
        if (it == sources_.end()) {
            sources_.push_back({rate.zone, rate.kg_per_s});
        } else {
            it->kg_per_s = rate.kg_per_s;
        }
        reschedule(ctx);
        break;
    }
    case overflow:
        break;  // advance() has logged it
    case threshold_reached:
        if (event.payload.as<ScheduleVersion>().version == version_ && !called_) {
            called_ = true;
            ctx.send(plan_->dispatcher_lp, 0, call_truck,
                     TruckCall{.container = index_, .node = plan_->containers[index_].node});
        }
        break;
    case pickup: {
        const auto request = event.payload.as<PickupRequest>();
        const double take =
            request.whole_container != 0 ? fill_kg_ : std::clamp(request.room_kg, 0.0, fill_kg_);
        pickups_.push_back({now, request.truck, take, fill_kg_});
        fill_kg_ -= take;
        full_ = fill_kg_ >= capacity_kg_;
        // Mixed policy: a planned visit may empty a container that has called; its call is
        // void (under threshold the visit is the call's, already taken off the list).
        if (called_ && plan_->policy_at(now) == DispatchPolicy::mixed) {
            ctx.send(plan_->dispatcher_lp, 0, call_void,
                     TruckCall{.container = index_, .node = plan_->containers[index_].node});
        }
        called_ = false;
        const auto& params = plan_->params;
        const double service_s = request.whole_container != 0
                                     ? params.arm_roll_swap_min * 60.0
                                     : take / params.load_kg_per_min * 60.0;
        const engine::Ticks service = engine::ticks_from_seconds(service_s);
        handovers_.erase(std::remove_if(handovers_.begin(), handovers_.end(),
                                        [&](const Handover& h) { return h.until < now; }),
                         handovers_.end());
        handovers_.push_back({take, now + service});
        ctx.send(plan_->trucks[request.truck].lp, service, loaded, LoadChange{take});
        reschedule(ctx);
        break;
    }
    default:
        break;
    }
}

double ContainerLp::contents_kg_at(engine::Ticks t) const {
    const double dt = engine::seconds_from_ticks(t - since_);
    double contents = std::min(capacity_kg_, fill_kg_ + rate_kg_per_s() * std::max(0.0, dt));
    for (const auto& handover : handovers_) {
        if (t <= handover.until) contents += handover.kg;  // the loaded event is not done yet
    }
    return contents;
}

double ContainerLp::overflowed_kg_at(engine::Ticks t) const {
    const double dt = std::max(0.0, engine::seconds_from_ticks(t - since_));
    return overflowed_kg_ + std::max(0.0, fill_kg_ + rate_kg_per_s() * dt - capacity_kg_);
}

double ContainerLp::full_seconds_at(engine::Ticks t) const {
    const double dt = std::max(0.0, engine::seconds_from_ticks(t - since_));
    const double rate = rate_kg_per_s();
    if (rate <= 0.0) return full_s_ + (fill_kg_ >= capacity_kg_ ? dt : 0.0);
    const double to_full_s = std::max(0.0, (capacity_kg_ - fill_kg_) / rate);
    return full_s_ + std::max(0.0, dt - to_full_s);
}

}  // namespace tuntas::waste
