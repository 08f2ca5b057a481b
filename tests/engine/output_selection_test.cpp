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

TEST_CASE("engine::OutputSelection: an output interval after @ applies to series, the most "
          "specific selector's first",
          "[engine][unit]") {
    const OutputSelection coarse("series@15min,traffic@1h,traffic/link_flow@30min,events");
    CHECK_FALSE(coarse.everything());  // every dataset, but not every sample
    CHECK(coarse.interval_s("traffic", "link_flow") == 1800.0);
    CHECK(coarse.interval_s("traffic", "link_speed") == 3600.0);
    CHECK(coarse.interval_s("waste", "mass") == 900.0);
    CHECK(coarse.wants_events("traffic", "trips"));
    CHECK(coarse.text() == "series@15min,events,traffic@1h,traffic/link_flow@30min");
    CHECK(coarse.intervals_s().size() == 3);

    const OutputSelection one("waste@2h");
    CHECK(one.interval_s("waste", "container_fill") == 7200.0);
    CHECK(one.interval_s("traffic", "link_flow") == 0.0);  // not selected: no interval
    CHECK_FALSE(one.wants_series("traffic", "link_flow"));
    CHECK(OutputSelection("series").interval_s("traffic", "link_flow") == 0.0);

    for (const char* bad :
         {"series@", "series@fast", "series@-5min", "events@1h", "kpi@1h", "traffic@0s"}) {
        CAPTURE(bad);
        CHECK_THROWS_AS(OutputSelection(bad), std::invalid_argument);
    }
}
