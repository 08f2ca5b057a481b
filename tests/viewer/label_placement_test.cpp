#include <catch2/catch.hpp>

#include "viewer/label_placement.hpp"

using tuntas::viewer::LabelBox;
using tuntas::viewer::place_labels;

TEST_CASE("viewer::place_labels: the more populous name wins a crowded spot, apart names all stay",
          "[viewer][unit]") {
    // Three names in a row, 40 px wide, 10 px apart: A and B overlap (B starts inside A), C is
    // clear of both. B has more people: B stays, A goes, C stays.
    const std::vector<LabelBox> boxes{{0, 0, 40, 12}, {30, 0, 70, 12}, {80, 0, 120, 12}};
    CHECK(place_labels(boxes, {100.0, 500.0, 50.0}, 0.0F) == std::vector<std::size_t>{1, 2});
    // A gap of 12 px around each makes C (10 px from B) too close as well.
    CHECK(place_labels(boxes, {100.0, 500.0, 50.0}, 12.0F) == std::vector<std::size_t>{1});
    // Equal people: the first listed first.
    CHECK(place_labels(boxes, {1.0, 1.0, 1.0}, 0.0F) == std::vector<std::size_t>{0, 2});
    // Touching edges do not overlap; one box above another 2 px lower does.
    const std::vector<LabelBox> stacked{{0, 0, 40, 12}, {40, 0, 80, 12}, {10, 10, 50, 22}};
    CHECK(place_labels(stacked, {3.0, 2.0, 1.0}, 0.0F) == std::vector<std::size_t>{0, 1});
    CHECK(place_labels({}, {}, 4.0F).empty());
}
