#include <cmath>
#include <filesystem>
#include <fstream>
#include <numeric>
#include <regex>
#include <sstream>

#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <proj.h>

#include "models/api/input_error.hpp"
#include "models/district/district_generator.hpp"
#include "models/district/district_io.hpp"
#include "models/district/district_summary.hpp"
#include "models/district/population_growth.hpp"
#include "models/district/projection.hpp"

using namespace tuntas::district;
namespace fs = std::filesystem;

namespace {
const fs::path paser_dir = TUNTAS_PASER_DIR;

fs::path scratch(const std::string& name) {
    const auto dir = fs::temp_directory_path() / "tuntas-district-tests" / name;
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
}

/// A small valid district: a 2 x 1 km rectangle of roads, one zone, two facilities.
DistrictData small_district() {
    DistrictData data;
    data.name = "small";
    const LonLat a{116.000, -1.900}, b{116.010, -1.900}, c{116.010, -1.890}, d{116.000, -1.890};
    data.roads = {Road{.line = {a, b}, .road_class = RoadClass::district, .name = "south"},
                  Road{.line = {b, c}, .road_class = RoadClass::district, .name = "east"},
                  Road{.line = {c, d}, .road_class = RoadClass::district, .name = "north"},
                  Road{.line = {d, a}, .road_class = RoadClass::national, .name = "west"}};
    data.zones = {Zone{.id = "z1",
                       .name = "Zone One",
                       .kecamatan = "K",
                       .population = 1000,
                       .centroid = {116.005, -1.895},
                       .polygons = {{{a, b, c, d, a}}}}};
    data.facilities = {Facility{.id = "tps-1",
                                .kind = FacilityKind::tps,
                                .name = "TPS 1",
                                .position = {116.0001, -1.8999},
                                .values = {{"capacity_m3", 6.0}}}};
    return data;
}

std::string read(const fs::path& file) {
    std::stringstream buffer;
    buffer << std::ifstream(file).rdbuf();
    return buffer.str();
}

void replace_in(const fs::path& file, const std::string& from, const std::string& to) {
    std::string text = read(file);
    const auto at = text.find(from);
    REQUIRE(at != std::string::npos);
    text.replace(at, from.size(), to);
    std::ofstream(file) << text;
}

std::vector<std::string> problems_of(const fs::path& folder) {
    try {
        static_cast<void>(load_district(folder));
    } catch (const tuntas::model::InputError& e) {
        std::vector<std::string> lines;
        for (const auto& d : e.diagnostics()) lines.push_back(d.format());
        return lines;
    }
    return {};
}
}  // namespace

TEST_CASE("district::Projection: UTM 50S puts the equator on 117 E at (500 km, 10,000 km)",
          "[district][validation]") {
    // UTM zone 50 has its central meridian at 117 E, false easting 500,000 m, and the southern
    // hemisphere's false northing 10,000,000 m.
    const Projection utm("EPSG:32750");
    const XY origin = utm.forward({117.0, 0.0});
    CHECK(origin.x_m == Approx(500'000.0).margin(0.01));
    CHECK(origin.y_m == Approx(10'000'000.0).margin(0.01));
    // One degree of latitude south along the central meridian: 110,574 m (GRS80 meridian arc
    // from 0 to 1 degree) times the scale factor 0.9996.
    CHECK(utm.forward({117.0, -1.0}).y_m == Approx(10'000'000.0 - 0.9996 * 110'574.4).margin(1.0));
}

TEST_CASE("district::Projection: WGS 84 / UTM without PROJ is PROJ's crs-to-crs within 10 nm, in "
          "both hemispheres",
          "[district][validation]") {
    // Projection takes a WGS 84 / UTM zone to Boost.Geometry's exact transverse Mercator
    // (Poder/Engsager, PROJ's own algorithm for UTM) without loading PROJ; the reference asks
    // PROJ (and its database) for the best operation between the two CRSs. Over each zone's
    // width and six degrees of latitude they agree within 10 nm forward and 1e-12 degrees
    // (0.1 um) back: the same algorithm, its last bits summed in another order (on 100,000
    // random points a zone, a quarter differ, by at most 1.9 nm).
    PJ_CONTEXT* context = proj_context_create();
    struct Zone {
        const char* crs;
        double central_meridian;
        double lat_from;
    };
    for (const Zone zone :
         {Zone{"EPSG:32750", 117.0, -6.0}, Zone{"EPSG:32650", 117.0, 0.5},
          Zone{"EPSG:32701", -177.0, -60.0}, Zone{"EPSG:32660", 177.0, 50.0},
          Zone{"EPSG:32633", 15.0, 30.0},
          // The PROJ strings SUMO's netconvert writes (DRT's, Bologna's) and
          // a southern one in another token order.
          Zone{"+proj=utm +zone=33 +ellps=WGS84 +datum=WGS84 +units=m +no_defs", 15.0, 50.0},
          Zone{"+proj=utm +zone=32 +ellps=WGS84 +datum=WGS84 +units=m +no_defs", 9.0, 42.0},
          Zone{"+proj=utm +south +datum=WGS84 +zone=50 +units=m +type=crs", 117.0, -6.0}}) {
        CAPTURE(zone.crs);
        PJ* raw = proj_create_crs_to_crs(context, "EPSG:4326", zone.crs, nullptr);
        PJ* reference = proj_normalize_for_visualization(context, raw);
        const Projection utm(zone.crs);
        for (double lon = zone.central_meridian - 3.0; lon <= zone.central_meridian + 3.0;
             lon += 0.25) {
            for (double lat = zone.lat_from; lat < zone.lat_from + 6.0; lat += 0.25) {
                const PJ_COORD expected = proj_trans(reference, PJ_FWD, proj_coord(lon, lat, 0, 0));
                const XY got = utm.forward({lon, lat});
                REQUIRE(std::abs(got.x_m - expected.xy.x) < 1e-8);
                REQUIRE(std::abs(got.y_m - expected.xy.y) < 1e-8);
                const LonLat back = utm.inverse(got);
                const PJ_COORD inverse = proj_trans(reference, PJ_INV, expected);
                REQUIRE(std::abs(back.lon - inverse.lp.lam) < 1e-12);
                REQUIRE(std::abs(back.lat - inverse.lp.phi) < 1e-12);
            }
        }
        proj_destroy(reference);
        proj_destroy(raw);
    }
    proj_context_destroy(context);
    CHECK_FALSE(Projection::needs_proj("EPSG:32750"));
    CHECK_FALSE(Projection::needs_proj("+proj=utm +zone=33 +ellps=WGS84 +datum=WGS84 +units=m"));
    CHECK(Projection::needs_proj("EPSG:26915"));
    CHECK(Projection::needs_proj("+proj=utm +zone=50 +south +datum=WGS84 +units=km"));
    // A CRS on another datum takes the database and still works.
    const Projection nad("EPSG:26915");  // NAD83 / UTM 15N
    CHECK(nad.forward({-93.0, 45.0}).x_m == Approx(500'000.0).margin(1.0));
    // Codes next to the UTM ranges are not UTM: 32661 is UPS North, on the database's path.
    const Projection ups("EPSG:32661");
    CHECK(ups.forward({0.0, 90.0}).x_m == Approx(2'000'000.0).margin(1.0));
    CHECK_THROWS_WITH(Projection("EPSG:3275x"), Catch::Contains("PROJ does not know"));
    // A UTM string with anything else (other units, another ellipsoid) is PROJ's to read.
    const Projection kilometres("+proj=utm +zone=50 +south +datum=WGS84 +units=km");
    CHECK(kilometres.forward({117.0, 0.0}).x_m == Approx(500.0).margin(0.001));
    const Projection clarke("+proj=utm +zone=50 +south +ellps=clrk66 +units=m");
    CHECK(clarke.forward({117.0, 0.0}).x_m == Approx(500'000.0).margin(1.0));
}

TEST_CASE("district::load_district: a written district loads back the same", "[district][unit]") {
    const auto dir = scratch("roundtrip");
    write_district(small_district(), dir);
    const auto loaded = load_district(dir);
    const auto summary = summarize(loaded.district);
    CHECK(summary.zones == 1);
    CHECK(summary.population == 1000);
    CHECK(summary.nodes == 4);
    CHECK(summary.links == 8);  // four two-way roads
    CHECK(summary.facilities_by_kind.at("tps") == 1);
    // The 0.01 x 0.01 degree square near 1.9 S: about 1,113 x 1,106 m, so ~1.23 km2.
    CHECK(loaded.district.data().zones[0].area_km2 == Approx(1.113 * 1.106).epsilon(0.01));
    CHECK(loaded.warnings.empty());
}

TEST_CASE("district::District: queries find the nearest node, the zone and the fastest path",
          "[district][unit]") {
    District district(small_district());
    const auto node = district.nearest_node(district.project({116.0099, -1.8999}));
    CHECK(district.nodes()[node].position.lon == Approx(116.010));
    CHECK(district.zone_of(district.project({116.005, -1.895})) == std::optional<std::size_t>{0});
    CHECK_FALSE(district.zone_of(district.project({116.02, -1.895})).has_value());

    // From the south-west corner to the north-east one: two routes of equal length, but the
    // west side is national (60 km/h) and the rest district (40 km/h): via the west and north.
    const auto from = district.nearest_node(district.project({116.000, -1.900}));
    const auto to = district.nearest_node(district.project({116.010, -1.890}));
    const auto path = district.shortest_path(from, to);
    REQUIRE(path.size() == 2);
    CHECK(district.links()[path[0]].name == "west");
    CHECK(district.links()[path[1]].name == "north");
    const auto times = district.travel_times_from(from);
    CHECK(times[to] == Approx(district.links()[path[0]].free_flow_time_s() +
                              district.links()[path[1]].free_flow_time_s()));
}

TEST_CASE("district::load_district: broken files are reported with file, feature and property",
          "[district][unit]") {
    SECTION("broken GeoJSON, and a number beyond a double (fuzz_district: nlohmann's "
            "out_of_range escaped)") {
        struct Broken {
            const char* folder;
            const char* replacement;  // for `"features":[`
            const char* expected;
        };
        for (const auto& [folder, replacement, expected] :
             {Broken{"broken", "\"features\":[,",
                     "roads.geojson: error: broken GeoJSON at line 1, column [0-9]+: .*syntax "
                     "error"},
              Broken{"huge-number", "\n\"features\":[\n-1.9e940,",
                     "roads.geojson: error: broken GeoJSON at line 3, column 1: .*number "
                     "overflow parsing '-1.9e940'"}}) {
            CAPTURE(folder);
            const auto dir = scratch(folder);
            write_district(small_district(), dir);
            replace_in(dir / "roads.geojson", "\"features\":[", replacement);
            const auto problems = problems_of(dir);
            REQUIRE(problems.size() == 1);
            CHECK(std::regex_search(problems[0], std::regex(expected)));
        }
    }
    SECTION("features are read as they are parsed: a file found broken or no collection only "
            "at its end is one problem, and what its features said is undone") {
        // Written keys are sorted: "features" comes before "type", so every feature (one with
        // an unknown class among them) is read before either problem shows.
        const auto broken = scratch("broken-at-end");
        write_district(small_district(), broken);
        replace_in(broken / "roads.geojson", "\"class\":\"district\"", "\"class\":\"highway\"");
        replace_in(broken / "roads.geojson", "\"type\":\"FeatureCollection\"}",
                   "\"type\":\"FeatureCollection\"");
        auto problems = problems_of(broken);
        REQUIRE(problems.size() == 1);
        CHECK(std::regex_search(problems[0],
                                std::regex("roads.geojson: error: broken GeoJSON at line [0-9]+, "
                                           "column [0-9]+: .*unexpected end of input")));
        const auto other = scratch("other-type");
        write_district(small_district(), other);
        replace_in(other / "roads.geojson", "\"class\":\"district\"", "\"class\":\"highway\"");
        replace_in(other / "roads.geojson", "\"type\":\"FeatureCollection\"}",
                   "\"type\":\"Feature\"}");
        problems = problems_of(other);
        REQUIRE(problems.size() == 1);
        CHECK(problems[0] == (other / "roads.geojson").string() +
                                 ": property 'type': error: expected a GeoJSON FeatureCollection");
    }
    SECTION("a second \"features\" replaces the first, as in a json object") {
        // The first list's road has an unknown class; the second, which a json object keeps,
        // holds the file's own roads: the district loads as written.
        const auto dir = scratch("features-twice");
        write_district(small_district(), dir);
        replace_in(dir / "roads.geojson", "{\"features\":[",
                   "{\"features\":[{\"type\":\"Feature\",\"properties\":{\"class\":\"highway\"},"
                   "\"geometry\":{\"type\":\"LineString\",\"coordinates\":[[116.0,-1.9],[116.1,"
                   "-1.9]]}}],\"features\":[");
        CHECK(problems_of(dir).empty());
        const auto loaded = load_district(dir);
        CHECK(summarize(loaded.district).links == 8);
    }
    SECTION("unknown road class, zero length, zone without population") {
        const auto dir = scratch("classes");
        write_district(small_district(), dir);
        replace_in(dir / "roads.geojson", "\"class\":\"district\"", "\"class\":\"highway\"");
        replace_in(dir / "roads.geojson", "\"name\":\"north\"",
                   "\"name\":\"north\",\"length_m\":0");
        replace_in(dir / "zones.geojson", ",\"population\":1000.0", "");
        const auto problems = problems_of(dir);
        REQUIRE(problems.size() == 3);
        CHECK(problems[0] == (dir / "zones.geojson").string() +
                                 ": feature 0: property 'population': error: zone 'Zone One' "
                                 "has no population");
        CHECK(problems[1] == (dir / "roads.geojson").string() +
                                 ": feature 0: property 'class': error: unknown road class "
                                 "'highway' (national, provincial, district, local)");
        CHECK(problems[2] ==
              (dir / "roads.geojson").string() +
                  ": feature 2: property 'length_m': error: a link with zero length");
    }
    SECTION("a true/false or text property of another type, and a feature that is no object") {
        // "estimated": "x" escaped as a JSON type error, an "internal error" (fuzz_district).
        const auto dir = scratch("types");
        write_district(small_district(), dir);
        replace_in(dir / "roads.geojson", "\"name\":\"north\"",
                   "\"name\":\"north\",\"oneway\":\"yes\",\"estimated\":\"x\"");
        replace_in(dir / "zones.geojson", "\"features\":[", "\"features\":[42,");
        const auto problems = problems_of(dir);
        // The feature 42 is no object: no id, population or geometry (three problems).
        REQUIRE(problems.size() == 5);
        CHECK(problems[0] == (dir / "zones.geojson").string() +
                                 ": feature 0: property 'id': error: a zone needs an id");
        CHECK(problems[3] == (dir / "roads.geojson").string() +
                                 ": feature 2: property 'oneway': error: expected true or false");
        CHECK(problems[4] ==
              (dir / "roads.geojson").string() +
                  ": feature 2: property 'estimated': error: expected true or false");
    }
    SECTION("a population and a centroid no district has") {
        // A population of 1e18 and a centroid_lon of 9.2e18 passed the load; the second
        // tripped an assertion mid-run.
        auto data = small_district();
        data.zones[0].population = 1e18;
        const auto dir = scratch("huge");
        write_district(data, dir);
        replace_in(dir / "zones.geojson", "\"centroid_lon\":116.005", "\"centroid_lon\":9.2e18");
        const auto problems = problems_of(dir);
        REQUIRE(problems.size() == 2);
        CHECK(problems[0] == (dir / "zones.geojson").string() +
                                 ": feature 0: property 'population': error: zone 'Zone One' "
                                 "has population 1e+18 (must be in (0, 1e9])");
        CHECK(problems[1] == (dir / "zones.geojson").string() +
                                 ": feature 0: property 'geometry': error: malformed: position "
                                 "(9.2e+18, -1.895) is not a longitude and latitude");
    }
    SECTION("a layer that is a device") {
        // /dev/zero as a layer was read until memory ran out.
        if (fs::exists("/dev/zero")) {
            const auto dir = scratch("device");
            write_district(small_district(), dir);
            replace_in(dir / "district.toml", "zones.geojson", "/dev/zero");
            const auto problems = problems_of(dir);
            REQUIRE(problems.size() == 1);
            CHECK(problems[0] == "/dev/zero: error: not a regular file (a device, folder or pipe)");
        }
    }
    SECTION("a projection PROJ does not know") {
        // It was an "internal error" (exit 1) naming no file.
        auto data = small_district();
        data.projection = "EPSG:999999";
        const auto dir = scratch("projection");
        write_district(data, dir);
        const auto problems = problems_of(dir);
        REQUIRE(problems.size() == 1);
        CHECK(problems[0] == (dir / "district.toml").string() +
                                 ": property 'projection': error: PROJ does not know the "
                                 "projection 'EPSG:999999'");
    }
    SECTION("a backhaul link to a facility the district does not have, or to itself") {
        // A dangling end passed `district inspect` and failed only when a run assembled
        // telecom; a self-loop passed and then hung a run in RouteTree::append_path.
        const auto problem_of_link = [](const std::string& to, const std::string& name) {
            auto data = small_district();
            data.facilities.push_back(Facility{.id = "site-1",
                                               .kind = FacilityKind::cell_site,
                                               .name = "site",
                                               .position = {116.0099, -1.8999},
                                               .values = {{"sectors", 3.0}}});
            data.backhaul.push_back(
                BackhaulLink{.id = "link",
                             .from = "site-1",
                             .to = to,
                             .medium = "fibre",
                             .capacity_mbps = 1000.0,
                             .path = {{116.0099, -1.8999}, {116.0099, -1.8998}}});
            const auto dir = scratch(name);
            write_district(data, dir);
            const auto problems = problems_of(dir);
            REQUIRE(problems.size() == 1);
            return std::pair{problems[0], (dir / "backhaul.geojson").string()};
        };
        const auto [dangling, dangling_file] = problem_of_link("nowhere", "dangling");
        CHECK(dangling == dangling_file +
                              ": feature 0: property 'to': error: 'nowhere' is not a cell site "
                              "or aggregation node of the district");
        const auto [loop, loop_file] = problem_of_link("site-1", "self-loop");
        CHECK(loop == loop_file +
                          ": feature 0: property 'to': error: a link from 'site-1' to itself (a "
                          "self-loop carries nothing and breaks routing)");
    }
    SECTION("turn lanes and turn signals that do not fit their road or program") {
        auto data = small_district();
        data.roads[0].id = "south";
        data.roads[0].oneway = true;
        data.roads[0].lanes = 2;
        data.roads[0].turn_lanes = {{"east", {0, 1}}};
        data.signal_programs.push_back(SignalProgram{.position = data.roads[0].line.back(),
                                                     .phase_durations_s = {30.0, 30.0},
                                                     .green_by_road = {{"south", "Gr"}},
                                                     .green_by_turn = {{"south", {{"east", "Gr"}}}},
                                                     .min_durations_s = {5.0, 30.0},
                                                     .max_durations_s = {50.0, 30.0}});
        // Written as given, they load back as given.
        const auto good = scratch("turns");
        write_district(data, good);
        const auto loaded = load_district(good);
        CHECK(loaded.district.data().roads[0].turn_lanes == data.roads[0].turn_lanes);
        REQUIRE(loaded.district.data().signal_programs.size() == 1);
        CHECK(loaded.district.data().signal_programs[0].green_by_turn ==
              data.signal_programs[0].green_by_turn);
        CHECK(loaded.district.data().signal_programs[0].max_durations_s ==
              data.signal_programs[0].max_durations_s);
        // A lane the road does not have, a turn with more states than the program has phases.
        const auto dir = scratch("bad-turns");
        write_district(data, dir);
        replace_in(dir / "roads.geojson", "\"turn_lanes\":{\"east\":[0,1]}",
                   "\"turn_lanes\":{\"east\":[0,2]}");
        replace_in(dir / "roads.geojson", "\"green_by_turn\":{\"south\":{\"east\":\"Gr\"}}",
                   "\"green_by_turn\":{\"south\":{\"east\":\"Grr\"}}");
        const auto problems = problems_of(dir);
        REQUIRE(problems.size() == 2);
        CHECK(problems[0] == (dir / "roads.geojson").string() +
                                 ": feature 0: property 'turn_lanes': error: turn to 'east': a "
                                 "non-empty list of lane indices in [0, 2) expected (the road's "
                                 "lanes)");
        CHECK(problems[1] == (dir / "roads.geojson").string() +
                                 ": feature 4: property 'green_by_turn': error: turn 'south' -> "
                                 "'east' has 3 phase states for 2 phases");
    }
    SECTION("a zone cut off from the network") {
        auto data = small_district();
        // A separate road island 20 km east, and a zone whose nearest node is on it.
        data.roads.push_back(Road{.line = {{116.20, -1.90}, {116.21, -1.90}},
                                  .road_class = RoadClass::local,
                                  .name = "island"});
        data.zones.push_back(Zone{.id = "z2",
                                  .name = "Island",
                                  .kecamatan = "K",
                                  .population = 50,
                                  .centroid = {116.205, -1.9001}});
        const auto dir = scratch("island");
        write_district(data, dir);
        const auto problems = problems_of(dir);
        REQUIRE(problems.size() == 1);
        CHECK(std::regex_search(
            problems[0], std::regex("zones.geojson: feature 1: property 'geometry': error: zone "
                                    "'z2' reaches road node [0-9]+ in a road component of 2 "
                                    "node\\(s\\) cut off from the main network \\(4 nodes\\)")));
    }
    SECTION("a facility far from any road, an unknown kind") {
        auto data = small_district();
        data.facilities.push_back(Facility{.id = "far",
                                           .kind = FacilityKind::landfill,
                                           .name = "far away",
                                           .position = {116.5, -1.9}});
        const auto dir = scratch("far");
        write_district(data, dir);
        replace_in(dir / "facilities.geojson", "\"kind\":\"tps\"", "\"kind\":\"incinerator\"");
        const auto problems = problems_of(dir);
        REQUIRE(problems.size() == 1);  // kinds are checked before distances
        CHECK(problems[0] == (dir / "facilities.geojson").string() +
                                 ": feature 0: property 'kind': error: unknown facility kind "
                                 "'incinerator'");
        replace_in(dir / "facilities.geojson", "\"kind\":\"incinerator\"", "\"kind\":\"tps\"");
        const auto far = problems_of(dir);
        REQUIRE(far.size() == 1);
        CHECK(std::regex_search(far[0], std::regex("feature 1: property 'geometry': error: "
                                                   "facility 'far' is 54\\.[0-9] km from the "
                                                   "nearest road node")));
    }
}

TEST_CASE("district::generate_district: population, connectivity and determinism",
          "[district][property]") {
    for (const double population : {1e4, 1e5, 1e6}) {
        CAPTURE(population);
        const auto data = generate_district({.population = population, .seed = 3});
        double people = 0.0;
        for (const auto& zone : data.zones) people += zone.population;
        CHECK(people == Approx(population).epsilon(0.001));
        const auto dir = scratch("generated");
        write_district(data, dir);
        const auto loaded = load_district(dir);  // throws on a disconnected zone or facility
        const auto summary = summarize(loaded.district);
        // A cell site per 1,500 people.
        CHECK(static_cast<double>(summary.facilities_by_kind.at("cell_site")) ==
              Approx(population / 1500.0).margin(1.0));
        const auto& components = loaded.district.components();
        CHECK(std::all_of(components.begin(), components.end(),
                          [](std::uint32_t c) { return c == 0; }));
    }
    const auto a = generate_district({.population = 5e4, .seed = 9});
    const auto b = generate_district({.population = 5e4, .seed = 9});
    const auto c = generate_district({.population = 5e4, .seed = 10});
    const auto dir_a = scratch("a"), dir_b = scratch("b"), dir_c = scratch("c");
    write_district(a, dir_a);
    write_district(b, dir_b);
    write_district(c, dir_c);
    CHECK(read(dir_a / "roads.geojson") == read(dir_b / "roads.geojson"));
    CHECK(read(dir_a / "facilities.geojson") == read(dir_b / "facilities.geojson"));
    CHECK(read(dir_a / "roads.geojson") != read(dir_c / "roads.geojson"));
}

TEST_CASE("district: Paser loads with its 144 villages, people and facilities",
          "[district][validation]") {
    const auto loaded = load_district(paser_dir);
    const auto summary = summarize(loaded.district);
    CHECK(summary.zones == 144);
    // Dukcapil, first half of 2025.
    CHECK(summary.population == Approx(312'223).epsilon(0.01));
    // An independent check of boundaries and projection: BIG's land area, 10,780.677 km2.
    CHECK(summary.area_km2 == Approx(10'780.677).epsilon(0.01));
    for (const char* road_class : {"national", "provincial", "district", "local"}) {
        CAPTURE(road_class);
        CHECK(summary.road_km_by_class.at(road_class) > 0.0);
    }
    CHECK(summary.facilities_by_kind.at("landfill") == 2);  // TPA Janju, TPA Batu Sopang
    CHECK(summary.facilities_by_kind.at("tps3r") == 1);
    CHECK(summary.facilities_by_kind.at("transfer_depot") == 4);
    CHECK(summary.facilities_by_kind.at("truck_depot") == 1);
    CHECK(summary.facilities_by_kind.at("aggregation_node") == 1);
    CHECK(summary.facilities_by_kind.at("cell_site") == Approx(208).margin(20));
    // Desa Janju's centroid lies in Desa Janju, where TPA Janju is.
    const auto& zones = loaded.district.data().zones;
    const auto janju =
        std::find_if(zones.begin(), zones.end(), [](const Zone& z) { return z.name == "Janju"; });
    REQUIRE(janju != zones.end());
    const auto found = loaded.district.zone_of(loaded.district.project(janju->centroid));
    REQUIRE(found.has_value());
    CHECK(zones[*found].name == "Janju");
}

TEST_CASE("district::apply_population_growth: a scale for all, then a factor per zone or "
          "kecamatan; a bad table names file, line and column",
          "[district][unit]") {
    DistrictData data;
    data.name = "three";
    data.zones = {Zone{.id = "a", .name = "A", .kecamatan = "K1", .population = 1000},
                  Zone{.id = "b", .name = "B", .kecamatan = "K2", .population = 2000},
                  Zone{.id = "c", .name = "C", .kecamatan = "K2", .population = 4000}};
    const auto dir = scratch("growth");
    std::ofstream(dir / "growth.csv") << "zone,factor\n# new estates in K2\nK2, 1.5\n\na,0.5\n";
    const auto rows = tuntas::district::read_growth_csv(dir / "growth.csv");
    REQUIRE(rows.size() == 2);
    CHECK(rows[0].line == 3);
    tuntas::district::apply_population_growth(data, 1.2, rows, (dir / "growth.csv").string());
    // a: 1000 x 1.2 x 0.5; b and c (kecamatan K2): x 1.2 x 1.5.
    CHECK(data.zones[0].population == Approx(600.0));
    CHECK(data.zones[1].population == Approx(3600.0));
    CHECK(data.zones[2].population == Approx(7200.0));

    const auto problems_of = [&](const std::string& text) {
        std::ofstream(dir / "bad.csv") << text;
        std::vector<std::string> problems;
        try {
            auto copy = data;
            tuntas::district::apply_population_growth(
                copy, 1.0, tuntas::district::read_growth_csv(dir / "bad.csv"),
                (dir / "bad.csv").string());
        } catch (const tuntas::model::InputError& e) {
            for (const auto& d : e.diagnostics()) {
                problems.push_back(
                    fmt::format("{}:{}:{}: {}", d.file, d.line, d.column, d.message));
            }
        }
        return problems;
    };
    const std::string bad = (dir / "bad.csv").string();
    CHECK(problems_of("a,-1\nb\n") ==
          std::vector<std::string>{
              bad + ":1:3: factor of 'a': a number in (0, 100] expected, not '-1'",
              bad + ":2:1: a row is `zone,factor` (a zone id or kecamatan name, a factor)"});
    CHECK(problems_of("Z9,2\n") ==
          std::vector<std::string>{bad + ":1:1: 'Z9' is no zone id or kecamatan of district "
                                         "'three'"});
    CHECK(problems_of("K2,2\nc,3\n") ==
          std::vector<std::string>{bad + ":2:1: zone 'c' was already grown on line 1"});
}
