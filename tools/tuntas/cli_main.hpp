#pragma once

#include <functional>

namespace tuntas::cli {

/// Runs `parse_and_run` (which parses the command line and runs the chosen command, returning
/// its exit code) and maps errors to exit codes: 2 bad input (arguments, scenario, district, an
/// existing result), 1 anything else, printed to stderr as the file:line diagnostics the error
/// carries or as `tuntas: error: ...`.
[[nodiscard]] int exit_code_of(const std::function<int()>& parse_and_run);

}  // namespace tuntas::cli
