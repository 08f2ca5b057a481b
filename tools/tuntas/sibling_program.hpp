#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace tuntas::cli {

/// Replaces this process with the program `name` next to `tuntas` (`tuntas-view`,
/// `tuntas-bench`), handing it `args`. Commands whose libraries every other command should not
/// load live in such programs: the viewer's OpenGL, GLFW and X11 libraries (a server may have no
/// display libraries), Google Benchmark's (each shared library a process loads costs it time
/// before main, and batch runs start many processes). Throws input_error when it cannot start.
[[noreturn]] void exec_sibling_program(std::string_view name, const std::vector<std::string>& args);

}  // namespace tuntas::cli
