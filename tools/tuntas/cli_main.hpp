#pragma once

#include <functional>

namespace tuntas::cli {

/// Runs `parse_and_run` (which parses the command line and runs the chosen command, returning
/// its exit code) and maps errors to exit codes: 2 bad input (arguments, scenario, district, an
/// existing result), 1 anything else, printed to stderr as the file:line diagnostics the error
/// carries or as `tuntas: error: ...`.
[[nodiscard]] int exit_code_of(const std::function<int()>& parse_and_run);

/// Whether exit_after_command ends the process without a normal exit (every build but one with a
/// sanitizer, whose checks at exit must run): what a command leaves allocated is then never freed,
/// and need not be.
[[nodiscard]] bool exit_skips_cleanup();

/// Ends the process with `exit_code` once its command has returned (its files closed, its
/// objects destroyed): flushes the C streams (fmt's output and std::cout's) and skips the rest of
/// a normal exit, the destructors of static objects and oneTBB's waking and joining of its idle
/// worker threads among them (a whole `tuntas run` of Bologna's joined network: 0.954x the wall
/// time, 120 alternating pairs). A build with a sanitizer exits normally, so that its checks at
/// exit (LeakSanitizer's) still run.
[[noreturn]] void exit_after_command(int exit_code);

}  // namespace tuntas::cli
