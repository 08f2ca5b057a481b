#pragma once

namespace CLI {
class App;
}

namespace tuntas::cli {

/// Adds `tuntas sweep SCENARIO --set key=v1,v2 ... --seeds N [-j J] -o DIR [--shard i/n]`.
void add_sweep_command(CLI::App& app);

}  // namespace tuntas::cli
