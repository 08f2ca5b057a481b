#pragma once

#include <cstdint>
#include <filesystem>
#include <vector>

#include "models/district/district.hpp"
#include "models/traffic/traffic_params.hpp"

namespace tuntas::traffic {

/// A counted link: its index among the district's links, the vehicles a day counted on it, and
/// the line of the counts file it came from.
struct LinkCount {
    std::uint32_t link{0};
    double vehicles_per_day{0.0};
    int line{0};
};

/// Reads a counts CSV: `link,vehicles_per_day` rows (a link index as `tuntas inspect` and the
/// result's static/traffic/links give it, and a daily count of a Monday-Thursday, both
/// directions of a road being two links), an optional header, blank lines and `#` comments.
/// Throws model::InputError naming file, line and column of a malformed row, a link the
/// district does not have or a link counted twice.
[[nodiscard]] std::vector<LinkCount> read_link_counts(const std::filesystem::path& file,
                                                      std::size_t link_count);

/// GEH, the traffic engineers' fit of a modelled flow M to a count C: √(2 (M − C)² / (M + C)).
[[nodiscard]] double geh(double modelled, double counted);

/// What calibrate_zone_trips found.
struct DemandCalibration {
    std::vector<double> zone_factors;    ///< per zone: its tours' factor (1: as generated)
    std::vector<double> before_per_day;  ///< per count: the model's vehicles a day, before
    std::vector<double> after_per_day;   ///< ... and with zone_factors
    int iterations{0};
};

/// Fits a factor per zone on its residents' tours so that the link volumes their routes give
/// match `counts` (the Poisson maximum-likelihood fit, by multiplicative updates: a zone's
/// factor moves by the count-weighted ratio of counted to modelled volume over the links its
/// tours use; external traffic is held fixed). The volumes come from `sample_days` weekdays of
/// the traffic model's own demand and routes (params, seed), each tour's trips attributed to its
/// home zone; a zone whose tours cross no counted link keeps 1. `prior_vehicles_per_day` > 0
/// makes it the maximum a-posteriori fit under a Gamma prior with mode 1 (a zone's factor moves
/// by its counted evidence against that many vehicles a day of "no change"): zones the counts
/// cannot tell apart share the adjustment instead of one taking it all.
[[nodiscard]] DemandCalibration
calibrate_zone_trips(const district::District& district, TrafficParams params,
                     const std::vector<LinkCount>& counts, std::uint64_t seed, int iterations,
                     int sample_days, double prior_vehicles_per_day = 0.0);

}  // namespace tuntas::traffic
