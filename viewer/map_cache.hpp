#pragma once

#include <vector>

struct ImDrawList;

namespace tuntas::viewer {

/// The map drawn into a texture and shown from it until what it shows changes: under a
/// software renderer (Mesa's llvmpipe) rasterising the map takes most of a frame, so a frame
/// whose sample, view, layers and selection are those of the last one only copies the texture.
class MapCache {
public:
    MapCache() = default;
    ~MapCache();
    MapCache(const MapCache&) = delete;
    MapCache& operator=(const MapCache&) = delete;

    /// Renders `map` (an ImDrawList in display coordinates) into the texture when `key` (what
    /// the map shows) differs from the last one or the framebuffer size changed; returns true
    /// when it rendered. Needs the ImGui OpenGL 3 backend initialised.
    bool update(const std::vector<double>& key, ImDrawList& map, int fb_width, int fb_height);
    /// Copies the map into the window's framebuffer (before the panels are drawn over it).
    void show(int fb_width, int fb_height) const;

private:
    unsigned framebuffer_{0};
    unsigned texture_{0};
    int width_{0};
    int height_{0};
    std::vector<double> key_;
};

}  // namespace tuntas::viewer
