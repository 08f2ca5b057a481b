#include "models/telecom/flow_lp.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "engine/context.hpp"

namespace tuntas::telecom {
namespace {
/// Bits left below this count as sent (round-off of rate x time).
constexpr double done_bits = 1e-6;
}  // namespace

FlowLp::FlowLp(std::vector<double> capacities_bps, std::vector<std::vector<std::uint32_t>> routes,
               std::optional<engine::LpId> notify)
    : routes_(std::move(routes)), notify_(notify) {
    for (const double capacity : capacities_bps) network_.add_link(capacity);
}

void FlowLp::advance(engine::Ticks now) {
    const double dt = engine::seconds_from_ticks(now - since_);
    since_ = now;
    if (dt <= 0.0) return;
    for (const auto id : running_) {
        const double sent = std::min(active_[id].remaining_bits, network_.rate(id) * dt);
        active_[id].remaining_bits -= sent;
        carried_bits_ += sent;
    }
}

void FlowLp::schedule_next(engine::Context& ctx) {
    ++version_;
    double soonest_s = std::numeric_limits<double>::infinity();
    for (const auto id : running_) {
        const double rate = network_.rate(id);
        if (rate > 0.0) soonest_s = std::min(soonest_s, active_[id].remaining_bits / rate);
    }
    if (soonest_s == std::numeric_limits<double>::infinity()) return;
    const auto delay = static_cast<engine::Ticks>(std::ceil(soonest_s * static_cast<double>(engine::ticks_per_second)));
    ctx.send(ctx.self(), delay, flow_completion, CompletionVersion{version_});
}

void FlowLp::on_event(const engine::Event& event, engine::Context& ctx) {
    const engine::Ticks now = ctx.now();
    advance(now);
    if (event.kind == flow_arrival) {
        const auto request = event.payload.as<FlowRequest>();
        const std::uint32_t id = network_.start_flow(routes_.at(request.route));
        if (active_.size() <= id) active_.resize(id + 1);
        active_[id] = {request.route, request.size_bits, request.size_bits, now, true};
        running_.push_back(id);
    } else if (event.kind == flow_completion) {
        if (event.payload.as<CompletionVersion>().version != version_) return;  // superseded
        // Every flow whose bits are through ends now (several may end together).
        std::vector<std::uint32_t> done;
        for (const auto id : running_) {
            const double rate = network_.rate(id);
            if (active_[id].remaining_bits <= done_bits + rate * 1e-6) done.push_back(id);  // within a tick
        }
        for (const auto id : done) {
            carried_bits_ += active_[id].remaining_bits;
            active_[id].remaining_bits = 0.0;
            active_[id].running = false;
            finished_.push_back({active_[id].route, active_[id].size_bits, active_[id].arrived, now});
            if (notify_) {
                ctx.send(*notify_, 0, flow_done,
                         FlowRequest{.route = active_[id].route, .size_bits = active_[id].size_bits});
            }
            std::erase(running_, id);
            network_.end_flow(id);
        }
    } else {
        return;
    }
    schedule_next(ctx);
}

}  // namespace tuntas::telecom
