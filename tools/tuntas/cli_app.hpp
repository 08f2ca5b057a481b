#pragma once

#include <CLI/CLI.hpp>

#include "tools/tuntas/cli_main.hpp"

namespace tuntas::cli {

/// Parses the command line into `app` and runs the chosen command's callback; a parse error (or
/// --help, --version) prints CLI11's message: exit 0 for help and version, 2 for bad arguments;
/// every other error is mapped by exit_code_of. Only the programs' main translation units
/// include this (CLI11 is heavy to compile).
[[nodiscard]] inline int parse_and_run(CLI::App& app, int argc, char** argv) {
    return exit_code_of([&] {
        try {
            app.parse(argc, argv);
        } catch (const CLI::ParseError& e) {
            const int code = app.exit(e);
            return code == 0 ? 0 : 2;
        }
        return 0;
    });
}

}  // namespace tuntas::cli
