#pragma once

namespace CLI {
class App;
}

namespace tuntas::cli {

/// Adds `tuntas view SCENARIO.toml | RESULT.h5`: the viewer, live beside a run or in replay.
void add_view_command(CLI::App& app);

}  // namespace tuntas::cli
