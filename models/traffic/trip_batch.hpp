#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "models/traffic/trip.hpp"

namespace tuntas::traffic {

/// The trips that depart in one span of a run (a day of generated demand, or a route file's
/// whole demand), with the route links they index (Trip::route_begin, route_end), before they
/// join a TripStore.
struct TripBatch {
    std::vector<Trip> trips;  ///< in id order: ids are given in this order
    std::vector<std::uint32_t> route_links;

    /// Appends `trip` with `route` as its route (sets its route_begin and route_end).
    void add(Trip trip, std::span<const std::uint32_t> route) {
        trip.route_begin = static_cast<std::uint32_t>(route_links.size());
        route_links.insert(route_links.end(), route.begin(), route.end());
        trip.route_end = static_cast<std::uint32_t>(route_links.size());
        trips.push_back(trip);
    }
    /// Points every trip at route_links (Trip::route), once route_links is complete.
    void link_routes() {
        for (Trip& trip : trips) trip.route_links = route_links.data();
    }
};

}  // namespace tuntas::traffic
