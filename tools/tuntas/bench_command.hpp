#pragma once

#include <cstddef>
#include <cstdint>

#include "models/phold/phold_params.hpp"

namespace tuntas::cli {

/// `tuntas bench phold [options]`.
struct PholdBenchArgs {
    phold::PholdParams params;
    unsigned threads{1};
    std::size_t partitions{0};  ///< 0: one per thread
    std::uint64_t seed{1};
    bool sequential{false};
    bool json{false};
};

/// Runs PHOLD and prints its rate and fingerprint against N*E*T/M.
void bench_phold(const PholdBenchArgs& args);

}  // namespace tuntas::cli
