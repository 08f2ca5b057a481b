#include "models/telecom/flow_sessions.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace tuntas::telecom {
namespace {

/// Heap order: the earliest instant on top.
bool later(const auto& a, const auto& b) { return a.at > b.at; }

}  // namespace

std::uint32_t FlowSessions::add_link(double capacity_bps) {
    links_.emplace_back();
    return network_.add_link(capacity_bps);
}

void FlowSessions::set_capacity(std::uint32_t link, double capacity_bps, engine::Ticks now) {
    network_.set_capacity(link, capacity_bps);
    apply_changes(now);
}

bool FlowSessions::admits(const std::vector<std::uint32_t>& links, double min_rate_bps) const {
    return std::all_of(links.begin(), links.end(), [&](std::uint32_t l) {
        return static_cast<double>(network_.flows_on(l) + 1) * min_rate_bps <= network_.capacity(l);
    });
}

std::uint32_t FlowSessions::start(const std::vector<std::uint32_t>& links, double size_bits,
                                  engine::Ticks now, std::uint32_t tag) {
    if (!(size_bits > 0.0)) throw std::invalid_argument("FlowSessions: a session needs bits to send");
    const std::uint32_t id = network_.start_flow(links);
    if (sessions_.size() <= id) sessions_.resize(id + 1);
    Session& session = sessions_[id];
    const std::uint32_t generation = session.generation + 1;
    session = Session{.size_bits = size_bits, .remaining_bits = size_bits, .rate_bps = 0.0, .since = now,
                      .arrived = now, .tag = tag, .generation = generation,
                      .running_slot = static_cast<std::uint32_t>(running_.size())};
    running_.push_back(id);
    scan_valid_ = false;
    apply_changes(now);
    for (const auto l : links) sync_link(l, now);
    return id;
}

void FlowSessions::set_rate(std::uint32_t id, double new_rate, engine::Ticks now) {
    scan_valid_ = false;
    Session& session = sessions_[id];
    const double sent = session.rate_bps * engine::seconds_from_ticks(now - session.since);
    session.remaining_bits = std::max(0.0, session.remaining_bits - sent);
    session.since = now;
    const double delta = new_rate - session.rate_bps;
    session.rate_bps = new_rate;
    ++session.generation;
    total_delta_ += delta;
    for (const auto l : network_.links_of(id)) sync_link(l, now);
    if (new_rate > 0.0 && heap_valid_) push_due(id);
}

void FlowSessions::apply_changes(engine::Ticks now) {
    total_delta_ = 0.0;
    apply_rates(now);
    total_.change(total_delta_, now);
}

void FlowSessions::sync_link(std::uint32_t l, engine::Ticks now) {
    Accumulator& link = links_[l];
    if (link.since != now) {
        link.bits += link.rate_bps * engine::seconds_from_ticks(now - link.since);
        link.since = now;
    }
    link.rate_bps = network_.load(l);
}

void FlowSessions::apply_rates(engine::Ticks now) {
    const auto& changed = network_.changed();
    // When most sessions change at once (one shared bottleneck), a scan for the earliest
    // completion beats keeping a heap; the heap comes back with the first small change.
    const bool bulk = changed.size() > running_.size() / 4 + 16;
    if (bulk) {
        heap_valid_ = false;
    } else if (!heap_valid_) {
        heap_valid_ = true;
        for (const auto id : changed) set_rate(id, network_.rate(id), now);
        rebuild_heap();
        return;
    }
    for (const auto id : changed) set_rate(id, network_.rate(id), now);
}

void FlowSessions::rebuild_heap() {
    heap_.clear();
    for (const auto r : running_) {
        const Session& session = sessions_[r];
        if (session.rate_bps > 0.0) heap_.push_back({due_at(session), r, session.generation});
    }
    std::make_heap(heap_.begin(), heap_.end(), later<Due, Due>);
}

engine::Ticks FlowSessions::due_at(const Session& session) {
    const double seconds = session.remaining_bits / session.rate_bps;
    return session.since +
           static_cast<engine::Ticks>(std::ceil(seconds * static_cast<double>(engine::ticks_per_second)));
}

void FlowSessions::push_due(std::uint32_t id) {
    if (heap_.size() > 4 * running_.size() + 64) rebuild_heap();  // mostly stale entries
    const Session& session = sessions_[id];
    heap_.push_back({due_at(session), id, session.generation});
    std::push_heap(heap_.begin(), heap_.end(), later<Due, Due>);
}

std::optional<FlowSessions::Due> FlowSessions::earliest() {
    if (!heap_valid_) {
        if (scan_valid_) return scanned_;
        // The earliest in real-valued ticks, rounded up once (since is whole: ceil(since + x) =
        // since + ceil(x)).
        constexpr double tick_per_s = static_cast<double>(engine::ticks_per_second);
        double best_at = std::numeric_limits<double>::infinity();
        std::uint32_t best = 0;
        for (const auto id : running_) {
            const Session& session = sessions_[id];
            if (session.rate_bps <= 0.0) continue;
            const double at = static_cast<double>(session.since) + session.remaining_bits / session.rate_bps * tick_per_s;
            if (at < best_at || (at == best_at && id < best)) {
                best_at = at;
                best = id;
            }
        }
        scan_valid_ = true;
        scanned_ = best_at == std::numeric_limits<double>::infinity()
                       ? std::nullopt
                       : std::optional(Due{due_at(sessions_[best]), best, sessions_[best].generation});
        return scanned_;
    }
    while (!heap_.empty()) {
        const Due& top = heap_.front();
        const Session& session = sessions_[top.id];
        if (session.running_slot != not_running && session.generation == top.generation) return top;
        std::pop_heap(heap_.begin(), heap_.end(), later<Due, Due>);
        heap_.pop_back();
    }
    return std::nullopt;
}

std::optional<engine::Ticks> FlowSessions::next_completion() {
    const auto due = earliest();
    return due ? std::optional(due->at) : std::nullopt;
}

void FlowSessions::remove_running(std::uint32_t id) {
    const std::uint32_t slot = sessions_[id].running_slot;
    const std::uint32_t moved = running_.back();
    running_[slot] = moved;
    sessions_[moved].running_slot = slot;
    running_.pop_back();
    sessions_[id].running_slot = not_running;
}

double FlowSessions::stop(std::uint32_t id, engine::Ticks now, bool done) {
    Session& session = sessions_[id];
    const double left = session.remaining_bits - session.rate_bps * engine::seconds_from_ticks(now - session.since);
    total_delta_ = 0.0;
    set_rate(id, 0.0, now);
    total_.change(total_delta_, now);
    // The accumulators count rate x time: a finished session carried exactly what it had left
    // (within a tick's worth of bits either way), a dropped one never more.
    const double correction = done ? left : std::min(0.0, left);
    const FlowNetwork::LinkList links = network_.links_of(id);
    for (const auto l : links) {
        sync_link(l, now);
        links_[l].bits += correction;
    }
    total_.bits += correction;
    remove_running(id);
    scan_valid_ = false;
    network_.end_flow(id);
    apply_changes(now);
    for (const auto l : links) sync_link(l, now);
    return done ? 0.0 : std::max(0.0, left);
}

void FlowSessions::finish_due(engine::Ticks now, std::vector<FinishedSession>& out) {
    for (auto due = earliest(); due && due->at <= now; due = earliest()) {
        const std::uint32_t id = due->id;
        const Session& session = sessions_[id];
        out.push_back({session.tag, session.size_bits, session.arrived, now});
        static_cast<void>(stop(id, now, true));
    }
}

double FlowSessions::drop(std::uint32_t id, engine::Ticks now) {
    if (id >= sessions_.size() || sessions_[id].running_slot == not_running) {
        throw std::invalid_argument("FlowSessions: dropping a session that does not run");
    }
    return stop(id, now, false);
}

std::uint32_t FlowSessions::reroute(std::uint32_t id, const std::vector<std::uint32_t>& links,
                                    engine::Ticks now) {
    const Session old = sessions_[id];
    const double left = stop(id, now, false);
    const std::uint32_t moved = start(links, std::max(left, 1e-9), now, old.tag);
    sessions_[moved].size_bits = old.size_bits;
    sessions_[moved].arrived = old.arrived;
    return moved;
}

double FlowSessions::link_bits_at(std::uint32_t link, engine::Ticks t) const { return links_.at(link).at(t); }

double FlowSessions::carried_bits_at(engine::Ticks t) const { return total_.at(t); }

double FlowSessions::in_flight_bits_at(engine::Ticks t) const {
    double sum = 0.0;
    for (const auto id : running_) {
        const Session& s = sessions_[id];
        sum += std::max(0.0, s.remaining_bits - s.rate_bps * engine::seconds_from_ticks(t - s.since));
    }
    return sum;
}

std::size_t FlowSessions::bytes_used() const noexcept {
    return network_.bytes_used() + sessions_.capacity() * sizeof(Session) +
           running_.capacity() * sizeof(std::uint32_t) + links_.capacity() * sizeof(Accumulator) +
           heap_.capacity() * sizeof(Due);
}

}  // namespace tuntas::telecom
