#include "models/district/sumo_import.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <sstream>
#include <stdexcept>

#include <boost/property_tree/ptree.hpp>
#include <boost/property_tree/xml_parser.hpp>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include "models/api/input_error.hpp"
#include "models/api/warning_tally.hpp"
#include "models/district/kinematics.hpp"
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

std::string text_attribute(const pt::ptree& element, const char* name) {
    return element.get<std::string>(std::string("<xmlattr>.") + name, "");
}

RoadClass class_of(const std::string& type, double speed_m_per_s) {
    if (type.starts_with("highway.")) {
        if (const auto from_type = road_class_of_highway(type.substr(8))) return *from_type;
    }
    const double kmh = std::round(speed_m_per_s * 3.6);  // SUMO writes 80 km/h as 22.22 m/s
    if (kmh >= 80.0) return RoadClass::national;
    if (kmh >= 60.0) return RoadClass::provincial;
    if (kmh >= 40.0) return RoadClass::district;
    return RoadClass::local;
}

using Tally = model::WarningTally;
/// Road id -> SUMO's indices of the lanes a car may use on it (the kept roads).
using CarLaneIndex = std::map<std::string, std::vector<int>>;

/// Where SUMO's metres land: through the network's projParameter and netOffset, or (without a
/// geo-reference) in UTM 50S around an origin.
class Placement {
public:
    Placement(const pt::ptree* location, LonLat origin, const fs::path& file) : utm_("EPSG:32750") {
        if (location != nullptr) {
            proj_ = location->get<std::string>("<xmlattr>.projParameter", "!");
            std::istringstream offset(location->get<std::string>("<xmlattr>.netOffset", "0,0"));
            char comma = ',';
            offset >> offset_x_ >> comma >> offset_y_;
        }
        centre_ = utm_.forward(origin);
        if (georeferenced()) {
            try {
                georef_ = std::make_unique<Projection>(proj_);
            } catch (const std::invalid_argument& e) {
                throw model::InputError(model::Diagnostic{
                    .file = file.string(),
                    .message = fmt::format("location projParameter: {}", e.what())});
            }
        }
    }
    [[nodiscard]] bool georeferenced() const { return proj_ != "!"; }
    [[nodiscard]] const std::string& proj() const { return proj_; }
    [[nodiscard]] LonLat place(double x, double y) const {
        if (georeferenced()) return georef_->inverse({x - offset_x_, y - offset_y_});
        return utm_.inverse({centre_.x_m + x, centre_.y_m + y});
    }

private:
    std::string proj_{"!"};
    double offset_x_{0.0};
    double offset_y_{0.0};
    Projection utm_;
    XY centre_;
    std::unique_ptr<Projection> georef_;
};

/// Points of a SUMO shape ("x,y x,y ..." or with z).
std::vector<std::pair<double, double>> parse_shape(const std::string& shape) {
    std::istringstream points(shape);
    std::string pair;
    std::vector<std::pair<double, double>> xy;
    while (points >> pair) {
        const auto comma = pair.find(',');
        if (comma == std::string::npos) continue;
        xy.emplace_back(std::stod(pair.substr(0, comma)), std::stod(pair.substr(comma + 1)));
    }
    return xy;
}

/// An edge as both formats describe it, before it becomes a road.
struct EdgeSpec {
    std::string id, from, to, type;
    int car_lanes{0};
    int lanes{0};
    std::vector<int> car_lane_indices;  ///< SUMO's indices of the lanes a car may use
    double speed_m_per_s{13.89};
    std::optional<double> length_m;
    std::string shape;  ///< the edge's own shape attribute (empty: straight)
    int priority{-1};   ///< SUMO's edge priority (-1: none given)
};

/// Adds `edge` as a road (in SUMO's metres: the node positions and the shape's interior).
void add_road(const EdgeSpec& edge, const std::map<std::string, std::pair<double, double>>& node_xy,
              const Placement& placement, const Provenance& provenance, DistrictData& data) {
    Road road;
    road.id = edge.id;
    road.name = edge.id;
    road.oneway = true;
    road.provenance = provenance;
    road.lanes = edge.car_lanes;
    road.free_speed_kmh = edge.speed_m_per_s * 3.6;
    // ESTIMATED: about the saturation flow SUMO's default car (Krauss, tau 1 s, 5 m + 2.5 m
    // gap) reaches from a queue at a signal; the PKJI class defaults describe Indonesian
    // mixed traffic, not SUMO's.
    road.capacity_pcu_per_h_per_lane = 1800.0;
    road.road_class = class_of(edge.type, edge.speed_m_per_s);
    road.priority = edge.priority;
    std::vector<std::pair<double, double>> xy{node_xy.at(edge.from)};
    if (!edge.shape.empty()) {
        // SUMO shapes start and end at (or near) the end nodes; keep the interior only.
        const auto inner = parse_shape(edge.shape);
        if (inner.size() > 2) xy.insert(xy.end(), inner.begin() + 1, inner.end() - 1);
    }
    xy.push_back(node_xy.at(edge.to));
    double shape_length = 0.0;
    for (std::size_t k = 1; k < xy.size(); ++k)
        shape_length += std::hypot(xy[k].first - xy[k - 1].first, xy[k].second - xy[k - 1].second);
    for (const auto& [x, y] : xy) road.line.push_back(placement.place(x, y));
    // SUMO's length, else the shape length in its own metres (exact, unlike a length measured
    // again from rounded lon/lat).
    road.length_m = edge.length_m.value_or(shape_length);
    data.roads.push_back(std::move(road));
}

/// The car lane position (0: rightmost car lane) of SUMO lane `lane` of a road, if a car may
/// use it.
std::optional<int> car_lane_position(const CarLaneIndex& car_lanes, const std::string& road,
                                     int lane) {
    const auto found = car_lanes.find(road);
    if (found == car_lanes.end()) return std::nullopt;
    const auto at = std::find(found->second.begin(), found->second.end(), lane);
    if (at == found->second.end()) return std::nullopt;
    return static_cast<int>(at - found->second.begin());
}

/// The signal programs of `logics` (tlLogic elements and the connections that name them):
/// each program's phases, which phases let each turn go ('G' or 'g' for one of its car lanes'
/// links) and each incoming road (any of its turns). A program controls the junctions its
/// connections' edges end at (netconvert names a lone junction's program after it; a joined
/// one, "GS_cluster_...", controls several: each gets the program with its own roads).
/// `edge_to`: each road's end junction; `car_lanes`: the kept roads and their car lanes.
void read_signal_programs(const pt::ptree& logics, const fs::path& file,
                          const std::map<std::string, LonLat>& position,
                          const std::map<std::string, std::string>& edge_to,
                          const CarLaneIndex& car_lanes, DistrictData& data, Tally& tally) {
    std::map<std::string, std::vector<std::pair<double, std::string>>> phases;  // tl -> phases
    std::map<std::string, double> offsets;
    // tl -> each phase's minDur and maxDur (actuated programs only)
    std::map<std::string, std::pair<std::vector<double>, std::vector<double>>> actuated;
    for (const auto& [tag, logic] : logics) {
        if (tag != "tlLogic") continue;
        const auto id = text_attribute(logic, "id");
        const auto type = logic.get<std::string>("<xmlattr>.type", "static");
        if (type != "static" && type != "actuated") {
            tally.add(fmt::format("{} signal programs run as fixed time (their programmed "
                                  "durations)",
                                  type),
                      id);
        }
        if (phases.contains(id)) {
            tally.add("further programs of a signal ignored (the first is used)", id);
            continue;
        }
        offsets[id] = logic.get<double>("<xmlattr>.offset", 0.0);
        for (const auto& [phase_tag, phase] : logic) {
            if (phase_tag != "phase") continue;
            const double duration = attribute(phase, "duration", file, "tlLogic '" + id + "'");
            phases[id].emplace_back(duration, phase.get<std::string>("<xmlattr>.state", ""));
            if (type == "actuated") {
                // A phase without minDur and maxDur is fixed at its duration.
                const double shortest = phase.get<double>("<xmlattr>.minDur", duration);
                auto& [min_s, max_s] = actuated[id];
                min_s.push_back(std::max(shortest, 0.1));
                max_s.push_back(
                    std::max(phase.get<double>("<xmlattr>.maxDur", duration), min_s.back()));
            }
        }
        if (type == "actuated") {
            tally.add("actuated signal programs: a phase ends after its minDur once no car has "
                      "reached its green lanes' stop lines for 3 s (SUMO's max-gap), at its "
                      "maxDur at the latest; detectors are not placed",
                      id);
        }
        phases[id];  // a program without phases still names its junction
    }
    std::map<std::string, std::map<std::string, std::string>> green;  // tl -> edge -> states
    // tl -> edge -> next edge -> states
    std::map<std::string, std::map<std::string, std::map<std::string, std::string>>> turn_green;
    std::map<std::string, std::set<std::string>> controlled;  // tl -> junctions
    std::set<std::string> named;                              // programs some connection names
    for (const auto& [tag, connection] : logics) {
        if (tag != "connection") continue;
        const auto tl = text_attribute(connection, "tl");
        const auto from = text_attribute(connection, "from");
        if (tl.empty()) continue;
        named.insert(tl);
        if (from.starts_with(':')) continue;      // inside a junction (a crossing's walking area)
        if (!car_lanes.contains(from)) continue;  // from an edge no car uses (rail signals)
        const long link_index = connection.get<long>("<xmlattr>.linkIndex", 0);
        if (link_index < 0) {
            // netconvert's rail crossings: a signal without a program, closed only for trains.
            tally.add("connections over rail crossings (linkIndex -1): cars cross freely, no "
                      "trains run",
                      tl);
            continue;
        }
        const auto index = static_cast<std::size_t>(link_index);
        const auto found = phases.find(tl);
        if (found == phases.end()) {
            throw model::InputError(
                model::Diagnostic{.file = file.string(),
                                  .message = fmt::format("unknown tlLogic '{}'", tl),
                                  .context = fmt::format("connection from '{}'", from)});
        }
        const auto to = text_attribute(connection, "to");
        controlled[tl].insert(edge_to.at(from));
        auto& states = green[tl][from];
        states.resize(found->second.size(), 'r');
        // A bus or bike lane's link is not a car's; a connection to an edge no car uses
        // leads nowhere a car goes.
        if (!car_lane_position(car_lanes, from, connection.get<int>("<xmlattr>.fromLane", 0)) ||
            !car_lanes.contains(to)) {
            continue;
        }
        auto& turn_states = turn_green[tl][from][to];
        turn_states.resize(found->second.size(), 'r');
        for (std::size_t p = 0; p < found->second.size(); ++p) {
            const std::string& state = found->second[p].second;
            if (index < state.size() && (state[index] == 'G' || state[index] == 'g')) {
                states[p] = 'G';
                // A turn is protected when one of its lanes' links is; permissive ('g': it
                // gives way to the protected streams) when they all are.
                if (state[index] == 'G' || turn_states[p] != 'G') turn_states[p] = state[index];
            }
        }
    }
    for (const auto& [tl, tl_phases] : phases) {
        auto junctions = controlled[tl];
        if (junctions.empty() && position.contains(tl)) junctions.insert(tl);
        if (junctions.empty() && named.contains(tl)) {
            tally.add("signal programs for no car's lane (footway, cycleway or rail crossings), "
                      "left out",
                      tl);
            continue;
        }
        if (junctions.empty()) {
            throw model::InputError(
                model::Diagnostic{.file = file.string(),
                                  .message = "names no node and controls no connection",
                                  .context = fmt::format("tlLogic '{}'", tl)});
        }
        if (tl_phases.empty()) continue;
        if (junctions.size() > 1) {
            tally.add("signal programs controlling several junctions, run at each of them", tl);
        }
        for (const auto& junction : junctions) {
            SignalProgram program;
            program.position = position.at(junction);
            program.offset_s = offsets[tl];
            if (const auto found = actuated.find(tl); found != actuated.end()) {
                program.min_durations_s = found->second.first;
                program.max_durations_s = found->second.second;
            }
            for (const auto& [duration, state] : tl_phases)
                program.phase_durations_s.push_back(duration);
            for (const auto& [road, states] : green[tl]) {
                if (edge_to.at(road) == junction) program.green_by_road[road] = states;
            }
            for (const auto& [road, turns] : turn_green[tl]) {
                if (edge_to.at(road) == junction) program.green_by_turn[road] = turns;
            }
            data.signal_programs.push_back(std::move(program));
        }
    }
}

// SUMO's default car (vClass passenger): comfortable acceleration and deceleration, m/s², and
// its driver's reaction time (Krauss tau), s.
constexpr double sumo_car_accel_m_per_s2 = 2.6;
constexpr double sumo_car_decel_m_per_s2 = 4.5;
constexpr double sumo_car_tau_s = 1.0;
// SUMO's junction visibility: how far before a junction a yielding driver sees its foes, m.
constexpr double sumo_foe_visibility_m = 4.5;

/// The speed at which SUMO's default car reaches the stop line of `connection`: a car that
/// yields ('m' minor, '=' right before left, '%' zipper) must be able to stop there until it
/// sees its foes at the junction's visibility distance (Krauss's safe speed over that gap,
/// v = −b τ + √(b² τ² + 2 b d)); one at a stop sign ('s', 'w' all-way) halts; others keep
/// their speed.
double approach_speed(const pt::ptree& connection) {
    const auto state = text_attribute(connection, "state");
    if (state == "s" || state == "w") return 0.0;
    if (state != "m" && state != "=" && state != "%")
        return std::numeric_limits<double>::infinity();
    const double b = sumo_car_decel_m_per_s2;
    const double tau = sumo_car_tau_s;
    const double visibility =
        std::max(0.0, connection.get<double>("<xmlattr>.visibility", sumo_foe_visibility_m));
    return -b * tau + std::sqrt(b * b * tau * tau + 2.0 * b * visibility);
}

/// Counts a junction type the queue model does not give its own rule (`turn_times`: the
/// network has SUMO's internal lanes, so turns at least take their time).
void tally_junction(const std::string& type, const std::string& id, bool turn_times, Tally& tally) {
    if (type == "priority" || type == "priority_stop" || type == "right_before_left" ||
        type == "left_before_right" || type == "allway_stop" || type == "zipper") {
        tally.add(fmt::format("{} junctions: {}no conflict delay between crossing turns (with "
                              "traffic.priority_rules minor roads give way)",
                              type,
                              turn_times
                                  ? "turns take their internal lane's time and yielding ones "
                                    "slow down; "
                                  : "no turn time, "),
                  id);
    }
}

/// Ends the import: the placement's projection and its warning, the signals, the tallies.
ImportedDistrict finish_import(DistrictData data, const Placement& placement, LonLat origin,
                               Tally& tally) {
    if (placement.georeferenced()) {
        data.projection = placement.proj();
    } else {
        tally.add(fmt::format("no geo-reference (projParameter \"!\"): laid out in UTM 50S "
                              "(EPSG:32750) around {:.5f},{:.5f}; give --origin LON,LAT to "
                              "place it",
                              origin.lon, origin.lat));
    }
    return {std::move(data), tally.lines()};
}

/// Lanes of `edge` (plain or net XML) that a car may use and the fastest car speed, from lane
/// elements or, without any, the edge's attributes.
struct CarLanes {
    int count{0};
    int lanes{0};
    std::vector<int> indices;  ///< SUMO's lane indices of the car lanes, rightmost first
    double speed_m_per_s{0.0};
};
CarLanes car_lanes_of(const pt::ptree& edge, int num_lanes, double edge_speed) {
    const auto edge_allow = text_attribute(edge, "allow");
    const auto edge_disallow = text_attribute(edge, "disallow");
    std::map<int, const pt::ptree*> lane_elements;
    for (const auto& [tag, lane] : edge) {
        if (tag == "lane") lane_elements[lane.get<int>("<xmlattr>.index", 0)] = &lane;
    }
    CarLanes out;
    out.lanes = std::max(num_lanes, static_cast<int>(lane_elements.size()));
    for (int k = 0; k < out.lanes; ++k) {
        const auto found = lane_elements.find(k);
        const pt::ptree* lane = found != lane_elements.end() ? found->second : nullptr;
        const bool own = lane != nullptr && (lane->get_optional<std::string>("<xmlattr>.allow") ||
                                             lane->get_optional<std::string>("<xmlattr>.disallow"));
        const bool car = own ? passenger_allowed(text_attribute(*lane, "allow"),
                                                 text_attribute(*lane, "disallow"))
                             : passenger_allowed(edge_allow, edge_disallow);
        if (!car) continue;
        ++out.count;
        out.indices.push_back(k);
        const double speed =
            lane != nullptr ? lane->get<double>("<xmlattr>.speed", edge_speed) : edge_speed;
        out.speed_m_per_s = std::max(out.speed_m_per_s, speed);
    }
    return out;
}

/// Counts the lanes and edges an import leaves out for cars.
void tally_lanes(const EdgeSpec& edge, Tally& tally) {
    if (edge.car_lanes == 0) {
        tally.add(fmt::format("edges no car may use, left out ({})",
                              edge.type.empty() ? std::string{"no type"} : edge.type),
                  edge.id);
    } else if (edge.car_lanes < edge.lanes) {
        tally.add("lanes no car may use (sidewalks, bike or bus lanes), left out", edge.id);
    }
}

/// What both formats build alike: nodes placed, edges checked and kept as roads when a car may
/// use them, the signals and the tallies.
class NetworkBuilder {
public:
    NetworkBuilder(const pt::ptree* location, const fs::path& location_file, LonLat origin,
                   const fs::path& source, std::string what, bool turn_times)
        : turn_times_(turn_times),
          placement_(location, origin, location_file),
          origin_(origin),
          provenance_{fmt::format("SUMO {}", source.filename().string()), false} {
        data_.name = fmt::format("SUMO network {}", source.filename().string());
        data_.sources["roads"] = std::move(what);
    }

    /// A node (plain XML) or junction (net XML) at SUMO's x, y.
    void add_node(const pt::ptree& element, const fs::path& file, const char* word) {
        const auto id = text_attribute(element, "id");
        const std::string what = fmt::format("{} '{}'", word, id);
        const double x = attribute(element, "x", file, what);
        const double y = attribute(element, "y", file, what);
        const LonLat p = placement_.place(x, y);
        position_[id] = p;
        node_xy_[id] = {x, y};
        const auto type = text_attribute(element, "type");
        if (type.starts_with("traffic_light")) data_.signals.push_back(p);
        tally_junction(type, id, turn_times_, tally_);
    }

    /// An edge's id, ends and type; an end that is no node is an error.
    [[nodiscard]] EdgeSpec edge_of(const pt::ptree& element, const fs::path& file,
                                   const char* node_word) const {
        EdgeSpec edge{.id = text_attribute(element, "id"),
                      .from = text_attribute(element, "from"),
                      .to = text_attribute(element, "to"),
                      .type = text_attribute(element, "type")};
        edge.priority = std::clamp(element.get<int>("<xmlattr>.priority", -1), -1, 255);
        if (!position_.contains(edge.from) || !position_.contains(edge.to)) {
            throw model::InputError(model::Diagnostic{
                .file = file.string(),
                .message = fmt::format("unknown {} '{}'", node_word,
                                       position_.contains(edge.from) ? edge.to : edge.from),
                .context = fmt::format("edge '{}'", edge.id)});
        }
        return edge;
    }

    /// Keeps `edge` as a road when a car may use it; counts what is left out.
    void keep(const EdgeSpec& edge) {
        tally_lanes(edge, tally_);
        if (edge.car_lanes == 0) return;
        roads_.insert(edge.id);
        edge_to_[edge.id] = edge.to;
        car_lanes_[edge.id] = edge.car_lane_indices;
        add_road(edge, node_xy_, placement_, provenance_, data_);
    }

    /// The signal programs of `logics` (read_signal_programs).
    void read_signals(const pt::ptree& logics, const fs::path& file) {
        read_signal_programs(logics, file, position_, edge_to_, car_lanes_, data_, tally_);
    }

    [[nodiscard]] Tally& tally() { return tally_; }

    /// Turn times and turn lanes from a .net.xml: a connection between two kept roads is slowed
    /// by the internal lanes it goes via (and those that one continues on, for turns SUMO
    /// splits): their length at their own speed, less that length at the incoming road's speed
    /// (a road's length runs from junction centre to junction centre, so the junction's
    /// interior is already driven once at the road's speed); and by the slowing down to the
    /// speed it is driven at (the slowest internal lane, or approach_speed for a turn that
    /// yields) and speeding up to the next road's speed, for SUMO's default car. Several lanes'
    /// connections between the same roads are averaged. Every road lists the car lanes each turn
    /// leaves from (Road::turn_lanes): which turns a car may take, and on which lanes.
    void read_turns(const pt::ptree& net) {
        std::map<std::string, std::pair<double, double>> lane_of;  // internal lane -> m, m/s
        for (const auto& [tag, edge] : net) {
            if (tag != "edge" || text_attribute(edge, "function") != "internal") continue;
            for (const auto& [lane_tag, lane] : edge) {
                if (lane_tag != "lane") continue;
                const double speed = lane.get<double>("<xmlattr>.speed", 0.0);
                const double length = lane.get<double>("<xmlattr>.length", 0.0);
                if (speed > 0.0) lane_of[text_attribute(lane, "id")] = {length, speed};
            }
        }
        std::map<std::string, std::string> continues;  // internal lane -> the next one
        for (const auto& [tag, connection] : net) {
            const auto from = text_attribute(connection, "from");
            if (tag == "connection" && from.starts_with(':') &&
                !text_attribute(connection, "via").empty()) {
                continues[fmt::format("{}_{}", from, text_attribute(connection, "fromLane"))] =
                    text_attribute(connection, "via");
            }
        }
        std::map<std::string, Road*> road_of;  // the kept roads by id
        for (auto& road : data_.roads) road_of[road.id] = &road;
        std::map<std::pair<std::string, std::string>, std::pair<double, int>> turns;
        for (const auto& [tag, connection] : net) {
            if (tag != "connection") continue;
            const auto from = text_attribute(connection, "from");
            const auto to = text_attribute(connection, "to");
            auto via = text_attribute(connection, "via");
            if (!roads_.contains(from) || !roads_.contains(to)) continue;
            const auto lane =
                car_lane_position(car_lanes_, from, connection.get<int>("<xmlattr>.fromLane", 0));
            if (!lane) continue;  // from a bus or bike lane: not a car's turn
            {
                auto& lanes = road_of.at(from)->turn_lanes[to];
                if (std::find(lanes.begin(), lanes.end(), *lane) == lanes.end()) {
                    lanes.insert(std::upper_bound(lanes.begin(), lanes.end(), *lane), *lane);
                }
            }
            double seconds = 0.0;
            const double road_speed = road_of.at(from)->free_speed_kmh / 3.6;
            double pass_speed = road_speed;  // the speed the turn is driven at
            for (int step = 0; step < 8 && !via.empty(); ++step) {
                if (const auto found = lane_of.find(via); found != lane_of.end()) {
                    const auto [length, speed] = found->second;
                    seconds += length / speed - length / road_speed;
                    pass_speed = std::min(pass_speed, speed);
                }
                const auto next = continues.find(via);
                via = next != continues.end() ? next->second : std::string{};
            }
            pass_speed = std::min(pass_speed, approach_speed(connection));
            seconds = std::max(0.0, seconds) +
                      braking_loss_s(road_speed, pass_speed, sumo_car_decel_m_per_s2) +
                      speeding_up_loss_s(pass_speed, road_of.at(to)->free_speed_kmh / 3.6,
                                         sumo_car_accel_m_per_s2);
            auto& [sum, count] = turns[{from, to}];
            sum += seconds;
            ++count;
        }
        for (const auto& [movement, total] : turns) {
            if (total.first > 0.0)
                road_of.at(movement.first)->turn_s[movement.second] = total.first / total.second;
        }
        // Who gives way: a road with a minor link ('m': yield, 's': stop) at its end junction
        // ranks 0 there, one whose links are all major ('M') ranks 1 (SUMO's right of way,
        // which traffic.priority_rules then applies by gap acceptance).
        std::map<std::string, bool> minor;
        for (const auto& [tag, connection] : net) {
            const auto from = text_attribute(connection, "from");
            if (tag != "connection" || !road_of.contains(from)) continue;
            const auto state = text_attribute(connection, "state");
            auto& is_minor = minor[from];
            is_minor = is_minor || state == "m" || state == "s";
        }
        for (const auto& [road, is_minor] : minor) road_of.at(road)->priority = is_minor ? 0 : 1;
    }

    /// The district and what was dropped or assumed.
    [[nodiscard]] ImportedDistrict finish() {
        return finish_import(std::move(data_), placement_, origin_, tally_);
    }

private:
    bool turn_times_;
    Placement placement_;
    LonLat origin_;
    Provenance provenance_;
    DistrictData data_;
    Tally tally_;
    std::map<std::string, LonLat> position_;
    std::map<std::string, std::pair<double, double>> node_xy_;
    std::set<std::string> roads_;
    std::map<std::string, std::string> edge_to_;  // road id -> its end node
    CarLaneIndex car_lanes_;                      // road id -> SUMO indices of its car lanes
};

ImportedDistrict import_plain(const fs::path& prefix, LonLat origin) {
    const fs::path nodes_file = prefix.string() + ".nod.xml";
    const fs::path edges_file = prefix.string() + ".edg.xml";
    const pt::ptree nodes_tree = read_xml(nodes_file);
    const pt::ptree edges_tree = read_xml(edges_file);
    const pt::ptree& nodes = nodes_tree.get_child("nodes");
    const auto location = nodes.get_child_optional("location");
    NetworkBuilder builder(location ? &*location : nullptr, nodes_file, origin, prefix,
                           fmt::format("imported from SUMO plain XML {}.*.xml", prefix.string()),
                           false);
    for (const auto& [tag, node] : nodes) {
        if (tag == "node") builder.add_node(node, nodes_file, "node");
    }
    for (const auto& [tag, element] : edges_tree.get_child("edges")) {
        if (tag != "edge") continue;
        EdgeSpec edge = builder.edge_of(element, edges_file, "node");
        const double speed = element.get<double>("<xmlattr>.speed", 13.89);
        const auto lanes = car_lanes_of(element, element.get<int>("<xmlattr>.numLanes", 1), speed);
        edge.car_lanes = lanes.count;
        edge.lanes = lanes.lanes;
        edge.car_lane_indices = lanes.indices;
        edge.speed_m_per_s = lanes.count > 0 ? lanes.speed_m_per_s : speed;
        if (const auto length = element.get_optional<double>("<xmlattr>.length"))
            edge.length_m = *length;
        edge.shape = text_attribute(element, "shape");
        builder.keep(edge);
    }
    if (const fs::path connections = prefix.string() + ".con.xml"; fs::exists(connections)) {
        builder.tally().add(fmt::format("{} not read: any lane takes any turn, turns take no "
                                        "time (import the .net.xml for both)",
                                        connections.string()));
    }
    const fs::path tll_file = prefix.string() + ".tll.xml";
    if (fs::exists(tll_file)) {
        const pt::ptree tll = read_xml(tll_file);
        builder.read_signals(tll.get_child("tlLogics"), tll_file);
    }
    return builder.finish();
}

ImportedDistrict import_net(const fs::path& file, LonLat origin) {
    const pt::ptree tree = read_xml(file);
    const auto net = tree.get_child_optional("net");
    if (!net) {
        throw model::InputError(
            model::Diagnostic{.file = file.string(), .message = "not a SUMO network (no <net>)"});
    }
    const auto location = net->get_child_optional("location");
    NetworkBuilder builder(location ? &*location : nullptr, file, origin, file,
                           fmt::format("imported from SUMO network {}", file.string()), true);
    for (const auto& [tag, junction] : *net) {
        if (tag == "junction" && text_attribute(junction, "type") != "internal")
            builder.add_node(junction, file, "junction");
    }
    for (const auto& [tag, element] : *net) {
        if (tag != "edge") continue;
        const auto function = text_attribute(element, "function");
        if (!function.empty() && function != "normal") continue;  // junction interiors
        EdgeSpec edge = builder.edge_of(element, file, "junction");
        const auto lanes = car_lanes_of(element, 0, 13.89);
        edge.car_lanes = lanes.count;
        edge.lanes = lanes.lanes;
        edge.car_lane_indices = lanes.indices;
        edge.speed_m_per_s = lanes.speed_m_per_s;
        // The length from junction centre to junction centre along the edge's shape: a lane's
        // length stops at the junction's border (SUMO adds the junction interior as internal
        // lanes), and the queue model has no junction interior.
        edge.shape = text_attribute(element, "shape");
        builder.keep(edge);
    }
    builder.read_signals(*net, file);
    builder.read_turns(*net);
    for (const auto& [tag, element] : *net) {
        static const std::set<std::string> used{"<xmlattr>", "<xmlcomment>", "location",
                                                "type",      "edge",         "junction",
                                                "tlLogic",   "connection"};
        if (!used.contains(tag)) builder.tally().add(fmt::format("<{}> elements ignored", tag));
    }
    return builder.finish();
}

}  // namespace

bool passenger_allowed(std::string_view allow, std::string_view disallow) {
    const auto names = [](std::string_view list, std::string_view word) {
        std::size_t at = 0;
        while (at < list.size()) {
            const std::size_t end = std::min(list.find(' ', at), list.size());
            if (list.substr(at, end - at) == word) return true;
            at = end + 1;
        }
        return false;
    };
    if (!allow.empty()) return names(allow, "all") || names(allow, "passenger");
    if (!disallow.empty()) return !(names(disallow, "all") || names(disallow, "passenger"));
    return true;
}

ImportedDistrict import_sumo(const fs::path& net_or_prefix, LonLat origin) {
    if (net_or_prefix.string().ends_with(".net.xml")) return import_net(net_or_prefix, origin);
    return import_plain(net_or_prefix, origin);
}

}  // namespace tuntas::district
