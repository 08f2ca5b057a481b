#pragma once

#include <cstdint>
#include <vector>

#include "models/telecom/route_tree.hpp"
#include "models/telecom/telecom_plan.hpp"

namespace tuntas::telecom {

/// Which transport links and sites are down, as overlapping outages count them, and the routes
/// to the core over what works. The cell network LPs and the region split walk the plan's
/// outage instants with it, so they see the same states.
class OutageState {
public:
    /// Everything up, routes over the whole transport graph.
    explicit OutageState(const TelecomPlan& plan);

    /// Applies an instant's starts and ends, then routes again.
    void apply(const OutageInstant& instant);

    /// True when the site is up and its node reaches the core.
    [[nodiscard]] bool site_serving(std::uint32_t site) const {
        const std::uint32_t node = plan_->sites[site].node;
        return node_up_[node] != 0 && routes_.reaches(node);
    }
    /// The routes to the core over what works.
    [[nodiscard]] const RouteTree& routes() const noexcept { return routes_; }

private:
    const TelecomPlan* plan_;
    std::vector<std::uint32_t> link_down_;  ///< overlapping outages of a link
    std::vector<std::uint32_t> site_down_;  ///< overlapping outages of a site
    std::vector<char> link_up_;
    std::vector<char> node_up_;
    RouteTree routes_;
};

}  // namespace tuntas::telecom
