#pragma once

#include <cstddef>

#include "viewer/frame_source.hpp"

namespace tuntas::viewer {

/// What a planner watching a run asks first, at one sample: from the series alone, so a live
/// run and a replay say the same. NaN where the run has no such series.
struct NowIndicators {
    double vehicles_on_road;    ///< traffic/in_transit now, veh
    double delay_last_hour_h;   ///< vehicle-hours lost against free flow on the links in the
                                ///< hour up to now: sum over samples and links of the vehicles
                                ///< that left x length x (1 / speed - 1 / free speed)
    double containers_full;     ///< collection points at capacity now
    double containers;          ///< collection points
    double sectors_over_80pct;  ///< cell sectors above 80 % utilisation in the last interval
    double sectors;             ///< cell sectors
};

/// The indicators at sample `index` of `source` (< source.samples()).
[[nodiscard]] NowIndicators indicators_at(const FrameSource& source, std::size_t index);

}  // namespace tuntas::viewer
