#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include <catch2/catch.hpp>

#include "engine/result_file.hpp"
#include "models/api/input_error.hpp"
#include "scenarios/model_registry.hpp"
#include "scenarios/scenario_loader.hpp"
#include "scenarios/scenario_run.hpp"
#include "tests/support/small_district.hpp"

using namespace tuntas;
namespace fs = std::filesystem;

namespace {

model::Scenario load_text(const std::string& name, const std::string& text) {
    const fs::path file = testing::small_district_folder() / (name + ".toml");
    std::ofstream(file) << text;
    return scenarios::load_scenario(file, {}, scenarios::default_registry().schema());
}

std::map<std::string, double> run_to(const model::Scenario& scenario, const fs::path& output) {
    const auto registry = scenarios::default_registry();
    scenarios::RunOptions options;
    options.threads = 2;
    options.output = output;
    options.overwrite = true;
    const auto result = scenarios::run_scenario(scenario, registry, options);
    std::map<std::string, double> kpis;
    for (const auto& k : result.kpis) kpis[k.name] = k.value;
    kpis["fingerprint"] = static_cast<double>(result.stats.fingerprint);
    return kpis;
}

/// The value of series `path`, entity `entity`, at the sample taken at `time_s`.
double at_time(const engine::ResultFile& file, const std::string& path, std::size_t entity,
               double time_s) {
    const auto time = file.read_vector("/time");
    const auto series = file.read_series(path);
    for (std::size_t k = 0; k < time.size(); ++k) {
        if (time[k] == time_s) return series.sample(k)[entity];
    }
    FAIL("no sample at " << time_s << " s in " << path);
    return 0.0;
}

}  // namespace

TEST_CASE("warm-up: the simulation starts `warmup` before `start`, on the right weekday",
          "[scenarios][warmup]") {
    // 2025-01-06 is a Monday. A day's warm-up starts on Sunday at the same time; 90 minutes
    // start on Sunday at 22:30.
    const std::string head = "district = \"district\"\nstart = 2025-01-06T00:00:00\n"
                             "duration = \"1h\"\nsample_interval = \"30min\"\n[traffic]\n";
    const auto none = load_text("wd0", head);
    CHECK(none.start_weekday() == 0);
    CHECK(none.start_s_of_day() == 0.0);
    const auto one_day = load_text("wd2", "warmup = \"1d\"\n" + head);
    CHECK(one_day.start_weekday() == 6);
    CHECK(one_day.start_s_of_day() == 0.0);
    CHECK(one_day.end() == one_day.warmup + one_day.duration);
    const auto ninety = load_text("wd3", "warmup = \"90min\"\n" + head);
    CHECK(ninety.start_weekday() == 6);
    CHECK(ninety.start_s_of_day() == 22.5 * 3600.0);
}

TEST_CASE("warm-up: refused when it does not end at a sample, or with a model that cannot "
          "leave it out",
          "[scenarios][warmup][input]") {
    try {
        static_cast<void>(load_text("bad-warmup", "district = \"district\"\nduration = \"1h\"\n"
                                                  "sample_interval = \"30min\"\n"
                                                  "warmup = \"20min\"\n[traffic]\n"));
        FAIL("a warm-up of 20 min with 30 min samples was accepted");
    } catch (const model::InputError& e) {
        const std::string text = e.what();
        CHECK_THAT(text, Catch::Contains("bad-warmup.toml:4"));
        CHECK_THAT(text, Catch::Contains("key 'warmup'"));
        CHECK_THAT(text, Catch::Contains("not a multiple of sample_interval"));
    }
    const auto phold = load_text("phold-warmup", "duration = \"10s\"\nsample_interval = \"1s\"\n"
                                                 "warmup = \"2s\"\n[phold]\nlp_count = 8\n");
    CHECK_THROWS_WITH(run_to(phold, {}), Catch::Contains("[phold] cannot leave a warm-up out"));
}

TEST_CASE("warm-up: the same simulation, measured from the warm-up's end",
          "[scenarios][warmup][traffic][waste][telecom][property]") {
    // A: 30 h from Monday 00:00, measured throughout, a road closed 12:00-14:00. B: the same
    // 30 h as a 6 h warm-up and 24 h from Monday 06:00, the closure written from B's start.
    // Same simulation (fingerprint); B's KPIs are A's over its last 24 h, from A's own tables
    // and series: trips that departed from 06:00, mass generated and data carried from 06:00.
    const fs::path dir = testing::small_district_folder();
    const std::string models = "sample_interval = \"15min\"\n[traffic]\n[waste]\n[telecom]\n"
                               "[[edits]]\nkind = \"traffic.close_road\"\nroad = \"Jl. Raya 0\"\n";
    const auto a = run_to(load_text("warm-a", "district = \"district\"\n"
                                              "start = 2025-01-06T00:00:00\nduration = \"30h\"\n" +
                                                  models + "at = \"12h\"\nuntil = \"14h\"\n"),
                          dir / "warm-a.h5");
    const auto b = run_to(load_text("warm-b", "district = \"district\"\n"
                                              "start = 2025-01-06T06:00:00\nwarmup = \"6h\"\n"
                                              "duration = \"24h\"\n" +
                                                  models + "at = \"6h\"\nuntil = \"8h\"\n"),
                          dir / "warm-b.h5");
    CHECK(a.at("fingerprint") == b.at("fingerprint"));
    const engine::ResultFile fa(dir / "warm-a.h5"), fb(dir / "warm-b.h5");
    constexpr double warmup_s = 6 * 3600.0;

    // Time: B's samples are A's, counted from B's start (the warm-up's at times <= 0).
    const auto ta = fa.read_vector("/time");
    const auto tb = fb.read_vector("/time");
    REQUIRE(ta.size() == tb.size());
    for (std::size_t k = 0; k < ta.size(); ++k) CHECK(tb[k] == ta[k] - warmup_s);
    CHECK(fb.number_attribute("/", "warmup_s") == warmup_s);

    // Trips: B's table is A's trips that departed from 06:00, times from B's start.
    const auto trips_a = fa.read_table("/events/traffic/trips");
    const auto trips_b = fb.read_table("/events/traffic/trips");
    double rows = 0, arrived = 0, travel_s = 0, depart_s = 0;
    for (std::size_t r = 0; r < trips_a.rows; ++r) {
        if (trips_a.number("depart_s")[r] < warmup_s) continue;
        rows += 1;
        arrived += trips_a.number("status")[r] == 0 ? 1 : 0;
        travel_s += trips_a.number("travel_s")[r];
        depart_s += trips_a.number("depart_s")[r] - warmup_s;
    }
    REQUIRE(rows > 1000);
    CHECK(static_cast<double>(trips_b.rows) == rows);
    CHECK(b.at("traffic.completed_trips") == arrived);
    // travel_s is stored as float32 (7 significant digits): the sum agrees to that.
    CHECK(b.at("traffic.vehicle_hours") == Approx(travel_s / 3600.0).epsilon(1e-7));
    double depart_b = 0;
    for (const double d : trips_b.number("depart_s")) depart_b += d;
    CHECK(depart_b == Approx(depart_s).epsilon(1e-12));
    CHECK(a.at("traffic.vehicle_trips") > b.at("traffic.vehicle_trips"));

    // Waste: flows over B's day are A's mass terms from 06:00 to the end.
    const auto mass_gain = [&](std::size_t term) {
        return at_time(fa, "/series/waste/mass", term, 30 * 3600.0) -
               at_time(fa, "/series/waste/mass", term, warmup_s);
    };
    CHECK(b.at("waste.generated_t_per_day") * 1000.0 == Approx(mass_gain(0)).epsilon(1e-9));
    CHECK(b.at("waste.landfilled_t_per_day") * 1000.0 == Approx(mass_gain(4)).epsilon(1e-9));
    CHECK(b.at("waste.left_in_containers_t") == a.at("waste.left_in_containers_t"));
    // The stop table starts after the warm-up.
    const auto stops = fb.read_table("/events/waste/stops");
    for (std::size_t r = 0; r < stops.rows; ++r) {
        CAPTURE(r, stops.number("left_s")[r] * 1e6, stops.number("arrived_s")[r],
                stops.number("truck")[r], stops.number("at_gate")[r]);
        CHECK(stops.number("left_s")[r] >= 0.0);
    }

    // Telecom: data carried over B's day (the bits series is in Gbit).
    const double carried_gbit = at_time(fa, "/series/telecom/bits", 1, 30 * 3600.0) -
                                at_time(fa, "/series/telecom/bits", 1, warmup_s);
    CHECK(b.at("telecom.carried_gb") == Approx(carried_gbit / 8.0).epsilon(1e-9));
    CHECK(b.at("telecom.carried_gb") < a.at("telecom.carried_gb"));
}
