#include "models/telecom/flow_sessions.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace tuntas::telecom {
namespace {

/// Heap order of a route's pending sessions: the earliest on top.
bool later_done(const auto& a, const auto& b) {
    return a.done_at_virtual > b.done_at_virtual;
}

constexpr double ticks_per_s = static_cast<double>(engine::ticks_per_second);

}  // namespace

std::uint32_t FlowSessions::add_link(double capacity_bps) {
    links_.emplace_back();
    return network_.add_link(capacity_bps);
}

void FlowSessions::set_capacity(std::uint32_t link, double capacity_bps, engine::Ticks now) {
    network_.set_capacity(link, capacity_bps);
    apply_changes(now);
}

std::uint32_t FlowSessions::add_route(const std::vector<std::uint32_t>& links) {
    for (const auto l : links) {
        if (l >= links_.size())
            throw std::invalid_argument("FlowSessions: a route crosses a link that does not exist");
    }
    routes_.push_back(Route{.links = links});
    return static_cast<std::uint32_t>(routes_.size() - 1);
}

bool FlowSessions::admits(std::uint32_t route, double min_rate_bps) const {
    const auto& links = routes_.at(route).links;
    return std::all_of(links.begin(), links.end(), [&](std::uint32_t l) {
        return static_cast<double>(network_.flows_on(l) + 1) * min_rate_bps <= network_.capacity(l);
    });
}

void FlowSessions::advance(Route& route, engine::Ticks now) {
    if (route.count > 0)
        route.virtual_bits += route.rate_bps * engine::seconds_from_ticks(now - route.since);
    route.since = now;
}

void FlowSessions::sync_links(const std::vector<std::uint32_t>& links, engine::Ticks now) {
    for (const auto l : links) links_[l].set(network_.load(l), now);
}

void FlowSessions::apply_changes(engine::Ticks now) {
    const auto& changed = network_.changed();
    for (const auto f : changed) {
        Route& route = routes_[route_of_flow_[f]];
        advance(route, now);
        const double rate = network_.rate(f);
        total_.set(total_.rate_bps + (rate - route.rate_bps) * route.count, now);
        route.rate_bps = rate;
        push_due(route_of_flow_[f]);
        sync_links(route.links, now);
    }
}

void FlowSessions::sync_flow(std::uint32_t r, engine::Ticks now) {
    Route& route = routes_[r];
    if (route.count == 0) {
        if (route.flow == FlowNetwork::no_flow) return;
        network_.end_flow(route.flow);
        route.flow = FlowNetwork::no_flow;
        route.rate_bps = 0.0;
    } else if (route.flow == FlowNetwork::no_flow) {
        route.flow =
            network_.start_flow(route.links, std::numeric_limits<double>::infinity(), route.count);
        if (route_of_flow_.size() <= route.flow) route_of_flow_.resize(route.flow + 1);
        route_of_flow_[route.flow] = r;
    } else {
        network_.set_weight(route.flow, route.count);
    }
    apply_changes(now);  // the routes the re-solve changed, this one among them or not
    sync_links(route.links, now);
    push_due(r);
}

void FlowSessions::start(std::uint32_t r, double size_bits, engine::Ticks now, std::uint32_t tag) {
    if (!(size_bits > 0.0))
        throw std::invalid_argument("FlowSessions: a session needs bits to send");
    Route& route = routes_.at(r);
    advance(route, now);
    const double done = route.virtual_bits + size_bits;
    route.pending.push_back({done, size_bits, now, tag});
    std::push_heap(route.pending.begin(), route.pending.end(), later_done<Pending, Pending>);
    route.pending_done_sum += done;
    total_.set(total_.rate_bps + route.rate_bps,
               now);  // one more at the route's rate, until re-solved
    ++route.count;
    sync_flow(r, now);
}

void FlowSessions::finish_due(engine::Ticks now, std::vector<FinishedSession>& out) {
    while (!due_.empty() && due_.top_at() <= now) {
        const std::uint32_t r = due_.top_key();
        due_.erase(r);
        Route& route = routes_[r];
        advance(route, now);
        // Done: every session within a tick's worth of bits of its end.
        const double tolerance = route.rate_bps / ticks_per_s + 1e-6;
        std::uint32_t finished = 0;
        while (!route.pending.empty() &&
               route.pending.front().done_at_virtual <= route.virtual_bits + tolerance) {
            const Pending session = route.pending.front();
            std::pop_heap(route.pending.begin(), route.pending.end(), later_done<Pending, Pending>);
            route.pending.pop_back();
            route.pending_done_sum -= session.done_at_virtual;
            // Carried is its size exactly, not rate x time (which may overshoot by under a tick).
            const double overshoot = route.virtual_bits - session.done_at_virtual;
            for (const auto l : route.links) links_[l].bits -= overshoot;
            total_.bits -= overshoot;
            out.push_back({session.tag, session.size_bits, session.arrived, now});
            ++finished;
        }
        if (route.pending.empty()) route.pending_done_sum = 0.0;
        total_.set(total_.rate_bps - route.rate_bps * finished, now);
        route.count -= finished;
        sync_flow(r, now);
    }
}

double FlowSessions::drop_route(std::uint32_t r, engine::Ticks now) {
    Route& route = routes_.at(r);
    advance(route, now);
    const double left = std::max(0.0, route.pending_done_sum - route.count * route.virtual_bits);
    total_.set(total_.rate_bps - route.rate_bps * route.count, now);
    route.pending.clear();
    route.pending_done_sum = 0.0;
    route.count = 0;
    sync_flow(r, now);
    return left;
}

void FlowSessions::set_route_links(std::uint32_t r, const std::vector<std::uint32_t>& links,
                                   engine::Ticks now) {
    Route& route = routes_.at(r);
    advance(route, now);
    const std::uint32_t count = route.count;
    if (route.flow != FlowNetwork::no_flow) {
        total_.set(total_.rate_bps - route.rate_bps * count, now);
        network_.end_flow(route.flow);
        route.flow = FlowNetwork::no_flow;
        route.rate_bps = 0.0;
        apply_changes(now);
        sync_links(route.links, now);
    }
    route.links = links;
    if (count > 0) {
        route.count = count;
        sync_flow(r, now);
    }
}

void FlowSessions::push_due(std::uint32_t r) {
    const Route& route = routes_[r];
    if (route.count == 0 || route.rate_bps <= 0.0 || route.pending.empty()) {
        due_.erase(r);
        return;
    }
    const double seconds =
        (route.pending.front().done_at_virtual - route.virtual_bits) / route.rate_bps;
    due_.set(r, route.since +
                    static_cast<engine::Ticks>(std::ceil(std::max(0.0, seconds) * ticks_per_s)));
}

std::optional<engine::Ticks> FlowSessions::next_completion() const {
    if (due_.empty()) return std::nullopt;
    return due_.top_at();
}

double FlowSessions::in_flight_bits_at(engine::Ticks t) const {
    double sum = 0.0;
    for (const Route& route : routes_) {
        if (route.count == 0) continue;
        const double v =
            route.virtual_bits + route.rate_bps * engine::seconds_from_ticks(t - route.since);
        sum += std::max(0.0, route.pending_done_sum - route.count * v);
    }
    return sum;
}

}  // namespace tuntas::telecom
