#include "models/district/population_growth.hpp"

#include <charconv>
#include <cmath>
#include <fstream>
#include <map>

#include <fmt/format.h>

#include "models/api/input_error.hpp"

namespace tuntas::district {

namespace {

/// `text` without leading and trailing blanks.
std::string trimmed(const std::string& text) {
    const auto first = text.find_first_not_of(" \t\r");
    if (first == std::string::npos) return {};
    return text.substr(first, text.find_last_not_of(" \t\r") - first + 1);
}

}  // namespace

std::vector<GrowthRow> read_growth_csv(const std::filesystem::path& file) {
    std::ifstream in(file);
    if (!in) {
        throw model::InputError(
            model::Diagnostic{.file = file.string(), .message = "cannot read the growth table"});
    }
    std::vector<GrowthRow> rows;
    std::vector<model::Diagnostic> problems;
    std::string text;
    for (int line = 1; std::getline(in, text); ++line) {
        const std::string row = trimmed(text);
        if (row.empty() || row.front() == '#') continue;
        const auto comma = row.find(',');
        const std::string name = trimmed(row.substr(0, comma));
        const std::string value =
            comma == std::string::npos ? std::string{} : trimmed(row.substr(comma + 1));
        if (rows.empty() && problems.empty() && name == "zone" && value == "factor") continue;
        double factor = 0.0;
        const auto [end, error] =
            std::from_chars(value.data(), value.data() + value.size(), factor);
        const int column = static_cast<int>(comma == std::string::npos ? 1 : comma + 2);
        if (comma == std::string::npos || name.empty()) {
            problems.push_back({file.string(), line, 1,
                                "a row is `zone,factor` (a zone id or kecamatan name, a factor)"});
        } else if (error != std::errc{} || end != value.data() + value.size() ||
                   !std::isfinite(factor) || factor <= 0.0 || factor > 100.0) {
            problems.push_back({file.string(), line, column,
                                fmt::format("factor of '{}': a number in (0, 100] expected, not "
                                            "'{}'",
                                            name, value)});
        } else {
            rows.push_back({name, factor, line});
        }
    }
    if (!problems.empty()) throw model::InputError(std::move(problems));
    return rows;
}

void apply_population_growth(DistrictData& data, double scale, const std::vector<GrowthRow>& rows,
                             const std::string& file) {
    for (auto& zone : data.zones) zone.population *= scale;
    std::vector<model::Diagnostic> problems;
    std::map<std::size_t, int> grown;  // zone -> the line that grew it
    for (const auto& row : rows) {
        std::vector<std::size_t> zones;
        for (std::size_t z = 0; z < data.zones.size(); ++z) {
            if (data.zones[z].id == row.zone_or_kecamatan) zones.assign(1, z);
        }
        if (zones.empty()) {
            for (std::size_t z = 0; z < data.zones.size(); ++z) {
                if (data.zones[z].kecamatan == row.zone_or_kecamatan) zones.push_back(z);
            }
        }
        if (zones.empty()) {
            problems.push_back({file, row.line, 1,
                                fmt::format("'{}' is no zone id or kecamatan of district '{}'",
                                            row.zone_or_kecamatan, data.name)});
            continue;
        }
        for (const std::size_t z : zones) {
            if (const auto [at, fresh] = grown.emplace(z, row.line); !fresh) {
                problems.push_back({file, row.line, 1,
                                    fmt::format("zone '{}' was already grown on line {}",
                                                data.zones[z].id, at->second)});
                continue;
            }
            data.zones[z].population *= row.factor;
        }
    }
    if (!problems.empty()) throw model::InputError(std::move(problems));
}

}  // namespace tuntas::district
