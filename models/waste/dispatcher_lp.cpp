#include "models/waste/dispatcher_lp.hpp"

#include <algorithm>
#include <cstddef>
#include <limits>
#include <vector>

#include "engine/context.hpp"

namespace tuntas::waste {
DispatcherLp::DispatcherLp(std::shared_ptr<const WastePlan> plan) : plan_(std::move(plan)) {}

void DispatcherLp::on_event(const engine::Event& event, engine::Context& ctx) {
    switch (event.kind) {
    case call_truck: {
        const auto call = event.payload.as<TruckCall>();
        if (free_.empty()) {
            calls_.push_back(call);
            break;
        }
        // The free truck nearest to the container (ties: the one free longest); their legs
        // to it found together (one search at most for those the plan does not hold).
        std::vector<std::uint32_t> at;
        at.reserve(free_.size());
        for (const auto& truck : free_) at.push_back(truck.node);
        const std::vector<double> to_call_s = plan_->legs.times_into(call.node, at);
        auto best = free_.begin();
        double best_s = std::numeric_limits<double>::infinity();
        for (std::size_t k = 0; k < free_.size(); ++k) {
            if (to_call_s[k] < best_s) {
                best_s = to_call_s[k];
                best = free_.begin() + static_cast<std::ptrdiff_t>(k);
            }
        }
        ctx.send(plan_->trucks[best->truck].lp, 0, assign, Assignment{call.container});
        free_.erase(best);
        break;
    }
    case call_void: {
        const auto container = event.payload.as<TruckCall>().container;
        std::erase_if(calls_, [&](const TruckCall& call) { return call.container == container; });
        break;
    }
    case truck_idle: {
        const auto status = event.payload.as<TruckStatus>();
        std::erase_if(free_, [&](const TruckStatus& t) { return t.truck == status.truck; });
        if (status.available == 0) break;
        if (calls_.empty()) {
            free_.push_back(status);
            // Tell it there is nothing now (it unloads what it carries, or waits).
            ctx.send(plan_->trucks[status.truck].lp, 0, assign,
                     Assignment{Assignment::no_container});
            break;
        }
        auto best = calls_.begin();
        double best_s = std::numeric_limits<double>::infinity();
        for (auto it = calls_.begin(); it != calls_.end(); ++it) {
            const double s = plan_->leg_time_s(status.node, it->node);
            if (s < best_s) {
                best_s = s;
                best = it;
            }
        }
        ctx.send(plan_->trucks[status.truck].lp, 0, assign, Assignment{best->container});
        calls_.erase(best);
        break;
    }
    default:
        break;
    }
}

}  // namespace tuntas::waste
