#pragma once

namespace CLI {
class App;
}

namespace tuntas::cli {

/// Parses the command line into `app` and runs its callbacks; maps errors to exit codes: 0 done,
/// 2 bad input (arguments, scenario, district, an existing result), 1 anything else, printed
/// to stderr as `tuntas: error: ...` or as the file:line diagnostics the error carries.
[[nodiscard]] int run_cli(CLI::App& app, int argc, char** argv);

}  // namespace tuntas::cli
