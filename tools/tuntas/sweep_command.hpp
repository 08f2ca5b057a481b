#pragma once

#include <string>
#include <vector>

namespace tuntas::cli {

/// `tuntas sweep SCENARIO --set key=v1,v2 ... --seeds N [-j J] -o DIR [--shard i/n]`.
struct SweepArgs {
    std::vector<std::string> merge;  ///< shard directories to join into `output` instead
    std::string scenario;
    std::vector<std::string> sets;  ///< swept keys, key=v1,v2,...
    int seeds{1};                   ///< replications from the scenario's seed on
    unsigned jobs{0};               ///< runs at a time (0: half the cores)
    unsigned threads{0};            ///< threads of each run (0: cores / jobs)
    std::string output;             ///< the sweep directory
    std::string shard;              ///< "i/n": this shard of the runs only (empty: all)
    bool json{false};               ///< print the runs and their KPIs as JSON at the end
};

/// Runs the sweep (resuming what is done), or merges shard summaries.
void sweep(const SweepArgs& args);

}  // namespace tuntas::cli
