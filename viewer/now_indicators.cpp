#include "viewer/now_indicators.hpp"

#include <cmath>
#include <limits>

#include "models/telecom/telecom_datasets.hpp"
#include "models/traffic/traffic_datasets.hpp"
#include "models/waste/waste_datasets.hpp"

namespace tuntas::viewer {

NowIndicators indicators_at(const FrameSource& source, std::size_t index) {
    constexpr double nan = std::numeric_limits<double>::quiet_NaN();
    NowIndicators now{nan, nan, nan, nan, nan, nan};
    const Scene& scene = source.scene();
    const auto snapshot = source.snapshot(index);
    if (const auto& transit = snapshot->values(traffic::datasets::in_transit.key());
        !transit.empty())
        now.vehicles_on_road = transit.front();

    // Each sample's links: vehicles that left in its interval (flow x interval), each of them
    // slower than free flow by length / speed - length / free speed.
    if (!snapshot->values(traffic::datasets::link_flow.key()).empty()) {
        now.delay_last_hour_h = 0.0;
        for (std::size_t k = index; k > 0; --k) {
            const auto here = source.snapshot(k);
            const auto before = source.snapshot(k - 1);
            if (here->time_s <= snapshot->time_s - 3600.0) break;
            const double interval_h = (here->time_s - before->time_s) / 3600.0;
            const auto& flow = here->values(traffic::datasets::link_flow.key());
            const auto& speed = here->values(traffic::datasets::link_speed.key());
            for (std::size_t l = 0; l < scene.links.size() && l < flow.size() && l < speed.size();
                 ++l) {
                const double free = scene.links[l].free_speed_kmh;
                if (!(flow[l] > 0.0) || !(speed[l] > 0.0) || !(free > 0.0)) continue;
                const double lost_h =
                    scene.links[l].length_m / 1000.0 * (1.0 / speed[l] - 1.0 / free);
                now.delay_last_hour_h += flow[l] * interval_h * std::max(0.0, lost_h);
            }
        }
    }
    if (const auto& fill = snapshot->values(waste::datasets::container_fill.key()); !fill.empty()) {
        now.containers = static_cast<double>(scene.containers.size());
        now.containers_full = 0.0;
        for (std::size_t c = 0; c < scene.containers.size() && c < fill.size(); ++c) {
            const double capacity = scene.containers[c].capacity_kg;
            if (capacity > 0.0 && fill[c] >= 0.999 * capacity) now.containers_full += 1.0;
        }
    }
    if (const auto& use = snapshot->values(telecom::datasets::sector_utilisation.key());
        !use.empty()) {
        now.sectors = static_cast<double>(use.size());
        now.sectors_over_80pct = 0.0;
        for (const double u : use) now.sectors_over_80pct += u > 0.8 ? 1.0 : 0.0;
    }
    return now;
}

}  // namespace tuntas::viewer
