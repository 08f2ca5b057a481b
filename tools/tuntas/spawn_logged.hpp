#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include <sys/types.h>

namespace tuntas::cli {

/// Starts `program` (a path, not looked up on the PATH) with `args` (argv[0] first), what it
/// prints on stdout and stderr going to `log` (created or truncated). Returns its pid; throws
/// std::runtime_error naming the program when it cannot start.
[[nodiscard]] pid_t spawn_logged(const std::string& program, std::vector<std::string> args,
                                 const std::filesystem::path& log);

}  // namespace tuntas::cli
