#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include <catch2/catch.hpp>

#include "engine/loopback_transport.hpp"
#include "engine/result_file.hpp"
#include "scenarios/model_registry.hpp"
#include "scenarios/partitioning.hpp"
#include "scenarios/rank_packet.hpp"
#include "scenarios/scenario_loader.hpp"
#include "scenarios/scenario_run.hpp"
#include "tests/support/small_district.hpp"

using namespace tuntas;
namespace fs = std::filesystem;

namespace {

/// The small synthetic district (tests/support/small_district.hpp) with traffic, waste and
/// telecom coupled over 30 h (a 6-h warm-up, then a measured day), samples every 15 minutes.
fs::path small_coupled_scenario() {
    const fs::path dir = testing::small_district_folder();
    const fs::path file = dir / "coupled-ranks.toml";
    std::ofstream(file) << "name = \"small coupled over ranks\"\ndistrict = \"district\"\n"
                           "warmup = \"6h\"\nduration = \"24h\"\nsample_interval = \"15min\"\n"
                           "[traffic]\n[waste]\n[telecom]\n";
    return file;
}

scenarios::RunOptions options_for(const fs::path& output, unsigned threads) {
    scenarios::RunOptions options;
    options.threads = threads;
    options.output = output;
    options.overwrite = true;
    return options;
}

/// Equal value for value, a NaN (no value: a link no vehicle drove) equal to a NaN.
bool same_values(const std::vector<double>& a, const std::vector<double>& b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](double x, double y) {
        return x == y || (std::isnan(x) && std::isnan(y));
    });
}

/// Every series and event table of two results, value for value.
void check_same_datasets(const fs::path& expected_file, const fs::path& actual_file) {
    const engine::ResultFile expected(expected_file);
    const engine::ResultFile actual(actual_file);
    std::size_t values = 0;
    for (const auto& group : expected.children("/series")) {
        for (const auto& name : expected.series_names("/series/" + group)) {
            const std::string path = "/series/" + group + "/" + name;
            CAPTURE(path);
            REQUIRE(actual.has(path));
            const auto a = expected.read_series(path);
            const auto b = actual.read_series(path);
            CHECK(same_values(a.values, b.values));
            values += a.values.size();
        }
    }
    for (const auto& group : expected.children("/events")) {
        for (const auto& name : expected.children("/events/" + group)) {
            const std::string path = "/events/" + group + "/" + name;
            CAPTURE(path);
            REQUIRE(actual.has(path));
            const auto a = expected.read_table(path);
            const auto b = actual.read_table(path);
            CHECK(a.rows == b.rows);
            REQUIRE(a.numbers.size() == b.numbers.size());
            for (const auto& [column, numbers] : a.numbers) {
                CAPTURE(column);
                CHECK(same_values(numbers, b.number(column)));
            }
            CHECK(a.texts == b.texts);
            values += a.rows;
        }
    }
    CHECK(values > 10'000);  // the comparison saw the run's results, not an empty file
}

}  // namespace

TEST_CASE("scenarios::RankPacket: values cross bit for bit, in the order put, and a cut packet "
          "is refused",
          "[scenarios][unit][ranks]") {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    scenarios::RankPacket out;
    out.put_u64(42);
    out.put_doubles({1.0 / 3.0, -0.0, nan, 1e300});
    out.put_string("traffic.mean_travel_time_s");
    out.put_columns(engine::TableColumns{std::vector<std::int64_t>{-1, 7},
                                         std::vector<double>{2.5, nan},
                                         std::vector<std::string>{"", "Jalan Sudirman"}});
    out.put_double(-2.75);
    auto bytes = out.take();
    scenarios::RankPacket in(bytes);
    CHECK(in.get_u64() == 42);
    const auto values = in.get_doubles();
    REQUIRE(values.size() == 4);
    CHECK(values[0] == 1.0 / 3.0);
    CHECK(std::signbit(values[1]));
    CHECK(std::isnan(values[2]));
    CHECK(values[3] == 1e300);
    CHECK(in.get_string() == "traffic.mean_travel_time_s");
    const auto columns = in.get_columns();
    REQUIRE(columns.size() == 3);
    CHECK(std::get<std::vector<std::int64_t>>(columns[0]) == std::vector<std::int64_t>{-1, 7});
    CHECK(std::get<std::vector<double>>(columns[1])[0] == 2.5);
    CHECK(std::isnan(std::get<std::vector<double>>(columns[1])[1]));
    CHECK(std::get<std::vector<std::string>>(columns[2])[1] == "Jalan Sudirman");
    CHECK(in.get_double() == -2.75);
    CHECK(in.at_end());
    // A packet cut short (a rank's bytes lost on the way) is an error, not garbage.
    bytes.resize(bytes.size() - 12);
    scenarios::RankPacket cut(bytes);
    static_cast<void>(cut.get_u64());
    static_cast<void>(cut.get_doubles());
    static_cast<void>(cut.get_string());
    CHECK_THROWS_WITH(cut.get_columns(), Catch::Contains("ends before its values do"));
}

TEST_CASE("scenarios::partition_for_ranks: models that share state run on one rank, clusters "
          "go to the least loaded rank",
          "[scenarios][partitioning][ranks]") {
    // Four models of one group each: model 0 (30 events) and model 1 (10) share state; model
    // 2 has 25, model 3 has 20. By weight: {0, 1} 40 -> rank 0, model 2 25 -> rank 1, model 3
    // 20 -> rank 1 at two ranks (25 < 40), and rank 2 at three.
    const std::vector<std::uint32_t> group_of_lp{0, 0, 1, 2, 3};
    const std::vector<double> events{15.0, 15.0, 10.0, 25.0, 20.0};
    const std::vector<std::uint32_t> group_begin{0, 1, 2, 3, 4};
    const std::vector<std::size_t> cluster{0, 0, 1, 2};
    const auto one_each = [](double) { return std::size_t{1}; };
    const auto two =
        scenarios::partition_for_ranks(group_of_lp, events, group_begin, cluster, 2, one_each);
    CHECK(two.rank_of_model == std::vector<int>{0, 0, 1, 1});
    CHECK(two.events_of_rank == std::vector<double>{40.0, 45.0});
    REQUIRE(two.map.workers_assigned());
    for (std::size_t lp = 0; lp < group_of_lp.size(); ++lp) {
        const auto p = two.map.partition_of(static_cast<engine::LpId>(lp));
        CHECK(static_cast<int>(two.map.worker_of(p)) == two.rank_of_model[group_of_lp[lp]]);
    }
    const auto three =
        scenarios::partition_for_ranks(group_of_lp, events, group_begin, cluster, 3, one_each);
    CHECK(three.rank_of_model == std::vector<int>{0, 0, 1, 2});
    // More ranks than clusters: the rest get nothing.
    const auto five =
        scenarios::partition_for_ranks(group_of_lp, events, group_begin, cluster, 5, one_each);
    CHECK(five.events_of_rank == std::vector<double>{40.0, 25.0, 20.0, 0.0, 0.0});
    CHECK(five.map.partition_count() == 3);
}

TEST_CASE("scenarios::run_scenario: over 1 to 4 loopback ranks a coupled run gives one "
          "process's fingerprint, KPIs and datasets",
          "[scenarios][ranks][determinism]") {
    const auto registry = scenarios::default_registry();
    const auto scenario = scenarios::load_scenario(small_coupled_scenario(), {}, registry.schema());
    const fs::path dir = testing::small_district_folder();
    const fs::path reference_file = dir / "ranks-reference.h5";
    const auto reference =
        scenarios::run_scenario(scenario, registry, options_for(reference_file, 1));
    REQUIRE(reference.stats.committed_events > 100'000);

    for (const int ranks : {1, 2, 3, 4}) {
        CAPTURE(ranks);
        const fs::path file = dir / ("ranks-" + std::to_string(ranks) + ".h5");
        engine::LoopbackNetwork network(ranks);
        std::vector<scenarios::RunResult> results(static_cast<std::size_t>(ranks));
        std::vector<std::string> errors(static_cast<std::size_t>(ranks));
        std::uint64_t last_progress_events = 0;  // rank 0's progress reports
        std::size_t progress_reports = 0;
        {
            std::vector<std::jthread> processes;
            for (int rank = 0; rank < ranks; ++rank) {
                processes.emplace_back([&, rank] {
                    const auto r = static_cast<std::size_t>(rank);
                    try {
                        engine::LoopbackTransport transport(network, rank);
                        // Rank 0 on two threads, the others on one: results never depend on it.
                        auto options = options_for(file, rank == 0 ? 2 : 1);
                        options.transport = &transport;
                        options.on_progress = [&](const scenarios::RunProgress& progress) {
                            last_progress_events = progress.committed_events;
                            ++progress_reports;
                        };
                        results[r] = scenarios::run_scenario(scenario, registry, options);
                    } catch (const std::exception& e) {
                        errors[r] = e.what();
                    }
                });
            }
        }
        for (const auto& error : errors) REQUIRE(error.empty());
        // Progress comes from rank 0 alone, once a sample, and counts every rank's events.
        CHECK(progress_reports == 30 * 4 + 1);
        CHECK(last_progress_events == reference.stats.committed_events);
        // Traffic and waste share the road network's memory: one rank; telecom another when
        // there are two ranks or more.
        const auto& placed = results[0].rank_of_model;
        std::map<std::string, int> rank_of(placed.begin(), placed.end());
        CHECK(rank_of.at("traffic") == rank_of.at("waste"));
        if (ranks > 1) CHECK(rank_of.at("telecom") != rank_of.at("traffic"));
        for (const auto& result : results) {
            CHECK(result.stats.fingerprint == reference.stats.fingerprint);
            CHECK(result.stats.committed_events == reference.stats.committed_events);
        }
        // Rank 0 has every model's KPIs, bit for bit, in the same order.
        REQUIRE(results[0].kpis.size() == reference.kpis.size());
        for (std::size_t k = 0; k < reference.kpis.size(); ++k) {
            CAPTURE(reference.kpis[k].name);
            CHECK(results[0].kpis[k].name == reference.kpis[k].name);
            CHECK(results[0].kpis[k].value == reference.kpis[k].value);
        }
        CHECK(results[0].warnings == reference.warnings);
        check_same_datasets(reference_file, file);
    }
}
