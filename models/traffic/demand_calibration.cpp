#include "models/traffic/demand_calibration.hpp"

#include <charconv>
#include <cmath>
#include <map>
#include <string>
#include <tuple>

#include <fmt/format.h>

#include "models/api/csv_rows.hpp"
#include "models/api/input_error.hpp"
#include "models/traffic/traffic_builder.hpp"

namespace tuntas::traffic {

std::vector<LinkCount> read_link_counts(const std::filesystem::path& file, std::size_t link_count) {
    std::vector<LinkCount> counts;
    std::vector<model::Diagnostic> problems;
    std::map<std::uint32_t, int> seen;  // link -> line
    for (const auto& row : model::read_csv_rows(file, "link", "vehicles_per_day", "the counts")) {
        std::uint32_t link = 0;
        double count = 0.0;
        const auto& [link_text, count_text] = std::tie(row.first, row.second);
        const auto [link_end, link_error] =
            std::from_chars(link_text.data(), link_text.data() + link_text.size(), link);
        const auto [count_end, count_error] =
            std::from_chars(count_text.data(), count_text.data() + count_text.size(), count);
        if (link_error != std::errc{} || link_end != link_text.data() + link_text.size() ||
            link >= link_count) {
            problems.push_back({file.string(), row.line, 1,
                                fmt::format("link: an index in [0, {}) expected, not '{}'",
                                            link_count, link_text)});
        } else if (count_error != std::errc{} ||
                   count_end != count_text.data() + count_text.size() || !std::isfinite(count) ||
                   count < 0.0) {
            problems.push_back({file.string(), row.line, row.second_column,
                                fmt::format("vehicles_per_day of link {}: a count >= 0 expected, "
                                            "not '{}'",
                                            link, count_text)});
        } else if (const auto [at, fresh] = seen.emplace(link, row.line); !fresh) {
            problems.push_back(
                {file.string(), row.line, 1,
                 fmt::format("link {} is counted on line {} already", link, at->second)});
        } else {
            counts.push_back({link, count, row.line});
        }
    }
    if (!problems.empty()) throw model::InputError(std::move(problems));
    return counts;
}

double geh(double modelled, double counted) {
    const double sum = modelled + counted;
    if (sum <= 0.0) return 0.0;
    return std::sqrt(2.0 * (modelled - counted) * (modelled - counted) / sum);
}

DemandCalibration calibrate_zone_trips(const district::District& district, TrafficParams params,
                                       const std::vector<LinkCount>& counts, std::uint64_t seed,
                                       int iterations, int sample_days,
                                       double prior_vehicles_per_day) {
    const std::size_t zones = district.data().zones.size();
    // Weekdays only (Monday to Thursday at most): the counts are a working day's.
    sample_days = std::clamp(sample_days, 1, 4);
    params.calendar = model::RunCalendar{};
    params.zone_trip_factor.clear();
    const auto build = build_traffic(
        district, params,
        static_cast<engine::Ticks>(sample_days) * 86'400 * engine::ticks_per_second, 0.0, seed);
    const auto& network = *build.network;
    // Per counted link: traversals a day by home zone (A), and by external traffic (B).
    std::vector<std::size_t> count_of_link(network.links.size(), counts.size());
    for (std::size_t k = 0; k < counts.size(); ++k) count_of_link[counts[k].link] = k;
    std::vector<std::vector<double>> by_zone(counts.size(), std::vector<double>(zones, 0.0));
    std::vector<double> external(counts.size(), 0.0);
    const double per_day = 1.0 / sample_days;
    for (std::uint32_t id = 0; id < network.trips.size(); ++id) {
        const Trip& trip = network.trips[id];
        const std::uint32_t home = trip.outbound ? trip.origin_zone : trip.destination_zone;
        for (const std::uint32_t link : trip.route()) {
            const std::size_t k = count_of_link[link];
            if (k == counts.size()) continue;
            if (home == no_zone || trip.origin_zone == no_zone ||
                trip.destination_zone == no_zone) {
                external[k] += per_day;
            } else {
                by_zone[k][home] += per_day;
            }
        }
    }
    DemandCalibration result;
    result.zone_factors.assign(zones, 1.0);
    const auto modelled = [&](std::size_t k) {
        double v = external[k];
        for (std::size_t z = 0; z < zones; ++z) v += result.zone_factors[z] * by_zone[k][z];
        return v;
    };
    for (std::size_t k = 0; k < counts.size(); ++k) result.before_per_day.push_back(modelled(k));
    for (int it = 0; it < iterations; ++it) {
        std::vector<double> volume(counts.size());
        for (std::size_t k = 0; k < counts.size(); ++k) volume[k] = modelled(k);
        std::vector<double> weighted(zones, 0.0), exposure(zones, 0.0);
        for (std::size_t k = 0; k < counts.size(); ++k) {
            if (volume[k] <= 0.0) continue;
            const double ratio = counts[k].vehicles_per_day / volume[k];
            for (std::size_t z = 0; z < zones; ++z) {
                weighted[z] += by_zone[k][z] * ratio;
                exposure[z] += by_zone[k][z];
            }
        }
        // EM for the Poisson likelihood; with the prior, Gamma(k + 1, k) (mode 1), the update
        // adds k vehicles a day of "factor 1" to both sides.
        const double k = std::max(0.0, prior_vehicles_per_day);
        for (std::size_t z = 0; z < zones; ++z) {
            if (exposure[z] > 0.0) {
                result.zone_factors[z] =
                    (result.zone_factors[z] * weighted[z] + k) / (exposure[z] + k);
            }
        }
        result.iterations = it + 1;
    }
    for (std::size_t k = 0; k < counts.size(); ++k) result.after_per_day.push_back(modelled(k));
    return result;
}

}  // namespace tuntas::traffic
