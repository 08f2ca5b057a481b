#pragma once

#include <vector>

#include "engine/ticks.hpp"
#include "models/traffic/traffic_network.hpp"

namespace tuntas::traffic {

/// Periodic re-routing on observed travel times: between windows (at sample instants) it
/// gathers each link's traversal times, and every `interval` it replaces the network's
/// re-routing link times with them. From the first times on, every vehicle follows their
/// fastest paths from its next junction (en route) and every new trip from its origin (each
/// node finds its next hops when a vehicle first asks after a change). The times change only at
/// sample instants, so runs stay identical at any thread count.
class Rerouter {
public:
    /// `interval` 0 disables re-routing.
    Rerouter(engine::Ticks interval, std::size_t link_count);

    /// Records `exits` vehicles that left `link` after `traversal_s` seconds in all.
    void observe(std::uint32_t link, std::uint32_t exits, double traversal_s);

    /// At a sample instant: when an interval has passed, sets network.reroute_time_s from the
    /// observed times (free-flow time where nothing was observed; closed links left out) and
    /// starts a new interval. Returns true when it re-routed.
    bool update(engine::Ticks now, TrafficNetwork& network);

private:
    engine::Ticks interval_;
    engine::Ticks last_{0};
    std::vector<double> traversal_s_;
    std::vector<std::uint32_t> exits_;
};

}  // namespace tuntas::traffic
