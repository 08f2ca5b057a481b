#pragma once

namespace CLI {
class App;
}

namespace tuntas::cli {

/// Adds `tuntas district inspect` and `tuntas district generate`.
void add_district_commands(CLI::App& app);

}  // namespace tuntas::cli
