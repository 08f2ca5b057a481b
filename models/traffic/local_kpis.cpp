#include "models/traffic/local_kpis.hpp"

#include <cmath>
#include <map>
#include <stdexcept>

#include <fmt/format.h>

#include "engine/result_file.hpp"
#include "models/traffic/traffic_datasets.hpp"

namespace tuntas::traffic {
namespace {

constexpr double day_s = 86'400.0;

/// "traffic.<kpi>[<part>, <window>]", or "traffic.<kpi>" for the whole district and run.
std::string kpi_name(const std::string& kpi, const std::string& part, const DayWindow* window) {
    std::string qualifier = part;
    if (window != nullptr) qualifier += (qualifier.empty() ? "" : ", ") + window->label;
    return qualifier.empty() ? "traffic." + kpi : fmt::format("traffic.{}[{}]", kpi, qualifier);
}

/// Trip totals of one part of the district in one window.
struct TripTotals {
    double trips{0.0};
    double unfinished{0.0};
    double travel_s{0.0};
    double arrived{0.0};
    double delay_s{0.0};
};

void add_trip_kpis(std::vector<engine::Kpi>& out, const std::string& part, const DayWindow* window,
                   const TripTotals& t) {
    out.push_back({kpi_name("trips", part, window), t.trips, "trips", "vehicle trips departing"});
    out.push_back({kpi_name("unfinished_trips", part, window), t.unfinished, "trips",
                   "of those, trips that had not arrived when the run ended; lower is better"});
    out.push_back({kpi_name("vehicle_hours", part, window), t.travel_s / 3600.0, "veh h",
                   "their time on the road or waiting to get on it; lower is better"});
    out.push_back({kpi_name("mean_travel_time_incl_unfinished_s", part, window),
                   t.trips > 0 ? t.travel_s / t.trips : 0.0, "s",
                   "their mean travel time, unfinished trips at their time so far; lower is "
                   "better"});
    out.push_back({kpi_name("mean_delay_s", part, window),
                   t.arrived > 0 ? t.delay_s / t.arrived : 0.0, "s",
                   "mean travel time above the best path's free-flow time, trips that arrived; "
                   "lower is better"});
}

/// KPIs of trips grouped by `group_of_zone` (an empty name: the whole district).
void trip_kpis(const engine::ResultFile& file, const std::vector<std::string>& group_of_zone,
               const std::string& label, const std::vector<DayWindow>& windows,
               std::vector<engine::Kpi>& out) {
    const auto trips = file.read_table(datasets::trips.events_path());
    const auto& origin = trips.number("origin_zone");
    const auto& depart = trips.number("depart_s");
    const auto& status = trips.number("status");
    const auto& travel = trips.number("travel_s");
    const auto& best = trips.number("best_free_flow_s");
    if (status.size() != trips.rows || best.size() != trips.rows)
        throw std::invalid_argument("the result's trips table has no status or best path "
                                    "(written before every trip was counted): run it again");
    const double start = file.start_s_of_day();
    const std::size_t slots = std::max<std::size_t>(1, windows.size());
    // [group][window]; groups in name order.
    std::map<std::string, std::vector<TripTotals>> totals;
    for (std::size_t r = 0; r < trips.rows; ++r) {
        std::string group;
        if (!group_of_zone.empty()) {
            const double zone = origin[r];
            if (zone < 0 || static_cast<std::size_t>(zone) >= group_of_zone.size()) continue;
            group = group_of_zone[static_cast<std::size_t>(zone)];
        }
        auto& row = totals.try_emplace(group, slots).first->second;
        const double s_of_day = std::fmod(start + depart[r], day_s);
        for (std::size_t w = 0; w < slots; ++w) {
            if (!windows.empty() && !windows[w].contains(s_of_day)) continue;
            TripTotals& t = row[w];
            t.trips += 1.0;
            t.travel_s += travel[r];
            if (status[r] != 0.0) {
                t.unfinished += 1.0;
            } else {
                t.arrived += 1.0;
                t.delay_s += travel[r] - best[r];
            }
        }
    }
    for (const auto& [group, row] : totals) {
        const std::string part = group_of_zone.empty() ? "" : label + "=" + group;
        for (std::size_t w = 0; w < slots; ++w)
            add_trip_kpis(out, part, windows.empty() ? nullptr : &windows[w], row[w]);
    }
}

/// KPIs of each named road from the link series.
void road_kpis(const engine::ResultFile& file, const std::vector<DayWindow>& windows,
               std::vector<engine::Kpi>& out) {
    const auto links = file.read_table(datasets::links.static_path());
    const auto& names = links.text("name");
    const auto& length = links.number("length_m");
    // Each interval's flows and speeds: every sample's, or a coarser output interval's (the
    // flow its mean, the speed the mean of every vehicle that left in it).
    const auto time = file.series_times(datasets::link_flow.series_path());
    if (file.series_times(datasets::link_speed.series_path()) != time) {
        throw std::invalid_argument(
            "road KPIs need the result's link_flow and link_speed at the same output interval");
    }
    const auto flow = file.read_series(datasets::link_flow.series_path());
    const auto speed = file.read_series(datasets::link_speed.series_path());
    const double start = file.start_s_of_day();
    const std::size_t slots = std::max<std::size_t>(1, windows.size());
    struct RoadTotals {
        double vehicle_km{0.0};
        double vehicle_h{0.0};
        double flow_sum{0.0};
        double link_samples{0.0};
    };
    std::map<std::string, std::vector<RoadTotals>> totals;
    for (std::size_t k = 0; k < time.size() && k < flow.samples; ++k) {
        if (time[k] <= 0.0) continue;  // the warm-up
        const double interval_h = (time[k] - (k > 0 ? std::max(0.0, time[k - 1]) : 0.0)) / 3600.0;
        // The interval counts in the window its end falls in (an end at 09:00 is 08:55-09:00).
        const double s_of_day = std::fmod(start + time[k] - 1e-6, day_s);
        const auto f = flow.sample(k);
        const auto v = speed.sample(k);
        for (std::size_t l = 0; l < names.size() && l < flow.entities; ++l) {
            if (names[l].empty()) continue;
            auto& row = totals.try_emplace(names[l], slots).first->second;
            for (std::size_t w = 0; w < slots; ++w) {
                if (!windows.empty() && !windows[w].contains(s_of_day)) continue;
                RoadTotals& t = row[w];
                // Vehicles that left the link in the interval: their distance, and their time
                // on it (entry to exit, queue included) from their mean speed.
                const double km = f[l] * interval_h * length[l] / 1000.0;
                t.vehicle_km += km;
                if (km > 0.0 && v[l] > 0.0) t.vehicle_h += km / v[l];
                t.flow_sum += f[l];
                t.link_samples += 1.0;
            }
        }
    }
    for (const auto& [road, row] : totals) {
        for (std::size_t w = 0; w < slots; ++w) {
            const DayWindow* window = windows.empty() ? nullptr : &windows[w];
            const RoadTotals& t = row[w];
            const std::string part = "road=" + road;
            out.push_back({kpi_name("vehicle_km", part, window), t.vehicle_km, "veh km",
                           "distance driven on the road's links"});
            out.push_back({kpi_name("vehicle_hours", part, window), t.vehicle_h, "veh h",
                           "time the vehicles that left its links spent on them, queues "
                           "included"});
            out.push_back({kpi_name("mean_speed_kmh", part, window),
                           t.vehicle_h > 0 ? t.vehicle_km / t.vehicle_h : 0.0, "km/h",
                           "space-mean speed: vehicle-km over vehicle-hours; higher is better"});
            out.push_back({kpi_name("mean_flow_veh_per_h", part, window),
                           t.link_samples > 0 ? t.flow_sum / t.link_samples : 0.0, "veh/h",
                           "vehicles leaving its links per hour, mean over its links"});
        }
    }
}

}  // namespace

DayWindow DayWindow::parse(const std::string& text) {
    const auto bad = [&](const std::string& why) {
        return std::invalid_argument(
            fmt::format("window \"{}\": {} (expected HH:MM-HH:MM, e.g. 06:00-09:00)", text, why));
    };
    if (text.size() != 11 || text[2] != ':' || text[5] != '-' || text[8] != ':')
        throw bad("not in the form HH:MM-HH:MM");
    const auto clock = [&](std::size_t at) {
        for (const std::size_t i : {at, at + 1, at + 3, at + 4}) {
            if (text[i] < '0' || text[i] > '9') throw bad("not in the form HH:MM-HH:MM");
        }
        const int hours = (text[at] - '0') * 10 + (text[at + 1] - '0');
        const int minutes = (text[at + 3] - '0') * 10 + (text[at + 4] - '0');
        if (hours > 24 || minutes > 59 || (hours == 24 && minutes > 0))
            throw bad("no such time of day");
        return hours * 3600.0 + minutes * 60.0;
    };
    DayWindow window{.from_s = clock(0), .to_s = clock(6), .label = text};
    if (window.from_s == window.to_s) throw bad("it is empty");
    return window;
}

bool DayWindow::contains(double s_of_day) const {
    return from_s < to_s ? s_of_day >= from_s && s_of_day < to_s
                         : s_of_day >= from_s || s_of_day < to_s;
}

std::vector<engine::Kpi> local_kpis(const std::filesystem::path& result,
                                    const LocalKpiRequest& request) {
    const engine::ResultFile file(result);
    std::vector<engine::Kpi> out;
    if (request.by.empty()) {
        trip_kpis(file, {}, "", request.windows, out);
    } else if (request.by == "kecamatan") {
        const auto zones = file.read_table(datasets::zones.static_path());
        const auto& kecamatan = zones.text("kecamatan");
        if (kecamatan.size() != zones.rows)
            throw std::invalid_argument(
                fmt::format("{}: records no kecamatan per zone (written before they were): run "
                            "it again",
                            result.string()));
        trip_kpis(file, kecamatan, "kecamatan", request.windows, out);
    } else if (request.by == "road") {
        road_kpis(file, request.windows, out);
    } else {
        throw std::invalid_argument(
            fmt::format("--by {}: not a breakdown (kecamatan or road)", request.by));
    }
    return out;
}

}  // namespace tuntas::traffic
