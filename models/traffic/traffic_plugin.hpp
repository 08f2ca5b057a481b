#pragma once

#include <memory>

#include "models/api/model_plugin.hpp"
#include "models/api/param_bindings.hpp"
#include "models/district/district.hpp"
#include "models/traffic/traffic_params.hpp"

namespace tuntas::traffic {

/// The traffic model's plugin: section [traffic], edits "traffic.*"; needs the district,
/// provides the road network and presence.
[[nodiscard]] std::unique_ptr<model::ModelPlugin> make_plugin();

/// The keys of section [traffic] and the TrafficParams field each sets (for tools that read a
/// scenario's traffic parameters without running it: tuntas calibrate).
[[nodiscard]] const model::ParamBindings<TrafficParams>& traffic_keys();

/// Per zone of `district`, the factor a `zone,factor` CSV (zone ids) gives it (1 when it names
/// none). Throws model::InputError naming file and line of a bad row or an unknown zone.
[[nodiscard]] std::vector<double> read_zone_factors(const std::string& file,
                                                    const district::District& district);

}  // namespace tuntas::traffic
