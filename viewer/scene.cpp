#include "viewer/scene.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>

#include "models/telecom/telecom_datasets.hpp"
#include "models/traffic/traffic_datasets.hpp"
#include "models/waste/waste_datasets.hpp"
#include "viewer/triangulate.hpp"

namespace tuntas::viewer {
namespace {
constexpr double km_per_degree = 111.32;

const Table& table_or_empty(const std::map<std::string, Table>& tables, const std::string& name) {
    static const Table none;
    const auto it = tables.find(name);
    return it == tables.end() ? none : it->second;
}
}  // namespace

MapPoint Scene::project(double lon, double lat) const {
    return {static_cast<float>((lon - lon0) * km_per_degree *
                               std::cos(lat0 * std::numbers::pi / 180.0)),
            static_cast<float>((lat - lat0) * km_per_degree)};
}

Scene build_scene(const std::map<std::string, Table>& tables) {
    Scene scene;
    const Table& nodes = table_or_empty(tables, traffic::datasets::nodes.key());
    const auto& lon = nodes.number("lon");
    const auto& lat = nodes.number("lat");
    if (!lon.empty()) {
        const auto [lon_min, lon_max] = std::minmax_element(lon.begin(), lon.end());
        const auto [lat_min, lat_max] = std::minmax_element(lat.begin(), lat.end());
        scene.lon0 = (*lon_min + *lon_max) / 2.0;
        scene.lat0 = (*lat_min + *lat_max) / 2.0;
    }
    for (std::size_t k = 0; k < lon.size(); ++k)
        scene.nodes.push_back(scene.project(lon[k], lat[k]));

    const Table& links = table_or_empty(tables, traffic::datasets::links.key());
    for (std::size_t l = 0; l < links.rows; ++l) {
        scene.links.push_back(
            {static_cast<std::uint32_t>(links.number("from_node")[l]),
             static_cast<std::uint32_t>(links.number("to_node")[l]),
             links.text("class").empty() ? "" : links.text("class")[l],
             links.text("name").empty() ? "" : links.text("name")[l],
             links.number("free_speed_kmh")[l],
             links.number("length_m").empty() ? 0.0 : links.number("length_m")[l],
             !links.number("estimated").empty() && links.number("estimated")[l] != 0.0});
    }

    const Table& zones = table_or_empty(tables, traffic::datasets::zones.key());
    for (std::size_t z = 0; z < zones.rows; ++z) {
        scene.zones.push_back({zones.text("name")[z],
                               zones.number("population")[z],
                               zones.text("kecamatan").empty() ? "" : zones.text("kecamatan")[z],
                               {},
                               {},
                               {}});
    }
    const Table& outlines = table_or_empty(tables, traffic::datasets::zone_outlines.key());
    double part = -1.0;
    for (std::size_t r = 0; r < outlines.rows; ++r) {
        const auto z = static_cast<std::size_t>(outlines.number("zone")[r]);
        if (z >= scene.zones.size()) continue;
        if (outlines.number("part")[r] != part) {
            part = outlines.number("part")[r];
            scene.zones[z].rings.emplace_back();
        }
        scene.zones[z].rings.back().push_back(
            scene.project(outlines.number("lon")[r], outlines.number("lat")[r]));
    }
    std::map<std::string, std::pair<MapPoint, int>> kecamatan_sums;
    std::map<std::string, double> kecamatan_people;
    for (auto& zone : scene.zones) {
        double x = 0.0, y = 0.0;
        std::size_t points = 0;
        float west = std::numeric_limits<float>::max(), east = -west;
        for (const auto& ring : zone.rings) {
            const auto triangles = triangulate(ring);
            zone.triangles.insert(zone.triangles.end(), triangles.begin(), triangles.end());
            for (const auto& p : ring) {
                x += p.x;
                y += p.y;
                ++points;
                west = std::min(west, p.x);
                east = std::max(east, p.x);
            }
        }
        if (east > west) scene.mean_zone_width_km += east - west;
        if (points > 0) {
            zone.centre = {static_cast<float>(x / static_cast<double>(points)),
                           static_cast<float>(y / static_cast<double>(points))};
        }
        if (points > 0 && !zone.kecamatan.empty()) {
            kecamatan_people[zone.kecamatan] += zone.population;
            auto& [sum, count] = kecamatan_sums[zone.kecamatan];
            sum = {sum.x + zone.centre.x, sum.y + zone.centre.y};
            ++count;
        }
    }
    if (!scene.zones.empty()) scene.mean_zone_width_km /= static_cast<float>(scene.zones.size());
    for (const auto& [name, sum] : kecamatan_sums) {
        scene.kecamatans.push_back({name,
                                    {sum.first.x / static_cast<float>(sum.second),
                                     sum.first.y / static_cast<float>(sum.second)},
                                    kecamatan_people[name]});
    }

    const Table& containers = table_or_empty(tables, waste::datasets::containers.key());
    for (std::size_t c = 0; c < containers.rows; ++c) {
        scene.containers.push_back(
            {containers.text("name")[c],
             scene.project(containers.number("lon")[c], containers.number("lat")[c]),
             containers.number("capacity_kg")[c], false});
    }
    const Table& gates = table_or_empty(tables, waste::datasets::gates.key());
    for (std::size_t g = 0; g < gates.rows; ++g) {
        scene.gates.push_back({gates.text("name")[g],
                               scene.project(gates.number("lon")[g], gates.number("lat")[g]), 0.0,
                               gates.number("landfill")[g] != 0.0});
    }
    scene.trucks = table_or_empty(tables, waste::datasets::trucks.key()).rows;
    const Table& facilities = table_or_empty(tables, traffic::datasets::facilities.key());
    for (std::size_t f = 0; f < facilities.rows; ++f) {
        const std::string& kind = facilities.text("kind")[f];
        // Containers and gates have layers of their own.
        if (kind == "tps" || kind == "transfer_depot" || kind == "landfill" || kind == "tps3r")
            continue;
        scene.facilities.push_back(
            {kind, facilities.text("name")[f],
             scene.project(facilities.number("lon")[f], facilities.number("lat")[f])});
    }

    const Table& sites = table_or_empty(tables, telecom::datasets::sites.key());
    for (std::size_t s = 0; s < sites.rows; ++s) {
        scene.cell_sites.push_back({sites.text("id").empty() ? "" : sites.text("id")[s],
                                    sites.text("name")[s],
                                    scene.project(sites.number("lon")[s], sites.number("lat")[s]),
                                    static_cast<std::size_t>(sites.number("first_sector")[s]),
                                    static_cast<std::size_t>(sites.number("sectors")[s])});
    }
    const Table& backhaul = table_or_empty(tables, telecom::datasets::links.key());
    for (std::size_t l = 0; l < backhaul.rows; ++l) {
        scene.backhaul.push_back(
            {backhaul.text("id")[l],
             scene.project(backhaul.number("from_lon")[l], backhaul.number("from_lat")[l]),
             scene.project(backhaul.number("to_lon")[l], backhaul.number("to_lat")[l]),
             backhaul.text("medium")[l] == "fibre"});
    }

    constexpr float inf = std::numeric_limits<float>::infinity();
    scene.low = {inf, inf};
    scene.high = {-inf, -inf};
    const auto grow = [&](const MapPoint& p) {
        scene.low = {std::min(scene.low.x, p.x), std::min(scene.low.y, p.y)};
        scene.high = {std::max(scene.high.x, p.x), std::max(scene.high.y, p.y)};
    };
    for (const auto& p : scene.nodes) grow(p);
    for (const auto& zone : scene.zones) {
        for (const auto& ring : zone.rings) {
            for (const auto& p : ring) grow(p);
        }
    }
    if (scene.low.x > scene.high.x) scene.low = scene.high = {0.0F, 0.0F};
    return scene;
}

}  // namespace tuntas::viewer
