#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <vector>

#include <catch2/catch.hpp>
#include <hdf5.h>
#include <sys/wait.h>
#include <unistd.h>

#include "engine/hdf5_recorder.hpp"
#include "engine/result_file.hpp"
#include "engine/result_summary.hpp"
#include "engine/row_event_table.hpp"
#include "engine/row_table.hpp"
#include "engine/sample_frame.hpp"
#include "engine/selecting_recorder.hpp"
#include "engine/series.hpp"

using namespace tuntas::engine;
namespace fs = std::filesystem;

namespace {

struct Visit {
    std::int64_t bin{0};
    double kg{0.0};
};

fs::path fresh(const std::string& name) {
    const fs::path dir = fs::temp_directory_path() / "tuntas-tests" / "recorder";
    fs::create_directories(dir);
    fs::remove(dir / name);
    fs::remove(dir / (name + ".partial"));
    return dir / name;
}

}  // namespace

TEST_CASE("engine::Hdf5Recorder: what is recorded reads back, through the .partial to the result",
          "[engine][unit]") {
    const fs::path path = fresh("roundtrip.h5");
    auto recorder = open_hdf5_recorder(path, "2025-03-03T06:00:00+08:00", {.overwrite = false});
    const Series fill(*recorder, {"waste", "fill"}, 3, "kg", "fill of each bin");
    const Series count(*recorder, {"waste", "count"}, 1, "1", "bins");
    RowEventTable<Visit> visits{
        {"waste", "visits"},
        "truck visits",
        column("bin", "1", "bin index", [](const Visit& v) { return v.bin; }),
        column("kg", "kg", "taken", [](const Visit& v) { return v.kg; })};
    visits.declare(*recorder);
    const std::vector<std::string> names{"north", "south"};
    write_row_table(*recorder, {"waste", "bins"}, "the bins", names.size(),
                    column("name", "1", "name", [&](std::size_t b) { return names[b]; }),
                    column("capacity_kg", "kg", "capacity",
                           [](std::size_t b) { return 100.0 * double(b + 1); }));
    Attributes provenance;
    provenance.text["scenario"] = "name = \"x\"";
    provenance.integers["seed"] = 7;
    recorder->begin(provenance);
    const std::vector<std::vector<double>> fills{{0, 1, 2}, {3, 4, 5}, {6, 7, 8.5}};
    for (std::size_t k = 0; k < fills.size(); ++k) {
        SampleFrame frame;
        frame.set(count, {static_cast<double>(k)});
        frame.set(fill, fills[k]);
        recorder->append_sample(300.0 * static_cast<double>(k), frame.take());
        const std::vector<Visit> rows{
            {static_cast<std::int64_t>(k), 10.0 * static_cast<double>(k)}};
        visits.append(*recorder, rows);
    }
    recorder->flush();
    // While the run goes, only the .partial exists, readable, not complete.
    CHECK_FALSE(fs::exists(path));
    REQUIRE(fs::exists(path.string() + ".partial"));
    CHECK_FALSE(read_result_summary(path.string() + ".partial").complete);
    recorder->finish({{"waste.total_kg", 42.5, "kg", "a KPI"}}, {});

    CHECK_FALSE(fs::exists(path.string() + ".partial"));
    const ResultFile result(path);
    CHECK(result.read_vector("/time") == std::vector<double>{0.0, 300.0, 600.0});
    CHECK(result.text_attribute("/time", "start") == "2025-03-03T06:00:00+08:00");
    const SeriesValues series = result.read_series("/series/waste/fill");
    REQUIRE(series.samples == 3);
    REQUIRE(series.entities == 3);
    for (std::size_t k = 0; k < 3; ++k) {
        const auto row = series.sample(k);
        CHECK(std::vector<double>(row.begin(), row.end()) == fills[k]);
    }
    CHECK(result.read_series("/series/waste/count").values == std::vector<double>{0, 1, 2});
    CHECK(result.text_attribute("/series/waste/fill", "units") == "kg");
    const ColumnTable table = result.read_table("/events/waste/visits");
    CHECK(table.rows == 3);
    CHECK(table.number("bin") == std::vector<double>{0, 1, 2});
    CHECK(table.number("kg") == std::vector<double>{0, 10, 20});
    const ColumnTable bins = result.read_table("/static/waste/bins");
    CHECK(bins.text("name") == names);
    CHECK(bins.number("capacity_kg") == std::vector<double>{100, 200});
    CHECK(result.number_attribute("/", "seed") == 7.0);
    CHECK(result.text_attribute("/", "scenario") == "name = \"x\"");
    const auto summary = read_result_summary(path);
    CHECK(summary.complete);
    REQUIRE(summary.kpis.size() == 1);
    CHECK(summary.kpis[0].name == "waste.total_kg");
    CHECK(summary.kpis[0].value == 42.5);
    CHECK(summary.kpis[0].unit == "kg");
}

TEST_CASE("engine::Hdf5Recorder: an existing result is kept unless overwriting is asked for",
          "[engine][unit]") {
    const fs::path path = fresh("exists.h5");
    {
        auto first = open_hdf5_recorder(path, "2025-03-03T00:00:00+08:00", {});
        first->finish({}, {});
    }
    REQUIRE(fs::exists(path));
    CHECK_THROWS_AS(open_hdf5_recorder(path, "2025-03-03T00:00:00+08:00", {}), OutputExists);
    auto again = open_hdf5_recorder(path, "2025-03-03T00:00:00+08:00", {.overwrite = true});
    again->finish({{"x.y", 1.0, "1", ""}}, {});
    CHECK(read_result_summary(path).kpis.size() == 1);
}

TEST_CASE("engine::Hdf5Recorder: an output that is not a regular file is refused, with --force too",
          "[engine][unit]") {
    // /dev/null was turned into a 2 MB regular file by `run -o /dev/null --force` as root.
    if (fs::exists("/dev/null")) {
        CHECK_THROWS_AS(
            open_hdf5_recorder("/dev/null", "2025-03-03T00:00:00+08:00", {.overwrite = true}),
            OutputExists);
        CHECK(fs::is_character_file("/dev/null"));
    }
    const fs::path folder = fresh("a-folder.h5");
    fs::remove_all(folder);
    fs::create_directories(folder);
    CHECK_THROWS_WITH(open_hdf5_recorder(folder, "2025-03-03T00:00:00+08:00", {.overwrite = true}),
                      Catch::Contains("is not a regular file"));
    CHECK(fs::is_directory(folder));
}

TEST_CASE("engine::Hdf5Recorder: one writer per result; a stale lock of a dead process is taken "
          "over",
          "[engine][unit]") {
    const fs::path path = fresh("locked.h5");
    const fs::path lock = path.string() + ".lock";
    fs::remove(lock);
    {
        auto first = open_hdf5_recorder(path, "2025-03-03T00:00:00+08:00", {});
        CHECK(fs::exists(lock));
        // A second writer on the same result, even with --force, is refused while the first
        // writes, naming the holder; the first's .partial is untouched.
        CHECK_THROWS_WITH(
            open_hdf5_recorder(path, "2025-03-03T00:00:00+08:00", {.overwrite = true}),
            Catch::Contains("writing this result"));
        CHECK(fs::exists(path.string() + ".partial"));
        first->finish({{"a.b", 2.0, "1", ""}}, {});
    }
    CHECK_FALSE(fs::exists(lock));  // released with the writer
    CHECK(read_result_summary(path).kpis.size() == 1);
    // A lock left by a process that is gone (killed): a child that exits at once leaves its
    // pid free; the lock naming it is stale and the next writer takes it over.
    const pid_t child = ::fork();
    if (child == 0) ::_exit(0);
    int status = 0;
    ::waitpid(child, &status, 0);
    std::ofstream(lock) << child << "\n";
    auto next = open_hdf5_recorder(path, "2025-03-03T00:00:00+08:00", {.overwrite = true});
    next->finish({{"c.d", 3.0, "1", ""}}, {});
    next.reset();
    CHECK_FALSE(fs::exists(lock));
    CHECK(read_result_summary(path).kpis.front().name == "c.d");
}

TEST_CASE("engine::Hdf5Recorder: a run that dies leaves a readable .partial with every sample, "
          "flushed or not (the recorder's destructor writes the rest)",
          "[engine][unit]") {
    // Flushed first (SWMR mode) or not: the destructor writes every sample and closes the file.
    // (What a killed process leaves before its first flush: tests/tools/kill_while_closing.sh.)
    const bool flushed = GENERATE(true, false);
    const fs::path path = fresh(flushed ? "died.h5" : "died-early.h5");
    {
        auto recorder = open_hdf5_recorder(path, "2025-03-03T00:00:00+08:00", {});
        const Series level(*recorder, {"m", "level"}, 2, "1", "");
        recorder->begin({});
        for (int k = 0; k < 4; ++k) {
            SampleFrame frame;
            frame.set(level, {double(k), double(-k)});
            recorder->append_sample(k * 60.0, frame.take());
        }
        if (flushed) recorder->flush();
    }  // destroyed without finish(): the run died (an exception ended it)
    CHECK_FALSE(fs::exists(path));
    const fs::path partial = path.string() + ".partial";
    REQUIRE(fs::exists(partial));
    const ResultFile result(partial);
    CHECK(result.read_vector("/time").size() == 4);
    CHECK(result.read_series("/series/m/level").sample(3)[1] == -3.0);
    CHECK_FALSE(read_result_summary(partial).complete);
}

TEST_CASE("engine::Hdf5Recorder: a run that never flushed writes its KPIs into its file and "
          "renames it",
          "[engine][unit]") {
    // No flush (a run under a second of work): no SWMR mode, no copy; finished, the result
    // holds everything. (That another process cannot open such a .partial, and what `inspect`
    // says then, tests/tools/kill_while_closing.sh shows: in this process HDF5 would share
    // the writer's open file.)
    const fs::path path = fresh("unflushed.h5");
    const fs::path partial = path.string() + ".partial";
    auto recorder = open_hdf5_recorder(path, "2025-03-03T00:00:00+08:00", {});
    const Series level(*recorder, {"m", "level"}, 2, "1", "");
    recorder->begin({});
    for (int k = 0; k < 5; ++k) {
        SampleFrame frame;
        frame.set(level, {double(k), double(10 * k)});
        recorder->append_sample(k * 60.0, frame.take());
    }
    REQUIRE(fs::exists(partial));
    Attributes final_attributes;
    final_attributes.text["fingerprint"] = "0123456789abcdef";
    final_attributes.reals["wall_time_s"] = 0.25;
    recorder->finish({{"m.total", 7.5, "1", "a KPI"}, {"m.other", -1.0, "s", "another"}},
                     final_attributes);
    recorder.reset();
    CHECK_FALSE(fs::exists(partial));
    CHECK_FALSE(fs::exists(path.string() + ".lock"));
    const ResultFile result(path);
    CHECK(result.read_vector("/time") == std::vector<double>{0, 60, 120, 180, 240});
    CHECK(result.read_series("/series/m/level").sample(4)[1] == 40.0);
    CHECK(result.text_attribute("/", "fingerprint") == "0123456789abcdef");
    CHECK(result.number_attribute("/", "wall_time_s") == 0.25);
    const auto summary = read_result_summary(path);
    CHECK(summary.complete);
    REQUIRE(summary.kpis.size() == 2);
    CHECK(summary.kpis[0].name == "m.total");
    CHECK(summary.kpis[0].value == 7.5);
    CHECK(summary.kpis[1].unit == "s");
}

namespace {
struct Narrow {
    bool full{false};
    std::int8_t code{0};
    std::uint16_t bay{0};
    std::int32_t zone{0};
    float length_m{0.0F};
    double at_s{0.0};
};
}  // namespace

TEST_CASE("engine::Hdf5Recorder: narrow columns keep their values, and event tables are "
          "compressed",
          "[engine][unit]") {
    // A column is stored as narrow as its reader's type: bool and int8 in a byte, uint16 and
    // int32 in four, float in four; they read back exactly (the float as the float it was).
    // 20,000 rows of a regular log take a fraction of their 27 raw bytes a row on disk.
    const fs::path path = fresh("narrow.h5");
    auto recorder = open_hdf5_recorder(path, "2025-03-03T06:00:00+08:00", {.overwrite = false});
    RowEventTable<Narrow> log{
        {"test", "narrow"},
        "narrow columns",
        column("full", "1", "", [](const Narrow& n) { return n.full; }),
        column("code", "1", "", [](const Narrow& n) { return n.code; }),
        column("bay", "1", "", [](const Narrow& n) { return n.bay; }),
        column("zone", "1", "", [](const Narrow& n) { return n.zone; }),
        column("length_m", "m", "", [](const Narrow& n) { return n.length_m; }),
        column("at_s", "s", "", [](const Narrow& n) { return n.at_s; })};
    log.declare(*recorder);
    recorder->begin({});
    std::vector<Narrow> rows{{true, -128, 65'535, -2'147'483'647 - 1, 0.1F, 1e9 + 0.5},
                             {false, 127, 0, 2'147'483'647, 1e6F + 0.0625F, -3.25}};
    for (int k = 0; k < 20'000; ++k) {
        rows.push_back({k % 3 == 0, static_cast<std::int8_t>(k % 5), static_cast<std::uint16_t>(k),
                        k / 10, static_cast<float>(k) * 0.5F, 60.0 * k});
    }
    log.append(*recorder, rows);
    recorder->finish({}, {});
    const ResultFile result(path);
    const ColumnTable table = result.read_table("/events/test/narrow");
    REQUIRE(table.rows == rows.size());
    for (const std::size_t r : {std::size_t{0}, std::size_t{1}, std::size_t{1234}}) {
        CAPTURE(r);
        CHECK(table.number("full")[r] == (rows[r].full ? 1.0 : 0.0));
        CHECK(table.number("code")[r] == rows[r].code);
        CHECK(table.number("bay")[r] == rows[r].bay);
        CHECK(table.number("zone")[r] == rows[r].zone);
        CHECK(table.number("length_m")[r] == static_cast<double>(rows[r].length_m));
        CHECK(table.number("at_s")[r] == rows[r].at_s);
    }
    const auto summary = read_result_summary(path);
    const auto narrow =
        std::find_if(summary.datasets.begin(), summary.datasets.end(),
                     [](const DatasetInfo& d) { return d.path == "/events/test/narrow"; });
    REQUIRE(narrow != summary.datasets.end());
    CHECK(narrow->type == "compound(full:int8, code:int8, bay:int32, zone:int32, length_m:float32, "
                          "at_s:float64)");
    CHECK(fs::file_size(path) < rows.size() * 27 / 2);
}

namespace {
/// Whether dataset `name` of the HDF5 file `path` is deflated.
bool deflated(const fs::path& path, const char* name) {
    const hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
    REQUIRE(file >= 0);
    const hid_t dataset = H5Dopen2(file, name, H5P_DEFAULT);
    REQUIRE(dataset >= 0);
    const hid_t dcpl = H5Dget_create_plist(dataset);
    unsigned flags = 0;
    std::size_t count = 0;
    unsigned values[8] = {};
    const bool deflate = H5Pget_filter_by_id2(dcpl, H5Z_FILTER_DEFLATE, &flags, &count, values, 0,
                                              nullptr, nullptr) >= 0;
    H5Pclose(dcpl);
    H5Dclose(dataset);
    H5Fclose(file);
    return deflate;
}
}  // namespace

TEST_CASE("engine::Hdf5Recorder: a dataset under 64 KiB is stored as is, a larger one deflated; "
          "event tables of a run that flushed are deflated",
          "[engine][unit]") {
    // By hand: series of 10 entities over 20 expected samples hold 21 rows x 10 x 8 bytes =
    // 1.7 kB; of 400 entities, 21 x 400 x 8 = 67 kB (>= 65,536). A row of these tables is 12
    // bytes (int32 and float64): 100 rows 1.2 kB, 8,000 rows 96 kB (its first 64-KiB chunk fills
    // as the rows arrive).
    const bool flushed = GENERATE(false, true);
    CAPTURE(flushed);
    const fs::path path = fresh(flushed ? "sizes-flushed.h5" : "sizes.h5");
    const auto narrow_table = [](const char* name) {
        return RowEventTable<Narrow>{
            {"test", name},
            "narrow rows",
            column("zone", "1", "", [](const Narrow& n) { return n.zone; }),
            column("at_s", "s", "", [](const Narrow& n) { return n.at_s; })};
    };
    std::vector<Narrow> few(100);
    std::vector<Narrow> many(8000);
    for (std::size_t k = 0; k < many.size(); ++k)
        many[k] = {.zone = static_cast<std::int32_t>(k), .at_s = 0.5 * static_cast<double>(k)};
    for (std::size_t k = 0; k < few.size(); ++k) few[k] = many[k];
    {
        auto recorder =
            open_hdf5_recorder(path, "2025-03-03T00:00:00+08:00", {.expected_samples = 20});
        const Series small(*recorder, {"m", "small"}, 10, "1", "");
        const Series large(*recorder, {"m", "large"}, 400, "1", "");
        auto few_table = narrow_table("few");
        auto many_table = narrow_table("many");
        few_table.declare(*recorder);
        many_table.declare(*recorder);
        recorder->begin({});
        SampleFrame frame;
        frame.set(small, std::vector<double>(10, 2.5));
        frame.set(large, std::vector<double>(400, 3.5));
        recorder->append_sample(0.0, frame.take());
        few_table.append(*recorder, few);
        many_table.append(*recorder, many);
        if (flushed) recorder->flush();
        recorder->finish({}, {});
    }
    CHECK_FALSE(deflated(path, "/series/m/small"));
    CHECK(deflated(path, "/series/m/large"));
    CHECK(deflated(path, "/events/test/many"));
    // Made at the first flush, when nobody knows how large it will grow: deflated.
    CHECK(deflated(path, "/events/test/few") == flushed);
    const ResultFile result(path);
    CHECK(result.read_series("/series/m/small").sample(0)[9] == 2.5);
    CHECK(result.read_series("/series/m/large").sample(0)[399] == 3.5);
    const ColumnTable few_read = result.read_table("/events/test/few");
    REQUIRE(few_read.rows == few.size());
    CHECK(few_read.number("zone")[99] == 99.0);
    const ColumnTable many_read = result.read_table("/events/test/many");
    REQUIRE(many_read.rows == many.size());
    CHECK(many_read.number("at_s")[7999] == 3999.5);
}

TEST_CASE("engine::SelectingRecorder: a coarser output interval writes the mean, the weighted "
          "mean or the last sample of each interval, on the group's own time axis",
          "[engine][unit]") {
    const fs::path path = fresh("coarser.h5");
    // Samples every 60 s, rows every 180 s: at 0, 180, 360 and, cut short, 420 (8 samples).
    SelectingRecorder recorder(OutputSelection("traffic@3min,waste"), 60.0, [&] {
        return open_hdf5_recorder(path, "2025-03-03T06:00:00+08:00", {.overwrite = true});
    });
    const Series flow(recorder, {"traffic", "flow"}, 2, "veh/h", "flow", SeriesPrecision::float64,
                      nullptr, SeriesCell::mean);
    const Series speed(recorder, {"traffic", "speed"}, 2, "km/h", "speed", SeriesPrecision::float64,
                       nullptr, SeriesCell::mean, "flow");
    const Series on_road(recorder, {"traffic", "on_road"}, 2, "veh", "vehicles");
    const Series other(recorder, {"waste", "mass"}, 1, "kg", "every sample");
    recorder.begin({});
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const std::vector<std::vector<double>> flows{{0, 0},  {60, 0}, {120, 0}, {180, 0},
                                                 {60, 6}, {60, 0}, {0, 0},   {30, 12}};
    const std::vector<std::vector<double>> speeds{{nan, nan}, {30, nan}, {60, nan},  {40, nan},
                                                  {10, 20},   {20, nan}, {nan, nan}, {50, 40}};
    for (std::size_t k = 0; k < flows.size(); ++k) {
        const double on = static_cast<double>(k);
        recorder.append_sample(60.0 * static_cast<double>(k),
                               {flows[k], speeds[k], {on, 10 * on}, {on}});
    }
    recorder.finish({}, {});

    const ResultFile result(path);
    CHECK(result.read_vector("/time").size() == 8);
    CHECK(result.series_times("/series/waste/mass").size() == 8);
    CHECK(result.series_times("/series/traffic/flow") ==
          std::vector<double>{0.0, 180.0, 360.0, 420.0});
    CHECK(result.text_attribute("/series/traffic/flow", "time") == "time_3min");
    CHECK(result.text_attribute("/series/traffic/flow", "cell_methods") == "time: mean");
    CHECK(result.text_attribute("/series/traffic/on_road", "cell_methods") == "time: point");
    // Flows: samples 0 | 1-3 | 4-6 | 7 averaged.
    CHECK(result.read_series("/series/traffic/flow").values ==
          std::vector<double>{0, 0, 120, 0, 40, 2, 30, 12});
    // Speeds by the flows of their samples; an interval no vehicle left is NaN.
    const auto s = result.read_series("/series/traffic/speed").values;
    REQUIRE(s.size() == 8);
    CHECK(std::isnan(s[0]));
    CHECK(std::isnan(s[1]));
    CHECK(s[2] == Approx((60 * 30 + 120 * 60 + 180 * 40) / 360.0));
    CHECK(std::isnan(s[3]));
    CHECK(s[4] == Approx((60 * 10 + 60 * 20) / 120.0));
    CHECK(s[5] == Approx(20.0));
    CHECK(s[6] == Approx(50.0));
    CHECK(s[7] == Approx(40.0));
    // States: the last sample of each interval.
    CHECK(result.read_series("/series/traffic/on_road").values ==
          std::vector<double>{0, 0, 3, 30, 6, 60, 7, 70});
    CHECK(result.read_series("/series/waste/mass").samples == 8);
}

TEST_CASE("engine::Hdf5Recorder: a float32 series holds what HDF5's own conversion makes of each "
          "value",
          "[engine][unit]") {
    const fs::path path = fresh("float32.h5");
    constexpr double largest = std::numeric_limits<float>::max();
    const std::vector<double> values{0.1,
                                     -2.5e-40,
                                     1e300,
                                     -1e300,
                                     largest,
                                     largest * 1.0000000001,
                                     1.0 / 3.0,
                                     std::numeric_limits<double>::quiet_NaN(),
                                     std::numeric_limits<double>::infinity(),
                                     7.0};
    {
        auto recorder = open_hdf5_recorder(path, "2025-03-03T00:00:00+08:00", {});
        const Series rates(*recorder, {"m", "rates"}, values.size(), "1", "rates",
                           SeriesPrecision::float32, nullptr, SeriesCell::mean);
        recorder->begin({});
        for (int k = 0; k < 3; ++k) {
            SampleFrame frame;
            frame.set(rates, values);
            recorder->append_sample(60.0 * k, frame.take());
        }
        recorder->finish({}, {});
    }
    // The peer: HDF5 converting the same doubles in memory (what writing doubles did).
    std::vector<double> converted = values;
    REQUIRE(H5Tconvert(H5T_NATIVE_DOUBLE, H5T_NATIVE_FLOAT, converted.size(), converted.data(),
                       nullptr, H5P_DEFAULT) >= 0);
    std::vector<float> expected(values.size());
    std::memcpy(expected.data(), converted.data(), expected.size() * sizeof(float));
    CHECK(std::isinf(expected[4 + 1]));  // just above the float range: infinity, not FLT_MAX

    const ResultFile result(path);
    const SeriesValues series = result.read_series("/series/m/rates");
    REQUIRE(series.samples == 3);
    for (std::size_t k = 0; k < 3; ++k) {
        const auto row = series.sample(k);
        for (std::size_t i = 0; i < values.size(); ++i) {
            INFO("value " << values[i]);
            const auto stored = static_cast<float>(row[i]);
            CHECK(std::memcmp(&stored, &expected[i], sizeof(float)) == 0);
        }
    }
}

TEST_CASE("engine::Hdf5Recorder: a series' chunks hold at most 16 KiB and a quarter of the run's "
          "samples, so most are compressed while it runs",
          "[engine][unit]") {
    struct Case {
        std::size_t entities;
        std::size_t expected_samples;
        hsize_t rows;  // by hand: min(16384 / (4 bytes x entities), ceil((samples + 1) / 4)), at
                       // least 1 (the recorder keeps room for one sample more than expected)
    };
    for (const auto& [entities, expected_samples, rows] :
         {Case{248, 15, 4},       // 70 minutes of Bologna at 5-min samples: 16 / 4 (16 KiB: 16)
          Case{248, 13, 4},       // a quarter rounds up: 14 / 4 = 3.5
          Case{740, 61, 5},       // DRT over 5 h: 16 KiB (5 rows of 2,960 bytes) binds first
          Case{10, 2, 1},         // fewer rows than four: a row a chunk
          Case{5000, 289, 1}}) {  // a row beyond 16 KiB: one row a chunk
        CAPTURE(entities, expected_samples);
        const fs::path path = fresh("chunks.h5");
        {
            auto recorder = open_hdf5_recorder(path, "2025-03-03T00:00:00+08:00",
                                               {.expected_samples = expected_samples});
            const Series links(*recorder, {"m", "links"}, entities, "1", "links",
                               SeriesPrecision::float32, nullptr, SeriesCell::mean);
            recorder->begin({});
            SampleFrame frame;
            frame.set(links, std::vector<double>(entities, 1.0));
            recorder->append_sample(0.0, frame.take());
            recorder->finish({}, {});
        }
        const hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
        REQUIRE(file >= 0);
        const hid_t dataset = H5Dopen2(file, "/series/m/links", H5P_DEFAULT);
        const hid_t dcpl = H5Dget_create_plist(dataset);
        hsize_t chunk[2] = {0, 0};
        REQUIRE(H5Pget_chunk(dcpl, 2, chunk) == 2);
        CHECK(chunk[0] == rows);
        CHECK(chunk[1] == entities);
        H5Pclose(dcpl);
        H5Dclose(dataset);
        H5Fclose(file);
    }
}

TEST_CASE("engine::Hdf5Recorder: rows appended in uneven batches with a flush between read "
          "back whole and in order",
          "[engine][unit]") {
    // The writer writes an event table a whole chunk at a time as the rows come, keeps the rest
    // for the next batch, and writes what it holds at a flush and at the end: every row once, in
    // the order appended, across chunk boundaries met mid-batch.
    const fs::path path = fresh("uneven.h5");
    auto recorder = open_hdf5_recorder(path, "2025-03-03T06:00:00+08:00", {.overwrite = false});
    RowEventTable<Narrow> log{{"test", "uneven"},
                              "rows in uneven batches",
                              column("zone", "1", "", [](const Narrow& n) { return n.zone; }),
                              column("at_s", "s", "", [](const Narrow& n) { return n.at_s; })};
    log.declare(*recorder);
    recorder->begin({});
    std::int32_t next = 0;
    for (const int batch : {1, 7, 3333, 2, 5000, 17, 4096, 1, 9000}) {
        std::vector<Narrow> rows;
        for (int k = 0; k < batch; ++k, ++next) rows.push_back({.zone = next, .at_s = 0.5 * next});
        log.append(*recorder, rows);
        if (batch == 17) recorder->flush();  // a part-chunk written, then more rows after it
    }
    recorder->finish({}, {});
    const ColumnTable table = ResultFile(path).read_table("/events/test/uneven");
    REQUIRE(table.rows == static_cast<std::size_t>(next));
    const auto zone = table.number("zone");
    const auto at_s = table.number("at_s");
    for (std::int32_t r = 0; r < next; ++r) {
        if (zone[static_cast<std::size_t>(r)] != r ||
            at_s[static_cast<std::size_t>(r)] != 0.5 * r) {
            FAIL("row " << r << " reads zone " << zone[static_cast<std::size_t>(r)] << ", at_s "
                        << at_s[static_cast<std::size_t>(r)]);
        }
    }
}
