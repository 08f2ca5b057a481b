#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <vector>

namespace tuntas::engine {

/// A table of a result read column by column: number columns (integers and reals, as double) and
/// text columns, each `rows` long.
struct ColumnTable {
    std::size_t rows{0};
    std::map<std::string, std::vector<double>> numbers;
    std::map<std::string, std::vector<std::string>> texts;

    /// A number column, or an empty one when the table does not have it.
    [[nodiscard]] const std::vector<double>& number(const std::string& name) const {
        static const std::vector<double> none;
        const auto it = numbers.find(name);
        return it == numbers.end() ? none : it->second;
    }
    /// A text column, or an empty one.
    [[nodiscard]] const std::vector<std::string>& text(const std::string& name) const {
        static const std::vector<std::string> none;
        const auto it = texts.find(name);
        return it == texts.end() ? none : it->second;
    }
};

}  // namespace tuntas::engine
