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

TEST_CASE("scenarios::time_offset_s and local_clock_text: durations or clock times, and back",
          "[scenarios][unit]") {
    using tuntas::scenarios::local_clock_text;
    using tuntas::scenarios::time_offset_s;
    const char* monday = "2025-03-03T06:00:00";
    CHECK(time_offset_s("30h", monday) == 30 * 3600.0);
    CHECK(time_offset_s("Tue 17:00", monday) == (24 + 11) * 3600.0);
    CHECK(time_offset_s("07:30", monday) == 1.5 * 3600.0);
    CHECK_FALSE(time_offset_s("soon", monday));
    // 06:00 Monday plus 19 h 30 min is past midnight: Tuesday 01:30.
    CHECK(local_clock_text(monday, 19.5 * 3600.0) == "Tue 04 Mar 2025 01:30");
    CHECK(local_clock_text("2025-03-03T00:00:00+08:00", -2 * 86400.0) == "Sat 01 Mar 2025 00:00");
    // In the warm-up, before the start: the evening before, not a negative hour.
    CHECK(local_clock_text("2025-03-03T00:00:00", -3600.0) == "Sun 02 Mar 2025 23:00");
}
