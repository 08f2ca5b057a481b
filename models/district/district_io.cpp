#include "models/district/district_io.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <fstream>
#include <optional>
#include <set>
#include <stdexcept>
#include <type_traits>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <toml++/toml.h>

#include "models/api/input_error.hpp"
#include "models/api/path_sandbox.hpp"
#include "models/district/feature_stream.hpp"
#include "models/district/road_layer.hpp"

namespace tuntas::district {
namespace fs = std::filesystem;
using nlohmann::json;

model::Diagnostic LoadProblem::diagnostic() const {
    std::string context;
    if (feature >= 0) context = fmt::format("feature {}", feature);
    if (!property.empty()) {
        context += fmt::format("{}property '{}'", context.empty() ? "" : ": ", property);
    }
    return model::Diagnostic{.file = file,
                             .message = message,
                             .context = std::move(context),
                             .severity = severity == Severity::error
                                             ? model::Diagnostic::Severity::error
                                             : model::Diagnostic::Severity::warning};
}

std::string LoadProblem::format() const {
    return diagnostic().format();
}

namespace {

/// Line and column (from 1) of byte `byte` (1-based, as nlohmann::json counts) of `text`, as an
/// editor shows them.
std::pair<std::size_t, std::size_t> line_and_column(const std::string& text, std::size_t byte) {
    const std::size_t at = std::min<std::size_t>(byte, text.size());
    const auto line = static_cast<std::size_t>(
        1 + std::count(text.begin(), text.begin() + static_cast<long>(at), '\n'));
    const auto line_start = text.rfind('\n', at > 0 ? at - 1 : 0);
    const auto column = at - (line_start == std::string::npos ? 0 : line_start + 1);
    return {line, column};
}

/// Collects problems; errors stop the load at the end of a stage.
class Problems {
public:
    void error(const std::string& file, long feature, std::string property, std::string message) {
        list_.push_back(
            {LoadProblem::Severity::error, file, feature, std::move(property), std::move(message)});
        ++errors_;
    }
    void warning(const std::string& file, long feature, std::string property, std::string message) {
        list_.push_back({LoadProblem::Severity::warning, file, feature, std::move(property),
                         std::move(message)});
    }
    void throw_if_errors() {
        if (errors_ == 0) return;
        std::vector<model::Diagnostic> diagnostics;
        for (const auto& problem : list_) diagnostics.push_back(problem.diagnostic());
        throw model::InputError(std::move(diagnostics));
    }
    std::vector<LoadProblem> take() { return std::move(list_); }
    /// How many problems there are so far: where roll_back returns to.
    [[nodiscard]] std::size_t count() const { return list_.size(); }
    /// Forgets every problem after the first `count`.
    void roll_back(std::size_t count) {
        for (std::size_t k = count; k < list_.size(); ++k) {
            if (list_[k].severity == LoadProblem::Severity::error) --errors_;
        }
        list_.resize(count);
    }

private:
    std::vector<LoadProblem> list_;
    std::size_t errors_{0};
};

/// A layer's text, or none (reported) when the file is no regular file or cannot be read.
std::optional<std::string> read_layer_text(const fs::path& file, Problems& problems) {
    // A layer is a file: /dev/zero would be read forever, a FIFO would block.
    std::error_code error;
    if (fs::exists(file, error) && !fs::is_regular_file(file, error)) {
        problems.error(file.string(), -1, "", "not a regular file (a device, folder or pipe)");
        return std::nullopt;
    }
    std::ifstream in(file, std::ios::binary);
    if (!in) {
        problems.error(file.string(), -1, "", "cannot open the file");
        return std::nullopt;
    }
    std::string text;
    std::array<char, 64 * 1024> block{};
    while (in.read(block.data(), block.size()) || in.gcount() > 0)
        text.append(block.data(), static_cast<std::size_t>(in.gcount()));
    return text;
}

/// A position that is one (is_lon_lat), or std::invalid_argument.
LonLat checked_position(double lon, double lat) {
    if (!is_lon_lat(lon, lat)) {
        throw std::invalid_argument(
            fmt::format("position ({:g}, {:g}) is not a longitude and latitude", lon, lat));
    }
    return {lon, lat};
}

LonLat read_position(const json& coordinates) {
    return checked_position(coordinates.at(0).get<double>(), coordinates.at(1).get<double>());
}

std::vector<LonLat> read_line(const json& coordinates) {
    std::vector<LonLat> line;
    for (const auto& c : coordinates) line.push_back(read_position(c));
    return line;
}

/// A property of type T (double: any number, bool: true or false): absent or null gives
/// `fallback`; a value of another type is a problem of the feature, naming the key.
template <class T>
T property(const json& properties, const char* key, T fallback, const std::string& file,
           long feature, Problems& problems) {
    if (!properties.contains(key) || properties[key].is_null()) return fallback;
    const json& value = properties[key];
    if (std::is_same_v<T, bool> ? !value.is_boolean() : !value.is_number()) {
        problems.error(file, feature, key,
                       std::is_same_v<T, bool> ? "expected true or false" : "expected a number");
        return fallback;
    }
    return value.get<T>();
}

/// A number property (property<double>).
double number(const json& properties, const char* key, double fallback, const std::string& file,
              long feature, Problems& problems) {
    return property(properties, key, fallback, file, feature, problems);
}

/// A true/false property (property<bool>).
bool boolean(const json& properties, const char* key, bool fallback, const std::string& file,
             long feature, Problems& problems) {
    return property(properties, key, fallback, file, feature, problems);
}

Provenance read_provenance(const json& properties, const std::string& file, long feature,
                           Problems& problems) {
    std::string source;
    if (properties.contains("source") && !properties["source"].is_null()) {
        if (properties["source"].is_string()) {
            source = properties["source"].get<std::string>();
        } else {
            problems.error(file, feature, "source", "expected a text");
        }
    }
    return {source, boolean(properties, "estimated", false, file, feature, problems)};
}

std::string text(const json& properties, const char* key) {
    return properties.contains(key) && properties[key].is_string()
               ? properties[key].get<std::string>()
               : std::string{};
}

/// What a layer's reader may have added to the district so far: the sizes to cut back to.
struct DataMark {
    std::size_t zones, roads, signals, signal_programs, facilities, backhaul;

    explicit DataMark(const DistrictData& data)
        : zones(data.zones.size()),
          roads(data.roads.size()),
          signals(data.signals.size()),
          signal_programs(data.signal_programs.size()),
          facilities(data.facilities.size()),
          backhaul(data.backhaul.size()) {}

    void roll_back(DistrictData& data) const {
        const auto cut = [](auto& records, std::size_t size) {
            records.erase(records.begin() + static_cast<long>(size), records.end());
        };
        cut(data.zones, zones);
        cut(data.roads, roads);
        cut(data.signals, signals);
        cut(data.signal_programs, signal_programs);
        cut(data.facilities, facilities);
        cut(data.backhaul, backhaul);
    }
};

/// Calls `read(index, properties, geometry)` for every feature of a GeoJSON layer's `text` (of
/// `file`) as it is parsed (read_feature_stream). A file that turns out broken, or no
/// FeatureCollection, is one problem and adds nothing: what its features added to `data` and
/// `problems` is undone.
template <class Read>
void for_each_feature_in(const fs::path& file, const std::string& text, DistrictData& data,
                         Problems& problems, const Read& read) {
    const DataMark data_mark(data);
    const std::size_t problem_mark = problems.count();
    const auto undo = [&] {
        data_mark.roll_back(data);
        problems.roll_back(problem_mark);
    };
    const auto on_feature = [&](long index, const json& feature) {
        // Whatever a reader does not check itself (a property or geometry of another JSON type
        // than it expects) is a problem of this feature, not an internal error.
        try {
            static const json no_properties = json::object();
            static const json no_geometry;
            const auto member = [&](const char* key, const json& otherwise) -> const json& {
                if (!feature.is_object()) return otherwise;
                const auto it = feature.find(key);
                return it != feature.end() ? *it : otherwise;
            };
            read(index, member("properties", no_properties), member("geometry", no_geometry));
        } catch (const json::exception& e) {
            problems.error(
                file.string(), index, "",
                fmt::format("a property or the geometry has the wrong type: {}", e.what()));
        }
    };
    const auto outcome = read_feature_stream(text, on_feature, undo);
    if (outcome.kind == FeatureStreamOutcome::Kind::collection) return;
    undo();
    if (outcome.kind == FeatureStreamOutcome::Kind::not_collection) {
        problems.error(file.string(), -1, "type", "expected a GeoJSON FeatureCollection");
        return;
    }
    std::string where;
    if (outcome.byte) {
        const auto [line, column] = line_and_column(text, *outcome.byte);
        where = fmt::format(" at line {}, column {}", line, column);
    }
    problems.error(file.string(), -1, "",
                   fmt::format("broken GeoJSON{}: {}", where, outcome.message));
}

/// for_each_feature_in over the text of the layer `file` (none read: a problem of its own).
template <class Read>
void for_each_feature(const fs::path& file, DistrictData& data, Problems& problems,
                      const Read& read) {
    if (const auto text = read_layer_text(file, problems))
        for_each_feature_in(file, *text, data, problems, read);
}

void read_zones(const fs::path& file, DistrictData& data, Problems& problems) {
    for_each_feature(
        file, data, problems, [&](long i, const json& properties, const json& geometry) {
            Zone zone;
            zone.id = text(properties, "id");
            zone.name = text(properties, "name");
            zone.kecamatan = text(properties, "kecamatan");
            zone.provenance = read_provenance(properties, file.string(), i, problems);
            if (zone.id.empty()) problems.error(file.string(), i, "id", "a zone needs an id");
            if (!properties.contains("population")) {
                problems.error(file.string(), i, "population",
                               fmt::format("zone '{}' has no population", zone.name));
            } else {
                zone.population = number(properties, "population", 0.0, file.string(), i, problems);
                if (!(zone.population > 0.0 && zone.population <= 1e9)) {
                    problems.error(file.string(), i, "population",
                                   fmt::format("zone '{}' has population {} (must be in (0, 1e9])",
                                               zone.name, zone.population));
                }
            }
            const std::string type = geometry.is_object() ? geometry.value("type", "") : "";
            try {
                if (type == "Point") {
                    zone.centroid = read_position(geometry.at("coordinates"));
                } else if (type == "Polygon" || type == "MultiPolygon") {
                    const json polygons = type == "Polygon"
                                              ? json::array({geometry.at("coordinates")})
                                              : geometry.at("coordinates");
                    for (const auto& polygon : polygons) {
                        Polygon rings;
                        for (const auto& ring : polygon) rings.push_back(read_line(ring));
                        zone.polygons.push_back(std::move(rings));
                    }
                    if (properties.contains("centroid_lon") &&
                        properties.contains("centroid_lat")) {
                        zone.centroid = checked_position(properties["centroid_lon"].get<double>(),
                                                         properties["centroid_lat"].get<double>());
                    } else {
                        LonLat sum;
                        const Ring& outer = zone.polygons.front().front();
                        for (const auto& p : outer) {
                            sum.lon += p.lon;
                            sum.lat += p.lat;
                        }
                        zone.centroid = {sum.lon / static_cast<double>(outer.size()),
                                         sum.lat / static_cast<double>(outer.size())};
                    }
                } else {
                    problems.error(file.string(), i, "geometry",
                                   "a zone needs a Point, Polygon or MultiPolygon geometry");
                }
            } catch (const std::exception& e) {
                problems.error(file.string(), i, "geometry",
                               fmt::format("malformed: {}", e.what()));
            }
            data.zones.push_back(std::move(zone));
        });
}

/// A road's `turn_lanes` (next road id -> lane indices), checked against its lanes.
void read_turn_lanes(const json& turns, const fs::path& file, long i, Road& road,
                     Problems& problems) {
    if (!turns.is_object()) {
        problems.error(file.string(), i, "turn_lanes", "an object of next road id -> lanes");
        return;
    }
    if (!road.oneway) {
        problems.error(file.string(), i, "turn_lanes",
                       "turn lanes need a one-way road (oneway = true)");
        return;
    }
    for (const auto& [next, lanes] : turns.items()) {
        const bool listed = lanes.is_array() && !lanes.empty() &&
                            std::all_of(lanes.begin(), lanes.end(), [&](const json& lane) {
                                return lane.is_number_integer() && lane.get<long>() >= 0 &&
                                       lane.get<long>() < std::max(road.lanes, 1) &&
                                       lane.get<long>() < 64;
                            });
        if (!listed) {
            problems.error(file.string(), i, "turn_lanes",
                           fmt::format("turn to '{}': a non-empty list of lane indices in [0, {}) "
                                       "expected (the road's lanes)",
                                       next, std::max(road.lanes, 1)));
            continue;
        }
        road.turn_lanes[next] = lanes.get<std::vector<int>>();
    }
}

/// The roads layer `text` of `file` into `data`, or its problems into `problems`.
void read_roads_text(const fs::path& file, const std::string& layer_text, DistrictData& data,
                     Problems& problems, LayerReader reader) {
    if (reader == LayerReader::fastest) {
        if (auto layer = read_road_layer_fast(layer_text)) {
            const auto append = [](auto& records, auto& more) {
                records.insert(records.end(), std::make_move_iterator(more.begin()),
                               std::make_move_iterator(more.end()));
            };
            append(data.roads, layer->roads);
            append(data.signals, layer->signals);
            append(data.signal_programs, layer->signal_programs);
            return;
        }
    }
    for_each_feature_in(
        file, layer_text, data, problems,
        [&](long i, const json& properties, const json& geometry) {
            const std::string type = geometry.is_object() ? geometry.value("type", "") : "";
            try {
                if (type == "Point") {
                    if (text(properties, "kind") == "signal") {
                        data.signals.push_back(read_position(geometry.at("coordinates")));
                    } else if (text(properties, "kind") == "signal_program") {
                        SignalProgram program;
                        program.position = read_position(geometry.at("coordinates"));
                        program.phase_durations_s =
                            properties.at("phase_durations_s").get<std::vector<double>>();
                        program.green_by_road = properties.at("green_by_road")
                                                    .get<std::map<std::string, std::string>>();
                        if (properties.contains("green_by_turn")) {
                            program.green_by_turn =
                                properties.at("green_by_turn")
                                    .get<std::map<std::string,
                                                  std::map<std::string, std::string>>>();
                        }
                        program.offset_s =
                            number(properties, "offset_s", 0.0, file.string(), i, problems);
                        if (properties.contains("min_durations_s") ||
                            properties.contains("max_durations_s")) {
                            program.min_durations_s =
                                properties.at("min_durations_s").get<std::vector<double>>();
                            program.max_durations_s =
                                properties.at("max_durations_s").get<std::vector<double>>();
                            const auto& phases = program.phase_durations_s;
                            bool fits = program.min_durations_s.size() == phases.size() &&
                                        program.max_durations_s.size() == phases.size();
                            for (std::size_t p = 0; fits && p < phases.size(); ++p) {
                                fits = program.min_durations_s[p] > 0.0 &&
                                       program.min_durations_s[p] <= program.max_durations_s[p] &&
                                       program.max_durations_s[p] <= 86400.0;
                            }
                            if (!fits) {
                                problems.error(file.string(), i, "min_durations_s",
                                               "min_durations_s and max_durations_s need one value "
                                               "a phase, 0 < min <= max <= 86400 s");
                            }
                        }
                        const auto check_states = [&](const char* key, const std::string& what,
                                                      const std::string& states) {
                            if (states.size() != program.phase_durations_s.size()) {
                                problems.error(file.string(), i, key,
                                               fmt::format("{} has {} phase states for {} phases",
                                                           what, states.size(),
                                                           program.phase_durations_s.size()));
                            }
                        };
                        for (const auto& [road, states] : program.green_by_road)
                            check_states("green_by_road", fmt::format("road '{}'", road), states);
                        for (const auto& [road, turns] : program.green_by_turn) {
                            for (const auto& [next, states] : turns) {
                                check_states("green_by_turn",
                                             fmt::format("turn '{}' -> '{}'", road, next), states);
                            }
                        }
                        data.signal_programs.push_back(std::move(program));
                    } else {
                        problems.error(file.string(), i, "kind",
                                       "a point in a roads file must be kind \"signal\" or "
                                       "\"signal_program\"");
                    }
                    // Keep feature numbering aligned with road indices for messages.
                    data.roads.push_back(Road{});
                    return;
                }
                if (type != "LineString") {
                    problems.error(file.string(), i, "geometry", "a road needs a LineString");
                    data.roads.push_back(Road{});
                    return;
                }
                Road road;
                road.line = read_line(geometry.at("coordinates"));
                const std::string class_name = text(properties, "class");
                const auto road_class = parse_road_class(class_name);
                if (!road_class) {
                    problems.error(file.string(), i, "class",
                                   fmt::format("unknown road class '{}' (national, provincial, "
                                               "district, local)",
                                               class_name));
                } else {
                    road.road_class = *road_class;
                }
                road.id = text(properties, "id");
                road.name = text(properties, "name");
                road.lanes =
                    static_cast<int>(number(properties, "lanes", 0, file.string(), i, problems));
                road.free_speed_kmh =
                    number(properties, "speed_kmh", 0, file.string(), i, problems);
                road.capacity_pcu_per_h_per_lane = number(properties, "capacity_pcu_per_h_per_lane",
                                                          0, file.string(), i, problems);
                road.length_m = number(properties, "length_m", 0, file.string(), i, problems);
                road.oneway = boolean(properties, "oneway", false, file.string(), i, problems);
                road.provenance = read_provenance(properties, file.string(), i, problems);
                road.priority = static_cast<int>(
                    number(properties, "priority", -1, file.string(), i, problems));
                if (properties.contains("priority") && (road.priority < 0 || road.priority > 255))
                    problems.error(file.string(), i, "priority", "a rank in [0, 255] expected");
                if (properties.contains("turn_s")) {
                    const auto& turns = properties.at("turn_s");
                    if (!turns.is_object()) {
                        problems.error(file.string(), i, "turn_s",
                                       "an object of next road id -> seconds");
                    } else if (!road.oneway) {
                        problems.error(file.string(), i, "turn_s",
                                       "turn times need a one-way road (oneway = true)");
                    } else {
                        for (const auto& [next, seconds] : turns.items()) {
                            if (!seconds.is_number() || !std::isfinite(seconds.get<double>()) ||
                                seconds.get<double>() < 0.0 || seconds.get<double>() > 3600.0) {
                                problems.error(file.string(), i, "turn_s",
                                               fmt::format("turn to '{}': seconds in [0, 3600] "
                                                           "expected",
                                                           next));
                                continue;
                            }
                            road.turn_s[next] = seconds.get<double>();
                        }
                    }
                }
                if (properties.contains("turn_lanes")) {
                    read_turn_lanes(properties.at("turn_lanes"), file, i, road, problems);
                }
                if (road.line.size() < 2) {
                    problems.error(file.string(), i, "geometry",
                                   "a road needs at least two points");
                } else if (properties.contains("length_m") && road.length_m <= 0.0) {
                    problems.error(file.string(), i, "length_m", "a link with zero length");
                } else if (!properties.contains("length_m")) {
                    bool moves = false;
                    for (std::size_t k = 1; k < road.line.size(); ++k) {
                        moves = moves || road.line[k].lon != road.line[0].lon ||
                                road.line[k].lat != road.line[0].lat;
                    }
                    if (!moves)
                        problems.error(file.string(), i, "geometry", "a link with zero length");
                }
                if (properties.contains("lanes") && road.lanes < 1) {
                    problems.error(file.string(), i, "lanes", "lanes must be >= 1");
                }
                data.roads.push_back(std::move(road));
            } catch (const std::exception& e) {
                problems.error(file.string(), i, "geometry",
                               fmt::format("malformed: {}", e.what()));
                data.roads.push_back(Road{});
            }
        });
}

void read_roads(const fs::path& file, DistrictData& data, Problems& problems, LayerReader reader) {
    if (const auto text = read_layer_text(file, problems))
        read_roads_text(file, *text, data, problems, reader);
}

void read_facilities(const fs::path& file, DistrictData& data, Problems& problems) {
    for_each_feature(
        file, data, problems, [&](long i, const json& properties, const json& geometry) {
            Facility facility;
            facility.id = text(properties, "id");
            facility.name = text(properties, "name");
            facility.provenance = read_provenance(properties, file.string(), i, problems);
            const std::string kind = text(properties, "kind");
            if (const auto parsed = parse_facility_kind(kind)) {
                facility.kind = *parsed;
            } else {
                problems.error(file.string(), i, "kind",
                               fmt::format("unknown facility kind '{}'", kind));
            }
            if (facility.id.empty())
                problems.error(file.string(), i, "id", "a facility needs an id");
            try {
                if (!geometry.is_object() || geometry.value("type", "") != "Point") {
                    problems.error(file.string(), i, "geometry", "a facility needs a Point");
                } else {
                    facility.position = read_position(geometry.at("coordinates"));
                }
            } catch (const std::exception& e) {
                problems.error(file.string(), i, "geometry",
                               fmt::format("malformed: {}", e.what()));
            }
            for (const auto& [key, value] : properties.items()) {
                if (value.is_number()) facility.values[key] = value.get<double>();
            }
            data.facilities.push_back(std::move(facility));
        });
}

void read_backhaul(const fs::path& file, DistrictData& data, Problems& problems) {
    for_each_feature(
        file, data, problems, [&](long i, const json& properties, const json& geometry) {
            BackhaulLink link;
            link.id = text(properties, "id");
            link.from = text(properties, "from");
            link.to = text(properties, "to");
            link.medium = text(properties, "medium");
            link.capacity_mbps = number(properties, "capacity_mbps", 0, file.string(), i, problems);
            link.length_m = number(properties, "length_m", 0, file.string(), i, problems);
            link.provenance = read_provenance(properties, file.string(), i, problems);
            if (link.medium != "fibre" && link.medium != "microwave") {
                problems.error(file.string(), i, "medium",
                               fmt::format("unknown medium '{}' (fibre, microwave)", link.medium));
            }
            if (link.capacity_mbps <= 0.0) {
                problems.error(file.string(), i, "capacity_mbps", "capacity must be > 0");
            }
            if (!link.from.empty() && link.from == link.to) {
                problems.error(
                    file.string(), i, "to",
                    fmt::format("a link from '{}' to itself (a self-loop carries nothing "
                                "and breaks routing)",
                                link.from));
            }
            try {
                link.path = read_line(geometry.at("coordinates"));
            } catch (const std::exception& e) {
                problems.error(file.string(), i, "geometry",
                               fmt::format("malformed: {}", e.what()));
            }
            data.backhaul.push_back(std::move(link));
        });
}

}  // namespace

std::variant<RoadLayer, std::vector<LoadProblem>>
read_road_layer(const fs::path& file, const std::string& text, LayerReader reader) {
    DistrictData data;
    Problems problems;
    read_roads_text(file, text, data, problems, reader);
    if (problems.count() > 0) return problems.take();
    return RoadLayer{.roads = std::move(data.roads),
                     .signals = std::move(data.signals),
                     .signal_programs = std::move(data.signal_programs)};
}

LoadedDistrict load_district(const fs::path& folder, LayerReader reader) {
    Problems problems;
    const fs::path manifest_file = folder / "district.toml";
    DistrictData data;
    std::map<std::string, fs::path> layers;
    if (!fs::exists(manifest_file)) {
        problems.error(manifest_file.string(), -1, "",
                       "no such file (a district folder holds district.toml and its GeoJSON "
                       "layers)");
        problems.throw_if_errors();
    }
    if (const auto why = model::outside_sandbox(manifest_file)) {
        problems.error(manifest_file.string(), -1, "", *why);
        problems.throw_if_errors();
    }
    if (std::error_code error; !fs::is_regular_file(manifest_file, error)) {
        problems.error(manifest_file.string(), -1, "",
                       "not a regular file (a device, folder or pipe)");
        problems.throw_if_errors();
    }
    try {
        const toml::table manifest = toml::parse_file(manifest_file.string());
        data.name = manifest["name"].value_or(std::string{});
        data.projection = manifest["projection"].value_or(std::string{"EPSG:32750"});
        for (const char* layer : {"zones", "roads", "facilities", "backhaul"}) {
            if (const auto file = manifest[layer].value<std::string>()) {
                layers[layer] = folder / *file;
            }
        }
        if (const auto* sources = manifest["sources"].as_table()) {
            for (auto&& [key, value] : *sources) {
                data.sources[std::string(key.str())] = value.value_or(std::string{});
            }
        }
    } catch (const toml::parse_error& e) {
        problems.error(manifest_file.string(), -1, "",
                       fmt::format("line {}: {}", e.source().begin.line, e.description()));
        problems.throw_if_errors();
    }
    for (const char* required : {"zones", "roads"}) {
        if (!layers.contains(required)) {
            problems.error(manifest_file.string(), -1, required,
                           fmt::format("the manifest names no {} file", required));
        }
    }
    for (const auto& [layer, file] : layers) {
        if (const auto why = model::outside_sandbox(file)) {
            problems.error(manifest_file.string(), -1, layer,
                           fmt::format("{} layer '{}' is {}", layer, file.string(), *why));
        }
    }
    problems.throw_if_errors();
    // A CRS that needs PROJ: its libraries load on a thread of their own while the layers are
    // read. No thread is started here meanwhile: starting one while another maps shared
    // libraries waits for it (the loader's lock), which held a district 6-7 ms of a 60 ms run.
    Projection::load_library_early(data.projection);
    read_zones(layers["zones"], data, problems);
    read_roads(layers["roads"], data, problems, reader);
    if (layers.contains("facilities")) read_facilities(layers["facilities"], data, problems);
    if (layers.contains("backhaul")) read_backhaul(layers["backhaul"], data, problems);
    // A backhaul link joins two telecom facilities of this district (a dangling end passed the
    // load and failed only when a run assembled telecom).
    std::set<std::string> telecom_ids;
    for (const auto& facility : data.facilities) {
        if (facility.kind == FacilityKind::cell_site ||
            facility.kind == FacilityKind::aggregation_node)
            telecom_ids.insert(facility.id);
    }
    for (std::size_t i = 0; i < data.backhaul.size(); ++i) {
        const auto& link = data.backhaul[i];
        for (const auto& [key, end] : {std::pair{"from", &link.from}, std::pair{"to", &link.to}}) {
            if (!telecom_ids.contains(*end)) {
                problems.error(layers["backhaul"].string(), static_cast<long>(i), key,
                               fmt::format("'{}' is not a cell site or aggregation node of the "
                                           "district",
                                           *end));
            }
        }
    }
    problems.throw_if_errors();

    std::optional<Projection> projected;
    try {
        projected.emplace(data.projection);
    } catch (const std::invalid_argument& e) {
        problems.error(manifest_file.string(), -1, "projection", e.what());
        problems.throw_if_errors();
    }
    District district(std::move(data), std::move(*projected));
    const DistrictData& loaded = district.data();
    const auto components = district.components();
    const auto main_size =
        static_cast<std::size_t>(std::count(components.begin(), components.end(), 0U));
    if (district.nodes().empty()) {
        problems.error(layers["roads"].string(), -1, "", "the district has no roads");
        problems.throw_if_errors();
    }
    const auto component_size = [&](std::uint32_t node) {
        return std::count(components.begin(), components.end(), components[node]);
    };
    for (std::size_t f = 0; f < loaded.facilities.size(); ++f) {
        const Facility& facility = loaded.facilities[f];
        const double distance = district.distance_to_road_m(district.project(facility.position));
        const auto file = layers["facilities"].string();
        if (distance > 25'000.0) {
            problems.error(file, static_cast<long>(f), "geometry",
                           fmt::format("facility '{}' is {:.1f} km from the nearest road node",
                                       facility.id, distance / 1000.0));
        } else if (distance > 2'000.0) {
            problems.warning(file, static_cast<long>(f), "geometry",
                             fmt::format("facility '{}' is {:.1f} km from the nearest road node",
                                         facility.id, distance / 1000.0));
        }
        const std::uint32_t node = district.facility_nodes()[f];
        if (components[node] != 0) {
            problems.error(file, static_cast<long>(f), "geometry",
                           fmt::format("facility '{}' reaches road node {} in a road component "
                                       "of {} node(s) cut off from the main network ({} nodes)",
                                       facility.id, node, component_size(node), main_size));
        }
    }
    for (std::size_t z = 0; z < loaded.zones.size(); ++z) {
        const std::uint32_t node = district.zone_nodes()[z];
        if (components[node] != 0) {
            problems.error(layers["zones"].string(), static_cast<long>(z), "geometry",
                           fmt::format("zone '{}' reaches road node {} in a road component of "
                                       "{} node(s) cut off from the main network ({} nodes): "
                                       "trips from it could go nowhere",
                                       loaded.zones[z].id, node, component_size(node), main_size));
        }
    }
    problems.throw_if_errors();
    return LoadedDistrict{std::move(district), problems.take()};
}

namespace {

double rounded(double degrees) {
    return std::round(degrees * 1e6) / 1e6;
}

json position(LonLat p) {
    return json::array({rounded(p.lon), rounded(p.lat)});
}

json line(const std::vector<LonLat>& points) {
    json out = json::array();
    for (const auto& p : points) out.push_back(position(p));
    return out;
}

void add_provenance(json& properties, const Provenance& provenance) {
    if (!provenance.source.empty()) properties["source"] = provenance.source;
    if (provenance.estimated) properties["estimated"] = true;
}

void write_collection(const fs::path& file, const std::string& name, json features) {
    const json document{
        {"type", "FeatureCollection"}, {"name", name}, {"features", std::move(features)}};
    std::ofstream(file) << document.dump() << '\n';
}

}  // namespace

void write_district(const DistrictData& data, const fs::path& folder) {
    fs::create_directories(folder);
    json zones = json::array();
    for (const Zone& zone : data.zones) {
        json properties{{"id", zone.id},
                        {"name", zone.name},
                        {"kecamatan", zone.kecamatan},
                        {"population", zone.population},
                        {"centroid_lon", rounded(zone.centroid.lon)},
                        {"centroid_lat", rounded(zone.centroid.lat)}};
        add_provenance(properties, zone.provenance);
        json geometry;
        if (zone.polygons.empty()) {
            geometry = {{"type", "Point"}, {"coordinates", position(zone.centroid)}};
        } else {
            json polygons = json::array();
            for (const Polygon& polygon : zone.polygons) {
                json rings = json::array();
                for (const Ring& ring : polygon) rings.push_back(line(ring));
                polygons.push_back(std::move(rings));
            }
            geometry = {{"type", "MultiPolygon"}, {"coordinates", std::move(polygons)}};
        }
        zones.push_back({{"type", "Feature"}, {"properties", properties}, {"geometry", geometry}});
    }
    json roads = json::array();
    for (const Road& road : data.roads) {
        json properties{{"class", name_of(road.road_class)}, {"name", road.name}};
        if (!road.id.empty()) properties["id"] = road.id;
        if (road.lanes > 0) properties["lanes"] = road.lanes;
        if (road.free_speed_kmh > 0) properties["speed_kmh"] = road.free_speed_kmh;
        if (road.capacity_pcu_per_h_per_lane > 0) {
            properties["capacity_pcu_per_h_per_lane"] = road.capacity_pcu_per_h_per_lane;
        }
        if (road.length_m > 0) properties["length_m"] = std::round(road.length_m * 10.0) / 10.0;
        if (road.oneway) properties["oneway"] = true;
        if (!road.turn_s.empty()) properties["turn_s"] = road.turn_s;
        if (!road.turn_lanes.empty()) properties["turn_lanes"] = road.turn_lanes;
        if (road.priority >= 0) properties["priority"] = road.priority;
        add_provenance(properties, road.provenance);
        roads.push_back({{"type", "Feature"},
                         {"properties", properties},
                         {"geometry", {{"type", "LineString"}, {"coordinates", line(road.line)}}}});
    }
    for (const LonLat& signal : data.signals) {
        roads.push_back({{"type", "Feature"},
                         {"properties", {{"kind", "signal"}}},
                         {"geometry", {{"type", "Point"}, {"coordinates", position(signal)}}}});
    }
    for (const SignalProgram& program : data.signal_programs) {
        json properties{{"kind", "signal_program"},
                        {"phase_durations_s", program.phase_durations_s},
                        {"green_by_road", program.green_by_road},
                        {"green_by_turn", program.green_by_turn},
                        {"offset_s", program.offset_s}};
        if (!program.min_durations_s.empty()) {
            properties["min_durations_s"] = program.min_durations_s;
            properties["max_durations_s"] = program.max_durations_s;
        }
        roads.push_back(
            {{"type", "Feature"},
             {"properties", properties},
             {"geometry", {{"type", "Point"}, {"coordinates", position(program.position)}}}});
    }
    json facilities = json::array();
    for (const Facility& facility : data.facilities) {
        json properties{
            {"id", facility.id}, {"kind", name_of(facility.kind)}, {"name", facility.name}};
        for (const auto& [key, value] : facility.values) properties[key] = value;
        add_provenance(properties, facility.provenance);
        facilities.push_back(
            {{"type", "Feature"},
             {"properties", properties},
             {"geometry", {{"type", "Point"}, {"coordinates", position(facility.position)}}}});
    }
    json backhaul = json::array();
    for (const BackhaulLink& link : data.backhaul) {
        json properties{{"id", link.id},
                        {"from", link.from},
                        {"to", link.to},
                        {"medium", link.medium},
                        {"capacity_mbps", link.capacity_mbps}};
        if (link.length_m > 0) properties["length_m"] = std::round(link.length_m);
        add_provenance(properties, link.provenance);
        backhaul.push_back(
            {{"type", "Feature"},
             {"properties", properties},
             {"geometry", {{"type", "LineString"}, {"coordinates", line(link.path)}}}});
    }
    write_collection(folder / "zones.geojson", "zones", std::move(zones));
    write_collection(folder / "roads.geojson", "roads", std::move(roads));
    write_collection(folder / "facilities.geojson", "facilities", std::move(facilities));
    write_collection(folder / "backhaul.geojson", "backhaul", std::move(backhaul));

    toml::table manifest{{"name", data.name},
                         {"projection", data.projection},
                         {"zones", "zones.geojson"},
                         {"roads", "roads.geojson"},
                         {"facilities", "facilities.geojson"},
                         {"backhaul", "backhaul.geojson"}};
    toml::table sources;
    for (const auto& [key, value] : data.sources) sources.insert(key, value);
    manifest.insert("sources", std::move(sources));
    std::ofstream(folder / "district.toml") << manifest << '\n';
}

}  // namespace tuntas::district
