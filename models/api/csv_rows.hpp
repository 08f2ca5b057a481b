#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace tuntas::model {

/// A data row of a small two-column CSV, its fields trimmed.
struct CsvRow {
    std::string first;
    std::string second;  ///< empty when the row has no comma
    bool has_comma{false};
    int line{0};           ///< 1-based
    int second_column{1};  ///< 1-based column where the second field starts
};

/// The data rows of a small two-column CSV (`first,second`): blank lines and `#` comments are
/// skipped, and so is a first row `header_first,header_second`. Throws model::InputError naming
/// the file when it cannot be read (`what`: what the file is, for the message).
[[nodiscard]] std::vector<CsvRow> read_csv_rows(const std::filesystem::path& file,
                                                std::string_view header_first,
                                                std::string_view header_second,
                                                std::string_view what);

}  // namespace tuntas::model
