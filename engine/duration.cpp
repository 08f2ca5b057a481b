#include "engine/duration.hpp"

#include <cctype>
#include <charconv>
#include <string>

namespace tuntas::engine {

std::optional<double> parse_duration_s(std::string_view text) {
    double total = 0.0;
    std::size_t i = 0;
    bool any = false;
    while (i < text.size()) {
        while (i < text.size() && text[i] == ' ') ++i;
        if (i == text.size()) break;
        const std::size_t number_start = i;
        while (i < text.size() &&
               (std::isdigit(static_cast<unsigned char>(text[i])) != 0 || text[i] == '.')) {
            ++i;
        }
        if (i == number_start) return std::nullopt;
        double value = 0.0;
        const auto [end, error] =
            std::from_chars(text.data() + number_start, text.data() + i, value);
        if (error != std::errc{} || end != text.data() + i) return std::nullopt;
        while (i < text.size() && text[i] == ' ') ++i;
        const std::size_t unit_start = i;
        while (i < text.size() && std::isalpha(static_cast<unsigned char>(text[i])) != 0) ++i;
        const std::string_view unit = text.substr(unit_start, i - unit_start);
        double scale = 0.0;
        if (unit == "ms")
            scale = 1e-3;
        else if (unit == "s")
            scale = 1.0;
        else if (unit == "min")
            scale = 60.0;
        else if (unit == "h")
            scale = 3600.0;
        else if (unit == "d")
            scale = 86400.0;
        else
            return std::nullopt;
        total += value * scale;
        any = true;
    }
    if (!any) return std::nullopt;
    return total;
}

}  // namespace tuntas::engine
