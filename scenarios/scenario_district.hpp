#pragma once

#include "models/api/scenario.hpp"
#include "models/district/district_io.hpp"

namespace tuntas::scenarios {

/// The district a scenario runs on: its folder loaded, every zone's population times the
/// scenario's population_scale and, for the zones or kecamatan its population_growth table
/// names, their factors (the one population traffic, waste and telecom all read). Throws
/// model::InputError naming file and line of a bad growth table.
[[nodiscard]] district::LoadedDistrict load_scenario_district(const model::Scenario& scenario);

}  // namespace tuntas::scenarios
