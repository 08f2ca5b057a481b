#include <stdexcept>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "engine/output_selection.hpp"

using tuntas::engine::OutputSelection;

TEST_CASE("engine::OutputSelection: the default writes everything, selectors pick series and "
          "event tables by kind, model or name",
          "[engine][unit]") {
    const OutputSelection all;
    CHECK(all.everything());
    CHECK(all.wants_series("traffic", "link_flow"));
    CHECK(all.wants_events("traffic", "trips"));
    CHECK(all.text() == "series,events");
    CHECK(OutputSelection("series,events").everything());

    const OutputSelection some(" traffic/trips , waste,series ");
    CHECK_FALSE(some.everything());
    CHECK(some.wants_series("telecom", "bits"));   // every series
    CHECK(some.wants_events("traffic", "trips"));  // named
    CHECK(some.wants_events("waste", "stops"));    // its model named
    CHECK_FALSE(some.wants_events("telecom", "blocked_calls"));
    CHECK(some.text() == "series,traffic/trips,waste");

    const OutputSelection kpis("kpi");
    CHECK_FALSE(kpis.wants_series("traffic", "link_flow"));
    CHECK_FALSE(kpis.wants_events("traffic", "trips"));
    CHECK(kpis.text() == "kpi");
    // A model's name selects its own datasets, not another model's of a similar name.
    const OutputSelection traffic("traffic");
    CHECK_FALSE(traffic.wants_series("traffic2", "x"));
    CHECK(traffic.wants_series("traffic", "link_flow"));

    // What names nothing the run declared.
    const std::vector<std::string> declared{"traffic/link_flow", "traffic/trips", "waste/mass"};
    CHECK(OutputSelection("traffic/tripz,waste,telecom,series").unmatched(declared) ==
          std::vector<std::string>{"traffic/tripz", "telecom"});
    CHECK(OutputSelection("traffic/trips,waste").unmatched(declared).empty());

    for (const char* bad : {"", "series,,events", "traffic/", "/trips", "a b", "a/b/c", "x.y"}) {
        CAPTURE(bad);
        CHECK_THROWS_AS(OutputSelection(bad), std::invalid_argument);
    }
}
