// tuntas: the command-line front end. Parses arguments, calls the libraries, maps errors to
// exit codes: 0 success, 2 bad input, 1 anything else.
#include <cstdio>
#include <exception>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "engine/error.hpp"
#include "models/district/district_error.hpp"
#include "models/district/import_error.hpp"
#include "scenarios/scenario_error.hpp"
#include "tools/tuntas/bench_command.hpp"
#include "tools/tuntas/cli_error.hpp"
#include "tools/tuntas/district_commands.hpp"
#include "tools/tuntas/scenario_commands.hpp"
#if TUNTAS_WITH_VIEWER
#include "tools/tuntas/view_command.hpp"
#endif
#include "tuntas_version.hpp"

namespace {

/// Bad input (arguments, parameters, files) exits 2; everything else is an internal error.
bool is_input_error(const std::exception& e) {
    return dynamic_cast<const tuntas::cli::InputError*>(&e) != nullptr ||
           dynamic_cast<const tuntas::engine::UsageError*>(&e) != nullptr ||
           dynamic_cast<const tuntas::district::ImportError*>(&e) != nullptr ||
           dynamic_cast<const std::invalid_argument*>(&e) != nullptr;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"tuntas: a digital twin of a district's traffic, waste flows and telecom load"};
    app.set_version_flag("--version", fmt::format("tuntas {} (git {})", tuntas::version,
                                                  tuntas::git_commit));
    app.require_subcommand(1);
    tuntas::cli::add_scenario_commands(app);
    tuntas::cli::add_district_commands(app);
    tuntas::cli::add_bench_command(app);
#if TUNTAS_WITH_VIEWER
    tuntas::cli::add_view_command(app);
#endif

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int code = app.exit(e);
        return code == 0 ? 0 : 2;
    } catch (const tuntas::scenarios::ScenarioError& e) {
        fmt::print(stderr, "{}\n", e.what());  // already file:line:col: error: ...
        return 2;
    } catch (const tuntas::district::DistrictError& e) {
        fmt::print(stderr, "{}\n", e.what());  // already file: feature N: ...: error: ...
        return 2;
    } catch (const std::exception& e) {
        if (is_input_error(e)) {
            fmt::print(stderr, "tuntas: error: {}\n", e.what());
            return 2;
        }
        fmt::print(stderr, "tuntas: internal error: {}\n", e.what());
        return 1;
    }
    return 0;
}
