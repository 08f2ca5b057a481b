#pragma once

#include <vector>

#include "engine/ticks.hpp"
#include "models/district/district.hpp"
#include "models/traffic/traffic_network.hpp"

namespace tuntas::traffic {

/// Periodic re-routing on observed travel times: between windows (at sample instants) it
/// gathers each link's traversal times, and every `interval` it replaces the network's
/// next-hop table with fastest paths on those times. From the first table on, every vehicle
/// follows it from its next junction (en route) and every new trip from its origin. The table
/// changes only at sample instants, so runs stay identical at any thread count.
class Rerouter {
public:
    /// `interval` 0 disables re-routing; so does a network above max_table_nodes nodes.
    Rerouter(engine::Ticks interval, std::size_t link_count);

    /// Records `exits` vehicles that left `link` after `traversal_s` seconds in all.
    void observe(std::uint32_t link, std::uint32_t exits, double traversal_s);

    /// At a sample instant: when an interval has passed, sets network.reroute_next from the
    /// observed times (free-flow time where nothing was observed; closed links left out) and
    /// starts a new interval. Returns true when it re-routed.
    bool update(engine::Ticks now, const district::District& district, TrafficNetwork& network);

private:
    engine::Ticks interval_;
    engine::Ticks last_{0};
    std::vector<double> traversal_s_;
    std::vector<std::uint32_t> exits_;
};

}  // namespace tuntas::traffic
