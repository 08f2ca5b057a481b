#include "tools/tuntas/view_launcher.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <unistd.h>

#include "tools/tuntas/cli_error.hpp"

namespace tuntas::cli {

void add_view_launcher(CLI::App& app) {
    auto* cmd = app.add_subcommand(
        "view", "the viewer: live beside a run (SCENARIO.toml) or in replay (RESULT.h5); "
                "`tuntas view --help` for its options");
    cmd->prefix_command();  // everything after `view` goes to tuntas-view untouched
    cmd->set_help_flag();
    cmd->callback([cmd] {
        const auto viewer =
            std::filesystem::read_symlink("/proc/self/exe").parent_path() / "tuntas-view";
        std::vector<std::string> args{viewer.string()};
        for (const auto& arg : cmd->remaining()) args.push_back(arg);
        std::vector<char*> argv;
        for (auto& arg : args) argv.push_back(arg.data());
        argv.push_back(nullptr);
        ::execv(viewer.c_str(), argv.data());
        throw input_error(
            fmt::format("cannot start {}: {}", viewer.string(), std::strerror(errno)));
    });
}

}  // namespace tuntas::cli
