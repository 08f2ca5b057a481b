#include "tools/tuntas/district_commands.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <sys/resource.h>

#include "models/api/path_sandbox.hpp"
#include "models/district/district_generator.hpp"
#include "models/district/district_io.hpp"
#include "models/district/district_summary.hpp"
#include "models/district/facility_kind.hpp"
#include "models/district/osm_import.hpp"
#include "models/district/road_class.hpp"
#include "models/district/sumo_import.hpp"
#include "tools/tuntas/cli_error.hpp"
#include "tools/tuntas/json_text.hpp"

namespace tuntas::cli {
namespace {

double peak_rss_mb() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return static_cast<double>(usage.ru_maxrss) / 1024.0;  // ru_maxrss is in KiB on Linux
}

void inspect(const std::string& folder, bool json) {
    const auto start = std::chrono::steady_clock::now();
    const auto loaded = district::load_district(folder);
    const double load_s =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const auto summary = district::summarize(loaded.district);
    if (json) {
        nlohmann::json warnings = nlohmann::json::array();
        for (const auto& w : loaded.warnings) warnings.push_back(w.format());
        const nlohmann::json out{{"name", summary.name},
                                 {"zones", summary.zones},
                                 {"population", summary.population},
                                 {"area_km2", summary.area_km2},
                                 {"nodes", summary.nodes},
                                 {"links", summary.links},
                                 {"signalised_nodes", summary.signalised_nodes},
                                 {"road_km_by_class", summary.road_km_by_class},
                                 {"facilities_by_kind", summary.facilities_by_kind},
                                 {"backhaul_links", summary.backhaul_links},
                                 {"backhaul_km", summary.backhaul_km},
                                 {"errors", nlohmann::json::array()},
                                 {"warnings", warnings},
                                 {"load_s", load_s},
                                 {"peak_rss_mb", peak_rss_mb()}};
        fmt::print("{}\n", json_text(out));
        return;
    }
    fmt::print("{}  ({})\n", summary.name, folder);
    fmt::print("  zones {}   population {:.0f}   area {:.0f} km2\n", summary.zones,
               summary.population, summary.area_km2);
    fmt::print("  road nodes {}   directed links {}   signalised junctions {}\n", summary.nodes,
               summary.links, summary.signalised_nodes);
    for (const auto& [road_class, km] : summary.road_km_by_class) {
        fmt::print("  roads {:<11} {:>9.1f} km\n", road_class, km);
    }
    for (const auto& [kind, count] : summary.facilities_by_kind) {
        fmt::print("  {:<17} {:>6}\n", kind, count);
    }
    fmt::print("  backhaul links {}   {:.0f} km\n", summary.backhaul_links, summary.backhaul_km);
    for (const auto& w : loaded.warnings) fmt::print("  {}\n", w.format());
    fmt::print("  loaded in {:.3f} s, peak memory {:.0f} MB\n", load_s, peak_rss_mb());
}

/// Writes a district folder, refusing to replace one that is there unless `force`.
void write_output(const district::DistrictData& data, const std::string& folder, bool force) {
    model::require_inside_sandbox(folder, "the district folder");
    if (std::filesystem::exists(std::filesystem::path(folder) / "district.toml") && !force) {
        throw input_error(
            fmt::format("{}: a district is already there; pass --force to replace it", folder));
    }
    district::write_district(data, folder);
    fmt::print("{}: {} zones, {} roads, {} signals, {} facilities\n", folder, data.zones.size(),
               data.roads.size(), data.signals.size(), data.facilities.size());
}

std::optional<district::BoundingBox> parse_bbox(const std::string& text) {
    if (text.empty()) return std::nullopt;
    district::BoundingBox box{};
    if (std::sscanf(text.c_str(), "%lf,%lf,%lf,%lf", &box.min_lon, &box.min_lat, &box.max_lon,
                    &box.max_lat) != 4 ||
        box.min_lon >= box.max_lon || box.min_lat >= box.max_lat) {
        throw input_error(
            fmt::format("--bbox '{}': expected min_lon,min_lat,max_lon,max_lat", text));
    }
    return box;
}

}  // namespace

void inspect_district_command(const std::string& folder, bool json) {
    inspect(folder, json);
}

void list_district_command(const std::string& what, const std::string& folder,
                           const std::string& grep, bool json) {
    const auto loaded = district::load_district(folder);
    const auto& d = loaded.district;
    nlohmann::json rows = nlohmann::json::array();
    if (what == "roads") {
        struct Road {
            std::string road_class;
            std::vector<std::uint32_t> links;
            double link_km{0.0};
            bool estimated{false};
        };
        std::map<std::string, Road> roads;
        const auto links = d.links();
        for (std::uint32_t l = 0; l < links.size(); ++l) {
            if (links[l].name.find(grep) == std::string::npos) continue;
            Road& road = roads[links[l].name];
            road.road_class = std::string(district::name_of(links[l].road_class));
            road.links.push_back(l);
            road.link_km += links[l].length_m / 1000.0;
            road.estimated = road.estimated || links[l].provenance.estimated;
        }
        if (!json)
            fmt::print("{:<40} {:<10} {:>6} {:>9}  links (indices)\n", "road", "class", "links",
                       "link km");
        for (const auto& [name, road] : roads) {
            const std::size_t shown = std::min<std::size_t>(road.links.size(), 8);
            const std::string indices =
                fmt::format("{}{}",
                            fmt::join(road.links.begin(),
                                      road.links.begin() + static_cast<std::ptrdiff_t>(shown), " "),
                            road.links.size() > shown ? " ..." : "");
            if (json) {
                rows.push_back({{"road", name},
                                {"class", road.road_class},
                                {"links", road.links},
                                {"link_km", road.link_km},
                                {"estimated", road.estimated}});
            } else {
                fmt::print("{:<40} {:<10} {:>6} {:>9.2f}  {}{}\n", name, road.road_class,
                           road.links.size(), road.link_km, indices,
                           road.estimated ? "  (estimated)" : "");
            }
        }
        if (!json) fmt::print("{} roads\n", roads.size());
    } else {
        const auto& facilities = d.data().facilities;
        if (!json)
            fmt::print("{:<24} {:<16} {:<36} {:>11} {:>11}\n", "id", "kind", "name", "lon", "lat");
        std::size_t count = 0;
        for (const auto& f : facilities) {
            if (f.id.find(grep) == std::string::npos && f.name.find(grep) == std::string::npos)
                continue;
            ++count;
            const std::string kind(district::name_of(f.kind));
            if (json) {
                rows.push_back({{"id", f.id},
                                {"kind", kind},
                                {"name", f.name},
                                {"lon", f.position.lon},
                                {"lat", f.position.lat},
                                {"estimated", f.provenance.estimated}});
            } else {
                fmt::print("{:<24} {:<16} {:<36} {:>11.5f} {:>11.5f}{}\n", f.id, kind, f.name,
                           f.position.lon, f.position.lat,
                           f.provenance.estimated ? "  (estimated)" : "");
            }
        }
        if (!json) fmt::print("{} facilities\n", count);
    }
    if (json) fmt::print("{}\n", rows.dump(2));
}

void generate_district_command(const district::GeneratorParams& params, const std::string& output,
                               bool force) {
    write_output(district::generate_district(params), output, force);
}

void import_osm_command(const std::string& file, const std::string& output, const std::string& bbox,
                        bool force) {
    model::require_inside_sandbox(file, "the OpenStreetMap file");
    write_output(district::import_osm(file, parse_bbox(bbox)), output, force);
}

void import_sumo_command(const std::string& net_or_prefix, const std::string& output,
                         const std::string& origin, bool force) {
    district::LonLat at{116.19, -1.90};
    if (!origin.empty() && std::sscanf(origin.c_str(), "%lf,%lf", &at.lon, &at.lat) != 2) {
        throw input_error(fmt::format("--origin '{}': expected LON,LAT", origin));
    }
    model::require_inside_sandbox(net_or_prefix, "the SUMO network");
    const auto imported = district::import_sumo(net_or_prefix, at);
    write_output(imported.data, output, force);
    if (!imported.warnings.empty()) {
        fmt::print("{} things dropped or assumed:\n", imported.warnings.size());
        for (const auto& warning : imported.warnings) fmt::print("  warning: {}\n", warning);
    }
}

}  // namespace tuntas::cli
