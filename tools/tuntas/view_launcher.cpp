#include "tools/tuntas/view_launcher.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <unistd.h>

#include "tools/tuntas/cli_error.hpp"

namespace tuntas::cli {

void launch_viewer(const std::vector<std::string>& args) {
    const auto viewer =
        std::filesystem::read_symlink("/proc/self/exe").parent_path() / "tuntas-view";
    std::vector<std::string> command{viewer.string()};
    command.insert(command.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& arg : command) argv.push_back(arg.data());
    argv.push_back(nullptr);
    ::execv(viewer.c_str(), argv.data());
    throw input_error(fmt::format("cannot start {}: {}", viewer.string(), std::strerror(errno)));
}

}  // namespace tuntas::cli
