#pragma once

namespace CLI {
class App;
}

namespace tuntas::cli {

/// Adds `tuntas compare A.h5 B.h5 ... | SWEEP_DIR [--plot DIR]`.
void add_compare_command(CLI::App& app);

}  // namespace tuntas::cli
