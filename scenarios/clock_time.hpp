#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tuntas::scenarios {

/// Seconds from `start_local` ("YYYY-MM-DDTHH:MM:SS", local time, anything after ignored) to
/// the instant `text` names: a local date-time ("2025-03-04T17:00:00", seconds optional), a
/// weekday and time ("Tue 17:00", "tuesday 17:00"; the first at or after the start) or a time of
/// day ("17:00" or "17:00:30", likewise). nullopt when `text` is none of those or the start does
/// not read; a date-time before the start gives a negative offset.
[[nodiscard]] std::optional<std::int64_t> clock_time_offset_s(std::string_view text,
                                                              std::string_view start_local);

/// Seconds from `start_local` to the instant `text` names as the viewer's `--at`, export's `--at`
/// and an edit's `at` take it: a duration from the start ("30h", "2d7h30min") or a clock time
/// (clock_time_offset_s). nullopt when it is neither.
[[nodiscard]] std::optional<double> time_offset_s(std::string_view text,
                                                  std::string_view start_local);

/// "Mon 03 Mar 2025 07:30": the local clock `seconds` after `start_local`
/// ("2025-03-03T00:00:00", anything after ignored; a start that does not read counts from
/// 2025-01-01 00:00).
[[nodiscard]] std::string local_clock_text(std::string_view start_local, double seconds);

}  // namespace tuntas::scenarios
