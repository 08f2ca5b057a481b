#pragma once

namespace CLI {
class App;
}

namespace tuntas::cli {

/// Adds `tuntas run`, `tuntas validate`, `tuntas scenario keys` and `tuntas inspect`.
void add_scenario_commands(CLI::App& app);

}  // namespace tuntas::cli
