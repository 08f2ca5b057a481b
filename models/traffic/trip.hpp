#pragma once

#include <cstdint>
#include <span>

#include "engine/ticks.hpp"
#include "models/traffic/vehicle_class.hpp"

namespace tuntas::traffic {

/// Marks a trip end that is no zone (explicit routes from a file).
inline constexpr std::uint32_t no_zone = 0xffffffffU;

/// One vehicle trip.
struct Trip {
    VehicleClass vehicle_class{VehicleClass::car};
    std::uint32_t origin_zone{no_zone};
    std::uint32_t destination_zone{no_zone};
    std::uint32_t origin_node{0};
    std::uint32_t destination_node{0};
    engine::Ticks depart{0};
    std::uint32_t route_begin{0};  ///< into its batch's route_links (TripBatch)
    std::uint32_t route_end{0};
    double length_m{0.0};
    double free_flow_s{0.0};       ///< of its route (a detour when it left during a closure)
    double best_free_flow_s{0.0};  ///< of the fastest path between its origin and destination on
                                   ///< the network without closures: delay is measured from it
    bool outbound{true};           ///< leaves home (else: returns home)
    std::uint32_t tour{0};         ///< the home-based tour it belongs to (its two trips share it)
    engine::Ticks tour_start{0};   ///< when the tour's outbound trip leaves (may be before t = 0)
    /// Its batch's route_links, set when the batch joins a TripStore (null before).
    const std::uint32_t* route_links{nullptr};

    /// The links of its route, in order (empty before its batch joins a TripStore).
    [[nodiscard]] std::span<const std::uint32_t> route() const {
        if (route_links == nullptr) return {};
        return {route_links + route_begin, route_links + route_end};
    }
};

}  // namespace tuntas::traffic
