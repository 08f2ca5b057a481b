#include <catch2/catch.hpp>

#include "viewer/map_view.hpp"

TEST_CASE("viewer::scale_bar_km: the longest 1-2-5 length that fits", "[viewer][unit]") {
    using tuntas::viewer::scale_bar_km;
    using tuntas::viewer::scale_bar_label;
    // 10 px a km, 160 px at most: 16 km fit, 10 km is the bar; 3 px a km: 53 km fit -> 50.
    CHECK(scale_bar_km(10.0F, 160.0F) == Approx(10.0));
    CHECK(scale_bar_km(3.0F, 160.0F) == Approx(50.0));
    CHECK(scale_bar_km(60.0F, 160.0F) == Approx(2.0));
    CHECK(scale_bar_km(400.0F, 160.0F) == Approx(0.2));
    CHECK(scale_bar_km(80.0F, 160.0F) == Approx(2.0));  // exactly 2 km fit
    CHECK(scale_bar_km(0.0F, 160.0F) == 0.0);
    CHECK(scale_bar_label(0.2) == "200 m");
    CHECK(scale_bar_label(50.0) == "50 km");
}

TEST_CASE("viewer::MapView::move_from: a picture of the map moved and scaled as a drag and the "
          "wheel move the map",
          "[viewer][unit]") {
    // Panning moves every point by the drag; zooming by f about a screen point c takes p to
    // c + f (p - c). A picture taken before both must land where the map now is.
    tuntas::viewer::Scene scene;
    scene.low = {0.0F, 0.0F};
    scene.high = {40.0F, 30.0F};
    tuntas::viewer::MapView map;
    map.fit(scene, 800.0F, 600.0F);
    const auto before = map.view_key();
    CHECK(map.move_from(before).scale == 1.0F);
    CHECK(map.move_from(before).dx == 0.0F);
    map.pan(30.0F, -20.0F);
    auto move = map.move_from(before);
    CHECK(move.scale == Approx(1.0));
    CHECK(move.dx == Approx(30.0).margin(1e-3));
    CHECK(move.dy == Approx(-20.0).margin(1e-3));
    map.zoom(2.0F, 100.0F, 50.0F);
    // p -> p + (30, -20) -> (100, 50) + 2 (p + (30, -20) - (100, 50)) = 2 p + (-40, -90).
    move = map.move_from(before);
    CHECK(move.scale == Approx(2.0));
    CHECK(move.dx == Approx(-40.0).margin(1e-2));
    CHECK(move.dy == Approx(-90.0).margin(1e-2));
}
