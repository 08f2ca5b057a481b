#pragma once

#include <string>
#include <vector>

namespace tuntas::cli {

/// `tuntas view ...`: replaces this process with the `tuntas-view` program next to `tuntas`,
/// handing it `args`; the viewer's OpenGL, GLFW and X11 libraries stay out of every other
/// command (batch runs start many processes, and a server may have no display libraries).
[[noreturn]] void launch_viewer(const std::vector<std::string>& args);

}  // namespace tuntas::cli
