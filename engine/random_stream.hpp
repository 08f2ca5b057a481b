#pragma once

#include <array>
#include <cstdint>

#include "engine/hash.hpp"
#include "engine/lp_id.hpp"

namespace tuntas::engine {

/// A small per-LP pseudo-random stream: xoshiro256++ (Blackman & Vigna 2019, period 2^256 - 1),
/// seeded through splitmix64 from (scenario seed, LP id) so that no two LPs share a sequence and
/// a run never depends on a global generator. 32 bytes of state.
class RandomStream {
public:
    /// The stream of LP `lp` in a run seeded with `seed`.
    RandomStream(std::uint64_t seed, LpId lp) noexcept {
        std::uint64_t x = mix64(seed ^ mix64(0x5475'6e74'6173'0000ULL + lp));  // "Tuntas"
        for (auto& word : state_) {
            x += 0x9e3779b97f4a7c15ULL;  // splitmix64 increment
            word = mix64(x);
        }
    }

    /// The next 64 uniformly distributed bits.
    std::uint64_t next_u64() noexcept {
        const std::uint64_t result = rotl(state_[0] + state_[3], 23) + state_[0];
        const std::uint64_t t = state_[1] << 17;
        state_[2] ^= state_[0];
        state_[3] ^= state_[1];
        state_[1] ^= state_[2];
        state_[0] ^= state_[3];
        state_[2] ^= t;
        state_[3] = rotl(state_[3], 45);
        return result;
    }

    /// A double uniform on [0, 1) with 53 random bits.
    double next_unit() noexcept { return static_cast<double>(next_u64() >> 11) * 0x1.0p-53; }

private:
    static constexpr std::uint64_t rotl(std::uint64_t x, int k) noexcept {
        return (x << k) | (x >> (64 - k));
    }

    std::array<std::uint64_t, 4> state_{};
};

}  // namespace tuntas::engine
