#pragma once

#include <array>
#include <cstdint>
#include <string_view>

#include "engine/hash.hpp"
#include "engine/lp_id.hpp"

namespace tuntas::engine {

/// A small per-LP pseudo-random stream: xoshiro256++ (Blackman & Vigna 2019, period 2^256 - 1),
/// seeded through splitmix64 from (scenario seed, stream key) so that no two LPs share a
/// sequence and a run never depends on a global generator. The key is the LP's stable identity
/// (stream_key_of: model, kind, entity), so adding or removing other entities changes no other
/// stream (common random numbers across what-ifs); an LP added without one is keyed by its id.
/// 32 bytes of state.
/// The stream key of an identity such as "telecom/cells" or "waste/container/tps-12" (FNV-1a,
/// the same on every platform; far above any LP id, so it never meets an id-keyed stream).
[[nodiscard]] constexpr std::uint64_t stream_key_of(std::string_view identity) noexcept {
    std::uint64_t h = 0xcbf2'9ce4'8422'2325ULL;
    for (const char c : identity) {
        h ^= static_cast<unsigned char>(c);
        h *= 0x100'0000'01b3ULL;
    }
    return h | (1ULL << 63);
}

class RandomStream {
public:
    /// The stream `key` in a run seeded with `seed`.
    RandomStream(std::uint64_t seed, std::uint64_t key) noexcept {
        std::uint64_t x = mix64(seed ^ mix64(0x5475'6e74'6173'0000ULL + key));  // "Tuntas"
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
