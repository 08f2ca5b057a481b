#pragma once

#include <string>
#include <vector>

namespace tuntas::cli {

/// Runs the registered Google Benchmark cases whose names match `filter` (a regex), as program
/// `program` with `args` (e.g. --benchmark_repetitions=5; a later --benchmark_filter wins).
/// Returns false when Google Benchmark rejects an argument.
bool run_google_benchmark(const std::string& program, const std::string& filter,
                          const std::vector<std::string>& args);

}  // namespace tuntas::cli
