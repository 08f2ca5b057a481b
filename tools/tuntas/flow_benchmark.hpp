#pragma once

#include <string>
#include <vector>

namespace tuntas::cli {

/// Runs the flow-level benchmark through Google Benchmark: N sessions at once on one bottleneck
/// link (N = 1,000 and 10,000, as SimGrid's reference case), a new session starting whenever one
/// ends; reports finished sessions per CPU second. `args` go to Google Benchmark. Returns false
/// when it rejects an argument.
bool run_flow_benchmark(const std::vector<std::string>& args);

}  // namespace tuntas::cli
