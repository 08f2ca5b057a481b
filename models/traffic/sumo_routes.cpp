#include "models/traffic/sumo_routes.hpp"

#include <algorithm>
#include <limits>
#include <string_view>
#include <unordered_map>

#include <fmt/format.h>

#include "models/api/input_error.hpp"

namespace tuntas::traffic {

std::vector<Trip> resolve_sumo_routes(const SumoRouteFile& routes,
                                      const district::District& district, TrafficNetwork& network,
                                      engine::Ticks duration) {
    constexpr std::uint32_t unknown = std::numeric_limits<std::uint32_t>::max();
    // The district's link of each edge name the file uses.
    const auto links = district.links();
    std::unordered_map<std::string_view, std::uint32_t> link_of_road;
    link_of_road.reserve(links.size());
    for (std::uint32_t l = 0; l < links.size(); ++l) {
        const std::string& id = district.data().roads[links[l].feature].id;
        if (!id.empty()) link_of_road.emplace(id, l);
    }
    std::vector<std::uint32_t> link_of_edge(routes.edge_names.size(), unknown);
    for (std::size_t e = 0; e < routes.edge_names.size(); ++e) {
        const auto found = link_of_road.find(routes.edge_names[e]);
        if (found != link_of_road.end()) link_of_edge[e] = found->second;
    }

    std::vector<Trip> trips;
    for (const auto& vehicle : routes.vehicles) {
        const auto problem = [&](std::string message) {
            return model::InputError(
                model::Diagnostic{.file = routes.file.string(),
                                  .line = static_cast<int>(vehicle.line),
                                  .message = std::move(message),
                                  .context = fmt::format("vehicle '{}'", vehicle.id)});
        };
        // Check the whole route first: an error is reported even for a vehicle left out.
        for (std::uint32_t k = vehicle.route_begin; k < vehicle.route_end; ++k) {
            const std::uint32_t edge = routes.route_edges[k];
            if (link_of_edge[edge] == unknown) {
                throw problem(fmt::format("unknown edge '{}'", routes.edge_names[edge]));
            }
            if (k > vehicle.route_begin &&
                network.links[link_of_edge[routes.route_edges[k - 1]]].to !=
                    network.links[link_of_edge[edge]].from) {
                throw problem(fmt::format("edge '{}' does not start where the previous one ends",
                                          routes.edge_names[edge]));
            }
        }
        const engine::Ticks depart = engine::ticks_from_seconds(vehicle.depart_s);
        if (vehicle.route_begin == vehicle.route_end || depart >= duration) continue;
        const std::uint32_t first = link_of_edge[routes.route_edges[vehicle.route_begin]];
        const std::uint32_t last = link_of_edge[routes.route_edges[vehicle.route_end - 1]];
        Trip trip{.vehicle_class = VehicleClass::car,
                  .origin_node = network.links[first].from,
                  .destination_node = network.links[last].to,
                  .depart = depart,
                  .route_begin = static_cast<std::uint32_t>(network.route_links.size()),
                  .tour = static_cast<std::uint32_t>(trips.size()),
                  .tour_start = depart};
        for (std::uint32_t k = vehicle.route_begin; k < vehicle.route_end; ++k) {
            const std::uint32_t link = link_of_edge[routes.route_edges[k]];
            network.route_links.push_back(link);
            trip.length_m += network.links[link].length_m;
            trip.free_flow_s += engine::seconds_from_ticks(network.links[link].free_flow);
        }
        trip.route_end = static_cast<std::uint32_t>(network.route_links.size());
        trip.best_free_flow_s = trip.free_flow_s;  // an explicit route is the one to compare with
        trips.push_back(trip);
    }
    std::stable_sort(trips.begin(), trips.end(),
                     [](const Trip& a, const Trip& b) { return a.depart < b.depart; });
    return trips;
}

std::vector<Trip> read_sumo_routes(const std::filesystem::path& file,
                                   const district::District& district, TrafficNetwork& network,
                                   engine::Ticks duration) {
    return resolve_sumo_routes(read_sumo_route_file(file), district, network, duration);
}

}  // namespace tuntas::traffic
