#include "viewer/frame_source.hpp"

namespace tuntas::viewer {

std::size_t FrameSource::index_at(double time_s) const {
    std::size_t lo = 0;
    std::size_t hi = samples();
    while (hi - lo > 1) {  // the last sample with time <= time_s
        const std::size_t mid = (lo + hi) / 2;
        if (snapshot(mid)->time_s <= time_s) {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    return lo;
}

}  // namespace tuntas::viewer
