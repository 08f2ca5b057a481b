#pragma once

#include <filesystem>
#include <vector>

#include "engine/ticks.hpp"
#include "models/district/district.hpp"
#include "models/traffic/sumo_route_file.hpp"
#include "models/traffic/traffic_network.hpp"

namespace tuntas::traffic {

/// Maps each edge of a route file read by read_sumo_route_file to the district's link of that
/// road id, appends the routes to `network` and returns the trips (as cars), ordered by
/// departure; vehicles departing at or after `duration` are left out. Throws
/// model::InputError naming the file, line, vehicle and edge for an unknown edge or a route
/// whose edges do not connect.
[[nodiscard]] std::vector<Trip> resolve_sumo_routes(const SumoRouteFile& routes,
                                                    const district::District& district,
                                                    TrafficNetwork& network,
                                                    engine::Ticks duration);

/// read_sumo_route_file, then resolve_sumo_routes.
[[nodiscard]] std::vector<Trip> read_sumo_routes(const std::filesystem::path& file,
                                                 const district::District& district,
                                                 TrafficNetwork& network, engine::Ticks duration);

}  // namespace tuntas::traffic
