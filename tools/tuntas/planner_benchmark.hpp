#pragma once

#include <string>
#include <vector>

namespace tuntas::cli {

/// Runs the waste planner benchmark through Google Benchmark. Quality: Clarke-Wright savings
/// with 2-opt against the exact optimum (waste::exact_tours_s) on random instances of 6, 8 and
/// 10 stops (counters gap_mean_pct, gap_max_pct). Speed: planning a working day for the whole
/// fleet (waste::plan_fleet_day) in towns of 83 containers and 20 trucks (Paser), 270 and 65
/// (a million people at Paser's containers per person). `args` go to Google
/// Benchmark. Returns false when it rejects an argument.
bool run_planner_benchmark(const std::vector<std::string>& args);

}  // namespace tuntas::cli
