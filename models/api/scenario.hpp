#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "engine/ticks.hpp"
#include "models/api/section_values.hpp"

namespace tuntas::model {

/// A what-if edit: what (kind), when and its values. `at` and a value `until` are instants of
/// the simulation (time 0 is the start of the warm-up): the loader adds the warm-up to what the
/// file says, which counts from `start`.
struct Edit {
    std::string kind;
    engine::Ticks at{0};
    SectionValues values;
};

/// A validated scenario, ready to assemble: every value checked, defaults filled in.
///
/// Time in the simulation runs from 0, the start of the warm-up, to end(); what is measured
/// (KPIs, tables) begins at `warmup`, which is the local date-time `start_local`.
struct Scenario {
    std::filesystem::path file;        ///< the file it was loaded from
    std::string resolved_toml;         ///< the text after `extends` and --set
    std::string name;                  ///< a planner's title
    std::string district;              ///< district folder (relative to the file)
    double population_scale{1.0};      ///< multiplies every zone's population (every model)
    std::string population_growth;     ///< a CSV of zone or kecamatan factors ("": none)
    std::string start_local;           ///< ISO local date-time, WITA (UTC+8)
    engine::Ticks warmup{0};           ///< simulated before start_local, not measured
    engine::Ticks duration{0};         ///< the measured span, from start_local
    std::uint64_t seed{1};             ///< seeds every random stream
    engine::Ticks sample_interval{0};  ///< time-series sampling
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

    /// The weekday on which the simulation starts: 0 Monday ... 6 Sunday.
    [[nodiscard]] unsigned start_weekday() const {
        const std::chrono::weekday day{std::chrono::floor<std::chrono::days>(simulation_start())};
        return day.iso_encoding() - 1;
    }

private:
    /// The warm-up's start as a local date-time (held in a sys_time: no zone is involved).
    [[nodiscard]] std::chrono::sys_time<std::chrono::microseconds> simulation_start() const {
        using namespace std::chrono;
        if (start_local.size() < 19) return {};
        const auto number = [&](std::size_t at, std::size_t digits) {
            int value = 0;
            for (std::size_t i = at; i < at + digits; ++i)
                value = value * 10 + (start_local[i] - '0');
            return value;
        };
        const year_month_day date{year{number(0, 4)}, month{static_cast<unsigned>(number(5, 2))},
                                  day{static_cast<unsigned>(number(8, 2))}};
        const auto start =
            sys_days{date} + hours{number(11, 2)} + minutes{number(14, 2)} + seconds{number(17, 2)};
        static_assert(engine::ticks_per_second == 1'000'000, "a tick is a microsecond");
        return start - microseconds{warmup};
    }
};

}  // namespace tuntas::model
