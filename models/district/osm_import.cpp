#include "models/district/osm_import.hpp"

#include <cstdlib>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <osmium/handler.hpp>
#include <osmium/handler/node_locations_for_ways.hpp>
#include <osmium/index/map/flex_mem.hpp>
#include <osmium/io/any_input.hpp>
#include <osmium/visitor.hpp>

#include "models/api/input_error.hpp"
#include "models/district/sumo_import.hpp"

namespace tuntas::district {
namespace {

using LocationIndex =
    osmium::index::map::FlexMem<osmium::unsigned_object_id_type, osmium::Location>;
using LocationHandler = osmium::handler::NodeLocationsForWays<LocationIndex>;

struct WayRecord {
    std::int64_t id{0};
    RoadClass road_class{RoadClass::local};
    std::string name;
    int lanes{0};
    double speed_kmh{0.0};
    int oneway{0};  // 0 two-way, 1 forward, -1 backward
    std::vector<std::pair<std::int64_t, LonLat>> nodes;
};

/// ESTIMATED populations of places without a population tag.
double default_population(std::string_view place) {
    if (place == "city") return 100'000;
    if (place == "town") return 20'000;
    if (place == "suburb") return 10'000;
    if (place == "quarter") return 5'000;
    if (place == "neighbourhood") return 2'000;
    if (place == "village") return 1'000;
    if (place == "hamlet") return 100;
    return 0;
}

double parse_speed_kmh(const char* text) {
    if (text == nullptr) return 0.0;
    char* end = nullptr;
    const double value = std::strtod(text, &end);
    if (end == text) return 0.0;  // "walk", "signals", ...
    return std::string_view(end).find("mph") != std::string_view::npos ? value * 1.609344 : value;
}

class Collector : public osmium::handler::Handler {
public:
    std::vector<WayRecord> ways;
    std::vector<LonLat> signals;
    std::vector<Zone> places;

    void node(const osmium::Node& node) {
        const auto& tags = node.tags();
        if (!node.location().valid()) return;
        const LonLat p{node.location().lon(), node.location().lat()};
        if (const char* highway = tags["highway"];
            highway && std::string_view(highway) == "traffic_signals") {
            signals.push_back(p);
        }
        if (const char* place = tags["place"]) {
            const double fallback = default_population(place);
            if (fallback <= 0) return;
            const char* population = tags["population"];
            const double people = population ? std::strtod(population, nullptr) : 0.0;
            const char* name = tags["name"];
            places.push_back(Zone{.id = fmt::format("osm-node-{}", node.id()),
                                  .name = name ? name : fmt::format("place {}", node.id()),
                                  .kecamatan = "",
                                  .population = people > 0 ? people : fallback,
                                  .centroid = p,
                                  .provenance = {"OpenStreetMap place node", people <= 0}});
        }
    }

    void way(const osmium::Way& way) {
        const auto& tags = way.tags();
        const char* highway = tags["highway"];
        if (highway == nullptr) return;
        const auto road_class = road_class_of_highway(highway);
        if (!road_class) return;
        WayRecord record;
        record.id = way.id();
        record.road_class = *road_class;
        if (const char* name = tags["name"]) record.name = name;
        const char* oneway = tags["oneway"];
        const std::string_view oneway_text = oneway ? oneway : "";
        const char* junction = tags["junction"];
        if (oneway_text == "yes" || oneway_text == "1" || oneway_text == "true" ||
            (junction && std::string_view(junction) == "roundabout") ||
            std::string_view(highway) == "motorway") {
            record.oneway = 1;
        } else if (oneway_text == "-1") {
            record.oneway = -1;
        }
        if (const char* lanes = tags["lanes"]) {
            const int total = std::atoi(lanes);
            record.lanes = record.oneway != 0 ? total : std::max(1, total / 2);
        }
        record.speed_kmh = parse_speed_kmh(tags["maxspeed"]);
        for (const auto& node_ref : way.nodes()) {
            if (!node_ref.location().valid()) continue;  // outside the extract
            record.nodes.emplace_back(node_ref.ref(),
                                      LonLat{node_ref.location().lon(), node_ref.location().lat()});
        }
        if (record.nodes.size() >= 2) ways.push_back(std::move(record));
    }
};

}  // namespace

DistrictData import_osm(const std::filesystem::path& file, std::optional<BoundingBox> bbox) {
    if (!std::filesystem::exists(file)) {
        throw model::InputError(model::Diagnostic{file.string(), 0, 0, "no such file"});
    }
    Collector collector;
    try {
        osmium::io::Reader reader{file.string(),
                                  osmium::osm_entity_bits::node | osmium::osm_entity_bits::way};
        LocationIndex index;
        LocationHandler locations{index};
        locations.ignore_errors();
        osmium::apply(reader, locations, collector);
        reader.close();
    } catch (const std::exception& e) {
        throw model::InputError(model::Diagnostic{
            file.string(), 0, 0, fmt::format("cannot read OpenStreetMap data: {}", e.what())});
    }

    // Junctions: nodes used more than once across all roads, and every way's ends.
    std::map<std::int64_t, int> uses;
    for (const auto& way : collector.ways) {
        for (const auto& [id, position] : way.nodes) ++uses[id];
        ++uses[way.nodes.front().first];
        ++uses[way.nodes.back().first];
    }
    DistrictData data;
    data.name = fmt::format("OpenStreetMap {}", file.filename().string());
    data.sources["roads"] =
        fmt::format("OpenStreetMap contributors (ODbL), {}", file.filename().string());
    const Provenance provenance{"OpenStreetMap contributors (ODbL)", false};
    for (const auto& way : collector.ways) {
        std::vector<LonLat> segment{way.nodes.front().second};
        for (std::size_t k = 1; k < way.nodes.size(); ++k) {
            segment.push_back(way.nodes[k].second);
            if (uses[way.nodes[k].first] < 2 && k + 1 < way.nodes.size()) continue;
            if (!bbox || (bbox->contains(segment.front()) && bbox->contains(segment.back()))) {
                Road road{.id = std::to_string(way.id),
                          .line = segment,
                          .road_class = way.road_class,
                          .name = way.name,
                          .lanes = way.lanes,
                          .free_speed_kmh = way.speed_kmh,
                          .oneway = way.oneway != 0,
                          .provenance = provenance};
                if (way.oneway < 0) std::reverse(road.line.begin(), road.line.end());
                data.roads.push_back(std::move(road));
            }
            segment = {way.nodes[k].second};
        }
    }
    for (const LonLat& signal : collector.signals) {
        if (!bbox || bbox->contains(signal)) data.signals.push_back(signal);
    }
    for (auto& place : collector.places) {
        if (!bbox || bbox->contains(place.centroid)) data.zones.push_back(std::move(place));
    }
    return data;
}

}  // namespace tuntas::district
