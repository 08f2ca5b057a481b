#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include <catch2/catch.hpp>
#include <unistd.h>

#include "engine/result_file.hpp"
#include "models/traffic/local_kpis.hpp"
#include "scenarios/model_registry.hpp"
#include "scenarios/scenario_loader.hpp"
#include "scenarios/scenario_run.hpp"
#include "tests/support/run_file.hpp"
#include "tests/support/small_district.hpp"

using namespace tuntas;
namespace fs = std::filesystem;

namespace {

/// The small district's 10 h from midnight with its first arterial closed 06:00-09:00, written
/// once per test process (a file of this process's own: ctest runs test cases in parallel, and
/// a result left by an earlier build must not stand in for this one's).
fs::path closure_result() {
    static const fs::path output = [] {
        const fs::path dir = testing::small_district_folder();
        const std::string name = "local-closure-" + std::to_string(::getpid());
        const fs::path file = dir / (name + ".toml");
        std::ofstream(file) << "district = \"district\"\nstart = 2025-01-06T00:00:00\n"
                               "duration = \"10h\"\nsample_interval = \"15min\"\n[traffic]\n"
                               "[[edits]]\nkind = \"traffic.close_road\"\nroad = \"Jl. Raya 0\"\n"
                               "at = \"6h\"\nuntil = \"9h\"\n";
        const fs::path result = dir / (name + ".h5");
        static_cast<void>(testing::run_file(file, {}, 2, result));
        fs::remove(file);
        return result;
    }();
    return output;
}

std::map<std::string, double> local(const traffic::LocalKpiRequest& request) {
    std::map<std::string, double> out;
    for (const auto& kpi : traffic::local_kpis(closure_result(), request))
        out[kpi.name] = kpi.value;
    return out;
}

/// The sum of `kpi` over every part whose name starts with `prefix`.
double sum_of(const std::map<std::string, double>& kpis, const std::string& prefix) {
    double total = 0.0;
    for (const auto& [name, value] : kpis) total += name.starts_with(prefix) ? value : 0.0;
    return total;
}

}  // namespace

TEST_CASE("traffic::DayWindow: HH:MM-HH:MM, wrapping past midnight, bad text refused",
          "[traffic][local]") {
    const auto peak = traffic::DayWindow::parse("06:00-09:00");
    CHECK(peak.contains(6 * 3600.0));
    CHECK(peak.contains(9 * 3600.0 - 1));
    CHECK_FALSE(peak.contains(9 * 3600.0));
    const auto night = traffic::DayWindow::parse("22:00-06:00");
    CHECK(night.contains(23 * 3600.0));
    CHECK(night.contains(5 * 3600.0));
    CHECK_FALSE(night.contains(12 * 3600.0));
    CHECK(traffic::DayWindow::parse("00:00-24:00").contains(86'399.0));
    for (const char* bad : {"6-9", "06:00-09:60", "25:00-26:00", "07:00-07:00", "ab:cd-ef:gh"}) {
        CAPTURE(bad);
        CHECK_THROWS_AS(traffic::DayWindow::parse(bad), std::invalid_argument);
    }
}

TEST_CASE("traffic local KPIs: kecamatan and windows partition the trips table",
          "[traffic][local][property]") {
    // Every trip from a zone belongs to one kecamatan and departs in one window: the parts add
    // up to the table's rows (counted here independently).
    const auto trips = engine::ResultFile(closure_result()).read_table("/events/traffic/trips");
    double zone_trips = 0, zone_hours = 0, morning = 0;
    for (std::size_t r = 0; r < trips.rows; ++r) {
        if (trips.number("origin_zone")[r] < 0) continue;
        zone_trips += 1;
        zone_hours += trips.number("travel_s")[r] / 3600.0;
        morning += trips.number("depart_s")[r] < 6 * 3600.0 ? 1 : 0;
    }
    REQUIRE(zone_trips > 100);
    const auto by_kecamatan = local({.by = "kecamatan", .windows = {}});
    CHECK(sum_of(by_kecamatan, "traffic.trips[kecamatan=") == zone_trips);
    CHECK(sum_of(by_kecamatan, "traffic.vehicle_hours[kecamatan=") ==
          Approx(zone_hours).epsilon(1e-12));
    const auto windows = local({.by = "",
                                .windows = {traffic::DayWindow::parse("00:00-06:00"),
                                            traffic::DayWindow::parse("06:00-24:00")}});
    CHECK(windows.at("traffic.trips[00:00-06:00]") == morning);
    CHECK(windows.at("traffic.trips[00:00-06:00]") + windows.at("traffic.trips[06:00-24:00]") ==
          static_cast<double>(trips.rows));
    CHECK_THROWS_AS(local({.by = "village", .windows = {}}), std::invalid_argument);
}

TEST_CASE("traffic local KPIs: a closed road carries nothing while closed, and drives no "
          "faster than its links allow",
          "[traffic][local][property]") {
    const std::string road = "road=Jl. Raya 0";
    const auto kpis = local({.by = "road",
                             .windows = {traffic::DayWindow::parse("00:00-06:00"),
                                         traffic::DayWindow::parse("07:00-09:00")}});
    // Closed at 06:00: what was on it had an hour to leave.
    CHECK(kpis.at("traffic.vehicle_km[" + road + ", 07:00-09:00]") == 0.0);
    CHECK(kpis.at("traffic.mean_flow_veh_per_h[" + road + ", 07:00-09:00]") == 0.0);
    CHECK(kpis.at("traffic.vehicle_km[" + road + ", 00:00-06:00]") > 0.0);
    const auto links = engine::ResultFile(closure_result()).read_table("/static/traffic/links");
    double fastest_kmh = 0.0;
    for (std::size_t l = 0; l < links.rows; ++l) {
        if (links.text("name")[l] == "Jl. Raya 0")
            fastest_kmh = std::max(fastest_kmh, links.number("free_speed_kmh")[l]);
    }
    REQUIRE(fastest_kmh > 0.0);
    const double speed = kpis.at("traffic.mean_speed_kmh[" + road + ", 00:00-06:00]");
    CHECK(speed > 0.0);
    CHECK(speed <= fastest_kmh + 1e-9);
}
