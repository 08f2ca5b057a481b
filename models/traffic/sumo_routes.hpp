#pragma once

#include <filesystem>
#include <vector>

#include "engine/ticks.hpp"
#include "models/district/district.hpp"
#include "models/traffic/traffic_network.hpp"

namespace tuntas::traffic {

/// Reads vehicles from a SUMO route file (duarouter's output: <vehicle id depart> with an inline
/// <route edges="..."/>, or route="id" naming a <route id edges>), maps each edge id to the
/// district's link of that road id, appends the routes to `network` and returns the trips (as
/// cars), ordered by departure; vehicles departing at or after `duration` are left out. Throws
/// district::ImportError naming the file, vehicle and edge for an unknown edge or a route
/// whose edges do not connect.
[[nodiscard]] std::vector<Trip> read_sumo_routes(const std::filesystem::path& file,
                                                 const district::District& district,
                                                 TrafficNetwork& network, engine::Ticks duration);

}  // namespace tuntas::traffic
