#include "scenarios/clock_time.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <string>

#include "engine/duration.hpp"

namespace tuntas::scenarios {

namespace {

/// Local seconds since the epoch of a calendar date and time of day, or nothing.
std::optional<std::int64_t> local_seconds(int year, int month, int day, int hour, int minute,
                                          int second) {
    if (month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23 || minute < 0 ||
        minute > 59 || second < 0 || second > 60)
        return std::nullopt;
    const std::chrono::year_month_day date{std::chrono::year{year},
                                           std::chrono::month{static_cast<unsigned>(month)},
                                           std::chrono::day{static_cast<unsigned>(day)}};
    if (!date.ok()) return std::nullopt;
    return std::chrono::sys_days{date}.time_since_epoch().count() * 86'400LL + hour * 3600LL +
           minute * 60LL + second;
}

/// "HH:MM" or "HH:MM:SS" (nothing after), as seconds after midnight.
std::optional<std::int64_t> time_of_day(const std::string& text) {
    int hour = -1, minute = -1, second = 0;
    char rest = 0;
    const int read = std::sscanf(text.c_str(), "%2d:%2d:%2d%c", &hour, &minute, &second, &rest);
    const bool shaped = (read == 2 && text.size() == 5) || (read == 3 && text.size() == 8);
    if (!shaped || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59)
        return std::nullopt;
    return hour * 3600LL + minute * 60LL + second;
}

}  // namespace

std::optional<std::int64_t> clock_time_offset_s(std::string_view text,
                                                std::string_view start_local) {
    const std::string start_text(
        start_local.substr(0, std::min<std::size_t>(19, start_local.size())));
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, se = 0;
    if (std::sscanf(start_text.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d", &y, &mo, &d, &h, &mi, &se) < 5)
        return std::nullopt;
    const auto start = local_seconds(y, mo, d, h, mi, se);
    if (!start) return std::nullopt;
    const std::string value(text);

    // A local date-time.
    if (value.size() >= 16 && value[4] == '-' && value[10] == 'T') {
        int vy = 0, vmo = 0, vd = 0, vh = 0, vmi = 0, vse = 0;
        char rest = 0;
        const int read = std::sscanf(value.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%c", &vy, &vmo, &vd,
                                     &vh, &vmi, &vse, &rest);
        if ((read != 5 || value.size() != 16) && (read != 6 || value.size() != 19))
            return std::nullopt;
        const auto at = local_seconds(vy, vmo, vd, vh, vmi, vse);
        if (!at) return std::nullopt;
        return *at - *start;
    }

    // A weekday and a time, or a time alone: the first at or after the start.
    const std::int64_t start_midnight = *start - (h * 3600LL + mi * 60LL + se);
    const auto space = value.find(' ');
    std::int64_t days_ahead = 0;
    std::optional<std::int64_t> clock;
    if (space == std::string::npos) {
        clock = time_of_day(value);
    } else {
        static constexpr std::array<std::string_view, 7> days{
            "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"};
        std::string day = value.substr(0, space);
        for (char& c : day) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        const auto found = std::find_if(days.begin(), days.end(), [&](std::string_view name) {
            return day.size() >= 3 && name.substr(0, day.size()) == day;
        });
        if (found == days.end()) return std::nullopt;
        clock = time_of_day(value.substr(space + 1));
        const std::chrono::weekday start_day{std::chrono::sys_days{std::chrono::year_month_day{
            std::chrono::year{y}, std::chrono::month{static_cast<unsigned>(mo)},
            std::chrono::day{static_cast<unsigned>(d)}}}};
        const auto start_index = static_cast<std::int64_t>((start_day.c_encoding() + 6) % 7);
        days_ahead = (static_cast<std::int64_t>(found - days.begin()) - start_index + 7) % 7;
    }
    if (!clock) return std::nullopt;
    std::int64_t at = start_midnight + days_ahead * 86'400LL + *clock;
    if (at < *start) at += (space == std::string::npos ? 1 : 7) * 86'400LL;
    return at - *start;
}

std::optional<double> time_offset_s(std::string_view text, std::string_view start_local) {
    if (const auto duration = engine::parse_duration_s(text)) return *duration;
    if (const auto offset = clock_time_offset_s(text, start_local))
        return static_cast<double>(*offset);
    return std::nullopt;
}

std::string local_clock_text(std::string_view start_local, double seconds) {
    int year = 2025, month = 1, day = 1, hour = 0, minute = 0, second = 0;
    const std::string start(start_local);
    std::sscanf(start.c_str(), "%d-%d-%dT%d:%d:%d", &year, &month, &day, &hour, &minute, &second);
    const std::chrono::sys_days date = std::chrono::year{year} / month / day;
    const auto total =
        static_cast<long long>(std::floor(hour * 3600.0 + minute * 60.0 + second + seconds));
    // Days and the time of day by floor division: a warm-up's instants are before the start.
    const long long days_after = total >= 0 ? total / 86'400 : -((-total + 86'399) / 86'400);
    const std::chrono::sys_days shown = date + std::chrono::days{days_after};
    const std::chrono::year_month_day ymd{shown};
    const std::chrono::weekday weekday{shown};
    static constexpr const char* days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static constexpr const char* months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                             "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    const long long of_day = total - days_after * 86'400;
    char text[64];
    std::snprintf(text, sizeof text, "%s %02u %s %d %02lld:%02lld", days[weekday.c_encoding()],
                  static_cast<unsigned>(ymd.day()), months[static_cast<unsigned>(ymd.month()) - 1],
                  static_cast<int>(ymd.year()), of_day / 3600, (of_day / 60) % 60);
    return text;
}

}  // namespace tuntas::scenarios
