#include "models/traffic/rerouter.hpp"

#include <algorithm>
#include <limits>

namespace tuntas::traffic {

Rerouter::Rerouter(engine::Ticks interval, std::size_t link_count)
    : interval_(interval),
      traversal_s_(link_count, 0.0),
      exits_(link_count, 0) {}

void Rerouter::observe(std::uint32_t link, std::uint32_t exits, double traversal_s) {
    if (interval_ <= 0) return;
    exits_[link] += exits;
    traversal_s_[link] += traversal_s;
}

bool Rerouter::update(engine::Ticks now, TrafficNetwork& network) {
    if (interval_ <= 0 || now - last_ < interval_) return false;
    std::vector<double> times(network.links.size());
    for (std::uint32_t l = 0; l < network.links.size(); ++l) {
        const double free_flow_s = engine::seconds_from_ticks(network.free_flow(l, now));
        const double observed_s = exits_[l] > 0 ? traversal_s_[l] / exits_[l] : free_flow_s;
        times[l] = network.closed(l, now) ? std::numeric_limits<double>::infinity()
                                          : std::max(free_flow_s, observed_s);
    }
    network.reroute_time_s = std::move(times);
    ++network.reroute_version;
    std::fill(exits_.begin(), exits_.end(), 0U);
    std::fill(traversal_s_.begin(), traversal_s_.end(), 0.0);
    last_ = now;
    return true;
}

}  // namespace tuntas::traffic
