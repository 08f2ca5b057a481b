#pragma once

#include <algorithm>
#include <cstdint>
#include <memory>
#include <vector>

#include "engine/lp_id.hpp"
#include "engine/simulation.hpp"
#include "engine/ticks.hpp"
#include "models/district/district.hpp"
#include "models/traffic/traffic_network.hpp"
#include "scenarios/scenario.hpp"

namespace tuntas::scenarios {

/// What models build into: the simulation, a locality group per LP (LPs of one group always
/// share a partition; groups are spread over the partitions), and the lookahead every model
/// can honour (the least delay of any event between LPs of different groups).
struct Assembly {
    const Scenario& scenario;
    engine::Simulation simulation;
    std::vector<std::uint32_t> group_of_lp;  ///< one entry per LP, in LP-id order
    /// Per LP, the events it is expected to handle over the run (1 when its model does not
    /// estimate): the partitioning balances the groups' sums, so a busy LP gets a partition to
    /// itself rather than sharing one with half the district.
    std::vector<double> expected_events_of_lp;
    engine::Ticks lookahead{engine::ticks_max};
    /// What the traffic model leaves for the models that couple to it (waste, telecom): its
    /// district, its network (to add guest vehicles and presence listeners before the run),
    /// who is in each zone at the start, and the start's seconds after local midnight.
    const district::District* district{nullptr};
    std::shared_ptr<traffic::TrafficNetwork> traffic_network;
    std::vector<double> zone_present_at_start;
    double start_s_of_day{0.0};

    /// Adds an LP in locality group `group`, expected to handle `expected_events` over the
    /// run; returns its id.
    engine::LpId add_lp(std::unique_ptr<engine::Lp> lp, std::uint32_t group, double expected_events = 1.0) {
        group_of_lp.push_back(group);
        expected_events_of_lp.push_back(std::max(expected_events, 1.0));
        return simulation.add_lp(std::move(lp));
    }

    /// Lowers the lookahead to `least_cross_group_delay` if that is smaller.
    void require_lookahead(engine::Ticks least_cross_group_delay) {
        lookahead = std::min(lookahead, least_cross_group_delay);
    }
};

}  // namespace tuntas::scenarios
