#include <algorithm>
#include <filesystem>
#include <fstream>

#include <catch2/catch.hpp>

#include "engine/result_summary.hpp"
#include "scenarios/model_registry.hpp"
#include "scenarios/scenario_loader.hpp"
#include "scenarios/scenario_run.hpp"

using namespace tuntas;
namespace fs = std::filesystem;

namespace {

const fs::path paser_dir = TUNTAS_PASER_DIR;
const fs::path scenarios_dir = TUNTAS_SCENARIOS_DIR;
const std::vector<std::string> short_run{"start=2025-03-03T05:00:00", "duration=3h", "warmup=0s",
                                         "district=" + paser_dir.string()};

/// Runs `scenario` into `output`; `live`, when given, is the run's live edit queue and `knobs`
/// fills it when the run reaches one hour.
engine::ResultSummary run(const fs::path& scenario, const fs::path& output,
                          const std::shared_ptr<scenarios::LiveEditQueue>& live = nullptr) {
    const auto registry = scenarios::default_registry();
    const auto loaded = scenarios::load_scenario(scenario, short_run, registry.schema());
    scenarios::RunOptions options;
    options.threads = 2;
    options.output = output;
    options.overwrite = true;
    options.live_edits = live;
    options.on_progress = [&](const scenarios::RunProgress& progress) {
        if (live == nullptr || progress.simulated != 3600 * engine::ticks_per_second) return;
        // A viewer's knobs, turned at 06:00: the run applies them at its next sample, 06:05.
        scenarios::LiveEditRequest policy{.kind = "waste.set_policy", .values = {}};
        policy.values.set("policy", std::string("threshold"));
        live->push(policy);
        scenarios::LiveEditRequest road{.kind = "traffic.block_link", .values = {}};
        road.values.set("link", std::int64_t{0});
        road.values.set("until", 7200.0);
        live->push(road);
        scenarios::LiveEditRequest demand{.kind = "traffic.hold_trips", .values = {}};
        demand.values.set("share", 0.5);
        live->push(demand);
    };
    static_cast<void>(scenarios::run_scenario(loaded, registry, options));
    return engine::read_result_summary(output);
}

}  // namespace

TEST_CASE("scenarios::run_scenario: live edits give the run that their file form gives",
          "[scenarios][determinism]") {
    const fs::path out = fs::temp_directory_path() / "tuntas-live-edit-test";
    fs::create_directories(out);
    const fs::path baseline = scenarios_dir / "paser" / "baseline.toml";

    const auto plain = run(baseline, out / "plain.h5");
    const auto live = run(baseline, out / "live.h5", std::make_shared<scenarios::LiveEditQueue>());
    // The knobs were applied at 06:05 (3,900 s after the start) and written down.
    const std::string& edits = live.attributes.text.at("live_edits");
    CHECK_THAT(edits, Catch::Contains(
                          "kind = \"waste.set_policy\"\nat = \"3900s\"\npolicy = \"threshold\""));
    CHECK_THAT(edits,
               Catch::Contains(
                   "kind = \"traffic.block_link\"\nat = \"3900s\"\nlink = 0\nuntil = \"7200s\""));
    CHECK_THAT(edits,
               Catch::Contains("kind = \"traffic.hold_trips\"\nat = \"3900s\"\nshare = 0.5"));
    CHECK(live.attributes.text.at("fingerprint") != plain.attributes.text.at("fingerprint"));
    const auto held = std::find_if(live.kpis.begin(), live.kpis.end(), [](const auto& kpi) {
        return kpi.name == "traffic.held_trips";
    });
    REQUIRE(held != live.kpis.end());
    CHECK(held->value > 1000.0);  // half the tours from 06:05 to 08:00 stayed home

    // The scenario with those edits, run from its file, is the same run.
    const fs::path replay = out / "with-live-edits.toml";
    std::ofstream(replay) << live.attributes.text.at("scenario_with_live_edits");
    const auto again = run(replay, out / "again.h5");
    CHECK(again.attributes.text.at("fingerprint") == live.attributes.text.at("fingerprint"));
    REQUIRE(again.kpis.size() == live.kpis.size());
    for (std::size_t k = 0; k < live.kpis.size(); ++k) {
        CAPTURE(live.kpis[k].name);
        CHECK(again.kpis[k].value == live.kpis[k].value);
    }
}
