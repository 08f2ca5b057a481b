#pragma once

#include <cstddef>
#include <vector>

namespace tuntas::viewer {

/// A label's box on screen, pixels: left, top, right, bottom.
struct LabelBox {
    float left{0.0F};
    float top{0.0F};
    float right{0.0F};
    float bottom{0.0F};
};

/// Which labels to draw so that none covers another: greedily, the highest `priority` first
/// (ties: the lower index), each kept unless its box, grown by `gap_px` on every side, meets one
/// already kept, as map renderers place point labels. Returns the kept indices in that order.
/// Boxes and priorities index by index.
[[nodiscard]] std::vector<std::size_t>
place_labels(const std::vector<LabelBox>& boxes, const std::vector<double>& priority, float gap_px);

}  // namespace tuntas::viewer
