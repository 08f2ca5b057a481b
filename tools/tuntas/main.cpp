#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "tools/tuntas/bench_command.hpp"
#include "tools/tuntas/cli_main.hpp"
#include "tools/tuntas/compare_command.hpp"
#include "tools/tuntas/district_commands.hpp"
#include "tools/tuntas/scenario_commands.hpp"
#include "tools/tuntas/sweep_command.hpp"
#if TUNTAS_WITH_VIEWER
#include "tools/tuntas/view_launcher.hpp"
#endif
#include "tuntas_version.hpp"

int main(int argc, char** argv) {
    CLI::App app{"tuntas: a digital twin of a district's traffic, waste flows and telecom load"};
    app.set_version_flag("--version",
                         fmt::format("tuntas {} (git {})", tuntas::version, tuntas::git_commit));
    app.require_subcommand(1);
    tuntas::cli::add_scenario_commands(app);
    tuntas::cli::add_district_commands(app);
    tuntas::cli::add_bench_command(app);
    tuntas::cli::add_sweep_command(app);
    tuntas::cli::add_compare_command(app);
#if TUNTAS_WITH_VIEWER
    tuntas::cli::add_view_launcher(app);
#endif
    return tuntas::cli::run_cli(app, argc, argv);
}
