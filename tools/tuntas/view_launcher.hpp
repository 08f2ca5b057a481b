#pragma once

namespace CLI {
class App;
}

namespace tuntas::cli {

/// Adds `tuntas view ...`, which hands its arguments to the `tuntas-view` program next to
/// `tuntas`: the viewer's OpenGL, GLFW and X11 libraries stay out of every other command (batch
/// runs start many processes, and a server may have no display libraries at all).
void add_view_launcher(CLI::App& app);

}  // namespace tuntas::cli
