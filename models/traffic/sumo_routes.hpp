#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/ticks.hpp"
#include "models/district/district.hpp"
#include "models/traffic/sumo_route_file.hpp"
#include "models/traffic/traffic_network.hpp"
#include "models/traffic/trip_batch.hpp"

namespace tuntas::traffic {

/// The vehicle class tuntas gives a SUMO vClass: passenger (and the other car-like classes) a
/// car, motorcycle and moped a motorcycle, delivery a light truck, truck and trailer a heavy
/// truck, bus and coach a bus; nothing for classes that are not road vehicles here (bicycle,
/// pedestrian, tram, rail, ship).
[[nodiscard]] std::optional<VehicleClass> vehicle_class_of_vclass(std::string_view vclass);

/// Maps each edge of a route file read by read_sumo_route_file to the district's link of that
/// road id and returns the trips with their routes, ordered by departure;
/// vehicles departing at or after `duration` are left out. A <trip> (from and to edges) takes
/// the fastest free-flow path. A vehicle's class comes from its vType (a vTypeDistribution is
/// drawn per vehicle with stream `seed`); vehicles of classes tuntas does not move, and trips
/// with no path, are left out and counted in `warnings` (with the file's own). Throws
/// model::InputError naming the file, line, vehicle and edge for an unknown edge or a route
/// whose edges do not connect.
[[nodiscard]] TripBatch resolve_sumo_routes(const SumoRouteFile& routes,
                                            const district::District& district,
                                            const TrafficNetwork& network, engine::Ticks duration,
                                            std::uint64_t seed = 0,
                                            std::vector<std::string>* warnings = nullptr);

/// read_sumo_route_file, then resolve_sumo_routes.
[[nodiscard]] TripBatch read_sumo_routes(const std::filesystem::path& file,
                                         const district::District& district,
                                         const TrafficNetwork& network, engine::Ticks duration,
                                         std::uint64_t seed = 0,
                                         std::vector<std::string>* warnings = nullptr);

}  // namespace tuntas::traffic
