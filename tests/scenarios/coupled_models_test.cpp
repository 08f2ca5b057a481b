#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include <catch2/catch.hpp>

#include "engine/result_file.hpp"
#include "models/district/district_io.hpp"
#include "models/traffic/traffic_builder.hpp"
#include "scenarios/model_registry.hpp"
#include "scenarios/scenario_loader.hpp"
#include "scenarios/scenario_run.hpp"
#include "tests/support/run_file.hpp"
#include "tests/support/small_district.hpp"

using tuntas::testing::run_file;

using namespace tuntas;
namespace fs = std::filesystem;

namespace {

/// A small synthetic district (20,000 people: a town grid and villages, with TPS, a TPS3R, a
/// landfill, cell sites and backhaul) and a 30 h scenario running traffic, waste and telecom on
/// it, written once into the tests' temporary folder.
fs::path small_coupled_scenario() {
    const fs::path dir = testing::small_district_folder();
    const fs::path file = dir / "coupled.toml";
    std::ofstream(file) << "name = \"small coupled\"\ndistrict = \"district\"\nduration = \"30h\"\n"
                           "sample_interval = \"15min\"\n[traffic]\n[waste]\n[telecom]\n";
    return file;
}

std::map<std::string, double> kpis_of(const scenarios::RunResult& result) {
    std::map<std::string, double> kpis;
    for (const auto& k : result.kpis) kpis[k.name] = k.value;
    return kpis;
}

}  // namespace

TEST_CASE("scenarios: traffic, waste and telecom coupled give the same run at 1, 2 and 4 threads",
          "[scenarios][traffic][waste][telecom][determinism]") {
    const auto reference = run_file(small_coupled_scenario(), {}, 1);
    const auto reference_kpis = kpis_of(reference);
    REQUIRE(reference_kpis.at("waste.collected_t_per_day") > 0.0);  // trucks did work
    REQUIRE(reference_kpis.at("telecom.carried_gb") > 0.0);
    for (const unsigned threads : {2U, 4U}) {
        CAPTURE(threads);
        const auto run = run_file(small_coupled_scenario(), {}, threads);
        CHECK(run.stats.fingerprint == reference.stats.fingerprint);
        const auto kpis = kpis_of(run);
        for (const auto& [name, value] : reference_kpis) {
            if (name == "engine.committed_events") continue;
            CAPTURE(name);
            CHECK(kpis.at(name) == value);  // bit for bit: same events in the same order
        }
    }
}

TEST_CASE("scenarios: telecom's regions give the same sessions, bits and KPIs in one LP as in "
          "many",
          "[scenarios][telecom][determinism]") {
    // The cell network's regions share no link that can fill, so one LP hosting them all (one
    // max-min solve over the whole network) and one LP per few regions (solves apart) must give
    // the same sessions at the same rates: per-sector and per-link series bit for bit, totals
    // summed in another order to round-off.
    const fs::path dir = testing::small_district_folder();
    const auto run = [&](const std::string& name, unsigned lps, unsigned threads) {
        const fs::path out = dir / (name + ".h5");
        const auto result = run_file(small_coupled_scenario(),
                                     {"telecom.cell_lps=" + std::to_string(lps)}, threads, out);
        return std::make_pair(result, out);
    };
    const auto [one, one_file] = run("regions-one-lp", 1, 1);
    const auto [many, many_file] = run("regions-many-lps", 16, 2);
    // Other LPs, other events: the fingerprint tells the runs apart.
    CHECK(one.stats.fingerprint != many.stats.fingerprint);
    const engine::ResultFile a(one_file), b(many_file);
    std::size_t compared = 0;
    for (const auto& name : a.series_names("/series/telecom")) {
        const std::string path = "/series/telecom/" + name;
        const auto x = a.read_series(path);
        const auto y = b.read_series(path);
        REQUIRE(x.values.size() == y.values.size());
        for (std::size_t k = 0; k < x.values.size(); ++k) {
            CAPTURE(path, k);
            if (name == "bits") {
                CHECK(y.values[k] == Approx(x.values[k]).epsilon(1e-12).margin(1e-12));
            } else {
                CHECK(y.values[k] == x.values[k]);
            }
            ++compared;
        }
    }
    CHECK(compared > 1000);
    const auto blocked_a = a.read_table("/events/telecom/blocked_calls");
    const auto blocked_b = b.read_table("/events/telecom/blocked_calls");
    CHECK(blocked_a.numbers == blocked_b.numbers);
    const auto kpis = kpis_of(many);
    for (const auto& [name, value] : kpis_of(one)) {
        if (name.rfind("telecom.", 0) != 0 || name == "telecom.conservation_error_gbit") continue;
        CAPTURE(name);
        CHECK(kpis.at(name) == Approx(value).epsilon(1e-12));
    }
    CHECK(kpis.at("telecom.carried_gb") > 0.0);
}

TEST_CASE("scenarios: coupled waste conserves mass and telecom conserves data at every sample",
          "[scenarios][waste][telecom][property]") {
    // Conservation laws checked by the models at every sample (the KPIs are the largest
    // imbalance seen): generated = containers + trucks + recycled + landfilled + overflowed +
    // uncollected; offered = carried + shed + in flight. Only rounding may separate them.
    const auto kpis = kpis_of(run_file(small_coupled_scenario(), {}, 2));
    const double generated_kg = kpis.at("waste.generated_t_per_day") * 1000.0 * 30.0 / 24.0;
    CAPTURE(generated_kg, kpis.at("waste.mass_balance_error_kg"));
    CHECK(generated_kg > 1000.0);
    CHECK(kpis.at("waste.mass_balance_error_kg") <= 1e-9 * generated_kg);
    // What is left at the end is part of what was generated, and reported.
    CHECK(kpis.at("waste.left_in_containers_t") > 0.0);
    CHECK(1000.0 * (kpis.at("waste.left_in_containers_t") + kpis.at("waste.left_in_trucks_t")) <=
          generated_kg);
    const double demand_gbit = kpis.at("telecom.demand_gb") * 8.0;
    CAPTURE(demand_gbit, kpis.at("telecom.conservation_error_gbit"));
    CHECK(demand_gbit > 1.0);
    CHECK(kpis.at("telecom.conservation_error_gbit") <= 1e-9 * demand_gbit);
    CHECK(kpis.at("telecom.in_flight_gb_at_end") > 0.0);
    CHECK(kpis.at("telecom.in_flight_gb_at_end") <= kpis.at("telecom.demand_gb"));
    // Trips: none is lost (completed ones are part of those routed).
    CHECK(kpis.at("traffic.completed_trips") <= kpis.at("traffic.vehicle_trips"));
    CHECK(kpis.at("traffic.completed_trips") > 0.9 * kpis.at("traffic.vehicle_trips"));
}

TEST_CASE("scenarios: every trip is counted, arrived or not, in the trips table and the KPIs",
          "[scenarios][traffic][property]") {
    // Cut at 07:20 (not a sample instant: the end gets a sample of its own), in the morning peak:
    // many trips are on the road. Each trip that departed is one row, arrived or not; the KPIs add
    // up to the rows; vehicle-hours is the rows' time.
    const fs::path output = testing::small_district_folder() / "peak.h5";
    const auto kpis = kpis_of(run_file(small_coupled_scenario(), {"duration=7h20min"}, 2, output));
    const double unfinished = kpis.at("traffic.unfinished_trips");
    CHECK(unfinished > 0.0);
    CHECK(kpis.at("traffic.completed_trips") + unfinished + kpis.at("traffic.held_trips") ==
          kpis.at("traffic.vehicle_trips"));
    const engine::ResultFile result(output);
    CHECK(result.read_vector("/time").back() == 7 * 3600.0 + 20 * 60.0);
    const auto trips = result.read_table("/events/traffic/trips");
    CHECK(static_cast<double>(trips.rows) == kpis.at("traffic.completed_trips") + unfinished);
    double arrived = 0, en_route = 0, waiting = 0, travel_s = 0;
    for (std::size_t r = 0; r < trips.rows; ++r) {
        const double status = trips.number("status")[r];
        (status == 0 ? arrived : status == 1 ? en_route : waiting) += 1;
        CHECK(std::isnan(trips.number("arrive_s")[r]) == (status != 0));
        travel_s += trips.number("travel_s")[r];
    }
    CHECK(arrived == kpis.at("traffic.completed_trips"));
    CHECK(en_route + waiting == unfinished);
    CHECK(waiting == kpis.at("traffic.not_departed_trips"));
    CHECK(kpis.at("traffic.vehicle_hours") == Approx(travel_s / 3600.0).epsilon(1e-9));
    CHECK(kpis.at("traffic.mean_travel_time_incl_unfinished_s") ==
          Approx(travel_s / static_cast<double>(trips.rows)).epsilon(1e-9));
}

TEST_CASE("scenarios: a detour around a closed road counts as delay, measured from the open "
          "network's fastest path",
          "[scenarios][traffic][property]") {
    // The town's first arterial closed 06:00-09:00: trips leaving meanwhile plan a detour. No
    // route is faster than the fastest path of the open network, so delay from the best path is
    // at least delay from the route; the detoured trips make it strictly more.
    const fs::path dir = testing::small_district_folder();
    const fs::path file = dir / "closure.toml";
    std::ofstream(file) << "district = \"district\"\nduration = \"10h\"\n[traffic]\n"
                           "[[edits]]\nkind = \"traffic.close_road\"\nroad = \"Jl. Raya 0\"\n"
                           "at = \"6h\"\nuntil = \"9h\"\n";
    const auto kpis = kpis_of(run_file(file, {}, 1, dir / "closure.h5"));
    const auto trips = engine::ResultFile(dir / "closure.h5").read_table("/events/traffic/trips");
    std::size_t detoured = 0;
    for (std::size_t r = 0; r < trips.rows; ++r) {
        const double best = trips.number("best_free_flow_s")[r];
        const double route = trips.number("free_flow_s")[r];
        // A trip the closure cut off has no route (and waits, status 2): nothing to compare.
        if (route == 0.0 && trips.number("status")[r] == 2.0) continue;
        CHECK(best <= route + 1e-9);
        detoured += best < route - 1e-9 ? 1U : 0U;
    }
    CAPTURE(detoured);
    CHECK(detoured > 0);
    CHECK(kpis.at("traffic.mean_delay_s") > kpis.at("traffic.mean_route_delay_s"));
}

TEST_CASE("scenarios: common random numbers: a waste what-if leaves telecom and traffic untouched "
          "until the trucks drive",
          "[scenarios][waste][telecom][determinism]") {
    // A TPS3R added in the town adds a waste LP (a gate) before the telecom LP. Random streams
    // are keyed by what draws from them, not by LP position, so every telecom and traffic series
    // is identical to the baseline's until 06:00, when the trucks (whose rounds the TPS3R
    // changes) first enter traffic and the models' coupling can carry the change.
    const fs::path dir = testing::small_district_folder();
    const auto run = [&](const std::string& name, const std::string& edits) {
        const fs::path file = dir / (name + ".toml");
        std::ofstream(file) << "district = \"district\"\nduration = \"8h\"\n"
                               "sample_interval = \"15min\"\n[traffic]\n[waste]\n[telecom]\n"
                            << edits;
        static_cast<void>(run_file(file, {}, 2, dir / (name + ".h5")));
        return dir / (name + ".h5");
    };
    const auto base = run("crn-base", "");
    const auto tps3r = run("crn-tps3r", "[[edits]]\nkind = \"waste.add_facility\"\n"
                                        "facility = \"tps3r\"\nname = \"new\"\n"
                                        "lon = 116.19\nlat = -1.90\n");
    const engine::ResultFile a(base), b(tps3r);
    const auto time = a.read_vector("/time");
    const auto before_trucks = static_cast<std::size_t>(
        std::count_if(time.begin(), time.end(), [](double t) { return t <= 6 * 3600.0; }));
    REQUIRE(before_trucks == 25);
    std::size_t compared = 0;
    for (const std::string group : {"telecom", "traffic"}) {
        for (const auto& name : a.series_names("/series/" + group)) {
            const std::string path = "/series/" + group + "/" + name;
            const auto x = a.read_series(path);
            const auto y = b.read_series(path);
            for (std::size_t k = 0; k < before_trucks; ++k) {
                CAPTURE(path, time[k]);
                const auto xs = x.sample(k);
                const auto ys = y.sample(k);
                CHECK(
                    std::equal(xs.begin(), xs.end(), ys.begin(), ys.end(), [](double p, double q) {
                        return p == q || (std::isnan(p) && std::isnan(q));
                    }));
                ++compared;
            }
        }
    }
    CHECK(compared > 0);
    // The what-if does change what waste does.
    CHECK(a.read_table("/static/waste/gates").rows + 1 == b.read_table("/static/waste/gates").rows);
}

TEST_CASE("scenarios: trips join a day at a time and none is lost at midnight",
          "[scenarios][traffic][property]") {
    // Paser from 18:00 for 30 h, traffic alone: the trips of the second day join the run at
    // the last sample before midnight, the first day's leave once done (TripStore), and those
    // still on the road at midnight (external traffic back late) are kept until they arrive.
    // Every trip one build of the whole run makes is in the KPIs and the trips table once,
    // with ids 0..N-1.
    const fs::path paser = TUNTAS_PASER_DIR;
    const fs::path dir = testing::small_district_folder();
    const fs::path file = dir / "across-midnight.toml";
    std::ofstream(file) << "district = \"" << paser.string()
                        << "\"\nstart = 2025-03-03T18:00:00\nduration = \"30h\"\n"
                           "sample_interval = \"20min\"\nseed = 5\n[traffic]\n";
    const auto kpis = kpis_of(run_file(file, {}, 2, dir / "across-midnight.h5"));
    const auto district = district::load_district(paser).district;
    const auto whole = traffic::build_traffic(district, traffic::TrafficParams{},
                                              30 * 3600 * engine::ticks_per_second, 18 * 3600.0, 5);
    const double made = static_cast<double>(whole.network->trips.size());
    REQUIRE(made > 100'000.0);
    CHECK(kpis.at("traffic.vehicle_trips") == made);
    CHECK(kpis.at("traffic.completed_trips") + kpis.at("traffic.unfinished_trips") == made);
    const auto trips =
        engine::ResultFile(dir / "across-midnight.h5").read_table("/events/traffic/trips");
    REQUIRE(static_cast<double>(trips.rows) == made);
    std::vector<double> ids = trips.number("trip");
    std::sort(ids.begin(), ids.end());
    for (std::size_t k = 0; k < ids.size(); ++k) REQUIRE(ids[k] == static_cast<double>(k));
    // Trips that left before midnight (6 h into the run) and arrived after it.
    const auto depart_s = trips.number("depart_s"), arrive_s = trips.number("arrive_s");
    std::size_t across = 0;
    for (std::size_t r = 0; r < trips.rows; ++r)
        across += depart_s[r] < 6 * 3600.0 && arrive_s[r] >= 6 * 3600.0 ? 1U : 0U;
    CHECK(across > 10);
}

TEST_CASE("scenarios: a run holds about a day's trips however many days it has",
          "[scenarios][traffic][property]") {
    // The small district for 4 days: the trips held at once (traffic.trips_held_peak) stay
    // within a day's and the few still on the road at midnight; before trips came a day at a
    // time a run held all of them.
    const fs::path dir = testing::small_district_folder();
    const fs::path file = dir / "four-days.toml";
    std::ofstream(file) << "district = \"district\"\nstart = 2025-01-06T00:00:00\n"
                           "duration = \"4d\"\nsample_interval = \"30min\"\n[traffic]\n";
    const auto kpis = kpis_of(run_file(file, {}, 2));
    const double all = kpis.at("traffic.vehicle_trips");
    CAPTURE(all, kpis.at("traffic.trips_held_peak"));
    REQUIRE(all > 50'000.0);
    // Four weekdays of about equal demand (Poisson counts, a few hundred apart): a day is a
    // quarter; 10 % more leaves room for the day's spread and the trips past midnight.
    CHECK(kpis.at("traffic.trips_held_peak") < 1.1 * all / 4.0);
    CHECK(kpis.at("traffic.trips_held_peak") > 0.9 * all / 4.0);
}
