#pragma once

#include <map>
#include <string>
#include <vector>

namespace tuntas::viewer {

/// One sample of a run, immutable once made: every series' values at `time_s`, by
/// "group/name" (e.g. "traffic/link_speed").
struct Snapshot {
    double time_s{0.0};
    std::map<std::string, std::vector<double>> series;

    /// The values of a series, or an empty vector when the run has no such series.
    [[nodiscard]] const std::vector<double>& values(const std::string& name) const {
        static const std::vector<double> none;
        const auto it = series.find(name);
        return it == series.end() ? none : it->second;
    }
};

}  // namespace tuntas::viewer
