// tuntas-view: the viewer program; `tuntas view ...` runs it with the same arguments.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "tools/tuntas/cli_main.hpp"
#include "tools/tuntas/view_command.hpp"
#include "tuntas_version.hpp"

int main(int argc, char** argv) {
    CLI::App app{
        "tuntas view: the district live beside a run (SCENARIO.toml) or in replay (RESULT.h5)"};
    app.set_version_flag("--version",
                         fmt::format("tuntas {} (git {})", tuntas::version, tuntas::git_commit));
    tuntas::cli::add_view_options(app);
    return tuntas::cli::run_cli(app, argc, argv);
}
