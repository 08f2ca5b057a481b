#pragma once

#include <algorithm>
#include <cmath>
#include <vector>

#include "engine/ticks.hpp"
#include "models/api/day_type.hpp"

namespace tuntas::model {

/// Which kind of day each day of a run is: from the weekday it starts on and the public holidays
/// the scenario lists. Day 0 is the day the run (its warm-up) starts on.
struct RunCalendar {
    double start_s_of_day{0.0};  ///< the run's start, seconds after local midnight
    unsigned start_weekday{0};   ///< the weekday of day 0: 0 Monday ... 6 Sunday
    std::vector<int> holidays;   ///< days (0: the first) that are public holidays, ascending

    /// The day of run time `t` (0: the run's first day).
    [[nodiscard]] int day_of(engine::Ticks t) const {
        return static_cast<int>(
            std::floor((start_s_of_day + engine::seconds_from_ticks(t)) / 86'400.0));
    }
    /// The kind of day `day`.
    [[nodiscard]] DayType day_type(int day) const {
        if (std::binary_search(holidays.begin(), holidays.end(), day)) return DayType::holiday;
        const int weekday = (static_cast<int>(start_weekday) + day % 7 + 7) % 7;
        return weekday < 4    ? DayType::weekday
               : weekday == 4 ? DayType::friday
               : weekday == 5 ? DayType::saturday
                              : DayType::sunday;
    }
    /// The kind of day at run time `t`.
    [[nodiscard]] DayType day_type_at(engine::Ticks t) const { return day_type(day_of(t)); }
};

}  // namespace tuntas::model
