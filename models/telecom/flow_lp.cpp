#include "models/telecom/flow_lp.hpp"

#include <stdexcept>

#include "engine/context.hpp"

namespace tuntas::telecom {

FlowLp::FlowLp(std::vector<double> capacities_bps, std::vector<std::vector<std::uint32_t>> routes,
               std::optional<engine::LpId> notify)
    : notify_(notify) {
    for (const double capacity : capacities_bps) sessions_.add_link(capacity);
    for (const auto& route : routes) sessions_.add_route(route);
}

void FlowLp::on_event(const engine::Event& event, engine::Context& ctx) {
    const engine::Ticks now = ctx.now();
    last_event_ = now;
    if (event.kind == flow_arrival) {
        const auto request = event.payload.as<FlowRequest>();
        if (request.route >= sessions_.route_count())
            throw std::out_of_range("FlowLp: a session on a route it does not have");
        sessions_.start(request.route, request.size_bits, now, request.route);
    } else if (event.kind == flow_completion) {
        if (!completion_.fires(event)) return;  // superseded
        done_.clear();
        sessions_.finish_due(now, done_);
        for (const auto& session : done_) {
            if (notify_) {
                ctx.send(*notify_, 0, flow_done,
                         FlowRequest{.route = session.tag, .size_bits = session.size_bits});
            }
            finished_.push_back(session);
        }
    } else {
        return;
    }
    completion_.schedule(sessions_, ctx);
}

}  // namespace tuntas::telecom
