#pragma once

namespace CLI {
class App;
}

namespace tuntas::cli {

/// Makes `app` the viewer's command line: `tuntas-view SCENARIO.toml | RESULT.h5 [options]`,
/// the viewer live beside a run or in replay.
void add_view_options(CLI::App& app);

}  // namespace tuntas::cli
