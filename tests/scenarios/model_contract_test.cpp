#include <filesystem>
#include <fstream>
#include <string>

#include <catch2/catch.hpp>

#include "engine/result_summary.hpp"
#include "models/api/input_error.hpp"
#include "models/example/example_plugin.hpp"
#include "scenarios/model_registry.hpp"
#include "scenarios/scenario_loader.hpp"
#include "scenarios/scenario_run.hpp"

using namespace tuntas;
namespace fs = std::filesystem;

namespace {

/// Writes `text` as a scenario file in the tests' temporary folder; returns its path.
fs::path write_scenario(const std::string& name, const std::string& text) {
    const fs::path dir = fs::temp_directory_path() / "tuntas-tests" / "model-contract";
    fs::create_directories(dir);
    const fs::path file = dir / name;
    std::ofstream(file) << text;
    return file;
}

double kpi(const std::vector<engine::Kpi>& kpis, const std::string& name) {
    for (const auto& k : kpis) {
        if (k.name == name) return k.value;
    }
    FAIL("no KPI " << name);
    return 0.0;
}

const std::string tickers_toml = R"(name = "tickers"
duration = "1h"
sample_interval = "10min"

[example]
tickers = 5
period = "7min"
)";

}  // namespace

TEST_CASE("model::ModelPlugin: a model in one folder runs after one registry line",
          "[scenarios][model][validation][determinism]") {
    // models/example is a folder, one add_subdirectory line and this registry line: nothing in
    // scenarios/ knows it. 5 tickers every 7 min for 60 min tick at 7, 14, ..., 56: 8 times each.
    auto registry = scenarios::default_registry();
    registry.add(example::make_plugin());
    const auto scenario = scenarios::load_scenario(write_scenario("tickers.toml", tickers_toml), {},
                                                   registry.schema());
    scenarios::RunOptions options;
    options.threads = 1;
    const auto reference = scenarios::run_scenario(scenario, registry, options);
    CHECK(kpi(reference.kpis, "example.ticks") == 40.0);
    CHECK(kpi(reference.kpis, "example.expected_ticks") == 40.0);
    for (const unsigned threads : {2U, 4U}) {
        CAPTURE(threads);
        options.threads = threads;
        const auto run = scenarios::run_scenario(scenario, registry, options);
        CHECK(run.stats.fingerprint == reference.stats.fingerprint);
        CHECK(kpi(run.kpis, "example.ticks") == 40.0);
    }
    // Its keys are validated like any model's, with file and line.
    try {
        static_cast<void>(scenarios::load_scenario(
            write_scenario("bad-tickers.toml", "duration = \"1h\"\n[example]\ntickers = 0\n"), {},
            registry.schema()));
        FAIL("a ticker count of 0 was accepted");
    } catch (const model::InputError& e) {
        CHECK_THAT(e.what(),
                   Catch::Contains("bad-tickers.toml:3:11: error: key 'example.tickers'"));
    }
}

TEST_CASE("scenarios::ModelRegistry: models assemble after the services they need",
          "[scenarios][model][unit]") {
    const auto registry = scenarios::default_registry();
    // Section order in the file or the registry does not matter: traffic provides what waste
    // and telecom need.
    CHECK(registry.assembly_order({"waste", "telecom", "traffic"}, {"district"}, "x.toml") ==
          std::vector<std::string>{"traffic", "waste", "telecom"});
    CHECK(registry.assembly_order({"mm1"}, {}, "x.toml") == std::vector<std::string>{"mm1"});
    // A waste-only run says what is missing and which model would provide it.
    try {
        static_cast<void>(registry.assembly_order({"waste"}, {"district"}, "x.toml"));
        FAIL("waste assembled without traffic");
    } catch (const model::InputError& e) {
        const std::string text = e.what();
        CHECK_THAT(text, Catch::Contains("[waste] needs the presence"));
        CHECK_THAT(text, Catch::Contains(
                             "[waste] needs the road network (its trucks drive in road traffic)"));
        CHECK_THAT(text, Catch::Contains("add [traffic]"));
        CHECK(e.diagnostics().size() == 2);
    }
}

TEST_CASE("scenarios::run_scenario: a model's own errors carry the file, line and key",
          "[scenarios][model][unit]") {
    // The plugin (not the loader) finds the policy name wrong: the message still points at it.
    const auto registry = scenarios::default_registry();
    const auto file = write_scenario("bad-policy.toml", R"(duration = "1h"
district = ")" + std::string(TUNTAS_PASER_DIR) + R"("

[traffic]

[waste]
policy = "whenever"
)");
    const auto scenario = scenarios::load_scenario(file, {}, registry.schema());
    try {
        static_cast<void>(scenarios::run_scenario(scenario, registry, {}));
        FAIL("an unknown policy was accepted");
    } catch (const model::InputError& e) {
        CHECK_THAT(e.what(),
                   Catch::Contains("bad-policy.toml:7:10: error: key 'waste.policy': waste policy "
                                   "'whenever' is not one (fixed_schedule, threshold or mixed)"));
    }
}
