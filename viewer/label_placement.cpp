#include "viewer/label_placement.hpp"

#include <algorithm>
#include <numeric>

namespace tuntas::viewer {

std::vector<std::size_t> place_labels(const std::vector<LabelBox>& boxes,
                                      const std::vector<double>& priority, float gap_px) {
    std::vector<std::size_t> order(boxes.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return priority[a] > priority[b]; });
    std::vector<std::size_t> kept;
    const auto meets = [&](const LabelBox& a, const LabelBox& b) {
        return a.left - gap_px < b.right && b.left < a.right + gap_px &&
               a.top - gap_px < b.bottom && b.top < a.bottom + gap_px;
    };
    for (const std::size_t i : order) {
        const bool free = std::none_of(kept.begin(), kept.end(),
                                       [&](std::size_t k) { return meets(boxes[i], boxes[k]); });
        if (free) kept.push_back(i);
    }
    return kept;
}

}  // namespace tuntas::viewer
