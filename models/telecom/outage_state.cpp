#include "models/telecom/outage_state.hpp"

#include <algorithm>

namespace tuntas::telecom {

OutageState::OutageState(const TelecomPlan& plan)
    : plan_(&plan),
      link_down_(plan.links.size(), 0),
      site_down_(plan.sites.size(), 0),
      link_up_(plan.links.size(), 1),
      node_up_(plan.nodes.size(), 1),
      routes_(static_cast<std::uint32_t>(plan.nodes.size()), plan.route_edges(), plan.core_node) {}

void OutageState::apply(const OutageInstant& instant) {
    for (const OutageStep& step : instant.steps) {
        const Outage& outage = plan_->outages[step.outage];
        auto& count = outage.site ? site_down_[outage.index] : link_down_[outage.index];
        count = step.down ? count + 1 : count - 1;
    }
    for (std::size_t l = 0; l < link_up_.size(); ++l) link_up_[l] = link_down_[l] == 0 ? 1 : 0;
    std::fill(node_up_.begin(), node_up_.end(), 1);
    for (std::size_t s = 0; s < site_down_.size(); ++s)
        node_up_[plan_->sites[s].node] = site_down_[s] == 0 ? 1 : 0;
    routes_.rebuild(link_up_, node_up_);
}

}  // namespace tuntas::telecom
