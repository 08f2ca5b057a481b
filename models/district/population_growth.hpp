#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "models/district/records.hpp"

namespace tuntas::district {

/// One row of a population growth table: a zone (by id) or a kecamatan (by name), its factor,
/// and the line it was read from.
struct GrowthRow {
    std::string zone_or_kecamatan;
    double factor{1.0};
    int line{0};
};

/// Reads a population growth CSV: `zone,factor` rows (a zone id or a kecamatan name, and a
/// factor in (0, 100]), an optional header row `zone,factor`, blank lines and `#` comments.
/// Throws model::InputError naming the file, line and column of every malformed row.
[[nodiscard]] std::vector<GrowthRow> read_growth_csv(const std::filesystem::path& file);

/// Multiplies every zone's population by `scale`, then each zone a row names (by id, or every
/// zone of a kecamatan a row names) by its row's factor; the one population every model reads.
/// Throws model::InputError naming `file` and the line of a row that names no zone or kecamatan
/// of the district, or of a zone two rows name.
void apply_population_growth(DistrictData& data, double scale, const std::vector<GrowthRow>& rows,
                             const std::string& file);

}  // namespace tuntas::district
