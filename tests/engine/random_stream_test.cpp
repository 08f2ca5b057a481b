#include <set>

#include <catch2/catch.hpp>

#include "engine/random_stream.hpp"

using tuntas::engine::RandomStream;

TEST_CASE("engine::RandomStream: same seed and LP give the same sequence", "[engine][unit]") {
    RandomStream a(7, 3);
    RandomStream b(7, 3);
    for (int i = 0; i < 1000; ++i) REQUIRE(a.next_u64() == b.next_u64());
}

TEST_CASE("engine::RandomStream: streams of other LPs and seeds differ", "[engine][unit]") {
    std::set<std::uint64_t> firsts;
    for (std::uint64_t seed = 0; seed < 4; ++seed) {
        for (std::uint32_t lp = 0; lp < 256; ++lp) firsts.insert(RandomStream(seed, lp).next_u64());
    }
    CHECK(firsts.size() == 4 * 256);
}

TEST_CASE(
    "engine::RandomStream: unit doubles lie between 0 (included) and 1 (excluded) with mean 1/2",
    "[engine][property]") {
    RandomStream random(1, 0);
    constexpr int n = 200'000;
    double sum = 0.0;
    for (int i = 0; i < n; ++i) {
        const double u = random.next_unit();
        REQUIRE(u >= 0.0);
        REQUIRE(u < 1.0);
        sum += u;
    }
    // Standard error of the mean of U(0,1): sqrt(1/12 / n) = 6.5e-4; allow 5 sigma.
    CHECK(sum / n == Approx(0.5).margin(5 * 6.5e-4));
}
