#include "models/waste/truck_lp.hpp"

#include <algorithm>

#include "engine/assert.hpp"
#include "engine/context.hpp"
#include "models/traffic/events.hpp"
#include "models/traffic/fastest_path.hpp"

namespace tuntas::waste {
namespace {
/// A dump truck this full goes to unload rather than to its next container.
constexpr double full_share = 0.9;
}  // namespace

TruckLp::TruckLp(std::shared_ptr<const WastePlan> plan, std::uint32_t index)
    : plan_(std::move(plan)),
      index_(index),
      spec_(&plan_->trucks[index]),
      node_(spec_->depot_node),
      leg_from_(spec_->depot_node) {}

TruckLp::Position TruckLp::position_at(engine::Ticks t) const {
    if (state_ != TruckState::driving) return {node_, node_, 1.0};
    const double gone_s = engine::seconds_from_ticks(t - leg_start_);
    return {leg_from_, node_, leg_s_ > 0.0 ? std::clamp(gone_s / leg_s_, 0.0, 1.0) : 1.0};
}

void TruckLp::init(engine::Context& ctx) {
    const engine::Ticks first = plan_->next_shift_start(0, spec_->kind);
    if (first != engine::ticks_max) ctx.send(ctx.self(), first, shift_start);
}

void TruckLp::set_state(TruckState state, engine::Ticks now) {
    if (is_busy(state_)) busy_s_ += engine::seconds_from_ticks(now - state_since_);
    state_ = state;
    state_since_ = now;
}

double TruckLp::busy_hours_at(engine::Ticks t) const {
    return (busy_s_ + (is_busy(state_) ? engine::seconds_from_ticks(t - state_since_) : 0.0)) /
           3600.0;
}

bool TruckLp::full() const {
    return spec_->kind == TruckKind::arm_roll ? load_kg_ > 0.0
                                              : load_kg_ >= full_share * spec_->capacity_kg;
}

bool TruckLp::on_rounds() const {
    if (mode_ == DispatchPolicy::threshold) return false;
    if (mode_ == DispatchPolicy::fixed_schedule) return true;
    return rounds_ != nullptr && round_ < rounds_->size();
}

bool TruckLp::shift_over(engine::Ticks t) const {
    return t >= shift_ends_;
}

double TruckLp::shift_hours_at(engine::Ticks t) const {
    return (closed_shift_s_ + (on_shift_ ? engine::seconds_from_ticks(t - shift_began_) : 0.0)) /
           3600.0;
}

void TruckLp::on_event(const engine::Event& event, engine::Context& ctx) {
    switch (event.kind) {
    case shift_start:
        start_shift(ctx);
        break;
    case traffic::guest_arrived:
        arrived(ctx);
        break;
    case loaded: {
        load_kg_ += event.payload.as<LoadChange>().kg;
        stand_s_ += engine::seconds_from_ticks(ctx.now() - stop_arrived_);
        stops_.push_back({.truck = index_,
                          .at_gate = false,
                          .place = place_,
                          .arrived = stop_arrived_,
                          .left = ctx.now(),
                          .kg = event.payload.as<LoadChange>().kg});
        unload_gate_ = plan_->containers[place_].gate;
        if (on_rounds()) {
            ++stop_;
            next_scheduled(ctx);
        } else if (full() || shift_over(ctx.now())) {
            drive(plan_->gates[unload_gate_].node, Goal::gate, unload_gate_, ctx);
        } else {
            ask_for_work(ctx);
        }
        break;
    }
    case unloaded: {
        const double kg = event.payload.as<LoadChange>().kg;
        load_kg_ -= kg;
        stand_s_ += engine::seconds_from_ticks(ctx.now() - stop_arrived_);
        stops_.push_back({.truck = index_,
                          .at_gate = true,
                          .place = place_,
                          .arrived = stop_arrived_,
                          .left = ctx.now(),
                          .kg = kg});
        if (on_rounds()) {
            next_scheduled(ctx);
        } else if (shift_over(ctx.now())) {
            go_home(ctx);
        } else {
            ask_for_work(ctx);
        }
        break;
    }
    case assign: {
        const auto container = event.payload.as<Assignment>().container;
        const bool busy = is_busy(state_);
        if (container == Assignment::no_container) {
            // No call waiting: unload what is on board (and take no work meanwhile), or
            // wait here for one.
            if (load_kg_ > 0.0 && !busy) {
                ctx.send(plan_->dispatcher_lp, 0, truck_idle,
                         TruckStatus{.truck = index_, .node = node_, .available = 0});
                drive(plan_->gates[unload_gate_].node, Goal::gate, unload_gate_, ctx);
            }
        } else if (busy || !on_shift_ || shift_over(ctx.now())) {
            // Busy or off shift meanwhile: hand the call back.
            ctx.send(plan_->dispatcher_lp, 0, call_truck,
                     TruckCall{.container = container, .node = plan_->containers[container].node});
        } else {
            drive(plan_->containers[container].node, Goal::container, container, ctx);
        }
        break;
    }
    case round_due:
        if (on_shift_ && on_rounds()) next_scheduled(ctx);
        break;
    case shift_end:
        // Taking calls (threshold, or mixed after its rounds): a truck waiting for work goes
        // home; a busy one goes home after its current unload (see unloaded).
        if (on_shift_ && !on_rounds() &&
            (state_ == TruckState::idle || state_ == TruckState::at_depot)) {
            ctx.send(plan_->dispatcher_lp, 0, truck_idle,
                     TruckStatus{.truck = index_, .node = node_, .available = 0});
            if (load_kg_ > 0.0) {
                drive(plan_->gates[unload_gate_].node, Goal::gate, unload_gate_, ctx);
            } else {
                go_home(ctx);
            }
        }
        break;
    default:
        break;
    }
}

void TruckLp::start_shift(engine::Context& ctx) {
    on_shift_ = true;
    shift_began_ = ctx.now();
    const int day = plan_->day_of_run(ctx.now());
    shift_ends_ = ctx.now() + engine::ticks_from_seconds(plan_->shift_s_on(day, spec_->kind));
    rounds_ = &spec_->rounds_by_weekday[static_cast<std::size_t>(plan_->weekday_of(day))];
    mode_ = plan_->policy_at(ctx.now());
    const engine::Ticks next = plan_->next_shift_start(ctx.now() + 1, spec_->kind);
    if (next != engine::ticks_max) ctx.send(ctx.self(), next - ctx.now(), shift_start);
    if (mode_ != DispatchPolicy::threshold) {
        round_ = 0;
        stop_ = 0;
        if (mode_ == DispatchPolicy::mixed)
            ctx.send(ctx.self(), shift_ends_ - ctx.now(), shift_end);
        next_scheduled(ctx);
    } else {
        ctx.send(ctx.self(), shift_ends_ - ctx.now(), shift_end);
        ask_for_work(ctx);
    }
}

void TruckLp::next_scheduled(engine::Context& ctx) {
    static const std::vector<Round> no_rounds;
    const auto& rounds = rounds_ != nullptr ? *rounds_ : no_rounds;
    if (full() || (shift_over(ctx.now()) && load_kg_ > 0.0)) {
        drive(plan_->gates[unload_gate_].node, Goal::gate, unload_gate_, ctx);
        return;
    }
    if (shift_over(ctx.now())) {
        go_home(ctx);
        return;
    }
    while (round_ < rounds.size() && stop_ >= rounds[round_].containers.size()) {
        // The round is done: unload before the next one.
        if (load_kg_ > 0.0) {
            drive(plan_->gates[unload_gate_].node, Goal::gate, unload_gate_, ctx);
            return;
        }
        stop_ = 0;
        ++round_;
    }
    if (round_ >= rounds.size()) {
        // Rounds done: home, or (mixed) take calls until the shift ends.
        if (mode_ == DispatchPolicy::mixed) {
            ask_for_work(ctx);
        } else {
            go_home(ctx);
        }
        return;
    }
    // A round starts no earlier than planned: visits to one container are spread over the day.
    const engine::Ticks due = shift_began_ + engine::ticks_from_seconds(rounds[round_].start_s);
    if (stop_ == 0 && ctx.now() < due) {
        set_state(node_ == spec_->depot_node ? TruckState::at_depot : TruckState::idle, ctx.now());
        ctx.send(ctx.self(), due - ctx.now(), round_due);
        return;
    }
    const std::uint32_t container = rounds[round_].containers[stop_];
    drive(plan_->containers[container].node, Goal::container, container, ctx);
}

void TruckLp::ask_for_work(engine::Context& ctx) {
    set_state(node_ == spec_->depot_node ? TruckState::at_depot : TruckState::idle, ctx.now());
    ctx.send(plan_->dispatcher_lp, 0, truck_idle, TruckStatus{.truck = index_, .node = node_});
}

void TruckLp::go_home(engine::Context& ctx) {
    drive(spec_->depot_node, Goal::depot, 0, ctx);
}

void TruckLp::drive(std::uint32_t node, Goal goal, std::uint32_t place, engine::Context& ctx) {
    // One leg at a time: the traffic model reads the current leg's path until it arrives.
    TUNTAS_ASSERT(state_ != TruckState::driving, "a truck was sent on a leg while it drove one");
    goal_ = goal;
    place_ = place;
    set_state(TruckState::driving, ctx.now());
    // The leg's path, found now (no table of every road node's next link to every stop): the
    // node LPs read it once the guest is in, notice_delay from now. Its time and length are
    // the plan's for the same leg, to the bit.
    double leg_m = 0.0;
    if (const auto* roads = plan_->legs.network();
        roads != nullptr && plan_->guest_routes != nullptr) {
        auto path = traffic::fastest_path(*roads, node_, node);
        leg_m = path.length_m;
        leg_s_ = engine::seconds_from_ticks(path.time);
        plan_->guest_routes->set(spec_->guest, std::move(path.links));
    } else {
        leg_m = plan_->leg_length_m(node_, node);
        leg_s_ = plan_->leg_time_s(node_, node);
    }
    km_ += leg_m / 1000.0;
    leg_from_ = node_;
    leg_start_ = ctx.now();
    ctx.send(plan_->first_node_lp + node_, plan_->notice_delay, traffic::guest_enter,
             traffic::GuestTrip{.guest = spec_->guest, .destination = node});
    node_ = node;  // where it will be; the traffic model says when
}

void TruckLp::arrived(engine::Context& ctx) {
    stop_arrived_ = ctx.now();
    switch (goal_) {
    case Goal::container: {
        set_state(TruckState::loading, ctx.now());
        const bool whole = spec_->kind == TruckKind::arm_roll;
        ctx.send(plan_->containers[place_].lp, 0, pickup,
                 PickupRequest{.truck = index_,
                               .room_kg = spec_->capacity_kg - load_kg_,
                               .whole_container = whole ? 1U : 0U});
        break;
    }
    case Goal::gate:
        set_state(TruckState::unloading, ctx.now());
        ctx.send(plan_->gates[place_].lp, 0, unload,
                 UnloadRequest{.truck = index_, .kg = load_kg_});
        break;
    case Goal::depot:
        set_state(TruckState::at_depot, ctx.now());
        if (on_shift_) {
            closed_shift_s_ += engine::seconds_from_ticks(ctx.now() - shift_began_);
            on_shift_ = false;
        }
        break;
    }
}

}  // namespace tuntas::waste
