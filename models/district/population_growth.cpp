#include "models/district/population_growth.hpp"

#include <charconv>
#include <cmath>
#include <map>

#include <fmt/format.h>

#include "models/api/csv_rows.hpp"
#include "models/api/input_error.hpp"

namespace tuntas::district {

std::vector<GrowthRow> read_growth_csv(const std::filesystem::path& file) {
    std::vector<GrowthRow> rows;
    std::vector<model::Diagnostic> problems;
    for (const auto& row : model::read_csv_rows(file, "zone", "factor", "the growth table")) {
        double factor = 0.0;
        const auto& value = row.second;
        const auto [end, error] =
            std::from_chars(value.data(), value.data() + value.size(), factor);
        if (!row.has_comma || row.first.empty()) {
            problems.push_back({file.string(), row.line, 1,
                                "a row is `zone,factor` (a zone id or kecamatan name, a factor)"});
        } else if (error != std::errc{} || end != value.data() + value.size() ||
                   !std::isfinite(factor) || factor <= 0.0 || factor > 100.0) {
            problems.push_back({file.string(), row.line, row.second_column,
                                fmt::format("factor of '{}': a number in (0, 100] expected, not "
                                            "'{}'",
                                            row.first, value)});
        } else {
            rows.push_back({row.first, factor, row.line});
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
