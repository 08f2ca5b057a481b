#include "models/district/sumo_import.hpp"

#include <cmath>
#include <map>
#include <sstream>
#include <stdexcept>

#include <boost/property_tree/ptree.hpp>
#include <boost/property_tree/xml_parser.hpp>
#include <fmt/format.h>

#include "models/api/input_error.hpp"
#include "models/district/projection.hpp"

namespace tuntas::district {
namespace fs = std::filesystem;
namespace pt = boost::property_tree;

std::optional<RoadClass> road_class_of_highway(std::string_view highway) {
    // OSM highway=* to Indonesian road status (ESTIMATED: OSM Indonesia tags national roads
    // trunk/primary, provincial secondary, regency tertiary).
    if (highway == "motorway" || highway == "trunk" || highway == "primary" ||
        highway == "motorway_link" || highway == "trunk_link" || highway == "primary_link") {
        return RoadClass::national;
    }
    if (highway == "secondary" || highway == "secondary_link") return RoadClass::provincial;
    if (highway == "tertiary" || highway == "tertiary_link") return RoadClass::district;
    if (highway == "residential" || highway == "unclassified" || highway == "living_street" ||
        highway == "service" || highway == "road") {
        return RoadClass::local;
    }
    return std::nullopt;
}

namespace {

pt::ptree read_xml(const fs::path& file) {
    if (!fs::exists(file))
        throw model::InputError(model::Diagnostic{file.string(), 0, 0, "no such file"});
    pt::ptree tree;
    try {
        pt::read_xml(file.string(), tree);
    } catch (const pt::xml_parser_error& e) {
        throw model::InputError(model::Diagnostic{file.string(), static_cast<int>(e.line()), 0,
                                                  fmt::format("XML error: {}", e.message())});
    }
    return tree;
}

double attribute(const pt::ptree& element, const char* name, const fs::path& file,
                 const std::string& what) {
    const auto value = element.get_optional<double>(std::string("<xmlattr>.") + name);
    if (!value) {
        throw model::InputError(
            model::Diagnostic{.file = file.string(),
                              .message = fmt::format("missing or non-numeric attribute '{}'", name),
                              .context = what});
    }
    return *value;
}

RoadClass class_of(const pt::ptree& edge, double speed_m_per_s) {
    const auto type = edge.get<std::string>("<xmlattr>.type", "");
    if (type.starts_with("highway.")) {
        if (const auto from_type = road_class_of_highway(type.substr(8))) return *from_type;
    }
    const double kmh = std::round(speed_m_per_s * 3.6);  // SUMO writes 80 km/h as 22.22 m/s
    if (kmh >= 80.0) return RoadClass::national;
    if (kmh >= 60.0) return RoadClass::provincial;
    if (kmh >= 40.0) return RoadClass::district;
    return RoadClass::local;
}

/// PREFIX.tll.xml, when there: each tlLogic's phases, and through the connections (from edge,
/// tl, linkIndex) which phases let each incoming edge go ('G' or 'g' for any of its links).
void read_signal_programs(const fs::path& prefix, const std::map<std::string, LonLat>& position,
                          DistrictData& data) {
    const fs::path file = prefix.string() + ".tll.xml";
    if (!fs::exists(file)) return;
    const pt::ptree tree = read_xml(file);
    const pt::ptree& logics = tree.get_child("tlLogics");
    std::map<std::string, std::vector<std::pair<double, std::string>>> phases;  // tl -> phases
    std::map<std::string, double> offsets;
    for (const auto& [tag, logic] : logics) {
        if (tag != "tlLogic") continue;
        const auto id = logic.get<std::string>("<xmlattr>.id", "");
        offsets[id] = logic.get<double>("<xmlattr>.offset", 0.0);
        for (const auto& [phase_tag, phase] : logic) {
            if (phase_tag != "phase") continue;
            phases[id].emplace_back(attribute(phase, "duration", file, "tlLogic '" + id + "'"),
                                    phase.get<std::string>("<xmlattr>.state", ""));
        }
    }
    std::map<std::string, std::map<std::string, std::string>> green;  // tl -> edge -> states
    for (const auto& [tag, connection] : logics) {
        if (tag != "connection") continue;
        const auto tl = connection.get<std::string>("<xmlattr>.tl", "");
        const auto from = connection.get<std::string>("<xmlattr>.from", "");
        const auto index = connection.get<std::size_t>("<xmlattr>.linkIndex", 0);
        const auto found = phases.find(tl);
        if (found == phases.end()) {
            throw model::InputError(
                model::Diagnostic{.file = file.string(),
                                  .message = fmt::format("unknown tlLogic '{}'", tl),
                                  .context = fmt::format("connection from '{}'", from)});
        }
        auto& states = green[tl][from];
        states.resize(found->second.size(), 'r');
        for (std::size_t p = 0; p < found->second.size(); ++p) {
            const std::string& state = found->second[p].second;
            if (index < state.size() && (state[index] == 'G' || state[index] == 'g')) {
                states[p] = 'G';
            }
        }
    }
    for (const auto& [tl, tl_phases] : phases) {
        const auto where = position.find(tl);  // netconvert names a junction's program after it
        if (where == position.end()) {
            throw model::InputError(model::Diagnostic{.file = file.string(),
                                                      .message = "names no node",
                                                      .context = fmt::format("tlLogic '{}'", tl)});
        }
        SignalProgram program;
        program.position = where->second;
        program.offset_s = offsets[tl];
        for (const auto& [duration, state] : tl_phases)
            program.phase_durations_s.push_back(duration);
        program.green_by_road = green[tl];
        data.signal_programs.push_back(std::move(program));
    }
}

}  // namespace

DistrictData import_sumo(const fs::path& prefix, LonLat origin) {
    const fs::path nodes_file = prefix.string() + ".nod.xml";
    const fs::path edges_file = prefix.string() + ".edg.xml";
    const pt::ptree nodes_tree = read_xml(nodes_file);
    const pt::ptree edges_tree = read_xml(edges_file);
    const pt::ptree& nodes = nodes_tree.get_child("nodes");

    // Placement: SUMO's projParameter with netOffset, or UTM 50S around `origin`.
    std::string proj = "!";
    double offset_x = 0.0, offset_y = 0.0;
    if (const auto location = nodes.get_child_optional("location")) {
        proj = location->get<std::string>("<xmlattr>.projParameter", "!");
        std::istringstream offset(location->get<std::string>("<xmlattr>.netOffset", "0,0"));
        char comma = ',';
        offset >> offset_x >> comma >> offset_y;
    }
    const Projection utm("EPSG:32750");
    const XY centre = utm.forward(origin);
    const bool georeferenced = proj != "!";
    const auto georef = georeferenced ? std::make_unique<Projection>(proj) : nullptr;
    const auto place = [&](double x, double y) {
        if (georeferenced) return georef->inverse({x - offset_x, y - offset_y});
        return utm.inverse({centre.x_m + x, centre.y_m + y});
    };

    DistrictData data;
    data.name = fmt::format("SUMO network {}", prefix.filename().string());
    data.sources["roads"] = fmt::format("imported from SUMO plain XML {}.*.xml", prefix.string());
    std::map<std::string, LonLat> position;
    std::map<std::string, std::pair<double, double>> node_xy;
    for (const auto& [tag, node] : nodes) {
        if (tag != "node") continue;
        const auto id = node.get<std::string>("<xmlattr>.id", "");
        const std::string what = fmt::format("node '{}'", id);
        const double x = attribute(node, "x", nodes_file, what);
        const double y = attribute(node, "y", nodes_file, what);
        const LonLat p = place(x, y);
        position[id] = p;
        node_xy[id] = {x, y};
        if (node.get<std::string>("<xmlattr>.type", "") == "traffic_light") {
            data.signals.push_back(p);
        }
    }
    const Provenance provenance{fmt::format("SUMO {}", prefix.filename().string()), false};
    for (const auto& [tag, edge] : edges_tree.get_child("edges")) {
        if (tag != "edge") continue;
        const auto id = edge.get<std::string>("<xmlattr>.id", "");
        const std::string what = fmt::format("edge '{}'", id);
        const auto from = edge.get<std::string>("<xmlattr>.from", "");
        const auto to = edge.get<std::string>("<xmlattr>.to", "");
        if (!position.contains(from) || !position.contains(to)) {
            throw model::InputError(model::Diagnostic{
                .file = edges_file.string(),
                .message = fmt::format("unknown node '{}'", position.contains(from) ? to : from),
                .context = what});
        }
        Road road;
        road.id = id;
        road.name = id;
        road.oneway = true;
        road.provenance = provenance;
        road.lanes = edge.get<int>("<xmlattr>.numLanes", 1);
        const double speed = edge.get<double>("<xmlattr>.speed", 13.89);
        road.free_speed_kmh = speed * 3.6;
        // ESTIMATED: about the saturation flow SUMO's default car (Krauss, tau 1 s, 5 m + 2.5 m
        // gap) reaches from a queue at a signal; the PKJI class defaults describe Indonesian
        // mixed traffic, not SUMO's.
        road.capacity_pcu_per_h_per_lane = 1800.0;
        road.road_class = class_of(edge, speed);
        // The geometry in SUMO's own metres: the node positions, or the shape when given.
        std::vector<std::pair<double, double>> xy{node_xy[from]};
        if (const auto shape = edge.get_optional<std::string>("<xmlattr>.shape")) {
            std::istringstream points(*shape);
            std::string pair;
            std::vector<std::pair<double, double>> inner;
            while (points >> pair) {
                const auto comma = pair.find(',');
                inner.emplace_back(std::stod(pair.substr(0, comma)),
                                   std::stod(pair.substr(comma + 1)));
            }
            // SUMO shapes repeat the end nodes; keep the interior only.
            if (inner.size() > 2) xy.insert(xy.end(), inner.begin() + 1, inner.end() - 1);
        }
        xy.push_back(node_xy[to]);
        double shape_length = 0.0;
        for (std::size_t k = 1; k < xy.size(); ++k) {
            shape_length +=
                std::hypot(xy[k].first - xy[k - 1].first, xy[k].second - xy[k - 1].second);
        }
        for (const auto& [x, y] : xy) road.line.push_back(place(x, y));
        road.line.front() = position[from];
        road.line.back() = position[to];
        // SUMO's length attribute, else the shape length in its own metres (exact, unlike a
        // length measured again from rounded lon/lat).
        road.length_m = edge.get<double>("<xmlattr>.length", shape_length);
        data.roads.push_back(std::move(road));
    }
    read_signal_programs(prefix, position, data);
    return data;
}

}  // namespace tuntas::district
