#include <stdexcept>

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
    // A value with characters a file name should not hold is made safe in the name only.
    const auto odd = expand_sweep({"name=a b/c"}, 1, 1);
    CHECK(odd[0].name == "name=a_b_c__seed=1");
    CHECK(odd[0].overrides[0] == "name=a b/c");
    // No keys: just the seeds.
    CHECK(expand_sweep({}, 3, 1).size() == 3);
    CHECK_THROWS_AS(expand_sweep({"novalue"}, 1, 1), std::invalid_argument);
    CHECK_THROWS_AS(expand_sweep({"k=1,,2"}, 1, 1), std::invalid_argument);
    CHECK_THROWS_AS(expand_sweep({"k=1"}, 0, 1), std::invalid_argument);
}

TEST_CASE("scenarios::sweep_variant: a run's name without its seed", "[scenarios][unit]") {
    using tuntas::scenarios::sweep_variant;
    const auto runs = expand_sweep({"a=1,2", "b=x"}, 2, 5);
    CHECK(sweep_variant(runs[0].name) == "a=1__b=x");
    CHECK(sweep_variant(runs[1].name) == sweep_variant(runs[0].name));
    CHECK(sweep_variant(runs[2].name) == "a=2__b=x");
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
