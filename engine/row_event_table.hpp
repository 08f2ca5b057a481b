#pragma once

#include <cstddef>
#include <functional>
#include <span>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "engine/dataset_name.hpp"
#include "engine/recorder.hpp"
#include "engine/row_table.hpp"

namespace tuntas::engine {

/// An event table whose rows are records of type `Row`, each column declared with the function
/// that reads it from a record (engine::column(name, unit, description, fn(const Row&))): the
/// table's spec and the values appended come from the same declarations and cannot drift apart.
template <class Row>
class RowEventTable {
public:
    /// The table /events/<group>/<name>: `description`, then its columns.
    template <class... Values>
    RowEventTable(DatasetName name, std::string description, RowColumn<Values>... columns)
        : spec_{std::string(name.group), std::string(name.name), std::move(description), {}} {
        (add(std::move(columns)), ...);
    }

    /// Declares the table on `recorder` (before Recorder::begin).
    void declare(Recorder& recorder) { id_ = recorder.add_event_table(spec_); }

    /// Appends `rows` to the table (nothing when there are none).
    void append(Recorder& recorder, std::span<const Row> rows) const {
        if (rows.empty()) return;
        TableColumns values;
        values.reserve(columns_.size());
        for (const auto& column : columns_) values.push_back(column(rows));
        recorder.append_rows(id_, std::move(values));
    }

private:
    template <class Value>
    void add(RowColumn<Value> column) {
        // The column's type follows the reader's result on a row, as in write_row_table.
        using Result = std::remove_cvref_t<std::invoke_result_t<const Value&, const Row&>>;
        const ColumnType type = detail::column_type<Result>();
        spec_.columns.push_back({column.name, type, column.unit, column.description});
        columns_.push_back([read = std::move(column.value)](std::span<const Row> rows) {
            return detail::collect(rows.size(), [&](std::size_t i) { return read(rows[i]); });
        });
    }

    TableSpec spec_;
    std::vector<std::function<ColumnValues(std::span<const Row>)>> columns_;
    std::size_t id_{0};
};

}  // namespace tuntas::engine
