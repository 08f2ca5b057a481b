#include "models/api/csv_rows.hpp"

#include <fstream>

#include <fmt/format.h>

#include "models/api/input_error.hpp"

namespace tuntas::model {

namespace {

/// `text` without leading and trailing blanks.
std::string trimmed(const std::string& text) {
    const auto first = text.find_first_not_of(" \t\r");
    if (first == std::string::npos) return {};
    return text.substr(first, text.find_last_not_of(" \t\r") - first + 1);
}

}  // namespace

std::vector<CsvRow> read_csv_rows(const std::filesystem::path& file, std::string_view header_first,
                                  std::string_view header_second, std::string_view what) {
    std::ifstream in(file);
    if (!in) {
        throw InputError(
            Diagnostic{.file = file.string(), .message = fmt::format("cannot read {}", what)});
    }
    std::vector<CsvRow> rows;
    bool first_row = true;
    std::string text;
    for (int line = 1; std::getline(in, text); ++line) {
        const std::string row = trimmed(text);
        if (row.empty() || row.front() == '#') continue;
        const auto comma = row.find(',');
        CsvRow parsed{
            .first = trimmed(row.substr(0, comma)),
            .second = comma == std::string::npos ? std::string{} : trimmed(row.substr(comma + 1)),
            .has_comma = comma != std::string::npos,
            .line = line,
            .second_column = static_cast<int>(comma == std::string::npos ? 1 : comma + 2)};
        const bool header =
            first_row && parsed.first == header_first && parsed.second == header_second;
        first_row = false;
        if (!header) rows.push_back(std::move(parsed));
    }
    return rows;
}

}  // namespace tuntas::model
