// The roads layer's fast reader (read_road_layer_fast) against the reference reader over
// nlohmann::json values: on every text the same records or the same problems, and the fast one
// taking the layers tuntas writes itself (else it would be a slower way to the same result).
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <variant>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "models/district/district_generator.hpp"
#include "models/district/district_io.hpp"
#include "models/district/road_layer.hpp"
#include "models/district/sumo_import.hpp"

using namespace tuntas::district;
namespace fs = std::filesystem;

namespace {

const fs::path data_dir = TUNTAS_MODELS_TEST_DATA_DIR;

std::string read_all(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

/// The roads layer a district folder written from `data` holds.
std::string written_roads(const DistrictData& data, const std::string& name) {
    const auto folder = fs::temp_directory_path() / "tuntas-road-layer-tests" / name;
    fs::remove_all(folder);
    write_district(data, folder);
    return read_all(folder / "roads.geojson");
}

/// Both readers on `text`: the same records, or the same problems.
void require_same_reading(const std::string& text) {
    const auto fast = read_road_layer("roads.geojson", text, LayerReader::fastest);
    const auto reference = read_road_layer("roads.geojson", text, LayerReader::reference);
    REQUIRE(fast.index() == reference.index());
    if (const auto* layer = std::get_if<RoadLayer>(&reference)) {
        const auto& fast_layer = std::get<RoadLayer>(fast);
        CHECK(fast_layer.roads == layer->roads);
        CHECK(fast_layer.signals == layer->signals);
        CHECK(fast_layer.signal_programs == layer->signal_programs);
    } else {
        std::vector<std::string> fast_problems;
        std::vector<std::string> reference_problems;
        for (const auto& p : std::get<1>(fast)) fast_problems.push_back(p.format());
        for (const auto& p : std::get<1>(reference)) reference_problems.push_back(p.format());
        CHECK(fast_problems == reference_problems);
    }
}

/// A small layer with a road of every kind the readers know: a one-way road with turn times
/// and turn lanes, a two-way road, a signal, and an actuated signal program with turn states.
nlohmann::json small_layer() {
    return nlohmann::json::parse(R"({
      "type": "FeatureCollection",
      "features": [
        {"type": "Feature",
         "geometry": {"type": "LineString", "coordinates": [[116.20, -1.89], [116.21, -1.89]]},
         "properties": {"id": "a", "name": "Jalan A", "class": "district", "lanes": 2,
                        "speed_kmh": 50.5, "capacity_pcu_per_h_per_lane": 1800,
                        "length_m": 1100.0, "oneway": true, "priority": 3,
                        "source": "hand-made", "estimated": true,
                        "turn_s": {"b": 2.5, "c": 0},
                        "turn_lanes": {"b": [0], "c": [0, 1]}}},
        {"type": "Feature",
         "geometry": {"type": "LineString",
                      "coordinates": [[116.21, -1.89], [116.21, -1.88], [116.22, -1.88]]},
         "properties": {"id": "b", "class": "local"}},
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [116.21, -1.89]},
         "properties": {"kind": "signal"}},
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [116.21, -1.88]},
         "properties": {"kind": "signal_program", "phase_durations_s": [30, 5, 25.5],
                        "green_by_road": {"a": "Grr", "b": "rrG"},
                        "green_by_turn": {"a": {"b": "Ggr", "c": "grr"}},
                        "min_durations_s": [10, 5, 10], "max_durations_s": [60, 5, 50],
                        "offset_s": 12}}
      ]})");
}

/// `small_layer` with `edit` applied to it, as text.
template <class Edit>
std::string edited(const Edit& edit) {
    auto layer = small_layer();
    edit(layer);
    return layer.dump();
}

}  // namespace

TEST_CASE("district::read_road_layer_fast takes the layers tuntas writes, as the reference does",
          "[district][unit]") {
    SECTION("Paser's roads") {
        const std::string text = read_all(fs::path(TUNTAS_PASER_DIR) / "roads.geojson");
        REQUIRE(read_road_layer_fast(text).has_value());
        require_same_reading(text);
    }
    SECTION("a generated district") {
        const std::string text =
            written_roads(generate_district({.population = 20'000, .seed = 7}), "generated");
        REQUIRE(read_road_layer_fast(text).has_value());
        require_same_reading(text);
    }
    SECTION("a SUMO network with a signal program, turn lanes and turn times") {
        const auto imported = import_sumo(data_dir / "sumo" / "cross.net.xml");
        REQUIRE_FALSE(imported.data.signal_programs.empty());
        const std::string text = written_roads(imported.data, "cross");
        const auto layer = read_road_layer_fast(text);
        REQUIRE(layer.has_value());
        // As imported, but for positions (the writer keeps six decimals of a degree).
        auto programs = layer->signal_programs;
        auto expected = imported.data.signal_programs;
        for (auto& program : programs) program.position = {};
        for (auto& program : expected) program.position = {};
        CHECK(programs == expected);
        require_same_reading(text);
    }
    SECTION("every kind of road, with keys in any order and members no reader looks at") {
        const std::string text = small_layer().dump();
        const auto layer = read_road_layer_fast(text);
        REQUIRE(layer.has_value());
        // Read off small_layer() by hand.
        REQUIRE(layer->roads.size() == 4);
        const Road& a = layer->roads[0];
        CHECK(a.id == "a");
        CHECK(a.name == "Jalan A");
        CHECK(a.road_class == RoadClass::district);
        CHECK(a.lanes == 2);
        CHECK(a.free_speed_kmh == 50.5);
        CHECK(a.capacity_pcu_per_h_per_lane == 1800.0);
        CHECK(a.length_m == 1100.0);
        CHECK(a.oneway);
        CHECK(a.priority == 3);
        CHECK(a.provenance == Provenance{"hand-made", true});
        CHECK(a.turn_s == std::map<std::string, double>{{"b", 2.5}, {"c", 0.0}});
        CHECK(a.turn_lanes == std::map<std::string, std::vector<int>>{{"b", {0}}, {"c", {0, 1}}});
        CHECK(a.line == std::vector<LonLat>{{116.20, -1.89}, {116.21, -1.89}});
        const Road& b = layer->roads[1];
        CHECK(b.line.size() == 3);
        CHECK(b.lanes == 0);
        CHECK(b.priority == -1);
        CHECK_FALSE(b.oneway);
        CHECK(layer->roads[2] == Road{});  // the signal's place
        CHECK(layer->signals == std::vector<LonLat>{{116.21, -1.89}});
        REQUIRE(layer->signal_programs.size() == 1);
        const SignalProgram& program = layer->signal_programs[0];
        CHECK(program.phase_durations_s == std::vector<double>{30.0, 5.0, 25.5});
        CHECK(program.min_durations_s == std::vector<double>{10.0, 5.0, 10.0});
        CHECK(program.max_durations_s == std::vector<double>{60.0, 5.0, 50.0});
        CHECK(program.offset_s == 12.0);
        CHECK(program.green_by_turn.at("a").at("c") == "grr");
        require_same_reading(text);

        // The same layer written by hand: members in another order, an altitude, members and
        // top-level keys nobody reads (with containers in them), whitespace.
        const std::string shuffled = R"( {"features": [
          {"properties": {"turn_lanes": {"c": [0, 1], "b": [0]}, "oneway": true, "lanes": 2,
                          "turn_s": {"c": 0, "b": 2.5}, "class": "district", "id": "a",
                          "name": "Jalan A", "speed_kmh": 50.5, "length_m": 1100.0,
                          "capacity_pcu_per_h_per_lane": 1800, "priority": 3,
                          "source": "hand-made", "estimated": true,
                          "note": {"x": [1, {"y": null}], "z": false}, "tags": null},
           "geometry": {"coordinates": [[116.20, -1.89, 12.5], [116.21, -1.89, 13]],
                        "type": "LineString", "bbox": [0, 0, 1, 1]},
           "id": 17, "type": "Feature"}],
          "bbox": [1, 2, 3, 4], "type": "FeatureCollection", "crs": {"type": "name"}} )";
        const auto same = read_road_layer_fast(shuffled);
        REQUIRE(same.has_value());
        REQUIRE(same->roads.size() == 1);
        CHECK(same->roads[0] == a);
        require_same_reading(shuffled);
    }
}

TEST_CASE("district::read_road_layer_fast declines what the reference reports or reads otherwise",
          "[district][unit]") {
    using nlohmann::json;
    // Each text: the fast reader declines it, and both readers give the same outcome (the
    // reference's problems, or for the last ones the records only it takes).
    const std::vector<std::pair<const char*, std::string>> texts{
        {"no FeatureCollection type", edited([](json& l) { l.erase("type"); })},
        {"features no array", edited([](json& l) { l["features"] = json::object(); })},
        {"a top level that is an array", "[1, 2]"},
        {"a feature that is a number", edited([](json& l) { l["features"].push_back(3); })},
        {"an unknown road class",
         edited([](json& l) { l["features"][0]["properties"]["class"] = "highway"; })},
        {"no class", edited([](json& l) { l["features"][1]["properties"].erase("class"); })},
        {"a class that is a number",
         edited([](json& l) { l["features"][1]["properties"]["class"] = 2; })},
        {"no properties", edited([](json& l) { l["features"][1].erase("properties"); })},
        {"lanes as text", edited([](json& l) { l["features"][0]["properties"]["lanes"] = "2"; })},
        {"lanes 0", edited([](json& l) { l["features"][0]["properties"]["lanes"] = 0; })},
        {"oneway as a number",
         edited([](json& l) { l["features"][0]["properties"]["oneway"] = 1; })},
        {"a priority beyond 255",
         edited([](json& l) { l["features"][0]["properties"]["priority"] = 256; })},
        {"a turn time beyond an hour",
         edited([](json& l) { l["features"][0]["properties"]["turn_s"]["b"] = 3601; })},
        {"turn times on a two-way road",
         edited([](json& l) { l["features"][0]["properties"]["oneway"] = false; })},
        {"a turn lane beyond the road's lanes",
         edited([](json& l) { l["features"][0]["properties"]["turn_lanes"]["b"] = {2}; })},
        {"no turn lanes listed", edited([](json& l) {
             l["features"][0]["properties"]["turn_lanes"]["b"] = json::array();
         })},
        {"a turn lane 1.0", edited([](json& l) {
             l["features"][0]["properties"]["turn_lanes"]["b"] = json::parse("[1.0]");
         })},
        {"a length of 0", edited([](json& l) { l["features"][0]["properties"]["length_m"] = 0; })},
        {"a line that does not move", edited([](json& l) {
             l["features"][1]["geometry"]["coordinates"] = {{116.2, -1.9}, {116.2, -1.9}};
         })},
        {"a line of one point", edited([](json& l) {
             l["features"][1]["geometry"]["coordinates"] = {{116.2, -1.9}};
         })},
        {"a latitude beyond 90",
         edited([](json& l) { l["features"][1]["geometry"]["coordinates"][0][1] = 91; })},
        {"a position of one number",
         edited([](json& l) { l["features"][1]["geometry"]["coordinates"][0] = {116.2}; })},
        {"a polygon", edited([](json& l) { l["features"][1]["geometry"]["type"] = "Polygon"; })},
        {"no geometry", edited([](json& l) { l["features"][1].erase("geometry"); })},
        {"a point of another kind",
         edited([](json& l) { l["features"][2]["properties"]["kind"] = "stop"; })},
        {"phase states that do not fit",
         edited([](json& l) { l["features"][3]["properties"]["green_by_road"]["a"] = "Gr"; })},
        {"turn states that do not fit",
         edited([](json& l) { l["features"][3]["properties"]["green_by_turn"]["a"]["b"] = "G"; })},
        {"a minimum without a maximum",
         edited([](json& l) { l["features"][3]["properties"].erase("max_durations_s"); })},
        {"a minimum above its maximum",
         edited([](json& l) { l["features"][3]["properties"]["min_durations_s"][0] = 61; })},
        {"no phase durations",
         edited([](json& l) { l["features"][3]["properties"].erase("phase_durations_s"); })},
        // Taken by the reference, declined here: records only the reference's rules give.
        {"a name that is a number (the reference reads no name)",
         edited([](json& l) { l["features"][0]["properties"]["name"] = 5; })},
        {"a speed null (the reference: the class default)",
         edited([](json& l) { l["features"][0]["properties"]["speed_kmh"] = nullptr; })},
        {"a coordinate true (the reference: 1)",
         edited([](json& l) { l["features"][1]["geometry"]["coordinates"][0][0] = true; })},
        {"a phase duration true (the reference: 1 s)",
         edited([](json& l) { l["features"][3]["properties"]["phase_durations_s"][1] = true; })},
        {"a key given twice (the reference: the last)",
         R"({"type": "FeatureCollection", "features": [{"type": "Feature",
             "geometry": {"type": "LineString", "coordinates": [[116.2, -1.9], [116.3, -1.9]]},
             "properties": {"class": "local", "lanes": 0, "lanes": 2}}]})"},
        {"a road's turn states given twice (the reference: the last)",
         R"({"type": "FeatureCollection", "features": [{"type": "Feature",
             "geometry": {"type": "Point", "coordinates": [116.2, -1.9]},
             "properties": {"kind": "signal_program", "phase_durations_s": [30],
                            "green_by_road": {"a": "G"},
                            "green_by_turn": {"a": {"b": "G"}, "a": {"c": "r"}}}}]})"},
        {"properties given twice (the reference: the last)",
         R"({"type": "FeatureCollection", "features": [{"type": "Feature",
             "geometry": {"type": "LineString", "coordinates": [[116.2, -1.9], [116.3, -1.9]]},
             "properties": {"class": "local"}, "properties": {"class": "national"}}]})"},
        {"an escaped id (the fast JSON reader declines \\u)",
         edited([](json& l) { l["features"][0]["properties"]["id"] = "a\x01"; })},
    };
    for (const auto& [what, text] : texts) {
        INFO(what);
        CHECK_FALSE(read_road_layer_fast(text).has_value());
        require_same_reading(text);
    }
}
