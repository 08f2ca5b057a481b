#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "scenarios/sweep_plan.hpp"

using tuntas::scenarios::expand_sweep;
using tuntas::scenarios::shard_of;

TEST_CASE("scenarios::expand_sweep: the product of the values times the seeds, first key slowest",
          "[scenarios][unit]") {
    const auto runs =
        expand_sweep({"waste.dump_trucks=8,10", "traffic.demand_scale=1.0,1.2,1.5"}, 2, 7);
    REQUIRE(runs.size() == 2 * 3 * 2);
    CHECK(runs[0].name == "waste.dump_trucks=8__traffic.demand_scale=1.0__seed=7");
    CHECK(runs[1].name == "waste.dump_trucks=8__traffic.demand_scale=1.0__seed=8");
    CHECK(runs[2].name == "waste.dump_trucks=8__traffic.demand_scale=1.2__seed=7");
    CHECK(runs.back().name == "waste.dump_trucks=10__traffic.demand_scale=1.5__seed=8");
    CHECK(runs.back().overrides ==
          std::vector<std::string>{"waste.dump_trucks=10", "traffic.demand_scale=1.5", "seed=8"});
    // A value with characters a file name should not hold is made safe in the name only (with
    // a hash of what it stood for, so that it names that value alone).
    const auto odd = expand_sweep({"name=a b/c,d"}, 1, 1);
    CHECK(odd[0].name.starts_with("name=a_b_c~"));
    CHECK(odd[0].name.ends_with("__seed=1"));
    CHECK(odd[0].overrides[0] == "name=a b/c");
    // A key with one value is the same for every run: in the overrides, not in the names.
    const auto fixed = expand_sweep({"k=1,2", "duration=20h"}, 1, 3);
    CHECK(fixed[0].name == "k=1__seed=3");
    CHECK(fixed[0].overrides == std::vector<std::string>{"k=1", "duration=20h", "seed=3"});
    // No keys: just the seeds.
    CHECK(expand_sweep({}, 3, 1).size() == 3);
    CHECK_THROWS_AS(expand_sweep({"novalue"}, 1, 1), std::invalid_argument);
    CHECK_THROWS_AS(expand_sweep({"k=1,,2"}, 1, 1), std::invalid_argument);
    CHECK_THROWS_AS(expand_sweep({"k=1"}, 0, 1), std::invalid_argument);
}

TEST_CASE("scenarios::sweep_variant: a run's name without its seed", "[scenarios][unit]") {
    using tuntas::scenarios::sweep_variant;
    const auto runs = expand_sweep({"a=1,2", "b=x,y"}, 2, 5);
    CHECK(sweep_variant(runs[0].name) == "a=1__b=x");
    CHECK(sweep_variant(runs[1].name) == sweep_variant(runs[0].name));
    CHECK(sweep_variant(runs[2].name) == "a=1__b=y");
    CHECK(sweep_variant(expand_sweep({}, 1, 9)[0].name) == "(seeds)");
}

TEST_CASE("scenarios::shard_of: shards split the runs without overlap", "[scenarios][unit]") {
    const auto runs = expand_sweep({"k=1,2,3,4,5"}, 1, 1);
    const auto a = shard_of(runs, 0, 2);
    const auto b = shard_of(runs, 1, 2);
    CHECK(a.size() == 3);
    CHECK(b.size() == 2);
    CHECK(a[1].name == runs[2].name);
    CHECK_THROWS_AS(shard_of(runs, 2, 2), std::invalid_argument);
}

TEST_CASE("scenarios::expand_sweep: run names are injective and short; the seed is one rule",
          "[scenarios][unit]") {
    // Values that differ only where a file name cannot follow them named one file, and the
    // second run was "kept" with the first one's KPIs.
    const auto a = expand_sweep({"k=a/b,a_b,a b,\xc3\xa9,\xc3\xa8"}, 1, 1);
    std::set<std::string> names;
    for (const auto& run : a) names.insert(run.name);
    CHECK(names.size() == a.size());
    CHECK(a[1].name == "k=a_b__seed=1");  // a safe value keeps its plain name
    // A value of 600 characters: the name stays far below the 255-byte limit, and another
    // value sharing its first 600 - 1 characters still names another file.
    const std::string long_value(600, 'x');
    const auto b = expand_sweep({"k=" + long_value + "," + long_value.substr(1) + "y"}, 1, 1);
    CHECK(b[0].name.size() < 120);
    CHECK(b[0].name != b[1].name);
    // A swept seed: each value is a run's seed, recorded once (the override used to be
    // followed by the scenario's seed, which won: runs labelled seed 6 ran seed 5).
    const auto c = expand_sweep({"waste.dump_trucks=8,10", "seed=6,9"}, 1, 5);
    REQUIRE(c.size() == 4);
    CHECK(c[0].seed == 6);
    CHECK(c[1].seed == 9);
    CHECK(c[1].name == "waste.dump_trucks=8__seed=9");
    CHECK(c[1].overrides == std::vector<std::string>{"waste.dump_trucks=8", "seed=9"});
    for (const auto& run : c) CHECK(run.params.size() == 1);  // the seed is not a parameter
    CHECK_THROWS_WITH(expand_sweep({"seed=1,2"}, 2, 5), Catch::Contains("use one of them"));
    CHECK_THROWS_AS(expand_sweep({"seed=x"}, 1, 5), std::invalid_argument);
    CHECK_THROWS_AS(expand_sweep({"seed=-1"}, 1, 5), std::invalid_argument);
    // A key swept twice used to show its first value while the run used the last.
    CHECK_THROWS_WITH(expand_sweep({"k=1", "k=2"}, 1, 1), Catch::Contains("swept twice"));
}
