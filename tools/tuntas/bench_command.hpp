#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

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

/// `tuntas bench pending-set`: the hold benchmark of the pending-event sets; `extra` are
/// Google Benchmark's own --benchmark_* flags.
void bench_pending_set(const std::vector<std::string>& extra);

/// `tuntas bench flows`: the flow-level benchmark; `extra` as above.
void bench_flows(const std::vector<std::string>& extra);

/// `tuntas bench planner`: the waste planner's quality against the exact optimum and its
/// planning time; `extra` as above.
void bench_planner(const std::vector<std::string>& extra);

/// `tuntas bench read`: loading the district folder `district` and, when `routes` is not
/// empty, reading and resolving that SUMO route file; `extra` as above.
void bench_read(const std::filesystem::path& district, const std::filesystem::path& routes,
                const std::vector<std::string>& extra);

}  // namespace tuntas::cli
