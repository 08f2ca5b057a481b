#pragma once

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "engine/dataset_name.hpp"
#include "engine/recorder.hpp"

namespace tuntas::engine {

/// A column of a table read row by row: its name, unit and description next to the function
/// that gives row i's value (an integer or bool, a floating-point number or a string; the
/// column's type follows).
template <class Value>
struct RowColumn {
    std::string name;
    std::string unit;
    std::string description;
    Value value;
};

/// A column named `name` with `unit` and `description`, whose row i is value(i).
template <class Value>
[[nodiscard]] RowColumn<Value> column(std::string name, std::string unit, std::string description,
                                      Value value) {
    return {std::move(name), std::move(unit), std::move(description), std::move(value)};
}

namespace detail {

/// The column type of values of type `Result`, as narrow as holds every value of it: bool and
/// signed 8-bit integers int8, other integers up to 16 bits and signed 32-bit ones int32, wider
/// ones int64; float float32, double float64; a string text.
template <class Result>
constexpr ColumnType column_type() {
    if constexpr (std::is_same_v<Result, bool> ||
                  (std::is_integral_v<Result> && std::is_signed_v<Result> && sizeof(Result) == 1)) {
        return ColumnType::int8;
    } else if constexpr (std::is_integral_v<Result> &&
                         (sizeof(Result) <= 2 ||
                          (std::is_signed_v<Result> && sizeof(Result) == 4))) {
        return ColumnType::int32;
    } else if constexpr (std::is_integral_v<Result>) {
        return ColumnType::int64;
    } else if constexpr (std::is_same_v<Result, float>) {
        return ColumnType::float32;
    } else if constexpr (std::is_floating_point_v<Result>) {
        return ColumnType::float64;
    } else {
        static_assert(std::convertible_to<Result, std::string>,
                      "a column's values are numbers or text");
        return ColumnType::text;
    }
}

/// The `count` values get(0) .. get(count - 1) as a column of column_type<get's result>().
template <class Get>
ColumnValues collect(std::size_t count, const Get& get) {
    using Result = std::remove_cvref_t<std::invoke_result_t<const Get&, std::size_t>>;
    if constexpr (values_index_of(column_type<Result>()) == 0) {
        std::vector<std::int64_t> values(count);
        for (std::size_t i = 0; i < count; ++i) values[i] = static_cast<std::int64_t>(get(i));
        return values;
    } else if constexpr (values_index_of(column_type<Result>()) == 1) {
        std::vector<double> values(count);
        for (std::size_t i = 0; i < count; ++i) values[i] = static_cast<double>(get(i));
        return values;
    } else {
        std::vector<std::string> values(count);
        for (std::size_t i = 0; i < count; ++i) values[i] = get(i);
        return values;
    }
}

template <class Value>
std::pair<ColumnSpec, ColumnValues> column_of(const RowColumn<Value>& column, std::size_t rows) {
    using Result = std::remove_cvref_t<std::invoke_result_t<const Value&, std::size_t>>;
    return {ColumnSpec{column.name, column_type<Result>(), column.unit, column.description},
            collect(rows, column.value)};
}

}  // namespace detail

/// Writes the static table /static/<group>/<name> of `rows` rows, each column's spec declared
/// with the function that reads it, so spec and values cannot drift apart.
template <class... Values>
void write_row_table(Recorder& recorder, DatasetName name, std::string description,
                     std::size_t rows, const RowColumn<Values>&... columns) {
    TableSpec spec{std::string(name.group), std::string(name.name), std::move(description), {}};
    TableColumns values;
    (
        [&] {
            auto [column_spec, column_values] = detail::column_of(columns, rows);
            spec.columns.push_back(std::move(column_spec));
            values.push_back(std::move(column_values));
        }(),
        ...);
    recorder.write_static_table(spec, values);
}

}  // namespace tuntas::engine
