#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>

#include "models/district/district.hpp"
#include "models/district/district_io.hpp"
#include "models/district/district_summary.hpp"
#include "models/district/import_error.hpp"
#include "models/district/osm_import.hpp"
#include "models/district/sumo_import.hpp"

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
    const auto data = import_sumo(data_dir / "sumo" / "tri");
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
    CHECK_THROWS_MATCHES(import_sumo(data_dir / "sumo" / "bad"), ImportError,
                         Catch::Matchers::Message((data_dir / "sumo" / "bad.edg.xml").string() +
                                                  ": edge 'BQ': unknown node 'Q'"));
    CHECK_THROWS_WITH(import_sumo(data_dir / "sumo" / "none"), Catch::Contains("none.nod.xml: no such file"));
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
    const auto boxed = import_osm(data_dir / "osm" / "small.osm",
                                  BoundingBox{116.185, -1.915, 116.1975, -1.890});
    CHECK(boxed.roads.size() == 3);
}
