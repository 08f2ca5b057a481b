#include "models/traffic/node_lp.hpp"

#include <algorithm>
#include <cmath>

#include "engine/assert.hpp"
#include "engine/context.hpp"
#include "models/district/kinematics.hpp"
#include "models/traffic/next_hops.hpp"

namespace tuntas::traffic {

NodeLp::NodeLp(std::shared_ptr<const TrafficNetwork> network, std::uint32_t node)
    : network_(std::move(network)),
      node_(node),
      in_links_(&network_->in_links[node]),
      out_links_(&network_->out_links[node]),
      counters_(in_links_->size()),
      entry_pcu_(out_links_->size(), 0.0),
      occupied_milli_pcu_(out_links_->size(), 0),
      on_link_(out_links_->size(), 0),
      reopen_at_(out_links_->size(), engine::ticks_max),
      blocked_(out_links_->size()),
      waiting_(out_links_->size()) {
    for (std::size_t i = 0; i < in_links_->size(); ++i) {
        queue_at_.push_back(in_of_queue_.size());
        in_of_queue_.insert(in_of_queue_.end(), network_->links[(*in_links_)[i]].queues, i);
    }
    const std::size_t queues = in_of_queue_.size();
    queue_headway_factor_.assign(queues, 1.0);
    for (std::size_t i = 0; i < in_links_->size(); ++i) {
        for (std::size_t o = 0; o < out_links_->size(); ++o) {
            const Movement movement = network_->movement(node_, i, o);
            queue_headway_factor_[queue_at_[i] + movement.queue] = movement.headway_factor;
        }
    }
    queues_.resize(queues);
    next_free_.assign(queues, 0);
    wake_at_.assign(queues, engine::ticks_max);
    blocked_since_.assign(queues, engine::ticks_max);
    protected_rate_.resize(in_links_->size());
    sneakers_left_.assign(in_of_queue_.size(), 0);
    gives_way_at_signal_ =
        network_->permissive_turns &&
        (network_->plans[node].cycle > 0 ||
         (!network_->plans_after.empty() && network_->plans_after[node].cycle > 0));
    actuated_ =
        network_->plans[node].actuated() &&
        (network_->plan_change_at.empty() || network_->plan_change_at[node] == engine::ticks_max);
    if (network_->priority_rules && network_->plans[node].cycle == 0) {
        for (const std::uint32_t l : *in_links_) {
            top_priority_ = std::max(top_priority_, network_->links[l].priority);
        }
        for (const std::uint32_t l : *in_links_) {
            has_minor_ = has_minor_ || network_->links[l].priority < top_priority_;
        }
    }
}

namespace {
constexpr double major_rate_window_s = 300.0;
}  // namespace

void NodeLp::count_major_exit(engine::Ticks now, double pce) {
    const double dt = engine::seconds_from_ticks(now - major_rate_at_);
    major_rate_per_s_ =
        major_rate_per_s_ * std::exp(-dt / major_rate_window_s) + pce / major_rate_window_s;
    major_rate_at_ = now;
}

double NodeLp::gap_acceptance_headway_s(double q, double tc, double tf) {
    // Gap acceptance (Harders 1968; HCM two-way stop control and permitted left turns): a
    // minor stream's capacity under a major flow q is c = q exp(-q tc) / (1 - exp(-q tf)); with
    // no major flow, 1 / tf. Flows in pcu, so a motorcycle-heavy stream leaves (and takes) gaps
    // as its pcu say.
    const double capacity = q < 1e-9 ? 1.0 / tf : q * std::exp(-q * tc) / (1.0 - std::exp(-q * tf));
    return 1.0 / capacity;
}

double NodeLp::minor_headway_s(engine::Ticks now) const {
    return gap_acceptance_headway_s(
        major_rate_per_s_ *
            std::exp(-engine::seconds_from_ticks(now - major_rate_at_) / major_rate_window_s),
        network_->critical_gap_s, network_->follow_up_s);
}

engine::Ticks NodeLp::phase_started_at(engine::Ticks now) const {
    if (actuated_) return phase_start_;
    const SignalPlan& plan = network_->plan_at(node_, now);
    if (plan.cycle == 0) return 0;
    const engine::Ticks tau = (now + plan.offset) % plan.cycle;
    const std::size_t phase = plan.phase_at(now);
    return now - tau + (phase == 0 ? 0 : plan.phase_ends[phase - 1]);
}

std::size_t NodeLp::current_phase(engine::Ticks now) const {
    if (actuated_) return phase_;
    const SignalPlan& plan = network_->plan_at(node_, now);
    return plan.cycle == 0 ? 0 : plan.phase_at(now);
}

void NodeLp::count_protected_exit(std::size_t in, engine::Ticks now, double pce) {
    auto& rate = protected_rate_[in];
    const double dt = engine::seconds_from_ticks(now - rate.at);
    rate.per_s = rate.per_s * std::exp(-dt / major_rate_window_s) + pce / major_rate_window_s;
    rate.at = now;
}

double NodeLp::opposing_flow_per_s(std::size_t in, std::size_t phase, engine::Ticks now) const {
    double q = 0.0;
    for (std::size_t j = 0; j < in_links_->size(); ++j) {
        if (j == in || ((network_->links[(*in_links_)[j]].green_phases >> phase) & 1U) == 0)
            continue;
        const auto& rate = protected_rate_[j];
        q +=
            rate.per_s * std::exp(-engine::seconds_from_ticks(now - rate.at) / major_rate_window_s);
    }
    return q;
}

bool NodeLp::protected_queue_opposes(std::size_t in, std::size_t phase, engine::Ticks now) const {
    // A queue of another link whose head has a protected green now and is not held by a full
    // link ahead leaves one saturation headway (about 2 s) after another: no gap a turn takes.
    for (std::size_t j = 0; j < in_links_->size(); ++j) {
        if (j == in) continue;
        for (std::size_t k = 0; k < network_->links[(*in_links_)[j]].queues; ++k) {
            const std::size_t queue = queue_at_[j] + k;
            if (queues_[queue].empty() || blocked_since_[queue] != engine::ticks_max) continue;
            const Queued& head = queues_[queue].front();
            const Onward way = onward_of(head, now);
            if (way.parks || way.link == TrafficNetwork::no_link) continue;
            const Movement movement = network_->movement(node_, j, out_index(way.link));
            if (((movement.green_phases >> phase) & 1U) != 0 &&
                ((movement.permissive_phases >> phase) & 1U) == 0)
                return true;
        }
    }
    return false;
}

double NodeLp::first_gap_wait_s(engine::Ticks now) const {
    // Adams (1936), the HCM's first-vehicle delay at a stop line: the mean wait for a gap of at
    // least tc in Poisson major traffic of rate q is (e^{q tc} - q tc - 1) / q (0 at q = 0).
    const double q =
        major_rate_per_s_ *
        std::exp(-engine::seconds_from_ticks(now - major_rate_at_) / major_rate_window_s);
    const double tc = network_->critical_gap_s;
    if (q < 1e-9) return 0.0;
    return (std::exp(q * tc) - q * tc - 1.0) / q;
}

bool NodeLp::squeezes(std::size_t q, engine::Ticks now) const {
    return network_->squeeze_after > 0 && blocked_since_[q] != engine::ticks_max &&
           now - blocked_since_[q] >= network_->squeeze_after;
}

std::size_t NodeLp::queue_length(std::size_t i) const {
    std::size_t total = 0;
    for (std::size_t k = 0; k < network_->links[(*in_links_)[i]].queues; ++k)
        total += queues_[queue_at_[i] + k].size();
    return total;
}

std::size_t NodeLp::waiting_departures() const {
    std::size_t total = 0;
    for (const auto& queue : waiting_) total += queue.size();
    return total;
}

std::vector<std::uint32_t> NodeLp::waiting_vehicles() const {
    std::vector<std::uint32_t> vehicles;
    for (const auto& queue : waiting_) {
        for (const auto& entry : queue) vehicles.push_back(entry.vehicle);
    }
    return vehicles;
}

std::size_t NodeLp::in_index(std::uint32_t link) const {
    const TrafficLink& l = network_->links[link];
    TUNTAS_ASSERT(l.to == node_, "a vehicle arrived on a link that does not end here");
    return l.in_slot;
}

std::size_t NodeLp::out_index(std::uint32_t link) const {
    const TrafficLink& l = network_->links[link];
    TUNTAS_ASSERT(l.from == node_, "a route leaves on a link that does not start here");
    return l.out_slot;
}

std::uint32_t NodeLp::detour_link(const Trip& trip) const {
    const bool rerouting = network_->rerouting();
    const auto& times = rerouting ? network_->reroute_time_s : network_->detour_time_s;
    if (times.empty()) return TrafficNetwork::no_link;
    TUNTAS_ASSERT(network_->district != nullptr,
                  "detours and re-routing need the network's district (make_network sets it)");
    const std::uint32_t slot = network_->destination_slot.empty()
                                   ? TrafficNetwork::no_link
                                   : network_->destination_slot[trip.destination_node];
    if (slot == TrafficNetwork::no_link)  // not a destination the network knows: rare
        return next_hop(*network_->district, *network_, node_, trip.destination_node, times);
    // This node's next hops on these times: made when a vehicle first asks after a change.
    const NextHopsKey key{rerouting,
                          rerouting ? network_->reroute_version : network_->detour_version};
    if (!next_hops_key_ || *next_hops_key_ != key) {
        next_hops_ = next_hop_row(*network_->district, *network_, node_, times);
        next_hops_key_ = key;
    }
    return next_hops_[slot];
}

void NodeLp::notify_presence(std::uint32_t zone, engine::EventKind kind,
                             engine::Context& ctx) const {
    if (zone == no_zone || zone >= network_->presence_listeners.size()) return;
    for (const engine::LpId listener : network_->presence_listeners[zone]) {
        ctx.send(listener, network_->notice_delay, kind, PresenceNotice{zone});
    }
}

void NodeLp::on_guest_enter(const GuestTrip& guest, engine::Context& ctx) {
    const std::uint32_t vehicle = TrafficNetwork::guest_id_base + guest.guest;
    if (guest.destination == node_) {
        ctx.send(network_->guest_owner[guest.guest], network_->notice_delay, guest_arrived,
                 GuestTrip{.guest = guest.guest, .destination = node_});
        return;
    }
    const auto& leg = network_->guest_routes->links(guest.guest);
    TUNTAS_ASSERT(!leg.empty() && network_->links[leg.front()].from == node_ &&
                      network_->links[leg.back()].to == guest.destination,
                  "a guest vehicle's leg does not run from here to its destination");
    const std::size_t out = out_index(leg.front());
    if (waiting_[out].empty()) ++awaited_;
    waiting_[out].push_back({vehicle, 0});
    if (waiting_[out].size() == 1) try_departures(out, ctx);
}

void NodeLp::init(engine::Context& ctx) {
    for (std::size_t o = 0; o < out_links_->size(); ++o) {
        const std::uint32_t link = (*out_links_)[o];
        const TrafficLink& l = network_->links[link];
        if (l.closed_from < l.closed_until && l.closed_until < engine::ticks_max) {
            ctx.send(ctx.self(), l.closed_until, reopen, Wake{.link = link});
            reopen_at_[o] = l.closed_until;
        }
    }
    schedule_next_departure(ctx);
    update_deferral(ctx);
    if (actuated_) {
        // The phase the program's offset puts at t = 0, started when the program says.
        const SignalPlan& plan = network_->plans[node_];
        phase_ = plan.phase_at(0);
        const engine::Ticks tau = plan.offset % plan.cycle;
        phase_start_ = (phase_ == 0 ? 0 : plan.phase_ends[phase_ - 1]) - tau;
        last_detection_ = phase_start_ - SignalPlan::max_gap;
        schedule_signal_step(std::max<engine::Ticks>(0, phase_start_ + shortest_run(phase_)), ctx);
        for (std::size_t p = 0; p < plan.phase_ends.size(); ++p) idle_cycle_ += shortest_run(p);
    }
}

bool NodeLp::is_green(std::uint64_t phases, engine::Ticks now) const {
    if (actuated_) return ((phases >> phase_) & 1U) != 0;
    return network_->green(node_, phases, now);
}

void NodeLp::detect(std::size_t in, engine::Ticks now) {
    if (actuated_ && ((network_->links[(*in_links_)[in]].green_phases >> phase_) & 1U) != 0)
        last_detection_ = now;
}

void NodeLp::schedule_signal_step(engine::Ticks at, engine::Context& ctx) {
    signal_step_at_ = at;
    ctx.send(ctx.self(), at - ctx.now(), signal_step, Wake{});
}

void NodeLp::on_signal_step(engine::Context& ctx) {
    const SignalPlan& plan = network_->plans[node_];
    const engine::Ticks now = ctx.now();
    const engine::Ticks shortest_end = phase_start_ + plan.min_green[phase_];
    const engine::Ticks longest_end = phase_start_ + plan.max_green[phase_];
    const engine::Ticks gap_end = std::max(shortest_end, last_detection_ + SignalPlan::max_gap);
    if (now < std::min(gap_end, longest_end)) {
        schedule_signal_step(std::min(gap_end, longest_end), ctx);
        return;
    }
    // The phase ends: the next one starts, and the queues waiting for green look again.
    phase_ = (phase_ + 1) % plan.phase_ends.size();
    phase_start_ = now;
    last_detection_ = now - SignalPlan::max_gap;
    if (red_waiting_.empty() && holds_no_vehicle() && idle_cycle_ > 0) {
        // Nobody here: with no detection every phase runs its shortest time, so the program's
        // course is known until a vehicle comes; catch_up_idle_signal replays it then (no
        // event a phase while the junction is empty).
        signal_step_at_ = engine::ticks_max;
        return;
    }
    schedule_signal_step(now + shortest_run(phase_), ctx);
    const auto waiting = std::exchange(red_waiting_, {});
    for (const std::size_t q : waiting) try_discharge(q, ctx);
}

engine::Ticks NodeLp::shortest_run(std::size_t phase) const {
    // Its look comes at minDur, and with no detection the phase ends then (even past a
    // maxDur below it).
    return network_->plans[node_].min_green[phase];
}

bool NodeLp::holds_no_vehicle() const {
    return std::all_of(queues_.begin(), queues_.end(),
                       [](const Fifo<Queued>& queue) { return queue.empty(); });
}

void NodeLp::catch_up_idle_signal(engine::Context& ctx) {
    // The phases the empty junction ran, each its shortest time: whole cycles at once, then
    // phase by phase. A phase that ends just now still runs: the vehicle is seen first (a
    // detection that may extend it), then the phase's end is looked at.
    const engine::Ticks now = ctx.now();
    const std::size_t phases = network_->plans[node_].phase_ends.size();
    if (now - phase_start_ > idle_cycle_) {
        phase_start_ += (now - phase_start_ - 1) / idle_cycle_ * idle_cycle_;
    }
    while (phase_start_ + shortest_run(phase_) < now) {
        phase_start_ += shortest_run(phase_);
        phase_ = (phase_ + 1) % phases;
    }
    last_detection_ = phase_start_ - SignalPlan::max_gap;
    schedule_signal_step(phase_start_ + shortest_run(phase_), ctx);
}

void NodeLp::schedule_next_departure(engine::Context& ctx) {
    // One departure pending at a time: the pending set holds a node's next trip, not its day.
    const TripStore& trips = network_->trips;
    TUNTAS_ASSERT(batch_ < trips.added(),
                  "a node's batch of departures was not generated before it began");
    const auto departures = trips.departures(batch_, node_);
    if (next_departure_ < departures.size()) {
        const std::uint32_t trip = departures[next_departure_++];
        ctx.send(ctx.self(), trips[trip].depart - ctx.now(), depart,
                 VehicleMove{.trip = trip, .step = 0, .entered_at = 0});
        return;
    }
    // This batch's departures are done here: look at the next one when it begins (it is
    // generated before then, between windows, whatever the partitioning).
    if (batch_ + 1 < trips.planned()) {
        ctx.send(ctx.self(), trips.start_of(batch_ + 1) - ctx.now(), next_batch, Wake{});
    }
}

void NodeLp::on_event(const engine::Event& event, engine::Context& ctx) {
    switch (event.kind) {
    case depart: {
        schedule_next_departure(ctx);
        const auto move = event.payload.as<VehicleMove>();
        const Trip& trip = network_->trips[move.trip];
        if (!network_->tour_shares.empty() && !network_->tour_goes(trip)) {
            ++held_;  // the tour does not set out: nobody leaves, nobody returns
            held_trips_.push_back(move.trip);
            break;
        }
        const auto route = trip.route();
        TUNTAS_ASSERT(!route.empty(), "a trip departs with no route");
        std::uint32_t first = route[0];
        if (network_->rerouting()) {
            const std::uint32_t next = detour_link(trip);
            if (next != TrafficNetwork::no_link) first = next;
        }
        const std::size_t out = out_index(first);
        started_.push_back(move.trip);
        notify_presence(trip.origin_zone, person_left, ctx);
        const std::uint32_t step = network_->rerouting() ? detouring : 0;
        if (waiting_[out].empty()) ++awaited_;
        waiting_[out].push_back({move.trip, step});
        if (waiting_[out].size() == 1) try_departures(out, ctx);
        break;
    }
    case next_batch:
        ++batch_;
        next_departure_ = 0;
        schedule_next_departure(ctx);
        break;
    case guest_enter:
        on_guest_enter(event.payload.as<GuestTrip>(), ctx);
        break;
    case arrive:
        on_arrive(event.payload.as<VehicleMove>(), ctx);
        break;
    case hole: {
        const auto freed = event.payload.as<Hole>();
        const std::size_t out = out_index(freed.link);
        occupied_milli_pcu_[out] -= freed.milli_pcu;
        --on_link_[out];
        retry_blocked(out, ctx);
        break;
    }
    case reopen:
        retry_blocked(out_index(event.payload.as<Wake>().link), ctx);
        break;
    case signal_step:
        if (event.time == signal_step_at_) on_signal_step(ctx);
        break;
    case wake: {
        const std::size_t q = event.payload.as<Wake>().queue;
        if (event.time != wake_at_[q]) break;  // superseded by an earlier wake
        wake_at_[q] = engine::ticks_max;
        try_discharge(q, ctx);
        break;
    }
    default:
        break;
    }
    update_deferral(ctx);
}

void NodeLp::update_deferral(engine::Context& ctx) {
    const bool accepts = awaited_ == 0;
    if (accepts == accepts_deferred_) return;
    accepts_deferred_ = accepts;
    ctx.accept_deferred(accepts);
}

NodeLp::Onward NodeLp::onward(std::uint32_t vehicle, std::uint32_t step, engine::Ticks now) const {
    if (network_->is_guest(vehicle)) {
        // Like a trip on its route: `step` is the leg's link it drove in on.
        const auto& leg = network_->guest_routes->links(vehicle - TrafficNetwork::guest_id_base);
        if (step + 1 == leg.size())
            return {.parks = true, .link = TrafficNetwork::no_link, .step = step};
        return {.parks = false, .link = leg[step + 1], .step = step + 1};
    }
    const Trip& trip = network_->trips[vehicle];
    // Once re-routing has a table, every vehicle follows it from here on.
    const bool detour = step == detouring || network_->rerouting();
    const auto route = trip.route();
    const bool parks = detour ? node_ == trip.destination_node : step + 1 == route.size();
    if (parks) return {.parks = true, .link = TrafficNetwork::no_link, .step = detouring};
    if (detour) return {.parks = false, .link = detour_link(trip), .step = detouring};
    const std::uint32_t next = route[step + 1];
    if (network_->closed(next, now) && network_->has_detours()) {
        // The road ahead is closed: leave the route and follow the detour's next hops.
        if (const std::uint32_t around = detour_link(trip); around != TrafficNetwork::no_link)
            return {.parks = false, .link = around, .step = detouring};
    }
    return {.parks = false, .link = next, .step = step + 1};
}

std::uint32_t NodeLp::routes_epoch() const {
    if (network_->has_detours() || network_->rerouting()) return no_routes_epoch;
    // Both versions only count up, so their sum changes whenever either does.
    return network_->detour_version + network_->reroute_version;
}

NodeLp::Onward NodeLp::onward_of(const Queued& queued, engine::Ticks now) const {
    if (queued.way_epoch != no_routes_epoch && queued.way_epoch == routes_epoch())
        return queued.way;
    return onward(queued.trip, queued.step, now);
}

void NodeLp::on_arrive(const VehicleMove& move, engine::Context& ctx) {
    if (actuated_ && signal_step_at_ == engine::ticks_max) catch_up_idle_signal(ctx);
    const std::size_t in = in_index(move.link);
    // The queue of its turn's lanes (queue 0 for a vehicle that parks or has no way on).
    const Onward way = onward(move.trip, move.step, ctx.now());
    const std::size_t q =
        queue_at_[in] + (way.parks || way.link == TrafficNetwork::no_link
                             ? 0
                             : network_->movement(node_, in, out_index(way.link)).queue);
    // A minor-road vehicle that finds nobody ahead still waits for a gap in the major stream:
    // on average Adams' delay. Those behind it leave one capacity headway apart.
    if (has_minor_ && queues_[q].empty() && next_free_[q] <= ctx.now() &&
        network_->links[move.link].priority < top_priority_) {
        next_free_[q] = ctx.now() + engine::ticks_from_seconds(first_gap_wait_s(ctx.now()));
    }
    const std::uint32_t epoch =
        network_->is_guest(move.trip) || move.step == detouring ? no_routes_epoch : routes_epoch();
    queues_[q].push_back({move.trip, move.step, move.entered_at, ctx.now(), way, epoch,
                          network_->class_of(move.trip)});
    detect(in, ctx.now());
    if (queues_[q].size() == 1) try_discharge(q, ctx);
}

void NodeLp::schedule_wake(std::size_t q, engine::Ticks at, engine::Context& ctx) {
    if (at >= wake_at_[q]) return;  // an earlier wake is already pending
    wake_at_[q] = at;
    ctx.send(ctx.self(), at - ctx.now(), wake,
             Wake{.link = (*in_links_)[in_of_queue_[q]], .queue = static_cast<std::uint32_t>(q)});
}

engine::Ticks NodeLp::stop_and_go_loss(VehicleClass vehicle_class, std::size_t in,
                                       std::uint32_t out, engine::Ticks waited) const {
    if (waited <= 0 || !network_->speed_changes) return 0;
    const TrafficLink& from = network_->links[(*in_links_)[in]];
    const TrafficLink& to = network_->links[out];
    const double full_stop_s =
        district::braking_loss_s(from.free_speed_m_per_s, 0.0, decel_m_per_s2_of(vehicle_class)) +
        district::speeding_up_loss_s(0.0, to.free_speed_m_per_s, accel_m_per_s2_of(vehicle_class));
    return std::min(waited, engine::ticks_from_seconds(full_stop_s));
}

bool NodeLp::enter(std::uint32_t link, std::uint32_t trip, VehicleClass vehicle_class,
                   std::uint32_t step, engine::Context& ctx, bool squeeze, std::size_t from_in,
                   engine::Ticks waited) {
    const std::size_t out = out_index(link);
    const TrafficLink& l = network_->links[link];
    if (network_->closed(link, ctx.now())) {
        // The reopening retries the waiting. A closure set while the run goes (a live edit)
        // had no reopen event from init: send one now.
        if (l.closed_until < engine::ticks_max && reopen_at_[out] != l.closed_until) {
            ctx.send(ctx.self(), l.closed_until - ctx.now(), reopen, Wake{.link = link});
            reopen_at_[out] = l.closed_until;
        }
        return false;
    }
    const std::uint32_t need = milli_pce_of(vehicle_class);
    // Spillback: a link takes a vehicle while it has room (an empty link always takes one, so
    // a link shorter than a truck still passes traffic). A vehicle stuck at the head of its
    // queue for the squeeze time enters anyway (SUMO "teleports" after 300 s): a cycle of full
    // links cannot lock up for good.
    if (!squeeze && occupied_milli_pcu_[out] > 0 &&
        occupied_milli_pcu_[out] + need > network_->storage_milli_pcu(link, ctx.now())) {
        return false;
    }
    occupied_milli_pcu_[out] += need;
    entry_pcu_[out] += static_cast<double>(need) / 1000.0;
    ++on_link_[out];
    // The turn through this junction (SUMO's internal lane) is driven on the way: the vehicle
    // holds the next link's space from now and reaches its end the turn's time later, and the
    // time it loses slowing down for the queue it waited in and speeding up again. A departing
    // vehicle speeds up from rest.
    const engine::Ticks extra =
        from_in != no_in ? network_->turn(node_, from_in, out) +
                               stop_and_go_loss(vehicle_class, from_in, link, waited)
        : network_->speed_changes
            ? engine::ticks_from_seconds(district::speeding_up_loss_s(
                  0.0, l.free_speed_m_per_s, accel_m_per_s2_of(vehicle_class)))
            : 0;
    ctx.send(network_->lp_of(l.to), network_->free_flow(link, ctx.now()) + extra, arrive,
             VehicleMove{.trip = trip, .step = step, .entered_at = ctx.now(), .link = link});
    return true;
}

void NodeLp::try_discharge(std::size_t q, engine::Context& ctx) {
    const std::size_t in = in_of_queue_[q];
    const std::uint32_t link = (*in_links_)[in];
    const TrafficLink& l = network_->links[link];
    auto& queue = queues_[q];
    while (!queue.empty()) {
        const engine::Ticks now = ctx.now();
        if (next_free_[q] > now) {
            schedule_wake(q, next_free_[q], ctx);
            return;
        }
        const Queued head = queue.front();
        const bool guest = network_->is_guest(head.trip);
        const Onward way = onward_of(head, now);
        bool permissive = false;       // it goes on a permissive green: it takes gaps
        bool protected_green = false;  // it goes on a protected green: it makes the flow
        double opposing_per_s = 0.0;   // the protected flow a permissive turn crosses
        if (!way.parks && way.link != TrafficNetwork::no_link) {
            // The signal: its turn's own phases where the program gives them, else its road's.
            const Movement movement = network_->movement(node_, in, out_index(way.link));
            const std::uint64_t phases =
                movement.green_phases != 0 ? movement.green_phases : l.green_phases;
            // A permissive turn that waited through its green for a gap clears as it ends (SUMO's
            // and HCM's "sneakers": two a cycle, in the first seconds of the red).
            const bool sneaks = phases != 0 && sneakers_left_[q] > 0 &&
                                now - phase_started_at(now) < sneak_window &&
                                !is_green(phases, now);
            if (phases != 0 && !sneaks && !is_green(phases, now)) {
                if (!actuated_) {
                    schedule_wake(q, network_->next_green(node_, phases, now), ctx);
                } else if (std::find(red_waiting_.begin(), red_waiting_.end(), q) ==
                           red_waiting_.end()) {
                    red_waiting_.push_back(q);  // the next phase change looks again
                }
                return;
            }
            // A permissive green ('g'): the turn waits while a protected stream from another
            // link is discharging its queue, and looks again a second later.
            if (sneaks) {
                --sneakers_left_[q];
            } else if (gives_way_at_signal_) {
                const std::size_t phase = current_phase(now);
                permissive = ((movement.permissive_phases >> phase) & 1U) != 0;
                protected_green = !permissive;
                if (permissive && protected_queue_opposes(in, phase, now)) {
                    sneakers_left_[q] = 2;
                    schedule_wake(q, now + engine::ticks_per_second, ctx);
                    return;
                }
                if (permissive) opposing_per_s = opposing_flow_per_s(in, phase, now);
                sneakers_left_[q] = 0;
            }
        }
        if (way.parks && guest) {
            // A guest leaves the link like any vehicle; its owner takes over.
            const std::uint32_t index = head.trip - TrafficNetwork::guest_id_base;
            ctx.send(network_->guest_owner[index], network_->notice_delay, guest_arrived,
                     GuestTrip{.guest = index, .destination = node_});
        } else if (way.parks) {
            // The destination: it leaves the link (at the link's capacity, like any vehicle)
            // and parks.
            finished_.push_back({head.trip, now});
            notify_presence(network_->trips[head.trip].destination_zone, person_arrived, ctx);
        } else if (way.link == TrafficNetwork::no_link ||
                   !enter(way.link, head.trip, head.vehicle_class, way.step, ctx, squeezes(q, now),
                          in, now - head.arrived_at)) {
            if (way.link == TrafficNetwork::no_link) {
                // No way on from here for now (closures): look again in a minute.
                schedule_wake(q, now + 60 * engine::ticks_per_second, ctx);
                return;
            }
            auto& waiting = blocked_[out_index(way.link)];
            if (std::find(waiting.begin(), waiting.end(), q) == waiting.end()) {
                if (waiting.empty()) ++awaited_;
                waiting.push_back(q);
            }
            if (blocked_since_[q] == engine::ticks_max) blocked_since_[q] = now;
            // Wake for the squeeze when it is still to come; past it, only a closure can block
            // (a squeeze ignores space), and the reopening retries.
            const engine::Ticks squeeze_at = blocked_since_[q] + network_->squeeze_after;
            if (network_->squeeze_after > 0 && squeeze_at > now) schedule_wake(q, squeeze_at, ctx);
            return;
        }
        if (!way.parks && squeezes(q, now)) ++squeezed_;
        blocked_since_[q] = engine::ticks_max;
        queue.pop_front();
        detect(in, now);
        const double pce = pce_of(head.vehicle_class);
        auto& counters = counters_[in];
        ++counters.exits;
        counters.exit_pcu += pce;
        counters.traversal_s += engine::seconds_from_ticks(now - head.entered_at);
        // The space it leaves reaches the link's entry a backward wave later. The upstream
        // node may take it late while nothing there waits for space (update_deferral).
        ctx.send_deferrable(network_->lp_of(l.from), l.hole_travel, hole,
                            Hole{.link = link, .milli_pcu = milli_pce_of(head.vehicle_class)});
        double headway_s = network_->headway_s_per_pcu(link, now) * pce * queue_headway_factor_[q];
        if (has_minor_) {
            if (l.priority < top_priority_) {
                headway_s = std::max(headway_s, minor_headway_s(now) * pce);
            } else {
                count_major_exit(now, pce);
            }
        }
        if (permissive) {
            headway_s = std::max(headway_s,
                                 gap_acceptance_headway_s(opposing_per_s, permitted_critical_gap_s,
                                                          permitted_follow_up_s) *
                                     pce);
        } else if (protected_green) {
            count_protected_exit(in, now, pce);
        }
        next_free_[q] = now + engine::ticks_from_seconds(headway_s);
    }
}

void NodeLp::retry_blocked(std::size_t out, engine::Context& ctx) {
    // Through traffic first, then departures. The list is taken out (a retried queue may get
    // blocked on the link again) and its storage given back when nothing did: a list made anew
    // at each blocking cost an allocation and a free each time.
    std::vector<std::size_t> blocked;
    blocked.swap(blocked_[out]);
    if (!blocked.empty()) --awaited_;
    for (const std::size_t q : blocked) try_discharge(q, ctx);
    if (blocked_[out].empty()) {
        blocked.clear();
        blocked_[out].swap(blocked);
    }
    try_departures(out, ctx);
}

void NodeLp::try_departures(std::size_t out, engine::Context& ctx) {
    auto& waiting = waiting_[out];
    while (!waiting.empty()) {
        const Waiting& next = waiting.front();
        if (!enter((*out_links_)[out], next.vehicle, network_->class_of(next.vehicle), next.step,
                   ctx))
            return;
        waiting.pop_front();
        if (waiting.empty()) --awaited_;
    }
}

}  // namespace tuntas::traffic
