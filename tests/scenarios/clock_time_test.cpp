#include <catch2/catch.hpp>

#include "scenarios/clock_time.hpp"

using tuntas::scenarios::clock_time_offset_s;

TEST_CASE("scenarios::clock_time_offset_s: date-times, weekdays and times of day from a start",
          "[scenarios][unit]") {
    // 2025-03-04 is a Tuesday; the start is 08:30 that day.
    const char* start = "2025-03-04T08:30:00";
    constexpr std::int64_t hour = 3600;
    CHECK(clock_time_offset_s("2025-03-04T17:00:00", start) == 8 * hour + 1800);
    CHECK(clock_time_offset_s("2025-03-04T17:00", start) == 8 * hour + 1800);
    CHECK(clock_time_offset_s("2025-03-04T08:00", start) == -1800);  // before: negative
    CHECK(clock_time_offset_s("Tue 17:00", start) == 8 * hour + 1800);
    CHECK(clock_time_offset_s("tuesday 08:00", start) == 7 * 24 * hour - 1800);  // next week's
    CHECK(clock_time_offset_s("Tue 08:30", start) == 0);                         // the start itself
    CHECK(clock_time_offset_s("Wed 00:00", start) == 15 * hour + 1800);
    CHECK(clock_time_offset_s("Mon 00:00", start) == 5 * 24 * hour + 15 * hour + 1800);
    CHECK(clock_time_offset_s("07:30", start) == 23 * hour);  // tomorrow's
    CHECK(clock_time_offset_s("09:15:30", start) == 45 * 60 + 30);
    // A start with a zone suffix (a result's) reads the same.
    CHECK(clock_time_offset_s("Tue 17:00", "2025-03-04T08:30:00+08:00") == 8 * hour + 1800);
    // Not clock times.
    for (const char* text : {"17h", "Tux 17:00", "Tu 17:00", "25:00", "7:3", "2025-02-30T10:00",
                             "2025-03-04 17:00", "Tue", "Tue 17:00 extra", ""}) {
        CAPTURE(text);
        CHECK_FALSE(clock_time_offset_s(text, start).has_value());
    }
    CHECK_FALSE(clock_time_offset_s("17:00", "not a start").has_value());
}
