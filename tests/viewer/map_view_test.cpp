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
