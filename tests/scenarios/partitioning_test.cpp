#include <algorithm>
#include <vector>

#include <catch2/catch.hpp>

#include "scenarios/partitioning.hpp"

using tuntas::scenarios::partition_by_group;

namespace {

/// Ten light groups (west to east, 4 events each) and one heavy group after them (100, with
/// 60), as traffic's nodes and a single telecom LP once were.
struct LightAndHeavy {
    std::vector<std::uint32_t> groups;
    std::vector<double> events;
    LightAndHeavy() {
        for (std::uint32_t g = 0; g < 10; ++g) {
            groups.push_back(g);
            events.push_back(4.0);
        }
        groups.push_back(100);
        events.push_back(60.0);
    }
};

}  // namespace

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
    // 10 x 4 events against 60.
    const LightAndHeavy input;
    const auto& groups = input.groups;
    const auto& events = input.events;
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

TEST_CASE("scenarios::partition_by_group: with strata every partition takes a slice of every "
          "model",
          "[scenarios][unit]") {
    // Two models of four equal groups each (groups 0-3 and 10-13): cut plainly, one partition
    // would hold the first model and the other the second; by stratum each holds the first
    // half of both (the west of one model and the first regions of the other), then the rest.
    const std::vector<std::uint32_t> groups{0, 1, 2, 3, 10, 11, 12, 13};
    const std::vector<double> events(8, 1.0);
    const auto plain = partition_by_group(groups, events, 2);
    CHECK(plain.partition_of(1) == 0);
    CHECK(plain.partition_of(4) == 1);
    const auto mixed = partition_by_group(groups, events, 2, {0, 10});
    REQUIRE(mixed.partition_count() == 2);
    for (const std::uint32_t lp : {0U, 1U, 4U, 5U}) CHECK(mixed.partition_of(lp) == 0);
    for (const std::uint32_t lp : {2U, 3U, 6U, 7U}) CHECK(mixed.partition_of(lp) == 1);
    // A model that is one group with most of the work cannot be shared: the strata would put
    // it with half of the light groups (80 of 100 events in one block against 60 cut plainly),
    // so the plain cut stays.
    const LightAndHeavy heavy;
    const auto kept = partition_by_group(heavy.groups, heavy.events, 2, {0, 100});
    for (std::uint32_t lp = 0; lp < 10; ++lp) CHECK(kept.partition_of(lp) == 0);
    CHECK(kept.partition_of(10) == 1);
}

namespace {

/// A 12 x 12 grid of groups, one LP each with equal events, each linked to its four neighbours
/// (one event a link), numbered column by column with the columns interleaved (0, 6, 1, 7, ...):
/// an order whose contiguous blocks are strips scattered over the grid.
struct ScrambledGrid {
    static constexpr std::uint32_t side = 12;
    std::vector<std::uint32_t> group_of_lp;
    std::vector<double> events;
    std::vector<tuntas::model::GroupLink> links;
    ScrambledGrid() {
        const auto group = [](std::uint32_t x, std::uint32_t y) {
            const std::uint32_t column = x % 2 == 0 ? x / 2 : side / 2 + x / 2;
            return column * side + y;
        };
        for (std::uint32_t x = 0; x < side; ++x) {
            for (std::uint32_t y = 0; y < side; ++y) {
                group_of_lp.push_back(group(x, y));
                events.push_back(10.0);
                if (x + 1 < side) links.push_back({group(x, y), group(x + 1, y), 1.0});
                if (y + 1 < side) links.push_back({group(x, y), group(x, y + 1), 1.0});
            }
        }
    }
    /// Links whose ends fall in different partitions of `map`.
    [[nodiscard]] int cut(const tuntas::engine::PartitionMap& map) const {
        int crossing = 0;
        for (const auto& link : links) {
            const auto lp_of = [&](std::uint32_t g) {
                return static_cast<tuntas::engine::LpId>(
                    std::find(group_of_lp.begin(), group_of_lp.end(), g) - group_of_lp.begin());
            };
            crossing += map.partition_of(lp_of(link.from)) != map.partition_of(lp_of(link.to));
        }
        return crossing;
    }
};

}  // namespace

TEST_CASE("scenarios::partition_by_group: linked groups are cut where few links cross",
          "[scenarios][unit]") {
    const ScrambledGrid grid;
    // Four partitions of a 12 x 12 grid: quadrants cut 2 x 12 = 24 links, the fewest any
    // balanced four-way split can. The blocks of the scrambled order are pairs of columns six
    // apart: every horizontal link between them crosses (132 of 264).
    const auto blocks = partition_by_group(grid.group_of_lp, grid.events, 4);
    const auto linked = partition_by_group(grid.group_of_lp, grid.events, 4, {}, grid.links);
    CHECK(grid.cut(blocks) >= 100);
    CHECK(grid.cut(linked) <= 36);  // within half again of the quadrants
    REQUIRE(linked.partition_count() == 4);
    std::vector<int> size(4, 0);
    for (const auto p : linked.table()) ++size[p];
    for (const int s : size) CHECK(s <= 38);  // 36 each, METIS's 5 % at most
    // The same input, the same partitions.
    const auto again = partition_by_group(grid.group_of_lp, grid.events, 4, {}, grid.links);
    CHECK(std::vector<tuntas::engine::PartitionId>(again.table().begin(), again.table().end()) ==
          std::vector<tuntas::engine::PartitionId>(linked.table().begin(), linked.table().end()));
}

TEST_CASE("scenarios::partition_by_group: links that the blocks already cut least change "
          "nothing",
          "[scenarios][unit]") {
    // A chain of eight groups in order: two blocks cut one link, which no split beats.
    std::vector<std::uint32_t> groups;
    std::vector<tuntas::model::GroupLink> links;
    for (std::uint32_t g = 0; g < 8; ++g) {
        groups.push_back(g);
        if (g > 0) links.push_back({g - 1, g, 5.0});
    }
    const std::vector<double> events(8, 1.0);
    const auto plain = partition_by_group(groups, events, 2);
    const auto linked = partition_by_group(groups, events, 2, {}, links);
    CHECK(std::vector<tuntas::engine::PartitionId>(plain.table().begin(), plain.table().end()) ==
          std::vector<tuntas::engine::PartitionId>(linked.table().begin(), linked.table().end()));
}

TEST_CASE("scenarios::partition_lookahead: the least delay of the links cut, and the floor",
          "[scenarios][unit]") {
    using tuntas::engine::ticks_from_seconds;
    // A chain of four groups, one LP each, with links of 3, 7 and 5 s; cut between 1 and 2.
    const std::vector<std::uint32_t> groups{0, 1, 2, 3};
    const std::vector<tuntas::model::GroupLink> links{{0, 1, 1.0, ticks_from_seconds(3.0)},
                                                      {1, 2, 1.0, ticks_from_seconds(7.0)},
                                                      {2, 3, 1.0, ticks_from_seconds(5.0)}};
    const auto map = tuntas::engine::PartitionMap::from_assignment({0, 0, 1, 1});
    CHECK(tuntas::scenarios::partition_lookahead(map, groups, links, tuntas::engine::ticks_max) ==
          ticks_from_seconds(7.0));
    CHECK(tuntas::scenarios::partition_lookahead(map, groups, links, ticks_from_seconds(4.0)) ==
          ticks_from_seconds(4.0));
    const auto one = tuntas::engine::PartitionMap::from_assignment({0, 0, 0, 0});
    CHECK(tuntas::scenarios::partition_lookahead(one, groups, links, tuntas::engine::ticks_max) ==
          tuntas::engine::ticks_max);
    CHECK(tuntas::scenarios::least_lookahead(links, tuntas::engine::ticks_max) ==
          ticks_from_seconds(3.0));
}

TEST_CASE("scenarios::partition_by_group: with windows considered quick links stay inside "
          "partitions",
          "[scenarios][unit]") {
    using tuntas::engine::ticks_from_seconds;
    // The scrambled 12 x 12 grid, its north-south links quick (1 s) and its east-west ones slow
    // (10 s). Four quadrants cut both kinds: a 1-s lookahead. Kept whole, the columns (joined
    // by their quick links) cut into four blocks of three cut only slow links: 10 s, and still
    // 36 groups a partition.
    ScrambledGrid grid;
    for (auto& link : grid.links) {
        const bool east_west = link.to >= link.from + 12 || link.from >= link.to + 12;
        link.least_delay = ticks_from_seconds(east_west ? 10.0 : 1.0);
    }
    const tuntas::scenarios::WindowLimits windows{.floor = tuntas::engine::ticks_max,
                                                  .run = ticks_from_seconds(3600.0),
                                                  .sample_interval = ticks_from_seconds(300.0)};
    const auto cut = partition_by_group(grid.group_of_lp, grid.events, 4, {}, grid.links);
    const auto longer =
        partition_by_group(grid.group_of_lp, grid.events, 4, {}, grid.links, windows);
    const auto lookahead = [&](const tuntas::engine::PartitionMap& map) {
        return tuntas::scenarios::partition_lookahead(map, grid.group_of_lp, grid.links,
                                                      tuntas::engine::ticks_max);
    };
    CHECK(lookahead(cut) == ticks_from_seconds(1.0));
    CHECK(lookahead(longer) == ticks_from_seconds(10.0));
    REQUIRE(longer.partition_count() == 4);
    std::vector<int> size(4, 0);
    for (const auto p : longer.table()) ++size[p];
    for (const int s : size) CHECK(s == 36);
    CHECK(grid.cut(longer) == 36);  // three column boundaries of 12 links
}

TEST_CASE("scenarios::partition_by_group: longer windows are not bought with a heavier partition",
          "[scenarios][unit]") {
    using tuntas::engine::ticks_from_seconds;
    // A chain of eight equal groups, links of 1 s but two of 10 s (after groups 1 and 6):
    // kept whole, the quick runs are {0, 1}, {2 .. 6} and {7}, and no two-way split of those is
    // within a tenth of four groups each. With windows worth sharing (a million events a group
    // over the hour: 2,222 a 1-s window) the even cut (1-s lookahead) stays; with windows too
    // small to share (8 events in the hour), {0, 1} | {2 .. 7}, half again heavier, buys the
    // 10-s lookahead.
    std::vector<std::uint32_t> groups;
    std::vector<tuntas::model::GroupLink> links;
    for (std::uint32_t g = 0; g < 8; ++g) {
        groups.push_back(g);
        if (g > 0)
            links.push_back({g - 1, g, 1.0, ticks_from_seconds(g == 2 || g == 7 ? 10.0 : 1.0)});
    }
    const tuntas::scenarios::WindowLimits windows{.floor = tuntas::engine::ticks_max,
                                                  .run = ticks_from_seconds(3600.0),
                                                  .sample_interval = ticks_from_seconds(300.0)};
    const auto sizes_and_lookahead = [&](double events_a_group) {
        const auto map = partition_by_group(groups, std::vector<double>(8, events_a_group), 2, {},
                                            links, windows);
        std::vector<int> size(2, 0);
        for (const auto p : map.table()) ++size[p];
        return std::pair{size, tuntas::scenarios::partition_lookahead(map, groups, links,
                                                                      tuntas::engine::ticks_max)};
    };
    const auto [shared_size, shared_lookahead] = sizes_and_lookahead(1e6);
    CHECK(shared_size == std::vector<int>{4, 4});
    CHECK(shared_lookahead == ticks_from_seconds(1.0));
    const auto [small_size, small_lookahead] = sizes_and_lookahead(1.0);
    CHECK(small_size == std::vector<int>{2, 6});
    CHECK(small_lookahead == ticks_from_seconds(10.0));
}

TEST_CASE("scenarios::default_partition_count: one for windows too small to share, one a thread "
          "for small windows, up to eight a thread for large ones",
          "[scenarios][unit]") {
    using tuntas::scenarios::default_partition_count;
    // Bologna's joined network over an hour: 49,321 events expected in 1,742 windows (28).
    CHECK(default_partition_count(2, 49'321, 1'742) == 1);
    CHECK(default_partition_count(4, 39.9 * 1'000, 1'000) == 1);
    CHECK(default_partition_count(4, 40.0 * 1'000, 1'000) == 4);
    // SUMO's DRT network over 5 h: 597,532 events expected in 9,143 windows (65 a window).
    CHECK(default_partition_count(2, 597'532, 9'143) == 2);
    CHECK(default_partition_count(1, 597'532, 9'143) == 1);
    // A Paser day: about 14 M events in 4,000 windows (3,500 a window: 13 partitions' worth).
    CHECK(default_partition_count(1, 14e6, 4'000) == 8);
    CHECK(default_partition_count(2, 14e6, 4'000) == 13);
    // A generated million: 91 M events in 4,900 windows.
    CHECK(default_partition_count(2, 91e6, 4'900) == 16);
    // Never fewer than one.
    CHECK(default_partition_count(4, 100, 100) == 1);
    CHECK(default_partition_count(0, 0, 0) == 1);
}
