#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "engine/hdf5_recorder.hpp"
#include "engine/result_file.hpp"
#include "engine/result_summary.hpp"
#include "engine/sanitizer_build.hpp"
#include "models/api/input_error.hpp"
#include "models/district/district_generator.hpp"
#include "models/district/district_io.hpp"
#include "models/district/records.hpp"
#include "models/traffic/traffic_datasets.hpp"
#include "scenarios/model_registry.hpp"
#include "scenarios/scenario_loader.hpp"
#include "scenarios/scenario_run.hpp"

using namespace tuntas;
namespace fs = std::filesystem;

namespace {
const fs::path examples_dir = TUNTAS_EXAMPLES_DIR;

struct Ran {
    scenarios::RunResult result;
    engine::ResultSummary summary;
};

Ran run_example(const std::string& name, const std::vector<std::string>& overrides,
                unsigned threads, const fs::path& output) {
    const auto registry = scenarios::default_registry();
    const auto scenario =
        scenarios::load_scenario(examples_dir / name, overrides, registry.schema());
    scenarios::RunOptions options;
    options.threads = threads;
    options.output = output;
    options.overwrite = true;
    Ran ran;
    ran.result = scenarios::run_scenario(scenario, registry, options);
    ran.summary = engine::read_result_summary(output);
    return ran;
}

double kpi(const engine::ResultSummary& summary, const std::string& name) {
    for (const auto& k : summary.kpis) {
        if (k.name == name) return k.value;
    }
    FAIL("no KPI " << name);
    return 0.0;
}

fs::path temp_result(const std::string& name) {
    return fs::temp_directory_path() / "tuntas-tests" / name;
}

/// temp_result(name) as an empty folder (whatever an earlier run left there removed).
fs::path empty_result_folder(const std::string& name) {
    const fs::path dir = temp_result(name);
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
}

/// What refusing to run `scenario_file` with `overrides` on one thread says (empty: it ran),
/// writing its result to `output` (none when empty).
std::string input_error_of(const fs::path& scenario_file, const std::vector<std::string>& overrides,
                           const fs::path& output = {}) {
    const auto registry = scenarios::default_registry();
    const auto scenario = scenarios::load_scenario(scenario_file, overrides, registry.schema());
    scenarios::RunOptions options;
    options.threads = 1;
    options.output = output;
    try {
        static_cast<void>(scenarios::run_scenario(scenario, registry, options));
    } catch (const model::InputError& e) {
        return e.what();
    }
    return "";
}
}  // namespace

TEST_CASE("scenarios::run_scenario: mm1 result holds the M/M/1 mean wait",
          "[scenarios][validation]") {
    // 8 queues x 48 h at rho = 0.5 (Wq = 1 s). Tolerance: 4 standard errors of the mean, the
    // standard error estimated from the spread of the 8 independent queue means (a KPI).
    const auto output = temp_result("mm1.h5");
    const auto ran = run_example("mm1.toml", {}, 2, output);
    REQUIRE(ran.summary.complete);
    const double mean = kpi(ran.summary, "mm1.mean_wait_s");
    const double theory = kpi(ran.summary, "mm1.theoretical_wait_s");
    const double standard_error = kpi(ran.summary, "mm1.wait_standard_error_s");
    CAPTURE(mean, theory, standard_error);
    CHECK(theory == Approx(1.0));
    CHECK(standard_error < 0.02);
    CHECK(std::abs(mean - theory) < 4.0 * standard_error);
    CHECK_FALSE(fs::exists(output.string() + ".partial"));

    std::vector<std::string> paths;
    for (const auto& d : ran.summary.datasets) paths.push_back(d.path);
    // /series/mm1/queue labels the series' columns (a dimension scale); /series/mm1/time is
    // /time under a second name, listed once.
    CHECK(paths == std::vector<std::string>{"/events/mm1/customers", "/kpi",
                                            "/series/mm1/in_system", "/series/mm1/queue",
                                            "/series/mm1/started", "/static/mm1/queues", "/time"});
    for (const auto& d : ran.summary.datasets) {
        CAPTURE(d.path);
        CHECK_FALSE(d.units.empty());
    }
    // 48 h at 5 min: samples at 0, 5 min, ..., 48 h.
    CHECK(ran.summary.datasets.back().shape == std::vector<std::uint64_t>{577});
    CHECK(ran.summary.attributes.text.at("fingerprint") ==
          fmt::format("{:016x}", ran.result.stats.fingerprint));
    CHECK(ran.summary.attributes.integers.at("seed") == 42);
    CHECK(ran.summary.attributes.text.at("scenario").find("arrival_rate_per_s = 0.5") !=
          std::string::npos);
}

TEST_CASE("scenarios::run_scenario: the result writer's CPU is counted within the process's",
          "[scenarios][unit]") {
    const auto ran = run_example("mm1.toml", {"duration=6h"}, 2, temp_result("mm1-cpu.h5"));
    CAPTURE(ran.result.cpu_seconds, ran.result.writer_cpu_seconds);
    CHECK(ran.result.writer_cpu_seconds > 0.0);  // it made the file, wrote series and rows
    CHECK(ran.result.writer_cpu_seconds < ran.result.cpu_seconds);

    const auto registry = scenarios::default_registry();
    scenarios::RunOptions options;
    options.threads = 1;  // no output: no writer thread
    const auto quiet = scenarios::run_scenario(
        scenarios::load_scenario(examples_dir / "mm1.toml", {"duration=6h"}, registry.schema()),
        registry, options);
    CHECK(quiet.writer_cpu_seconds == 0.0);
    CHECK(quiet.cpu_seconds > 0.0);
}

TEST_CASE("scenarios::run_scenario: a run that leaves its state allocated still closes its "
          "result whole and releases its lock",
          "[scenarios][unit]") {
    if constexpr (engine::sanitizer_build) return;  // LeakSanitizer would report the state
    const auto registry = scenarios::default_registry();
    const auto scenario =
        scenarios::load_scenario(examples_dir / "mm1.toml", {"duration=6h"}, registry.schema());
    const fs::path freed = temp_result("mm1-freed.h5");
    const fs::path kept = temp_result("mm1-kept.h5");
    scenarios::RunOptions options;
    options.threads = 2;
    options.overwrite = true;
    options.output = freed;
    const auto freed_run = scenarios::run_scenario(scenario, registry, options);
    options.output = kept;
    options.free_state = false;
    const auto kept_run = scenarios::run_scenario(scenario, registry, options);
    const auto summary = engine::read_result_summary(kept);
    CHECK(summary.complete);
    CHECK(kept_run.stats.fingerprint == freed_run.stats.fingerprint);
    CHECK(summary.attributes.text.at("fingerprint") ==
          engine::read_result_summary(freed).attributes.text.at("fingerprint"));
    CHECK(summary.kpis.size() == engine::read_result_summary(freed).kpis.size());
    CHECK_FALSE(fs::exists(kept.string() + ".partial"));
    CHECK_FALSE(fs::exists(kept.string() + ".lock"));
}

TEST_CASE("scenarios::run_scenario: a rate edit raises the wait at its queue",
          "[scenarios][property]") {
    // From 24 h, queue 0 gets 1.6 x the arrivals (rho 0.8, Wq = 4 s there). Over the 35 counted
    // hours, steady-state theory weights 134 customer-units at 1 s and 9.6 at 4 s: the overall
    // mean rises by (134 + 38.4) / 143.6 - 1 = 0.20 s. The queue needs time to fill, so accept
    // 0.10 .. 0.30 s (the statistical error is ~0.01 s).
    const auto base = run_example("mm1.toml", {"duration=36h"}, 2, temp_result("base.h5"));
    const auto rush = run_example("mm1-rush.toml", {"duration=36h"}, 2, temp_result("rush.h5"));
    const double increase =
        kpi(rush.summary, "mm1.mean_wait_s") - kpi(base.summary, "mm1.mean_wait_s");
    CAPTURE(increase);
    CHECK(increase > 0.10);
    CHECK(increase < 0.30);
    CHECK(base.result.stats.fingerprint != rush.result.stats.fingerprint);
}

TEST_CASE("scenarios::run_scenario: same fingerprint and KPIs at 1 and 2 threads",
          "[scenarios][determinism]") {
    const auto one = run_example("mm1.toml", {"duration=6h"}, 1, temp_result("t1.h5"));
    const auto two = run_example("mm1.toml", {"duration=6h"}, 2, temp_result("t2.h5"));
    CHECK(one.result.stats.fingerprint == two.result.stats.fingerprint);
    REQUIRE(one.summary.kpis.size() == two.summary.kpis.size());
    for (std::size_t i = 0; i < one.summary.kpis.size(); ++i) {
        CHECK(one.summary.kpis[i].value == two.summary.kpis[i].value);
    }
}

TEST_CASE("scenarios::run_scenario: an existing result is never overwritten without force",
          "[scenarios][unit]") {
    const auto output = temp_result("kept.h5");
    fs::create_directories(output.parent_path());
    std::ofstream(output) << "a planner's earlier result";
    const auto registry = scenarios::default_registry();
    const auto scenario =
        scenarios::load_scenario(examples_dir / "mm1.toml", {"duration=2h"}, registry.schema());
    scenarios::RunOptions options;
    options.output = output;
    CHECK_THROWS_AS(scenarios::run_scenario(scenario, registry, options), engine::OutputExists);
    std::ifstream in(output);
    std::string text;
    std::getline(in, text);
    CHECK(text == "a planner's earlier result");
}

TEST_CASE("scenarios::run_scenario: Paser traffic what-ifs move the KPIs the expected way",
          "[scenarios][traffic][property]") {
    // The morning peak only (06:00-10:00), to keep the test short.
    const fs::path paser = fs::path(TUNTAS_EXAMPLES_DIR).parent_path() / "paser";
    const auto registry = scenarios::default_registry();
    const auto run = [&](const std::string& file, const std::string& output) {
        const fs::path path = fs::path(file).is_absolute() ? fs::path(file) : paser / file;
        const auto scenario = scenarios::load_scenario(
            path, {"start=2025-03-03T06:00:00", "duration=4h", "warmup=0s"}, registry.schema());
        scenarios::RunOptions options;
        options.threads = 2;
        options.output = temp_result(output);
        options.overwrite = true;
        static_cast<void>(scenarios::run_scenario(scenario, registry, options));
        return engine::read_result_summary(options.output);
    };
    const auto base = run("baseline.toml", "paser-base.h5");
    const auto growth = run("growth-2035.toml", "paser-growth.h5");
    // The festival what-if, moved into the window: Sudirman closed 07:00-09:00.
    const auto closure = fs::temp_directory_path() / "tuntas-tests" / "closure.toml";
    fs::create_directories(closure.parent_path());
    std::ofstream(closure) << "extends = \"" << (paser / "baseline.toml").string() << "\"\n"
                           << "[[edits]]\nkind = \"traffic.close_road\"\n"
                           << "road = \"Jl. Jenderal Sudirman\"\nat = \"1h\"\nuntil = \"3h\"\n";
    const auto festival = run(closure.string(), "paser-festival.h5");
    // +20 % demand: 1.2 x the trips (binomial thinning/repeating: within 2 %), and no faster.
    CHECK(kpi(growth, "traffic.vehicle_trips") ==
          Approx(1.2 * kpi(base, "traffic.vehicle_trips")).epsilon(0.02));
    CHECK(kpi(growth, "traffic.mean_travel_time_s") >= kpi(base, "traffic.mean_travel_time_s"));
    // Same trips; those leaving while Jl. Jenderal Sudirman is closed drive around it.
    CHECK(kpi(festival, "traffic.vehicle_trips") == kpi(base, "traffic.vehicle_trips"));
    CHECK(festival.attributes.text.at("fingerprint") != base.attributes.text.at("fingerprint"));
}

TEST_CASE("scenarios::run_scenario: a gridlock shows in the jam KPIs and a warning, where the flow "
          "share stays 0",
          "[scenarios][traffic][property]") {
    // A one-way ring of three 15 m links (2 pcu of storage each) and 12 cars from a route file,
    // four on each link, each driving two links round: the links fill, every queue head waits
    // for the full link ahead, nothing leaves a link: a gridlock for the whole hour without
    // relief (squeeze_after 0). Flow falls to 0, so the share of link-hours over 90 % of
    // capacity stays 0; the jam KPIs must see it. With 300 s relief it clears within minutes.
    const fs::path dir = empty_result_folder("gridlock-ring");
    district::DistrictData data;
    data.name = "ring";
    const district::LonLat centre{116.19, -1.90};
    const auto at = [&](double east_m, double north_m) {
        return district::LonLat{centre.lon + east_m / 111'320.0, centre.lat + north_m / 110'570.0};
    };
    const std::vector<district::LonLat> corners{at(0, 0), at(15, 0), at(7.5, 13)};
    for (std::size_t k = 0; k < 3; ++k) {
        data.roads.push_back(district::Road{.id = fmt::format("ring{}", k),
                                            .line = {corners[k], corners[(k + 1) % 3]},
                                            .road_class = district::RoadClass::local,
                                            .name = fmt::format("ring {}", k),
                                            .lanes = 1,
                                            .free_speed_kmh = 36.0,
                                            .oneway = true,
                                            .length_m = 15.0});
    }
    district::write_district(data, dir / "ring");
    {
        std::ofstream routes(dir / "ring.rou.xml");
        routes << "<routes>\n";
        for (int k = 0; k < 12; ++k) {
            routes << fmt::format("  <vehicle id=\"v{}\" depart=\"0\"><route edges=\"ring{} "
                                  "ring{}\"/></vehicle>\n",
                                  k, k % 3, (k % 3 + 1) % 3);
        }
        routes << "</routes>\n";
        std::ofstream scenario(dir / "ring.toml");
        scenario << "name = \"gridlocked ring\"\ndistrict = \"ring\"\nduration = \"1h\"\n"
                    "sample_interval = \"5min\"\n[traffic]\nroutes = \"ring.rou.xml\"\n";
    }
    const auto registry = scenarios::default_registry();
    const auto run_with = [&](const std::string& squeeze) {
        const auto scenario = scenarios::load_scenario(
            dir / "ring.toml", {"traffic.squeeze_after=" + squeeze}, registry.schema());
        scenarios::RunOptions options;
        options.threads = 1;
        options.output = dir / ("ring-" + squeeze + ".h5");
        options.overwrite = true;
        const auto result = scenarios::run_scenario(scenario, registry, options);
        return std::pair{result, engine::read_result_summary(options.output)};
    };
    const auto [locked, locked_summary] = run_with("0s");
    CHECK(kpi(locked_summary, "traffic.share_link_hours_over_90pct") == 0.0);
    // The picture a planner sees: at every sample after the start each link stands full
    // (occupancy at least 0.9, which the viewer draws as LOS F) while its DS, a flow, says
    // nearly free (nothing moves).
    {
        const engine::ResultFile file(dir / "ring-0s.h5");
        const auto occupancy = file.read_series("/series/traffic/link_occupancy");
        const auto saturation = file.read_series("/series/traffic/link_saturation");
        REQUIRE(occupancy.samples > 2);
        for (std::size_t k = 1; k < occupancy.samples; ++k) {
            for (std::size_t l = 0; l < 3; ++l) {
                CAPTURE(k, l);
                CHECK(occupancy.sample(k)[l] >= traffic::datasets::jammed_occupancy);
                CHECK(saturation.sample(k)[l] < 0.2);
            }
        }
    }
    // Every link is jammed and stuck at every sample of the hour: 3 link-hours each.
    CHECK(kpi(locked_summary, "traffic.share_link_hours_jammed") == Approx(1.0).margin(0.1));
    CHECK(kpi(locked_summary, "traffic.stuck_link_hours") == Approx(3.0).margin(0.3));
    CHECK(kpi(locked_summary, "traffic.queued_vehicle_hours") > 3.0);
    const auto gridlock_warned = [](const std::vector<std::string>& warnings) {
        return std::any_of(warnings.begin(), warnings.end(), [](const std::string& w) {
            return w.find("traffic: gridlock: 3 links stood full") != std::string::npos;
        });
    };
    CAPTURE(locked.warnings);
    CHECK(gridlock_warned(locked.warnings));
    const auto [relieved, relieved_summary] = run_with("300s");
    CHECK(kpi(relieved_summary, "traffic.unfinished_trips") == 0.0);
    // Stuck at most until the relief (300 s) and the samples round it up: 3 x 10 min at most.
    CHECK(kpi(relieved_summary, "traffic.stuck_link_hours") <= 0.5);
}

TEST_CASE("scenarios::run_scenario: the district loads while the route file is read, and its "
          "errors are the run's",
          "[scenarios][traffic][unit]") {
    // The district is loaded on a worker thread while [traffic] reads its route file: a broken
    // district must still fail the run with its own file named (not a hang, not a crash), a
    // broken route file with its, and neither leaves a result.
    const fs::path dir = empty_result_folder("district-later");
    district::DistrictData data;
    data.name = "two";
    data.roads.push_back(district::Road{.id = "a",
                                        .line = {{116.19, -1.90}, {116.20, -1.90}},
                                        .road_class = district::RoadClass::local,
                                        .name = "a",
                                        .lanes = 1,
                                        .free_speed_kmh = 36.0,
                                        .oneway = true,
                                        .length_m = 1'100.0});
    district::write_district(data, dir / "two");
    std::ofstream(dir / "good.rou.xml")
        << "<routes><vehicle id=\"v\" depart=\"0\"><route edges=\"a\"/></vehicle></routes>\n";
    std::ofstream(dir / "bad.rou.xml") << "<routes><vehicle id=\"v\" depart=\"0\">\n";
    std::ofstream(dir / "run.toml") << "name = \"two\"\ndistrict = \"two\"\nduration = \"1h\"\n"
                                       "[traffic]\nroutes = \"good.rou.xml\"\n";
    const auto failure = [&](const std::string& routes) {
        return input_error_of(dir / "run.toml", {"traffic.routes=" + (dir / routes).string()},
                              dir / "result.h5");
    };
    CHECK(failure("good.rou.xml").empty());
    fs::remove(dir / "result.h5");
    CHECK_THAT(failure("bad.rou.xml"), Catch::Contains("bad.rou.xml:2"));
    CHECK_FALSE(fs::exists(dir / "result.h5"));
    std::ofstream(dir / "two" / "roads.geojson") << "{\"type\": \"FeatureCollection\", \"feat";
    CHECK_THAT(failure("good.rou.xml"),
               Catch::Contains("two/roads.geojson: error: broken GeoJSON"));
    CHECK_FALSE(fs::exists(dir / "result.h5"));
}

TEST_CASE("scenarios::run_scenario: a night run with no departures says when trips leave, not "
          "that nobody lives there",
          "[scenarios][traffic][unit]") {
    // A generated town has residents but no gateway traffic: from midnight for two hours none
    // of its commutes (around 06:45) or errands (08:00-19:00) leaves. The run is refused with
    // the run's window and what to change; the same town from 06:00 runs.
    const fs::path dir = empty_result_folder("night-run");
    district::write_district(district::generate_district({.population = 10'000, .seed = 3}),
                             dir / "town");
    std::ofstream(dir / "run.toml")
        << "name = \"night\"\ndistrict = \"town\"\nstart = 2025-03-03T00:00:00\n"
           "duration = \"2h\"\n[traffic]\ngateway_vehicles_per_day = 0\n";
    const std::string night = input_error_of(dir / "run.toml", {});
    CHECK_THAT(night, Catch::Contains("00:00 to 02:00"));
    CHECK_THAT(night, Catch::Contains("start later or run longer"));
    CHECK_THAT(night, !Catch::Contains("no residents"));
    CHECK(input_error_of(dir / "run.toml", {"start=2025-03-03T06:00:00"}).empty());
}

TEST_CASE("scenarios::run_scenario: outputs = a selection writes only what it names, and the run "
          "is the same run",
          "[scenarios][output]") {
    // Two models, each with series and event tables: the M/M/1 example. A selection of its
    // customers table alone leaves the simulation as it was (same fingerprint, same KPIs) and
    // the result without the series; a selector naming nothing is refused before any file.
    const auto full = run_example("mm1.toml", {"duration=\"6h\""}, 2, temp_result("all.h5"));
    const auto picked = run_example("mm1.toml", {"duration=\"6h\"", "outputs=\"mm1/customers\""}, 2,
                                    temp_result("picked.h5"));
    CHECK(picked.result.stats.fingerprint == full.result.stats.fingerprint);
    REQUIRE(picked.summary.kpis.size() == full.summary.kpis.size());
    for (std::size_t k = 0; k < full.summary.kpis.size(); ++k) {
        CHECK(picked.summary.kpis[k].name == full.summary.kpis[k].name);
        CHECK(picked.summary.kpis[k].value == full.summary.kpis[k].value);
    }
    std::vector<std::string> paths;
    for (const auto& d : picked.summary.datasets) paths.push_back(d.path);
    CHECK(paths ==
          std::vector<std::string>{"/events/mm1/customers", "/kpi", "/static/mm1/queues", "/time"});
    const auto rows = [](const engine::ResultSummary& summary) {
        for (const auto& d : summary.datasets)
            if (d.path == "/events/mm1/customers") return d.shape;
        return std::vector<std::uint64_t>{};
    };
    CHECK(rows(picked.summary) == rows(full.summary));

    const auto kpis_only =
        run_example("mm1.toml", {"duration=\"6h\"", "outputs=\"kpi\""}, 1, temp_result("kpis.h5"));
    CHECK(kpis_only.summary.datasets.size() == 3);  // /kpi, /static/mm1/queues, /time

    const auto nothing = temp_result("nothing.h5");
    fs::remove(nothing);
    CHECK_THROWS_WITH(run_example("mm1.toml", {"outputs=\"mm1/customer\""}, 1, nothing),
                      Catch::Contains("'mm1/customer' names no series or event table"));
    CHECK_FALSE(fs::exists(nothing));
    CHECK_FALSE(fs::exists(nothing.string() + ".partial"));
    CHECK_FALSE(fs::exists(nothing.string() + ".lock"));
}
