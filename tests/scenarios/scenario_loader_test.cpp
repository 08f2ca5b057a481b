#include <filesystem>
#include <fstream>

#include <catch2/catch.hpp>

#include "engine/duration.hpp"
#include "models/api/input_error.hpp"
#include "models/api/path_sandbox.hpp"
#include "scenarios/model_registry.hpp"
#include "scenarios/scenario_loader.hpp"

using namespace tuntas;
using model::InputError;

namespace {
const std::filesystem::path data_dir = TUNTAS_TEST_DATA_DIR;

model::Scenario load(const std::filesystem::path& file,
                     const std::vector<std::string>& overrides = {}) {
    return scenarios::load_scenario(file, overrides, scenarios::default_registry().schema());
}

std::vector<std::string> messages_of(const std::filesystem::path& file,
                                     const std::vector<std::string>& overrides = {}) {
    try {
        static_cast<void>(load(file, overrides));
    } catch (const model::InputError& e) {
        std::vector<std::string> lines;
        for (const auto& d : e.diagnostics()) lines.push_back(d.format());
        return lines;
    }
    return {};
}

std::filesystem::path write_temp(const std::string& name, const std::string& text) {
    const auto path = std::filesystem::temp_directory_path() / name;
    std::ofstream(path) << text;
    return path;
}
}  // namespace

TEST_CASE("scenarios::load_scenario: a typo, a wrong type and a bad range are all reported",
          "[scenarios][unit]") {
    const std::string file = (data_dir / "bad.toml").string();
    const std::vector<std::string> expected{
        file + ":6:1: error: missing key 'mm1.arrival_rate_per_s' (lambda, Poisson arrivals per "
               "second at each queue)",
        file + ":7:10: error: key 'mm1.queues': expected an integer, got a string",
        file + ":8:1: error: unknown key 'mm1.arival_rate_per_s' (did you mean "
               "'arrival_rate_per_s'?)",
        file + ":9:22: error: key 'mm1.service_rate_per_s': expected a number in [1e-06, "
               "1e+06] 1/s, got -1",
    };
    CHECK(messages_of(data_dir / "bad.toml") == expected);
}

TEST_CASE("scenarios::load_scenario: extends merges keys and appends edits", "[scenarios][unit]") {
    const auto scenario = load(data_dir / "variant.toml", {"duration=10h"});
    CHECK(scenario.name == "variant");
    CHECK(scenario.seed == 7);  // from the base
    CHECK(scenario.sample_interval == 600 * engine::ticks_per_second);
    CHECK(scenario.models.at("mm1").integer("queues") == 3);  // the variant's
    CHECK(scenario.models.at("mm1").real("arrival_rate_per_s") == 0.5);
    REQUIRE(scenario.edits.size() == 2);
    CHECK(scenario.edits[0].at == 3600 * engine::ticks_per_second);  // base edit first
    CHECK(scenario.edits[0].values.integer("queue") == -1);          // default filled in
    CHECK(scenario.edits[1].values.real("factor") == 0.5);
    CHECK(scenario.resolved_toml.find("extends") == std::string::npos);
}

TEST_CASE("scenarios::load_scenario_text: text loads as the file it stands for, located at its "
          "origin, extends taken from the origin's folder",
          "[scenarios][unit]") {
    const auto& schema = scenarios::default_registry().schema();
    std::ifstream in(data_dir / "variant.toml");
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const auto origin = data_dir / "<scenario text>";
    const auto from_text = scenarios::load_scenario_text(text, origin, {"duration=10h"}, schema);
    const auto from_file = load(data_dir / "variant.toml", {"duration=10h"});
    CHECK(from_text.resolved_toml == from_file.resolved_toml);
    CHECK(from_text.file == origin);
    REQUIRE(from_text.edits.size() == 2);
    CHECK(from_text.edits[1].values.real("factor") == 0.5);

    const std::string bad = "name = \"x\"\nduration = \"1h\"\n[mm1]\nqueues = 0\n";
    try {
        static_cast<void>(scenarios::load_scenario_text(bad, origin, {}, schema));
        FAIL("a scenario text with a bad value loaded");
    } catch (const InputError& e) {
        bool located = false;
        for (const auto& d : e.diagnostics()) {
            located = located || (d.file == origin.string() && d.line == 4 && d.column == 10 &&
                                  d.message.find("mm1.queues") != std::string::npos);
        }
        CHECK(located);
    }
}

TEST_CASE("scenarios::load_scenario: an output interval is a whole number of samples",
          "[scenarios][unit]") {
    // variant.toml samples every 10 minutes.
    const auto ok = load(data_dir / "variant.toml", {"outputs=series@20min,events"});
    CHECK(ok.outputs.interval_s("mm1", "in_system") == 1200.0);
    const auto messages = messages_of(data_dir / "variant.toml", {"outputs=series@15min"});
    REQUIRE(messages.size() == 1);
    CHECK_THAT(messages[0], Catch::Contains("outputs") &&
                                Catch::Contains("not a whole number of sample intervals"));
    CHECK(messages_of(data_dir / "variant.toml", {"outputs=mm1@5min"}).size() == 1);
}

TEST_CASE("scenarios::load_scenario: --set overrides any key and is validated like the file",
          "[scenarios][unit]") {
    const auto scenario =
        load(data_dir / "base.toml", {"duration=3h", "mm1.queues=5", "start=2025-03-03T06:30:00"});
    CHECK(scenario.duration == 3 * 3600 * engine::ticks_per_second);
    CHECK(scenario.models.at("mm1").integer("queues") == 5);
    CHECK(scenario.start_local == "2025-03-03T06:30:00");
    CHECK(scenario.resolved_toml.find("queues = 5") != std::string::npos);

    // A bare date is a TOML date; as holidays it is taken as the text it is.
    CHECK(load(data_dir / "base.toml", {"holidays=2025-03-05"}).holidays ==
          std::vector<std::string>{"2025-03-05"});
    CHECK(load(data_dir / "base.toml", {"holidays=2025-03-05, 2025-03-31"}).holidays ==
          std::vector<std::string>{"2025-03-05", "2025-03-31"});
    CHECK(messages_of(data_dir / "base.toml", {"holidays=2025-02-30"}) ==
          std::vector<std::string>{"--set holidays=2025-02-30: error: key 'holidays': "
                                   "'2025-02-30' is not a date YYYY-MM-DD"});
    CHECK(messages_of(data_dir / "base.toml", {"mm1.queues=abc", "mm1.tranzit=1s"}) ==
          std::vector<std::string>{
              "--set mm1.queues=abc: error: key 'mm1.queues': expected an integer, got a string",
              "--set mm1.tranzit=1s: error: unknown key 'mm1.tranzit' (did you mean 'transit'?)"});
}

TEST_CASE("scenarios::load_scenario: syntax errors, unknown edits, late edits, missing files",
          "[scenarios][unit]") {
    const auto syntax = write_temp("tuntas_syntax.toml", "duration = \"1h\"\nseed = = 3\n");
    const auto lines = messages_of(syntax);
    REQUIRE(lines.size() == 1);
    CHECK(lines[0].starts_with(syntax.string() + ":2:"));

    const auto edit = write_temp("tuntas_edit.toml",
                                 "duration = \"1h\"\n[mm1]\narrival_rate_per_s = 0.5\n"
                                 "service_rate_per_s = 1.0\n[[edits]]\nkind = \"mm1.close_all\"\n");
    CHECK(messages_of(edit) ==
          std::vector<std::string>{
              edit.string() +
              ":6:8: error: key 'edits[0].kind': unknown edit kind "
              "\"mm1.close_all\" (known: mm1.scale_arrivals, telecom.add_site, "
              "telecom.cut_link, telecom.duct, telecom.set_capacity, telecom.site_down, "
              "traffic.block_link, traffic.close_junction, traffic.close_road, "
              "traffic.hold_trips, traffic.scale_demand, traffic.set_road, "
              "traffic.set_signal, waste.add_facility, waste.close_landfill, "
              "waste.remove_facility, waste.set_generation, waste.set_policy)"});

    CHECK(messages_of(data_dir / "variant.toml", {"duration=2h"}) ==
          std::vector<std::string>{(data_dir / "variant.toml").string() +
                                   ": error: edit 'mm1.scale_arrivals' at 18000 s is not before "
                                   "the end (7200 s)"});
    CHECK(messages_of(data_dir / "nowhere.toml") ==
          std::vector<std::string>{(data_dir / "nowhere.toml").string() +
                                   ": error: no such scenario file"});
}

TEST_CASE("scenarios::load_scenario: --set edits.LABEL.KEY changes one value of a labelled edit "
          "and no other",
          "[scenarios][unit]") {
    const auto file = write_temp("tuntas_labelled.toml",
                                 "extends = \"" + (data_dir / "base.toml").string() +
                                     "\"\n"
                                     "[[edits]]\nlabel = \"surge\"\nkind = \"mm1.scale_arrivals\"\n"
                                     "at = \"2h\"\nfactor = 1.5\n");
    const auto plain = load(file);
    REQUIRE(plain.edits.size() == 2);
    CHECK(plain.edits[0].label.empty());  // the base's, unlabelled
    CHECK(plain.edits[1].label == "surge");
    const auto changed = load(file, {"edits.surge.factor=3", "edits.surge.at=4h"});
    CHECK(changed.edits[1].values.real("factor") == 3.0);
    CHECK(changed.edits[1].at == 4 * 3600 * engine::ticks_per_second);
    CHECK(changed.edits[0].values.real("factor") == 2.0);  // the other edit untouched

    CHECK(
        messages_of(file, {"edits.surges.factor=3"}) ==
        std::vector<std::string>{
            "--set edits.surges.factor=3: error: no [[edits]] labelled 'surges' (labels: surge)"});
    CHECK(messages_of(file, {"edits.surge.factr=3"}) ==
          std::vector<std::string>{"--set edits.surge.factr=3: error: unknown key "
                                   "'edits[1].factr' (did you mean 'factor'?)"});
    CHECK(messages_of(file, {"edits.surge=3"}) ==
          std::vector<std::string>{"--set edits.surge=3: error: expected edits.LABEL.KEY=value "
                                   "(an edit's label and a key)"});
    const auto twice =
        write_temp("tuntas_labelled_twice.toml",
                   "duration = \"3h\"\n[mm1]\narrival_rate_per_s = 0.5\nservice_rate_per_s = 1.0\n"
                   "[[edits]]\nlabel = \"a\"\nkind = \"mm1.scale_arrivals\"\nfactor = 2.0\n"
                   "[[edits]]\nlabel = \"a\"\nkind = \"mm1.scale_arrivals\"\nfactor = 3.0\n");
    const auto lines = messages_of(twice);
    REQUIRE(lines.size() == 1);
    CHECK(lines[0].find("key 'edits[1].label': another edit is labelled 'a'") != std::string::npos);
}

TEST_CASE("scenarios::load_scenario: an edit's at and until as clock times: a local date-time or "
          "a weekday and time, the first at or after the start",
          "[scenarios][unit]") {
    // base.toml starts 2025-01-06 (a Monday) at 00:00 by default; this one at Tuesday 08:30.
    const auto file = write_temp(
        "tuntas_clock.toml",
        "duration = \"10d\"\nstart = 2025-03-04T08:30:00\n[mm1]\narrival_rate_per_s = 0.5\n"
        "service_rate_per_s = 1.0\n"
        "[[edits]]\nkind = \"mm1.scale_arrivals\"\nfactor = 2.0\nat = \"Tue 17:00\"\n"
        "[[edits]]\nkind = \"mm1.scale_arrivals\"\nfactor = 2.0\nat = \"tue 08:00\"\n"
        "[[edits]]\nkind = \"mm1.scale_arrivals\"\nfactor = 2.0\nat = \"Mon 00:00\"\n"
        "[[edits]]\nkind = \"mm1.scale_arrivals\"\nfactor = 2.0\nat = 2025-03-05T09:00:00\n");
    const auto scenario = load(file);
    REQUIRE(scenario.edits.size() == 4);
    const auto hours = [](engine::Ticks t) {
        return static_cast<double>(t) / (3600.0 * engine::ticks_per_second);
    };
    CHECK(hours(scenario.edits[0].at) == 8.5);           // the same Tuesday, 17:00
    CHECK(hours(scenario.edits[1].at) == 7 * 24 - 0.5);  // 08:00 has passed: next Tuesday
    CHECK(hours(scenario.edits[2].at) == 6 * 24 - 8.5);  // the next Monday's midnight
    CHECK(hours(scenario.edits[3].at) == 24.5);          // Wednesday 09:00
    // Before the start: one error, at the value.
    const auto early = write_temp(
        "tuntas_clock_early.toml",
        "duration = \"1d\"\nstart = 2025-03-04T08:30:00\n[mm1]\narrival_rate_per_s = 0.5\n"
        "service_rate_per_s = 1.0\n"
        "[[edits]]\nkind = \"mm1.scale_arrivals\"\nfactor = 2.0\nat = 2025-03-04T08:00:00\n");
    CHECK(messages_of(early) ==
          std::vector<std::string>{early.string() +
                                   ":9:6: error: key 'edits[0].at': 2025-03-04T08:00:00 is before "
                                   "the start (2025-03-04T08:30:00)"});
}

TEST_CASE("scenarios::load_scenario: a district by name is found under the data folder when no "
          "folder of that name is next to the scenario",
          "[scenarios][unit]") {
    const auto folder = std::filesystem::temp_directory_path() / "tuntas_named_district";
    std::filesystem::create_directories(folder);
    std::ofstream(folder / "named.toml") << "district = \"paser\"\nduration = \"1h\"\n"
                                            "[mm1]\narrival_rate_per_s = 0.5\n"
                                            "service_rate_per_s = 1.0\n";
    const auto named = load(folder / "named.toml");
    CHECK(std::filesystem::path(named.district).filename() == "paser");
    CHECK(std::filesystem::exists(std::filesystem::path(named.district) / "district.toml"));
    // A folder next to the scenario wins over the named one.
    std::filesystem::create_directories(folder / "paser");
    CHECK(load(folder / "named.toml").district == (folder / "paser").string());
    std::filesystem::remove_all(folder / "paser");
    // An unknown name lists the named districts.
    std::ofstream(folder / "unknown.toml") << "district = \"pasr\"\nduration = \"1h\"\n"
                                              "[mm1]\narrival_rate_per_s = 0.5\n"
                                              "service_rate_per_s = 1.0\n";
    const auto lines = messages_of(folder / "unknown.toml");
    REQUIRE(lines.size() == 1);
    CHECK(lines[0].find("no named district 'pasr'") != std::string::npos);
    CHECK(lines[0].find("(named: paser)") != std::string::npos);
}

TEST_CASE("engine::parse_duration_s: units and sums", "[scenarios][unit]") {
    CHECK(engine::parse_duration_s("250ms") == Approx(0.25));
    CHECK(engine::parse_duration_s("5min") == Approx(300.0));
    CHECK(engine::parse_duration_s("1h30min") == Approx(5400.0));
    CHECK(engine::parse_duration_s("2d") == Approx(172800.0));
    CHECK(engine::parse_duration_s("0.5 s") == Approx(0.5));
    CHECK_FALSE(engine::parse_duration_s("5"));
    CHECK_FALSE(engine::parse_duration_s("5 parsecs"));
    CHECK_FALSE(engine::parse_duration_s(""));
}

TEST_CASE("scenarios::load_scenario: values that pass a type check but cannot run are refused",
          "[scenarios][unit]") {
    // An `at` of 99999999999999 days overflowed the ticks (undefined behaviour, then a negative
    // delay mid-run); 1 ms samples over an hour wrote 3.6 million samples of every series.
    const auto far = write_temp("tuntas_far.toml",
                                "duration = \"1h\"\n[mm1]\narrival_rate_per_s = 0.5\n"
                                "service_rate_per_s = 1.0\n[[edits]]\nkind = "
                                "\"mm1.scale_arrivals\"\nat = \"99999999999999d\"\nfactor = 2.0\n");
    CHECK(messages_of(far) ==
          std::vector<std::string>{far.string() +
                                   ":7:6: error: key 'edits[0].at': 8.64e+18 s is more than a "
                                   "century"});
    const auto fine =
        write_temp("tuntas_fine.toml", "duration = \"1h\"\nsample_interval = \"1ms\"\n[mm1]\n"
                                       "arrival_rate_per_s = 0.5\nservice_rate_per_s = 1.0\n");
    CHECK(messages_of(fine) ==
          std::vector<std::string>{fine.string() +
                                   ":2:19: error: key 'sample_interval': 3.6e+06 samples (3600 s "
                                   "simulated every 0.001 s) is more than 1e+06: raise "
                                   "sample_interval"});
    // The same hour sampled every 5 s is fine.
    CHECK(messages_of(fine, {"sample_interval=\"5s\""}).empty());
}

TEST_CASE("scenarios::load_scenario: extends a device is refused, not read forever",
          "[scenarios][unit]") {
    if (!std::filesystem::exists("/dev/zero")) return;
    const auto file = write_temp("tuntas_dev.toml", "extends = \"/dev/zero\"\nname = \"x\"\n");
    CHECK(messages_of(file) ==
          std::vector<std::string>{"/dev/zero: error: not a regular file (a device, folder or "
                                   "pipe)"});
}

TEST_CASE("scenarios::load_scenario: in a sandbox, every file a scenario names stays under its "
          "root",
          "[scenarios][unit]") {
    // Root R holds ok.toml (its district in R), up.toml (extends ../outside.toml), far.toml
    // (district ../district), and link.toml, a symbolic link inside R to outside.toml. In the
    // sandbox only ok.toml loads; a --set naming a file outside is refused too. Without it all
    // load (up/far/link name files that exist).
    namespace fs = std::filesystem;
    const fs::path top = fs::temp_directory_path() / "tuntas-sandbox-test";
    fs::remove_all(top);
    const fs::path root = top / "root";
    fs::create_directories(root / "district");
    fs::create_directories(top / "district");
    const std::string mm1 = "duration = \"1h\"\n[mm1]\narrival_rate_per_s = 0.5\n"
                            "service_rate_per_s = 1.0\n";
    std::ofstream(top / "outside.toml") << mm1;
    std::ofstream(root / "ok.toml") << "district = \"district\"\n" << mm1;
    std::ofstream(root / "up.toml") << "extends = \"../outside.toml\"\n";
    std::ofstream(root / "far.toml") << "district = \"../district\"\n" << mm1;
    fs::create_symlink(top / "outside.toml", root / "link.toml");
    for (const char* name : {"ok.toml", "up.toml", "far.toml", "link.toml"}) {
        CAPTURE(name);
        CHECK(messages_of(root / name).empty());
    }
    model::set_path_sandbox(root);
    const std::string why = "outside the sandbox " + fs::canonical(root).string();
    const auto refused = [&](const fs::path& file, const std::vector<std::string>& overrides = {}) {
        const auto messages = messages_of(file, overrides);
        return messages.size() == 1 && messages[0].find(why) != std::string::npos;
    };
    CHECK(messages_of(root / "ok.toml").empty());
    CHECK(refused(root / "up.toml"));
    CHECK(refused(root / "far.toml"));
    CHECK(refused(root / "link.toml"));
    CHECK(refused(top / "outside.toml"));
    CHECK(refused(root / "ok.toml", {"district=\"" + (top / "district").string() + "\""}));
    model::set_path_sandbox({});
    CHECK(messages_of(root / "far.toml").empty());
}

TEST_CASE("model::Scenario::calendar: weekdays from the warm-up's first day, holidays by date",
          "[scenarios][unit]") {
    // Measured from Monday 2025-03-03 after a two-day warm-up: day 0 is Saturday 1 March.
    // Wednesday 5 March is listed as a holiday; 29 March (day 28) too, out of order.
    tuntas::model::Scenario scenario;
    scenario.start_local = "2025-03-03T00:00:00";
    scenario.warmup = 2 * 86'400 * tuntas::engine::ticks_per_second;
    scenario.holidays = {"2025-03-29", "2025-03-05"};
    const auto calendar = scenario.calendar();
    using tuntas::model::DayType;
    CHECK(calendar.start_weekday == 5);
    CHECK(calendar.holidays == std::vector<int>{4, 28});
    const std::vector<DayType> week{DayType::saturday, DayType::sunday,  DayType::weekday,
                                    DayType::weekday,  DayType::holiday, DayType::weekday,
                                    DayType::friday,   DayType::saturday};
    for (int day = 0; day < 8; ++day) {
        CAPTURE(day);
        CHECK(calendar.day_type(day) == week[static_cast<std::size_t>(day)]);
    }
    // Run time 47 h is Sunday 23:00; 48 h Monday 00:00.
    CHECK(calendar.day_type_at(47 * 3600 * tuntas::engine::ticks_per_second) == DayType::sunday);
    CHECK(calendar.day_type_at(48 * 3600 * tuntas::engine::ticks_per_second) == DayType::weekday);
}
