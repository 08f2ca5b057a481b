#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <unistd.h>

#include "models/api/input_error.hpp"
#include "models/district/district.hpp"
#include "models/district/district_io.hpp"
#include "models/district/district_summary.hpp"
#include "models/district/osm_import.hpp"
#include "models/district/projection.hpp"
#include "models/district/sumo_import.hpp"
#include "models/traffic/sumo_route_file.hpp"
#include "models/traffic/sumo_routes.hpp"
#include "models/traffic/traffic_builder.hpp"

using namespace tuntas::district;
namespace fs = std::filesystem;

namespace {
const fs::path data_dir = TUNTAS_MODELS_TEST_DATA_DIR;

const RoadLink& link_named(const District& district, const std::string& road_id) {
    const auto& links = district.links();
    const auto it = std::find_if(links.begin(), links.end(), [&](const RoadLink& l) {
        return district.data().roads[l.feature].id == road_id;
    });
    REQUIRE(it != links.end());
    return *it;
}
}  // namespace

TEST_CASE("district::import_sumo: a plain-XML network keeps ids, lengths, lanes, speeds, signals",
          "[district][unit]") {
    const auto imported = import_sumo(data_dir / "sumo" / "tri");
    const auto& data = imported.data;
    REQUIRE(data.roads.size() == 5);
    CHECK(data.signals.size() == 1);
    CHECK(data.zones.empty());
    // Write and load it back, as `tuntas import sumo` does, and check against the 3-4-5 triangle.
    const auto dir = fs::temp_directory_path() / "tuntas-import-tests" / "sumo";
    fs::remove_all(dir);
    write_district(data, dir);
    const auto loaded = load_district(dir);
    const District& district = loaded.district;
    CHECK(district.links().size() == 5);  // SUMO edges are directed
    CHECK(link_named(district, "AB").length_m == Approx(300.0).margin(0.05));
    CHECK(link_named(district, "BC").length_m == Approx(400.0).margin(0.05));
    CHECK(link_named(district, "CA").length_m == Approx(500.0).margin(0.05));  // along its shape
    CHECK(link_named(district, "AB").lanes == 2);
    CHECK(link_named(district, "AB").free_speed_m_per_s == Approx(13.89).epsilon(1e-6));
    CHECK(link_named(district, "BC").road_class == RoadClass::national);  // 80 km/h
    CHECK(link_named(district, "AB").road_class == RoadClass::district);  // 50 km/h
    CHECK(link_named(district, "CA").road_class == RoadClass::local);     // highway.residential
    const auto signalised = std::count_if(district.nodes().begin(), district.nodes().end(),
                                          [](const RoadNode& n) { return n.signalised; });
    CHECK(signalised == 1);
}

TEST_CASE("district::import_sumo: an edge to an unknown node names file, edge and node",
          "[district][unit]") {
    CHECK_THROWS_MATCHES(import_sumo(data_dir / "sumo" / "bad"), tuntas::model::InputError,
                         Catch::Matchers::Message((data_dir / "sumo" / "bad.edg.xml").string() +
                                                  ": edge 'BQ': error: unknown node 'Q'"));
    CHECK_THROWS_WITH(import_sumo(data_dir / "sumo" / "none"),
                      Catch::Contains("none.nod.xml: error: no such file"));
}

/// The triangle network of tests/models/data/sumo/tri, written and loaded as `tuntas import` does,
/// in a folder of this process's own: ctest runs the test cases that call this side by side, and
/// one removing the folder while another loaded it failed a run.
namespace {
District tri_district() {
    const auto dir = fs::temp_directory_path() / "tuntas-import-tests" /
                     ("sumo-routes-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    write_district(import_sumo(data_dir / "sumo" / "tri").data, dir);
    District district = std::move(load_district(dir).district);
    fs::remove_all(dir);
    return district;
}
}  // namespace

TEST_CASE("traffic::read_sumo_routes: a route through a turn no car lane connects is counted",
          "[traffic][unit]") {
    // The triangle with road BC's connections giving its car lane only the turn to CA: v1's
    // route "BC CB" turns where SUMO would hold the car until it teleports.
    auto data = import_sumo(data_dir / "sumo" / "tri").data;
    for (auto& road : data.roads) {
        if (road.id == "BC") road.turn_lanes = {{"CA", {0}}};
    }
    const auto dir = fs::temp_directory_path() / "tuntas-import-tests" / "sumo-turns";
    fs::remove_all(dir);
    write_district(data, dir);
    const auto district = std::move(load_district(dir).district);
    auto network = tuntas::traffic::make_network(district, tuntas::traffic::TrafficParams{});
    std::vector<std::string> warnings;
    const auto batch =
        tuntas::traffic::read_sumo_routes(data_dir / "sumo" / "tri.rou.xml", district, *network,
                                          3600 * tuntas::engine::ticks_per_second, 1, &warnings);
    const auto& trips = batch.trips;
    CHECK(trips.size() == 3);  // still driven
    CAPTURE(warnings);
    CHECK(std::count(warnings.begin(), warnings.end(),
                     "vehicles whose route takes a turn no car lane connects (SUMO holds them at "
                     "the edge's end until they teleport; here they turn): 1 (e.g. v1: BC -> "
                     "CB)") == 1);
}

TEST_CASE("traffic::read_sumo_routes: named and inline routes become trips in departure order",
          "[traffic][unit]") {
    const District district = tri_district();
    auto network = tuntas::traffic::make_network(district, tuntas::traffic::TrafficParams{});
    const auto hour = 3600 * tuntas::engine::ticks_per_second;
    const auto batch = tuntas::traffic::read_sumo_routes(data_dir / "sumo" / "tri.rou.xml",
                                                         district, *network, hour);
    const auto& trips = batch.trips;
    // "late" departs at the end of the run and is left out; the rest sorted by departure.
    REQUIRE(trips.size() == 3);
    CHECK(trips[0].depart == 5 * tuntas::engine::ticks_per_second);   // v1: BC CB
    CHECK(trips[1].depart == 10 * tuntas::engine::ticks_per_second);  // v0: around
    CHECK(trips[2].depart == 20 * tuntas::engine::ticks_per_second);  // v2: around
    CHECK(trips[0].route_end - trips[0].route_begin == 2);
    CHECK(trips[0].length_m == Approx(800.0).margin(0.1));
    CHECK(trips[0].origin_node == trips[0].destination_node);  // B to C and back
    const auto& links = district.links();
    const auto& route = batch.route_links;
    for (const auto& trip : {trips[1], trips[2]}) {
        REQUIRE(trip.route_end - trip.route_begin == 3);
        CHECK(district.data().roads[links[route[trip.route_begin]].feature].id == "AB");
        CHECK(district.data().roads[links[route[trip.route_begin + 2]].feature].id == "CA");
        CHECK(trip.length_m == Approx(300.0 + 400.0 + 500.0).margin(0.1));
        CHECK(trip.free_flow_s ==
              Approx(300.0 / 13.89 + 400.0 / 22.22 + 500.0 / 8.33).epsilon(1e-3));
    }
}

TEST_CASE("traffic::read_sumo_routes: a bad route names file, line, vehicle and edge",
          "[traffic][unit]") {
    using tuntas::traffic::read_sumo_routes;
    const District district = tri_district();
    auto network = tuntas::traffic::make_network(district, tuntas::traffic::TrafficParams{});
    const auto sumo = data_dir / "sumo";
    CHECK_THROWS_MATCHES(read_sumo_routes(sumo / "bad-edge.rou.xml", district, *network, 1),
                         tuntas::model::InputError,
                         Catch::Matchers::Message((sumo / "bad-edge.rou.xml").string() +
                                                  ":6: vehicle 'v1': error: unknown edge 'XY'"));
    CHECK_THROWS_MATCHES(read_sumo_routes(sumo / "gap.rou.xml", district, *network, 1),
                         tuntas::model::InputError,
                         Catch::Matchers::Message((sumo / "gap.rou.xml").string() +
                                                  ":3: vehicle 'v0': error: edge 'CA' does "
                                                  "not start where the previous one ends"));
    CHECK_THROWS_MATCHES(read_sumo_routes(sumo / "undefined.rou.xml", district, *network, 1),
                         tuntas::model::InputError,
                         Catch::Matchers::Message((sumo / "undefined.rou.xml").string() +
                                                  ":3: vehicle 'v0': error: route 'nowhere' is "
                                                  "not defined before it"));
    // A flow to t = 7.8e11 s every 2 s ran out of memory expanding (fuzz_sumo_routes).
    CHECK_THROWS_MATCHES(read_sumo_routes(sumo / "huge-flow.rou.xml", district, *network, 1),
                         tuntas::model::InputError,
                         Catch::Matchers::Message((sumo / "huge-flow.rou.xml").string() +
                                                  ":3: flow 'f1': error: it makes about 3.89e+11 "
                                                  "vehicles (or draws), more than the 10000000 a "
                                                  "route file may hold: shorten it (begin, end) or "
                                                  "lower its rate"));
}

TEST_CASE("district::import_osm: ways split at junctions, tags become attributes",
          "[district][unit]") {
    const auto data = import_osm(data_dir / "osm" / "small.osm");
    // Way 10 (primary, two-way) and way 11 (residential, one-way) cross at node 2: four
    // segments; the footway is not a road for motor traffic.
    REQUIRE(data.roads.size() == 4);
    CHECK(data.signals.size() == 1);
    REQUIRE(data.zones.size() == 2);
    CHECK(data.zones[0].name == "Desa Uji");
    CHECK(data.zones[0].population == 1234);
    CHECK_FALSE(data.zones[0].provenance.estimated);
    CHECK(data.zones[1].population == 100);  // a hamlet without a population tag
    CHECK(data.zones[1].provenance.estimated);
    const auto primary = std::count_if(data.roads.begin(), data.roads.end(), [](const Road& r) {
        return r.road_class == RoadClass::national && !r.oneway && r.lanes == 2 &&
               r.name == "Jl. Jenderal Sudirman";
    });
    CHECK(primary == 2);  // 4 lanes in all, 2 per direction
    const auto residential = std::count_if(data.roads.begin(), data.roads.end(), [](const Road& r) {
        return r.road_class == RoadClass::local && r.oneway && r.free_speed_kmh == 30.0;
    });
    CHECK(residential == 2);

    const auto dir = fs::temp_directory_path() / "tuntas-import-tests" / "osm";
    fs::remove_all(dir);
    write_district(data, dir);
    const auto loaded = load_district(dir);
    CHECK(loaded.district.links().size() == 6);  // 2 two-way + 2 one-way
    CHECK(loaded.district.nodes().size() == 5);

    // A box that leaves node 3 out drops the segment that reaches it.
    const auto boxed =
        import_osm(data_dir / "osm" / "small.osm", BoundingBox{116.185, -1.915, 116.1975, -1.890});
    CHECK(boxed.roads.size() == 3);
}

TEST_CASE("district::import_sumo: a .net.xml keeps the lanes cars may use, drops what they may "
          "not, splits a joined signal and says what it dropped or assumed",
          "[district][unit]") {
    // tests/models/data/sumo/cross.net.xml, hand-written; each expectation below is read off
    // the file by hand.
    const auto imported = import_sumo(data_dir / "sumo" / "cross.net.xml");
    const auto& data = imported.data;
    std::map<std::string, const tuntas::district::Road*> roads;
    for (const auto& road : data.roads) roads[road.id] = &road;
    // WC (a sidewalk and two car lanes), CE (a bus lane and a car lane), EJ (no permissions);
    // not NC (footway), SE (rail) or the internal edge :C_0.
    REQUIRE(roads.size() == 3);
    REQUIRE(roads.contains("WC"));
    REQUIRE(roads.contains("CE"));
    REQUIRE(roads.contains("EJ"));
    CHECK(roads["WC"]->lanes == 2);
    CHECK(roads["CE"]->lanes == 1);
    CHECK(roads["EJ"]->lanes == 1);
    CHECK(roads["WC"]->free_speed_kmh == Approx(16.67 * 3.6));  // its fastest car lane
    CHECK(roads["WC"]->length_m == Approx(100.0));  // junction centre to centre, not the lane
    CHECK(roads["WC"]->road_class == RoadClass::national);  // highway.primary
    CHECK(data.signals.size() == 2);
    // GS_joined controls C (WC ends there) and E (CE ends there): a program at each, phases
    // 31/4/20 s from the first (actuated) program, offset 5 s; WC's links are green in phase
    // 0, CE's in phase 2.
    REQUIRE(data.signal_programs.size() == 2);
    for (const auto& program : data.signal_programs) {
        CHECK(program.phase_durations_s == std::vector<double>{31.0, 4.0, 20.0});
        CHECK(program.offset_s == 5.0);
        CHECK(program.min_durations_s == std::vector<double>{5.0, 4.0, 20.0});
        CHECK(program.max_durations_s == std::vector<double>{50.0, 4.0, 20.0});
        CHECK(program.green_by_road.size() == 1);
    }
    const auto green_of = [&](const std::string& road) {
        for (const auto& program : data.signal_programs) {
            if (const auto found = program.green_by_road.find(road);
                found != program.green_by_road.end())
                return found->second;
        }
        return std::string{};
    };
    CHECK(green_of("WC") == "Grr");
    CHECK(green_of("CE") == "rrG");
    // ... and per turn: WC -> CE from its car lanes (links 0 and 1), CE -> EJ (link 2).
    const auto turn_green_of = [&](const std::string& road, const std::string& next) {
        for (const auto& program : data.signal_programs) {
            if (const auto found = program.green_by_turn.find(road);
                found != program.green_by_turn.end() && found->second.contains(next))
                return found->second.at(next);
        }
        return std::string{};
    };
    // A turn is protected ('G') when one of its lanes' links is (WC's lanes: 'g' and 'G'),
    // permissive ('g') when all are (CE -> EJ); its road is green either way.
    CHECK(turn_green_of("WC", "CE") == "Grr");
    CHECK(turn_green_of("CE", "EJ") == "rrg");
    // Turn lanes: WC's car lanes (SUMO's lanes 1 and 2, its car lanes 0 and 1) both lead to
    // CE; CE's one car lane (SUMO's lane 1) to EJ; EJ's connection goes to SE, no road.
    CHECK(roads["WC"]->turn_lanes == std::map<std::string, std::vector<int>>{{"CE", {0, 1}}});
    CHECK(roads["CE"]->turn_lanes == std::map<std::string, std::vector<int>>{{"EJ", {0}}});
    CHECK(roads["EJ"]->turn_lanes.empty());
    CHECK(data.projection == "EPSG:32750");  // no geo-reference: laid out in UTM 50S
    const auto said = [&](const std::string& text) {
        return std::any_of(imported.warnings.begin(), imported.warnings.end(),
                           [&](const std::string& w) { return w.find(text) != std::string::npos; });
    };
    CAPTURE(imported.warnings);
    CHECK(said("edges no car may use, left out (highway.footway): 1 (e.g. NC)"));
    CHECK(said("edges no car may use, left out (railway.rail): 1 (e.g. SE)"));
    CHECK(said("lanes no car may use (sidewalks, bike or bus lanes), left out: 2 (e.g. WC, CE)"));
    CHECK(said("actuated signal programs: a phase ends after its minDur once no car has "
               "reached its green lanes' stop lines for 3 s"));
    CHECK(said("further programs of a signal ignored (the first is used): 1 (e.g. GS_joined)"));
    CHECK(said("signal programs controlling several junctions"));
    CHECK(said("no geo-reference"));
    CHECK(said("priority junctions: turns take their internal lane's time and yielding ones slow "
               "down; no conflict delay"));
    // WC -> CE from WC's lane 1 goes via internal lane :C_0_0 (9.03 m at 6.51 m/s), which
    // continues on :C_1_0 (5 m at 5 m/s): what those 14.03 m take at their speeds over what
    // they take at WC's 16.67 m/s (WC's length already runs to C's centre), plus braking from
    // 16.67 to 5 m/s at 4.5 m/s² ((16.67 - 5)² / (2 4.5 16.67) = 0.9078 s) and speeding up to
    // CE's 13.89 m/s at 2.6 m/s² ((13.89 - 5)² / (2 2.6 13.89) = 1.0942 s). From lane 2 it has
    // no internal lane and keeps its speed: 0 s. The two lanes' turns are averaged.
    REQUIRE(roads["WC"]->turn_s.contains("CE"));
    const double turn_s = (9.03 / 6.51 + 1.0 - (9.03 + 5.0) / 16.67 +
                           11.67 * 11.67 / (2 * 4.5 * 16.67) + 8.89 * 8.89 / (2 * 2.6 * 13.89)) /
                          2.0;
    CHECK(roads["WC"]->turn_s.at("CE") == Approx(turn_s));
    CHECK(roads["CE"]->turn_s.empty());
    // Right of way from the connections' states: EJ's link is minor ('m'), WC's and CE's not.
    CHECK(roads["EJ"]->priority == 0);
    CHECK(roads["WC"]->priority == 1);
    CHECK(roads["CE"]->priority == 1);
    // Written and loaded back, the turn is the traffic network's time from WC onto CE at C.
    const auto dir = fs::temp_directory_path() / "tuntas-import-tests" / "sumo-cross";
    fs::remove_all(dir);
    write_district(data, dir);
    const auto loaded = load_district(dir);
    auto network = tuntas::traffic::make_network(loaded.district, tuntas::traffic::TrafficParams{});
    const auto& links = loaded.district.links();
    const auto link_of = [&](const std::string& id) {
        for (std::uint32_t l = 0; l < links.size(); ++l) {
            if (loaded.district.data().roads[links[l].feature].id == id) return l;
        }
        FAIL("no link " << id);
        return 0U;
    };
    const auto wc = link_of("WC");
    const auto ce = link_of("CE");
    const auto c = network->links[wc].to;
    const auto& in = network->in_links[c];
    const auto& out = network->out_links[c];
    const auto i = static_cast<std::size_t>(std::find(in.begin(), in.end(), wc) - in.begin());
    const auto o = static_cast<std::size_t>(std::find(out.begin(), out.end(), ce) - out.begin());
    CHECK(tuntas::engine::seconds_from_ticks(network->turn(c, i, o)) ==
          Approx(turn_s).margin(1e-6));
    // The program is at C from the start (make_network), WC -> CE green in phase 0 only, in
    // one queue (both its lanes lead there).
    CHECK(network->plans[c].cycle == tuntas::engine::ticks_from_seconds(55.0));
    CHECK(network->movement(c, i, o).green_phases == 0b001U);
    CHECK(network->links[wc].queues == 1);
    CHECK(said("<roundabout> elements ignored"));
    CHECK(imported.warnings.size() == 9);
}

TEST_CASE("district::import_sumo: a projParameter PROJ does not know names the file",
          "[district][unit]") {
    const auto dir = fs::temp_directory_path() / "tuntas-import-tests" / "bad-proj";
    fs::remove_all(dir);
    fs::create_directories(dir);
    for (const char* part : {".nod.xml", ".edg.xml"})
        fs::copy_file(data_dir / "sumo" / (std::string("tri") + part),
                      dir / (std::string("tri") + part));
    {
        std::ifstream in(dir / "tri.nod.xml");
        std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        const auto at = text.find("projParameter=\"!\"");
        REQUIRE(at != std::string::npos);
        text.replace(at, 17, "projParameter=\"+proj=garbage\"");
        std::ofstream(dir / "tri.nod.xml") << text;
    }
    CHECK_THROWS_MATCHES(import_sumo(dir / "tri"), tuntas::model::InputError,
                         Catch::Matchers::Message(
                             (dir / "tri.nod.xml").string() +
                             ": error: location projParameter: PROJ does not know the projection "
                             "'+proj=garbage'"));
    // Not a form PROJ reads without searching its database by name (fuzz_sumo_network: "0,100"
    // took 11 s in that search): refused before PROJ sees it.
    for (const std::string text : {"0,100", "WGS 84 / UTM zone 50S", "EPSG:", ":4326"}) {
        CAPTURE(text);
        CHECK_THROWS_WITH(tuntas::district::Projection(text),
                          Catch::Matchers::StartsWith("'" + text + "' is no projection"));
    }
    CHECK_NOTHROW(tuntas::district::Projection("EPSG:4326"));
    CHECK_NOTHROW(tuntas::district::Projection("+proj=utm +zone=50 +south +datum=WGS84"));
}

TEST_CASE("district::import_sumo: a rail crossing's program-less signal is counted, an unknown "
          "program is an error",
          "[district][unit]") {
    // netconvert gives a rail crossing's connections a signal id with no tlLogic and link
    // index -1 (SUMO's game network DRT/osm.net.xml has them); a link index of a program the
    // file does not have is a broken file.
    const auto with_connection = [](const std::string& name, const std::string& connection) {
        const auto dir = fs::temp_directory_path() / "tuntas-import-tests" / name;
        fs::remove_all(dir);
        fs::create_directories(dir);
        std::ifstream in(data_dir / "sumo" / "cross.net.xml");
        std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        text.replace(text.find("</net>"), 6, connection + "\n</net>");
        std::ofstream(dir / "cross.net.xml") << text;
        return dir / "cross.net.xml";
    };
    const auto crossing = import_sumo(with_connection(
        "rail-crossing", R"(<connection from="EJ" to="SE" fromLane="0" toLane="0" tl="RC" )"
                         R"(linkIndex="-1" dir="s" state="M"/>)"));
    CHECK(std::count(crossing.warnings.begin(), crossing.warnings.end(),
                     "connections over rail crossings (linkIndex -1): cars cross freely, no "
                     "trains run: 1 (e.g. RC)") == 1);
    const auto unknown = with_connection(
        "unknown-program", R"(<connection from="EJ" to="SE" fromLane="0" toLane="0" tl="XX" )"
                           R"(linkIndex="0" dir="s" state="M"/>)");
    CHECK_THROWS_MATCHES(import_sumo(unknown), tuntas::model::InputError,
                         Catch::Matchers::Message(unknown.string() +
                                                  ": connection from 'EJ': error: unknown "
                                                  "tlLogic 'XX'"));
}

TEST_CASE("district::passenger_allowed: SUMO's allow and disallow lists", "[district][unit]") {
    using tuntas::district::passenger_allowed;
    CHECK(passenger_allowed("", ""));
    CHECK(passenger_allowed("all", ""));
    CHECK(passenger_allowed("bus passenger", ""));
    CHECK_FALSE(passenger_allowed("bus", ""));
    CHECK_FALSE(passenger_allowed("delivery bicycle pedestrian", ""));
    CHECK_FALSE(passenger_allowed("passengers", ""));  // whole words only
    CHECK(passenger_allowed("", "pedestrian bicycle"));
    CHECK_FALSE(passenger_allowed("", "all"));
    CHECK_FALSE(passenger_allowed("", "bus passenger"));
}

TEST_CASE("traffic::read_sumo_routes: vTypes, distributions, trips and flows are used; persons, "
          "stops and placement attributes are counted",
          "[traffic][unit]") {
    using tuntas::traffic::VehicleClass;
    const District district = tri_district();
    auto network = tuntas::traffic::make_network(district, tuntas::traffic::TrafficParams{});
    const auto day = 86'400 * tuntas::engine::ticks_per_second;
    const auto s = tuntas::engine::ticks_per_second;
    std::vector<std::string> warnings;
    const auto batch = tuntas::traffic::read_sumo_routes(data_dir / "sumo" / "full.rou.xml",
                                                         district, *network, day, 7, &warnings);
    const auto& trips = batch.trips;
    const auto& links = district.links();
    const auto& route = batch.route_links;
    const auto roads_of = [&](const tuntas::traffic::Trip& trip) {
        std::vector<std::string> ids;
        for (auto k = trip.route_begin; k < trip.route_end; ++k)
            ids.push_back(district.data().roads[links[route[k]].feature].id);
        return ids;
    };
    // v0, t0, t1, v2, f0's 4, f1's 400 (one a second over [0, 400)) and f2's Binomial(1000,
    // 0.1) (mean 100, sd 9.5); not b0 (a bicycle), v1 (depart="triggered") or p0 (a person).
    const auto from_f2 = static_cast<double>(trips.size()) - 4.0 - 4.0 - 400.0;
    CHECK(from_f2 == Approx(100.0).margin(5 * 9.5));
    std::map<std::string, int> classes;
    int f1_motorcycles = 0;
    for (const auto& trip : trips) ++classes[std::string(name_of(trip.vehicle_class))];
    // The trips in departure order: v0 at 0 (a motorcycle on r1), then t0 at 10 s, a truck
    // routed AB -> BC -> CA (the only way from B to C), t1 at 20 s on BC alone.
    const auto at = [&](tuntas::engine::Ticks depart, VehicleClass c) {
        return std::find_if(trips.begin(), trips.end(), [&](const auto& t) {
            return t.depart == depart && t.vehicle_class == c;
        });
    };
    const auto t0 = at(10 * s, VehicleClass::heavy_truck);
    REQUIRE(t0 != trips.end());
    CHECK(roads_of(*t0) == std::vector<std::string>{"AB", "BC", "CA"});
    CHECK(t0->length_m == Approx(1200.0).margin(0.1));
    // f0: number 4 over [100, 200): at 100, 125, 150, 175 s, on r1.
    for (const int depart : {100, 125, 150, 175}) {
        const auto f = at(depart * s, VehicleClass::car);
        REQUIRE(f != trips.end());
        CHECK(roads_of(*f) == std::vector<std::string>{"AB", "BC"});
    }
    // f1 draws its type from "mix" (car 3 : motorcycle 1) vehicle by vehicle: 400 draws,
    // a quarter motorcycles (sd 8.7). v0 is the only other motorcycle.
    f1_motorcycles = classes["motorcycle"] - 1;
    CHECK(f1_motorcycles == Approx(100.0).margin(5 * 8.7));
    CHECK(classes["heavy_truck"] == 1);
    CHECK(classes.count("bus") == 0);
    const auto said = [&](const std::string& text) {
        return std::any_of(warnings.begin(), warnings.end(),
                           [&](const std::string& w) { return w.find(text) != std::string::npos; });
    };
    CAPTURE(warnings);
    CHECK(said("<person> elements left out (tuntas moves vehicles only): 1 (e.g. p0)"));
    CHECK(said("<stop> elements not used (vehicles drive through without a dwell): 1 (e.g. v2)"));
    CHECK(said("attribute 'departLane' not used"));
    CHECK(said("vType attribute 'accel' not used"));
    CHECK(said("vehicles with depart=\"triggered\" left out (a time is needed): 1 (e.g. v1)"));
    CHECK(said("vehicles of vClass 'bicycle' left out (not a road vehicle here): 1 (e.g. b0)"));
    CHECK(warnings.size() == 6);
    // The same seed draws the same types and flow vehicles; another seed others.
    auto again_network = tuntas::traffic::make_network(district, tuntas::traffic::TrafficParams{});
    const auto again = tuntas::traffic::read_sumo_routes(data_dir / "sumo" / "full.rou.xml",
                                                         district, *again_network, day, 7)
                           .trips;
    REQUIRE(again.size() == trips.size());
    for (std::size_t k = 0; k < trips.size(); ++k) {
        CHECK(again[k].depart == trips[k].depart);
        CHECK(again[k].vehicle_class == trips[k].vehicle_class);
    }
}

TEST_CASE("traffic::vehicle_class_of_vclass: SUMO's classes as tuntas's", "[traffic][unit]") {
    using tuntas::traffic::vehicle_class_of_vclass;
    using tuntas::traffic::VehicleClass;
    CHECK(vehicle_class_of_vclass("") == VehicleClass::car);
    CHECK(vehicle_class_of_vclass("passenger") == VehicleClass::car);
    CHECK(vehicle_class_of_vclass("moped") == VehicleClass::motorcycle);
    CHECK(vehicle_class_of_vclass("delivery") == VehicleClass::light_truck);
    CHECK(vehicle_class_of_vclass("trailer") == VehicleClass::heavy_truck);
    CHECK(vehicle_class_of_vclass("coach") == VehicleClass::bus);
    CHECK_FALSE(vehicle_class_of_vclass("pedestrian"));
    CHECK_FALSE(vehicle_class_of_vclass("rail"));
}

TEST_CASE("traffic::read_sumo_route_file: routes that leave one edge by different edges keep "
          "every edge's id",
          "[traffic][unit]") {
    // The reader guesses a route's next edge from what followed it last time (the guess is
    // wrong here half the time) and looks it up by name when the guess fails.
    const auto file =
        fs::temp_directory_path() / ("tuntas-branching-" + std::to_string(::getpid()) + ".rou.xml");
    const std::vector<std::vector<std::string>> routes = {
        {"a", "b", "c"}, {"a", "b", "d"}, {"a", "c"}, {"b", "d", "a", "b", "c"},
        {"a", "bb"},     {"a", "b"},      {"c"},      {"aa", "b", "c"}};
    {
        std::ofstream out(file);
        out << "<routes>\n";
        for (std::size_t v = 0; v < routes.size(); ++v) {
            out << "  <vehicle id=\"v" << v << "\" depart=\"" << v << "\"><route edges=\"";
            for (const auto& edge : routes[v]) out << edge << ' ';
            out << "\"/></vehicle>\n";
        }
        out << "</routes>\n";
    }
    const auto read = tuntas::traffic::read_sumo_route_file(file, 1);
    fs::remove(file);
    REQUIRE(read.vehicles.size() == routes.size());
    for (std::size_t v = 0; v < routes.size(); ++v) {
        std::vector<std::string> names;
        for (auto k = read.vehicles[v].route_begin; k < read.vehicles[v].route_end; ++k)
            names.push_back(read.edge_names[read.route_edges[k]]);
        CHECK(names == routes[v]);
    }
    // Each name once, in order of first use.
    CHECK(read.edge_names == std::vector<std::string>{"a", "b", "c", "d", "bb", "aa"});
}
