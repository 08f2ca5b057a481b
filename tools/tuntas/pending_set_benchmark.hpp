#pragma once

#include <string>
#include <vector>

namespace tuntas::cli {

/// Runs the hold benchmark of the pending-event sets through Google Benchmark, passing `args`
/// (e.g. --benchmark_repetitions=5) on. Returns false when Google Benchmark rejects an argument.
bool run_pending_set_benchmark(const std::vector<std::string>& args);

}  // namespace tuntas::cli
