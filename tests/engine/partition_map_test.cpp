#include <catch2/catch.hpp>

#include "engine/error.hpp"
#include "engine/partition_map.hpp"

using namespace tuntas::engine;

TEST_CASE("engine::PartitionMap: blocks are contiguous and near-equal", "[engine][unit]") {
    const auto map = PartitionMap::blocks(10, 3);
    CHECK(map.partition_count() == 3);
    const std::vector<PartitionId> expected{0, 0, 0, 1, 1, 1, 2, 2, 2, 2};
    CHECK(std::vector<PartitionId>(map.table().begin(), map.table().end()) == expected);
    CHECK(map.worker_of(2) == 0);
}

TEST_CASE("engine::PartitionMap: bad maps are refused with a reason", "[engine][unit]") {
    CHECK_THROWS_WITH(PartitionMap::blocks(4, 0), Catch::Contains("need 1 <= partitions"));
    CHECK_THROWS_WITH(PartitionMap::blocks(4, 5), Catch::Contains("5 partitions for 4 LPs"));
    CHECK_THROWS_WITH(PartitionMap::from_assignment({0, 2, 2}),
                      Catch::Contains("partition 1 of 3 owns no LP"));
    CHECK(PartitionMap::from_assignment({1, 0, 1}).partition_count() == 2);
}
