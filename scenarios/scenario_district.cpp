#include "scenarios/scenario_district.hpp"

#include "models/district/population_growth.hpp"

namespace tuntas::scenarios {

district::LoadedDistrict load_scenario_district(const model::Scenario& scenario) {
    auto loaded = district::load_district(scenario.district);
    if (scenario.population_scale == 1.0 && scenario.population_growth.empty()) return loaded;
    const auto rows = scenario.population_growth.empty()
                          ? std::vector<district::GrowthRow>{}
                          : district::read_growth_csv(scenario.population_growth);
    district::DistrictData data = loaded.district.data();
    district::apply_population_growth(data, scenario.population_scale, rows,
                                      scenario.population_growth);
    return {district::District(std::move(data)), std::move(loaded.warnings)};
}

}  // namespace tuntas::scenarios
