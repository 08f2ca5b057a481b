#include <vector>

#include <catch2/catch.hpp>

#include "engine/disjoint_sets.hpp"

using tuntas::engine::DisjointSets;

TEST_CASE("engine::DisjointSets: joins are transitive, a set is named by its least element and "
          "numbered by it",
          "[engine][unit]") {
    DisjointSets sets(7);
    sets.join(5, 3);
    sets.join(3, 6);
    sets.join(1, 4);
    CHECK(sets.find(6) == 3);  // 6 ~ 3 through 5's set
    CHECK(sets.find(5) == 3);
    CHECK(sets.find(4) == 1);
    CHECK(sets.find(2) == 2);
    // Sets by their least element: {0} 0, {1, 4} 1, {2} 2, {3, 5, 6} 3.
    CHECK(sets.numbered() == std::vector<std::size_t>{0, 1, 2, 3, 1, 3, 3});
    // The same sets joined in another order give the same numbers.
    DisjointSets other(7);
    other.join(6, 5);
    other.join(4, 1);
    other.join(3, 6);
    CHECK(other.numbered() == sets.numbered());
    sets.join(0, 6);
    CHECK(sets.find(5) == 0);
    CHECK(sets.numbered() == std::vector<std::size_t>{0, 1, 2, 0, 1, 0, 0});
}
