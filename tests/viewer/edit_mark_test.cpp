#include <cmath>
#include <string>

#include <catch2/catch.hpp>

#include "viewer/edit_mark.hpp"
#include "viewer/map_view.hpp"

using tuntas::viewer::edit_marks;
using tuntas::viewer::Scene;

namespace {

/// Three links (two of them Jl. Sudirman, one each way), a fibre F1 and two sites, one added.
Scene small_scene() {
    Scene scene;
    scene.nodes = {{0, 0}, {1, 0}, {2, 0}};
    scene.links = {{0, 1, "arterial", "Jl. Sudirman", 40.0},
                   {1, 0, "arterial", "Jl. Sudirman", 40.0},
                   {1, 2, "local", "Jl. Lain", 30.0}};
    scene.backhaul = {{"F1", {0, 0}, {2, 0}, true}};
    scene.cell_sites = {{"S1", "Site one", {0, 1}, 0, 3}, {"added-site-1", "Pasar", {1, 1}, 3, 3}};
    return scene;
}

}  // namespace

TEST_CASE("viewer::edit_marks: a scenario's edits as the map shows them, at their times",
          "[viewer][unit]") {
    const Scene scene = small_scene();
    const std::string toml = R"(
name = "what-ifs"
[[edits]]
label = "festival"
kind = "traffic.close_road"
road = "Jl. Sudirman"
at = "15h"
until = "22h"
[[edits]]
kind = "telecom.cut_link"
link = "F1"
at = "Tue 08:00"
[[edits]]
kind = "telecom.site_down"
site = "S1"
at = 2025-03-03T06:30:00
until = "7h"
[[edits]]
kind = "telecom.add_site"
name = "Pasar"
[[edits]]
kind = "traffic.block_link"
link = 2
at = "600s"
[[edits]]
kind = "waste.close_landfill"
at = "1h"
)";
    const auto marks = edit_marks(toml, "2025-03-03T00:00:00", scene, false);
    REQUIRE(marks.size() == 6);
    // Both links of the road, from 15:00 to 22:00, in words.
    CHECK(marks[0].links == std::vector<std::size_t>{0, 1});
    CHECK(marks[0].text == "Jl. Sudirman closed");
    CHECK(marks[0].label == "festival");
    CHECK(marks[0].at_s == 15 * 3600.0);
    CHECK(marks[0].until_s == 22 * 3600.0);
    CHECK(marks[0].active(16 * 3600.0));
    CHECK_FALSE(marks[0].active(22 * 3600.0));
    // A clock time: the Tuesday after a Monday start, to the end of the run.
    CHECK(marks[1].fibres == std::vector<std::size_t>{0});
    CHECK(marks[1].at_s == (24 + 8) * 3600.0);
    CHECK(std::isinf(marks[1].until_s));
    // A TOML date-time.
    CHECK(marks[2].sites == std::vector<std::size_t>{0});
    CHECK(marks[2].at_s == 6.5 * 3600.0);
    CHECK(marks[2].text == "site Site one down");
    // The added site, by its name.
    CHECK(marks[3].sites == std::vector<std::size_t>{1});
    CHECK(marks[3].adds);
    CHECK(marks[4].links == std::vector<std::size_t>{2});
    CHECK(marks[4].text == "Jl. Lain closed one way (link 2)");
    CHECK(marks[4].at_s == 600.0);
    // What the map cannot draw is listed in its own words.
    CHECK_FALSE(marks[5].on_map());
    CHECK(marks[5].text == "waste.close_landfill");
    // Not TOML, or no edits: nothing.
    CHECK(edit_marks("name = ", "2025-03-03T00:00:00", scene, false).empty());
    CHECK(edit_marks("name = \"x\"", "2025-03-03T00:00:00", scene, true).empty());
}

TEST_CASE("viewer::los_of: degree of saturation bands A to F", "[viewer][unit]") {
    using tuntas::viewer::los_of;
    CHECK(los_of(0.0)->letter == 'A');
    CHECK(los_of(0.20)->letter == 'A');
    CHECK(los_of(0.21)->letter == 'B');
    CHECK(los_of(0.70)->letter == 'C');
    CHECK(los_of(0.85)->letter == 'D');
    CHECK(los_of(1.00)->letter == 'E');
    CHECK(los_of(1.01)->letter == 'F');
    CHECK(los_of(std::nan("")) == nullptr);
    // A road full of standing vehicles is LOS F however little passes it (a spillback-starved
    // link has a low DS); a busy free-moving road keeps its DS's band.
    using tuntas::viewer::road_los;
    CHECK(road_los(0.05, 0.95)->letter == 'F');
    CHECK(road_los(0.05, 0.90)->letter == 'F');
    CHECK(road_los(0.05, 0.89)->letter == 'A');
    CHECK(road_los(0.80, 0.30)->letter == 'D');
    CHECK(road_los(std::nan(""), 0.95)->letter == 'F');
    CHECK(road_los(std::nan(""), std::nan("")) == nullptr);
}
