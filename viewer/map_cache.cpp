#include "viewer/map_cache.hpp"

#include <algorithm>
#include <cmath>

#define GL_GLEXT_PROTOTYPES 1
#include <GL/gl.h>
#include <GL/glext.h>
#include <backends/imgui_impl_opengl3.h>
#include <imgui.h>

namespace tuntas::viewer {

MapCache::~MapCache() {
    if (framebuffer_ != 0) glDeleteFramebuffers(1, &framebuffer_);
    if (texture_ != 0) glDeleteTextures(1, &texture_);
}

bool MapCache::update(const std::vector<double>& key, ImDrawList& map, int fb_width,
                      int fb_height) {
    if (key == key_ && fb_width == width_ && fb_height == height_ && texture_ != 0) return false;
    if (fb_width != width_ || fb_height != height_ || texture_ == 0) {
        if (texture_ == 0) glGenTextures(1, &texture_);
        glBindTexture(GL_TEXTURE_2D, texture_);
        glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, fb_width, fb_height, 0, GL_RGBA, GL_UNSIGNED_BYTE,
                     nullptr);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
        if (framebuffer_ == 0) glGenFramebuffers(1, &framebuffer_);
        glBindFramebuffer(GL_FRAMEBUFFER, framebuffer_);
        glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, texture_, 0);
        glBindFramebuffer(GL_FRAMEBUFFER, 0);
        width_ = fb_width;
        height_ = fb_height;
    }
    key_ = key;
    const ImGuiIO& io = ImGui::GetIO();
    ImDrawList* lists[] = {&map};
    ImDrawData data;
    data.Valid = true;
    data.CmdLists = lists;
    data.CmdListsCount = 1;
    data.TotalVtxCount = map.VtxBuffer.Size;
    data.TotalIdxCount = map.IdxBuffer.Size;
    data.DisplayPos = ImVec2(0.0F, 0.0F);
    data.DisplaySize = io.DisplaySize;
    data.FramebufferScale = io.DisplayFramebufferScale;
    glBindFramebuffer(GL_FRAMEBUFFER, framebuffer_);
    glViewport(0, 0, fb_width, fb_height);
    glClearColor(0.09F, 0.10F, 0.12F, 1.0F);  // the viewer's background
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(&data);
    // Opaque: blending left alpha below 1 under the translucent zones, and the texture is
    // blended again when shown.
    glColorMask(GL_FALSE, GL_FALSE, GL_FALSE, GL_TRUE);
    glClearColor(0.0F, 0.0F, 0.0F, 1.0F);
    glClear(GL_COLOR_BUFFER_BIT);
    glColorMask(GL_TRUE, GL_TRUE, GL_TRUE, GL_TRUE);
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
    return true;
}

bool MapCache::holds(const std::vector<double>& key, std::size_t first, int fb_width,
                     int fb_height) const {
    return texture_ != 0 && fb_width == width_ && fb_height == height_ &&
           key.size() == key_.size() && first <= key.size() &&
           std::equal(key.begin() + static_cast<std::ptrdiff_t>(first), key.end(),
                      key_.begin() + static_cast<std::ptrdiff_t>(first));
}

void MapCache::show(int fb_width, int fb_height, float scale, float dx, float dy) const {
    if (framebuffer_ == 0) return;
    const bool moved = scale != 1.0F || dx != 0.0F || dy != 0.0F;
    // GL's rows count from the bottom: a picture row y from the top lands at height - (scale y
    // + dy), so the picture's bottom edge (y = height) lands at height - scale height - dy.
    const auto left = static_cast<GLint>(std::lround(dx));
    const auto right = static_cast<GLint>(std::lround(dx + scale * static_cast<float>(width_)));
    const auto bottom = static_cast<GLint>(
        std::lround(static_cast<float>(fb_height) - scale * static_cast<float>(height_) - dy));
    const auto top = static_cast<GLint>(std::lround(static_cast<float>(fb_height) - dy));
    if (moved) {
        // The background only where the moved picture leaves the window bare: the strips
        // beside, below and above it (a software renderer pays for every pixel cleared).
        glClearColor(0.09F, 0.10F, 0.12F, 1.0F);  // the viewer's background
        glEnable(GL_SCISSOR_TEST);
        const auto clear = [](GLint x0, GLint y0, GLint x1, GLint y1) {
            if (x1 <= x0 || y1 <= y0) return;
            glScissor(x0, y0, x1 - x0, y1 - y0);
            glClear(GL_COLOR_BUFFER_BIT);
        };
        clear(0, 0, std::min(left, fb_width), fb_height);
        clear(std::max(right, 0), 0, fb_width, fb_height);
        clear(std::max(left, 0), 0, std::min(right, fb_width), std::min(bottom, fb_height));
        clear(std::max(left, 0), std::max(top, 0), std::min(right, fb_width), fb_height);
        glDisable(GL_SCISSOR_TEST);
    }
    glBindFramebuffer(GL_READ_FRAMEBUFFER, framebuffer_);
    glBindFramebuffer(GL_DRAW_FRAMEBUFFER, 0);
    if (moved) {
        glBlitFramebuffer(0, 0, width_, height_, left, bottom, right, top, GL_COLOR_BUFFER_BIT,
                          scale == 1.0F ? GL_NEAREST : GL_LINEAR);
    } else {
        glBlitFramebuffer(0, 0, width_, height_, 0, 0, fb_width, fb_height, GL_COLOR_BUFFER_BIT,
                          GL_NEAREST);
    }
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
}

}  // namespace tuntas::viewer
