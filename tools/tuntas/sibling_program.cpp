#include "tools/tuntas/sibling_program.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <unistd.h>

#include "tools/tuntas/cli_error.hpp"

namespace tuntas::cli {

void exec_sibling_program(std::string_view name, const std::vector<std::string>& args) {
    const auto program = std::filesystem::read_symlink("/proc/self/exe").parent_path() / name;
    std::vector<std::string> command{program.string()};
    command.insert(command.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& arg : command) argv.push_back(arg.data());
    argv.push_back(nullptr);
    ::execv(program.c_str(), argv.data());
    throw input_error(fmt::format("cannot start {}: {}", program.string(), std::strerror(errno)));
}

}  // namespace tuntas::cli
