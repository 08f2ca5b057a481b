#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "tools/tuntas/default_threads.hpp"

namespace tuntas::cli {

/// `tuntas run SCENARIO [options]`.
struct RunArgs {
    std::string scenario;
    std::string output;                   ///< empty: results/NAME.h5
    unsigned threads{default_threads()};  ///< the machine's cores unless --threads
    /// --threads was given; otherwise, under mpirun, each rank takes its share of the cores.
    bool threads_given{false};
    std::size_t partitions{0};           ///< 0: scenarios::default_partition_count
    std::vector<std::string> overrides;  ///< key.path=value
    bool force{false};
    bool quiet{false};
    bool json{false};
    bool explain{false};  ///< each KPI's name and description under it
    bool no_output{false};
    std::string outputs;      ///< --outputs: the scenario key `outputs` ("": the scenario's)
    double max_events{1e10};  ///< refuse a run its models expect to exceed (0: no limit)
};

/// Runs a scenario with progress, writes its result, prints the KPI summary.
void run_command(const RunArgs& args);

/// `tuntas validate SCENARIO [--set ...] [--json]`: checks a scenario without running it. With
/// `json`, prints {"file", "ok", ...} on stdout, the problems as objects when there are any (and
/// still exits 2 then).
void validate_command(const std::string& file, const std::vector<std::string>& overrides,
                      bool json);

/// `tuntas scenario keys`: every key a scenario may use, from the models' own declarations.
void scenario_keys_command();

/// `tuntas inspect RESULT [--json]`: what a result file holds.
void inspect_command(const std::string& file, bool json, bool explain = false);

}  // namespace tuntas::cli
