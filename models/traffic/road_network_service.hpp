#pragma once

#include <memory>
#include <string_view>

#include "models/traffic/traffic_network.hpp"

namespace tuntas::traffic {

/// The road network the traffic model runs, for models whose vehicles drive in its traffic
/// (guest vehicles: waste trucks). Changed only while models assemble.
struct RoadNetworkService {
    static constexpr std::string_view service_name = "road network";
    std::shared_ptr<TrafficNetwork> network;
};

}  // namespace tuntas::traffic
