#pragma once

#include <cstddef>
#include <vector>

struct ImDrawList;

namespace tuntas::viewer {

/// The map drawn into a texture and shown from it until what it shows changes: under a
/// software renderer (Mesa's llvmpipe) rasterising the map takes most of a frame, so a frame
/// whose sample, view, layers and selection are those of the last one only copies the texture,
/// and while the map is dragged or zoomed the texture is shown moved and scaled (as web maps and
/// QGIS do) and drawn afresh when the hand stops.
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
    /// True when the texture holds a picture of `fb_width` x `fb_height` whose key is `key` in
    /// every entry from `first` on (the same content, seen from wherever).
    [[nodiscard]] bool holds(const std::vector<double>& key, std::size_t first, int fb_width,
                             int fb_height) const;
    /// The key the texture was drawn with.
    [[nodiscard]] const std::vector<double>& key() const noexcept { return key_; }
    /// Copies the map into the window's framebuffer (before the panels are drawn over it),
    /// its pixel (x, y) (from the top left) at (scale x + dx, scale y + dy); the background
    /// where it does not reach.
    void show(int fb_width, int fb_height, float scale = 1.0F, float dx = 0.0F,
              float dy = 0.0F) const;

private:
    unsigned framebuffer_{0};
    unsigned texture_{0};
    int width_{0};
    int height_{0};
    std::vector<double> key_;
};

}  // namespace tuntas::viewer
