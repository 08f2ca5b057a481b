#include "tools/tuntas/calibrate_command.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>

#include <fmt/format.h>

#include "models/api/path_sandbox.hpp"
#include "models/traffic/demand_calibration.hpp"
#include "models/traffic/traffic_plugin.hpp"
#include "scenarios/model_registry.hpp"
#include "scenarios/scenario_district.hpp"
#include "scenarios/scenario_loader.hpp"
#include "tools/tuntas/cli_error.hpp"

namespace tuntas::cli {

namespace {

/// The share of counts whose GEH is under 5, and the median GEH.
std::pair<double, double> geh_summary(const std::vector<traffic::LinkCount>& counts,
                                      const std::vector<double>& modelled) {
    std::vector<double> values;
    for (std::size_t k = 0; k < counts.size(); ++k)
        values.push_back(traffic::geh(modelled[k], counts[k].vehicles_per_day));
    const auto under = static_cast<double>(
        std::count_if(values.begin(), values.end(), [](double g) { return g < 5.0; }));
    std::sort(values.begin(), values.end());
    return {under / static_cast<double>(values.size()), values[values.size() / 2]};
}

}  // namespace

void calibrate_command(const CalibrateRequest& request) {
    model::require_inside_sandbox(request.output, "the zone factor file");
    namespace fs = std::filesystem;
    if (fs::exists(request.output) && !request.overwrite) {
        throw input_error(
            fmt::format("{}: already exists; pass --force to replace it", request.output));
    }
    const auto registry = scenarios::default_registry();
    const auto scenario =
        scenarios::load_scenario(request.scenario, request.overrides, registry.schema());
    const auto traffic = scenario.models.find("traffic");
    if (traffic == scenario.models.end()) {
        throw input_error(
            fmt::format("{}: has no [traffic] section to calibrate", request.scenario));
    }
    traffic::TrafficParams params;
    traffic::traffic_keys().read(traffic->second, params);
    if (!params.routes_file.empty()) {
        throw input_error(fmt::format("{}: its traffic comes from a route file, not from zones: "
                                      "there are no zone trips to calibrate",
                                      request.scenario));
    }
    const auto loaded = scenarios::load_scenario_district(scenario);
    const auto& district = loaded.district;
    const auto counts = traffic::read_link_counts(request.counts, district.links().size());
    if (counts.empty()) throw input_error(fmt::format("{}: no counts", request.counts));
    const auto fit =
        traffic::calibrate_zone_trips(district, params, counts, scenario.seed, request.iterations,
                                      request.sample_days, request.prior_vehicles_per_day);
    fmt::print("{:>6}  {:>10}  {:>10}  {:>6}  {:>10}  {:>6}\n", "link", "count/day", "before",
               "GEH", "after", "GEH");
    for (std::size_t k = 0; k < counts.size(); ++k) {
        fmt::print("{:>6}  {:>10.0f}  {:>10.0f}  {:>6.1f}  {:>10.0f}  {:>6.1f}\n", counts[k].link,
                   counts[k].vehicles_per_day, fit.before_per_day[k],
                   traffic::geh(fit.before_per_day[k], counts[k].vehicles_per_day),
                   fit.after_per_day[k],
                   traffic::geh(fit.after_per_day[k], counts[k].vehicles_per_day));
    }
    const auto [before_share, before_median] = geh_summary(counts, fit.before_per_day);
    const auto [after_share, after_median] = geh_summary(counts, fit.after_per_day);
    fmt::print("GEH < 5 on {:.0f} % of {} counted links before (median {:.2f}), {:.0f} % after "
               "(median {:.2f}); {} iterations over {} weekday(s) of the model's demand\n",
               100.0 * before_share, counts.size(), before_median, 100.0 * after_share,
               after_median, fit.iterations, std::clamp(request.sample_days, 1, 4));
    const fs::path partial = request.output + ".partial";
    {
        std::ofstream out(partial);
        out << "# tuntas calibrate " << request.scenario << " --counts " << request.counts
            << ": zone trip factors (traffic key zone_trip_factors)\nzone,factor\n";
        const auto& zones = district.data().zones;
        for (std::size_t z = 0; z < zones.size(); ++z)
            out << zones[z].id << ',' << fmt::format("{:.6g}", fit.zone_factors[z]) << '\n';
        if (!out) throw input_error(fmt::format("{}: could not be written", partial.string()));
    }
    fs::rename(partial, request.output);
    fmt::print("zone factors: {} (set traffic.zone_trip_factors to it)\n", request.output);
}

}  // namespace tuntas::cli
