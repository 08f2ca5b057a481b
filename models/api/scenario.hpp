#pragma once

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "engine/output_selection.hpp"
#include "engine/ticks.hpp"
#include "models/api/run_calendar.hpp"
#include "models/api/section_values.hpp"

namespace tuntas::model {

/// A what-if edit: what (kind), when and its values. `at` and a value `until` are instants of
/// the simulation (time 0 is the start of the warm-up): the loader adds the warm-up to what the
/// file says, which counts from `start`.
struct Edit {
    std::string kind;
    std::string label;  ///< "" unless labelled (`--set edits.LABEL.KEY=value` reaches it)
    engine::Ticks at{0};
    SectionValues values;
};

/// A validated scenario, ready to assemble: every value checked, defaults filled in.
///
/// Time in the simulation runs from 0, the start of the warm-up, to end(); what is measured
/// (KPIs, tables) begins at `warmup`, which is the local date-time `start_local`.
struct Scenario {
    std::filesystem::path file;         ///< the file it was loaded from
    std::string resolved_toml;          ///< the text after `extends` and --set
    std::string name;                   ///< a planner's title
    std::string district;               ///< district folder (relative to the file)
    double population_scale{1.0};       ///< multiplies every zone's population (every model)
    std::string population_growth;      ///< a CSV of zone or kecamatan factors ("": none)
    std::vector<std::string> holidays;  ///< public holidays, local dates "YYYY-MM-DD"
    std::string start_local;            ///< ISO local date-time, WITA (UTC+8)
    engine::Ticks warmup{0};            ///< simulated before start_local, not measured
    engine::Ticks duration{0};          ///< the measured span, from start_local
    std::uint64_t seed{1};              ///< seeds every random stream
    engine::Ticks sample_interval{0};   ///< time-series sampling
    engine::OutputSelection outputs;    ///< which series and event tables the result holds
    SourceLocation outputs_location;    ///< where `outputs` was set (for errors found at run)
    bool compressed_output{true};       ///< series and event tables shuffled and deflated
    std::map<std::string, SectionValues> models;  ///< model sections present, by name
    std::vector<Edit> edits;                      ///< in file order

    /// The simulation's end: warm-up plus measured span.
    [[nodiscard]] engine::Ticks end() const { return warmup + duration; }

    /// Seconds after local midnight at which the simulation starts (the warm-up's start).
    [[nodiscard]] double start_s_of_day() const {
        const auto since_midnight =
            simulation_start() - std::chrono::floor<std::chrono::days>(simulation_start());
        return std::chrono::duration<double>(since_midnight).count();
    }

    /// The run's calendar: day 0 is the warm-up's first day; the holidays as day indexes.
    [[nodiscard]] RunCalendar calendar() const {
        RunCalendar calendar{.start_s_of_day = start_s_of_day(), .start_weekday = start_weekday()};
        const auto first = std::chrono::floor<std::chrono::days>(simulation_start());
        for (const auto& date : holidays) {
            if (date.size() < 10) continue;
            const auto day = std::chrono::sys_days{date_of(date)} - first;
            calendar.holidays.push_back(static_cast<int>(day.count()));
        }
        std::sort(calendar.holidays.begin(), calendar.holidays.end());
        return calendar;
    }

    /// The weekday on which the simulation starts: 0 Monday ... 6 Sunday.
    [[nodiscard]] unsigned start_weekday() const {
        const std::chrono::weekday day{std::chrono::floor<std::chrono::days>(simulation_start())};
        return day.iso_encoding() - 1;
    }

private:
    /// The digits of `text` from `at`, as a number.
    [[nodiscard]] static int number_in(const std::string& text, std::size_t at,
                                       std::size_t digits) {
        int value = 0;
        for (std::size_t i = at; i < at + digits; ++i) value = value * 10 + (text[i] - '0');
        return value;
    }
    /// The date "YYYY-MM-DD..." begins with.
    [[nodiscard]] static std::chrono::year_month_day date_of(const std::string& text) {
        using namespace std::chrono;
        return year_month_day{year{number_in(text, 0, 4)},
                              month{static_cast<unsigned>(number_in(text, 5, 2))},
                              day{static_cast<unsigned>(number_in(text, 8, 2))}};
    }
    /// The warm-up's start as a local date-time (held in a sys_time: no zone is involved).
    [[nodiscard]] std::chrono::sys_time<std::chrono::microseconds> simulation_start() const {
        using namespace std::chrono;
        if (start_local.size() < 19) return {};
        const auto number = [&](std::size_t at, std::size_t digits) {
            return number_in(start_local, at, digits);
        };
        const auto start = sys_days{date_of(start_local)} + hours{number(11, 2)} +
                           minutes{number(14, 2)} + seconds{number(17, 2)};
        static_assert(engine::ticks_per_second == 1'000'000, "a tick is a microsecond");
        return start - microseconds{warmup};
    }
};

}  // namespace tuntas::model
