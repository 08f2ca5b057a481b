#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "scenarios/model_registry.hpp"
#include "scenarios/scenario_loader.hpp"
#include "scenarios/scenario_run.hpp"

namespace tuntas::testing {

/// Loads the scenario `file` (with `overrides`) and runs it with the default models on `threads`
/// threads, writing `output` (replacing it) when given.
inline scenarios::RunResult run_file(const std::filesystem::path& file,
                                     const std::vector<std::string>& overrides, unsigned threads,
                                     const std::filesystem::path& output = {}) {
    const auto registry = scenarios::default_registry();
    scenarios::RunOptions options;
    options.threads = threads;
    options.output = output;
    options.overwrite = true;
    return scenarios::run_scenario(scenarios::load_scenario(file, overrides, registry.schema()),
                                   registry, options);
}

}  // namespace tuntas::testing
