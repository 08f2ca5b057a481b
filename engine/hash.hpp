#pragma once

#include <cstdint>

namespace tuntas::engine {

/// A 64-bit bijective mixer (the splitmix64 / Stafford "Mix13" finaliser): every input bit
/// affects every output bit. Used for seeding random streams and for trajectory fingerprints.
[[nodiscard]] constexpr std::uint64_t mix64(std::uint64_t x) noexcept {
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebULL;
    x ^= x >> 31;
    return x;
}

}  // namespace tuntas::engine
