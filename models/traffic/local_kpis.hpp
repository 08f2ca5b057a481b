#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "engine/recorder.hpp"
#include "models/traffic/day_window.hpp"

namespace tuntas::traffic {

/// How traffic KPIs are broken down: by part of the district, by time of day, or both.
struct LocalKpiRequest {
    /// "" (the whole district), "kecamatan" (trips by the kecamatan they leave from) or
    /// "road" (the links of each named road).
    std::string by;
    /// Windows of the day; empty: the whole run.
    std::vector<DayWindow> windows;
};

/// Traffic KPIs of a part of the district or of the day, computed from a result's trips table
/// and link series, named "traffic.<kpi>[<part>, <window>]" (e.g.
/// "traffic.vehicle_hours[kecamatan=Tanah Grogot, 06:00-09:00]"). By trips (district-wide or
/// by kecamatan, a trip counted where and when it departs): trips, unfinished_trips,
/// vehicle_hours, mean_travel_time_incl_unfinished_s, mean_delay_s. By road, from the vehicles
/// that left its links (an interval counted in the window its end falls in; the warm-up left
/// out): vehicle_km, vehicle_hours (entry to exit), mean_speed_kmh, mean_flow_veh_per_h. Throws
/// engine::Error for a result without traffic, std::invalid_argument for a breakdown it cannot give
/// (an unknown `by`, or no kecamatan recorded).
[[nodiscard]] std::vector<engine::Kpi> local_kpis(const std::filesystem::path& result,
                                                  const LocalKpiRequest& request);

}  // namespace tuntas::traffic
