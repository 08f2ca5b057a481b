#pragma once

namespace CLI {
class App;
}

namespace tuntas::cli {

/// Adds `tuntas bench` (phold, pending-set) to the command line.
void add_bench_command(CLI::App& app);

}  // namespace tuntas::cli
