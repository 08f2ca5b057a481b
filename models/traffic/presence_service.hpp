#pragma once

#include <memory>
#include <string_view>
#include <vector>

#include "engine/ticks.hpp"
#include "models/traffic/traffic_network.hpp"

namespace tuntas::traffic {

/// The people present in each zone as trips move them: a model registers an LP per zone in
/// network->presence_listeners (while models assemble) and is told of every arrival and
/// departure `notice_delay` after it happens.
struct PresenceService {
    static constexpr std::string_view service_name = "presence";
    std::shared_ptr<TrafficNetwork> network;    ///< where listeners register
    std::vector<double> zone_present_at_start;  ///< persons in each zone at the start
    engine::Ticks notice_delay{0};              ///< the delay of presence notices (the lookahead)
};

}  // namespace tuntas::traffic
