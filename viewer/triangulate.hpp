#pragma once

#include <vector>

#include "viewer/scene.hpp"

namespace tuntas::viewer {

/// Triangles (three points each) that fill a simple polygon given as one ring, by ear
/// clipping; a ring that is not simple may leave gaps but never throws.
[[nodiscard]] std::vector<MapPoint> triangulate(const std::vector<MapPoint>& ring);

}  // namespace tuntas::viewer
