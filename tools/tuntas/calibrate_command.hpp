#pragma once

#include <string>
#include <vector>

namespace tuntas::cli {

/// What `tuntas calibrate` is asked: a scenario, its overrides, the counts, where the zone
/// factors go, and how hard to fit.
struct CalibrateRequest {
    std::string scenario;
    std::vector<std::string> overrides;
    std::string counts;     ///< `link,vehicles_per_day` CSV
    std::string output;     ///< `zone,factor` CSV written (the traffic key zone_trip_factors)
    bool overwrite{false};  ///< replace an existing output
    int iterations{200};
    int sample_days{4};
    double prior_vehicles_per_day{100.0};  ///< Gamma prior towards 1 (0: maximum likelihood)
};

/// Fits the scenario's traffic demand to link counts (traffic::calibrate_zone_trips), prints
/// GEH before and after for each count and in summary, and writes the zone factors.
void calibrate_command(const CalibrateRequest& request);

}  // namespace tuntas::cli
