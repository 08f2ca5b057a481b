#include <vector>

#include <catch2/catch.hpp>

#include "scenarios/partitioning.hpp"

using tuntas::scenarios::partition_by_group;

TEST_CASE("scenarios::partition_by_group: equal groups are spread evenly, in group order",
          "[scenarios][unit]") {
    // Six LPs in three groups (given out of order), one event each.
    const std::vector<std::uint32_t> groups{7, 3, 3, 9, 7, 9};
    const auto map = partition_by_group(groups, std::vector<double>(6, 1.0), 3);
    REQUIRE(map.partition_count() == 3);
    CHECK(map.partition_of(1) == 0);  // group 3
    CHECK(map.partition_of(2) == 0);
    CHECK(map.partition_of(0) == 1);  // group 7
    CHECK(map.partition_of(4) == 1);
    CHECK(map.partition_of(3) == 2);  // group 9
    CHECK(map.partition_of(5) == 2);
}

TEST_CASE("scenarios::partition_by_group: a group with most of the work gets a partition alone",
          "[scenarios][unit]") {
    // Ten light groups (west to east) and one heavy group after them, as traffic's nodes and the
    // telecom LP: 10 x 4 events against 60.
    std::vector<std::uint32_t> groups;
    std::vector<double> events;
    for (std::uint32_t g = 0; g < 10; ++g) {
        groups.push_back(g);
        events.push_back(4.0);
    }
    groups.push_back(100);
    events.push_back(60.0);
    const auto two = partition_by_group(groups, events, 2);
    REQUIRE(two.partition_count() == 2);
    for (std::uint32_t lp = 0; lp < 10; ++lp) CHECK(two.partition_of(lp) == 0);
    CHECK(two.partition_of(10) == 1);
    // Asked for four: the light groups' 40 % fills one block and a half, the heavy group the
    // rest; the empty block is dropped.
    const auto four = partition_by_group(groups, events, 4);
    CHECK(four.partition_count() == 3);
    CHECK(four.partition_of(0) == 0);
    CHECK(four.partition_of(9) == 1);
    CHECK(four.partition_of(10) == 2);
}

TEST_CASE("scenarios::partition_by_group: never more partitions than groups", "[scenarios][unit]") {
    const auto map = partition_by_group({5, 5, 5}, {1.0, 1.0, 1.0}, 4);
    CHECK(map.partition_count() == 1);
}
