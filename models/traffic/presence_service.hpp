#pragma once

#include <cstdint>
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
    /// A locality group whose junctions send a zone's notices, and about how many each
    /// listener hears from it over the run (for the partitioning: Assembly::link_groups).
    struct NoticeSource {
        std::uint32_t group{0};
        double notices{0.0};
    };
    std::shared_ptr<TrafficNetwork> network;    ///< where listeners register
    std::vector<double> zone_present_at_start;  ///< persons in each zone at the start
    engine::Ticks notice_delay{0};              ///< the delay of presence notices (the lookahead)
    std::vector<std::vector<NoticeSource>> notice_sources;  ///< per zone, by group
};

}  // namespace tuntas::traffic
