#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "engine/row_event_table.hpp"
#include "engine/row_table.hpp"

using namespace tuntas::engine;

namespace {

/// Keeps what it is given, for checking what the row helpers hand a recorder.
class KeepingRecorder final : public Recorder {
public:
    std::size_t add_series(const SeriesSpec& /*spec*/) override { return 0; }
    std::size_t add_event_table(const TableSpec& spec) override {
        event_specs.push_back(spec);
        return event_specs.size() - 1;
    }
    void write_static_table(const TableSpec& spec, const TableColumns& columns) override {
        static_spec = spec;
        static_columns = columns;
    }
    void begin(const Attributes& /*provenance*/) override {}
    void append_sample(double /*time_s*/, std::vector<std::vector<double>> /*values*/) override {}
    void append_rows(std::size_t table, TableColumns columns) override {
        appended.emplace_back(table, std::move(columns));
    }
    void flush() override {}
    void finish(const std::vector<Kpi>& /*kpis*/, const Attributes& /*attributes*/) override {}

    std::vector<TableSpec> event_specs;
    TableSpec static_spec;
    TableColumns static_columns;
    std::vector<std::pair<std::size_t, TableColumns>> appended;
};

struct Visit {
    unsigned place{0};
    bool full{false};
    double kg{0.0};
    std::string name;
};

}  // namespace

TEST_CASE("engine::RowEventTable: columns typed by their readers, rows appended column by column",
          "[engine][unit]") {
    RowEventTable<Visit> visits{
        {"waste", "visits"},
        "test visits",
        column("place", "1", "where", [](const Visit& v) { return v.place; }),
        column("full", "1", "1: full", [](const Visit& v) { return v.full; }),
        column("kg", "kg", "taken", [](const Visit& v) { return v.kg; }),
        column("name", "1", "its name", [](const Visit& v) { return v.name; })};
    KeepingRecorder recorder;
    recorder.add_event_table({"other", "first", "", {}});  // the visits table is the second
    visits.declare(recorder);
    REQUIRE(recorder.event_specs.size() == 2);
    const TableSpec& spec = recorder.event_specs[1];
    CHECK(spec.group == "waste");
    CHECK(spec.name == "visits");
    REQUIRE(spec.columns.size() == 4);
    CHECK(spec.columns[0].type == ColumnType::int64);  // unsigned 32-bit: int64 holds it
    CHECK(spec.columns[1].type == ColumnType::int8);   // bool as 0/1
    CHECK(spec.columns[2].type == ColumnType::float64);
    CHECK(spec.columns[3].type == ColumnType::text);
    CHECK(spec.columns[2].unit == "kg");

    visits.append(recorder, std::vector<Visit>{});  // nothing to append: no call
    CHECK(recorder.appended.empty());
    const std::vector<Visit> rows{{3, true, 12.5, "a"}, {7, false, 0.25, "bb"}};
    visits.append(recorder, rows);
    REQUIRE(recorder.appended.size() == 1);
    CHECK(recorder.appended[0].first == 1);
    const TableColumns& columns = recorder.appended[0].second;
    REQUIRE(columns.size() == 4);
    CHECK(std::get<std::vector<std::int64_t>>(columns[0]) == std::vector<std::int64_t>{3, 7});
    CHECK(std::get<std::vector<std::int64_t>>(columns[1]) == std::vector<std::int64_t>{1, 0});
    CHECK(std::get<std::vector<double>>(columns[2]) == std::vector<double>{12.5, 0.25});
    CHECK(std::get<std::vector<std::string>>(columns[3]) == std::vector<std::string>{"a", "bb"});
}

TEST_CASE("engine::write_row_table: row i of each column is its reader at i", "[engine][unit]") {
    KeepingRecorder recorder;
    const std::vector<double> lengths{1.5, 2.5, 4.0};
    write_row_table(recorder, {"traffic", "links"}, "test links", lengths.size(),
                    column("link", "1", "index", [](std::size_t i) { return i; }),
                    column("length_m", "m", "length", [&](std::size_t i) { return lengths[i]; }));
    CHECK(recorder.static_spec.name == "links");
    REQUIRE(recorder.static_spec.columns.size() == 2);
    CHECK(recorder.static_spec.columns[0].type == ColumnType::int64);
    CHECK(std::get<std::vector<std::int64_t>>(recorder.static_columns[0]) ==
          std::vector<std::int64_t>{0, 1, 2});
    CHECK(std::get<std::vector<double>>(recorder.static_columns[1]) == lengths);
}
