#pragma once

#include <cstddef>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "viewer/scene.hpp"

namespace tuntas::viewer {

/// A what-if edit as the map and the panel show it: in words, when, and what it touches.
struct EditMark {
    std::string kind;   ///< "traffic.close_road"
    std::string label;  ///< the edit's label ("festival"), or empty
    std::string text;   ///< "Jl. Jenderal Sudirman closed", "fibre L12 cut", "new site 'X'"
    double at_s{0.0};   ///< from, seconds since the start
    double until_s{std::numeric_limits<double>::infinity()};  ///< to (infinity: the end)
    bool live{false};                  ///< applied from the viewer during the run
    std::vector<std::size_t> links;    ///< road links it closes
    std::vector<std::size_t> fibres;   ///< backhaul links it cuts
    std::vector<std::size_t> sites;    ///< cell sites it takes down, or adds
    bool adds{false};                  ///< the sites are new ones (telecom.add_site)
    std::optional<MapPoint> junction;  ///< a junction it closes

    /// True from `at_s` until `until_s`.
    [[nodiscard]] bool active(double time_s) const { return time_s >= at_s && time_s < until_s; }
    /// True when the map can show it (it touches a road, fibre, site or junction).
    [[nodiscard]] bool on_map() const {
        return !links.empty() || !fibres.empty() || !sites.empty() || junction.has_value();
    }
};

/// The [[edits]] of a scenario written as TOML (a result's `scenario` or `live_edits`
/// attribute) as marks on `scene`; times count from `start_local` ("2025-03-03T00:00:00"),
/// which clock times (`at = "Tue 17:00"`) need. An edit that does not read is left out.
[[nodiscard]] std::vector<EditMark>
edit_marks(const std::string& toml, const std::string& start_local, const Scene& scene, bool live);

}  // namespace tuntas::viewer
