#pragma once

#include <memory>
#include <vector>

#include "engine/lp_id.hpp"
#include "engine/ticks.hpp"
#include "models/district/district.hpp"
#include "models/traffic/traffic_network.hpp"
#include "models/waste/waste_plan.hpp"

namespace tuntas::waste {

/// Builds the waste model of `district` over the traffic model `network`: containers (TPS and
/// transfer depots, with the what-ifs' additions and removals), gates (the TPA, TPS3Rs; a
/// container unloads at a TPS3R within tps3r_catchment_km, else at the nearest landfill), zone
/// catchments (the containers inside a zone, else the nearest within service_radius_km, else
/// unserved), the fleet at the truck depot, and for the fixed schedule each truck's rounds
/// (arm-rolls take the busiest containers one per trip; dump trucks drive savings tours with
/// 2-opt, balanced over the trucks). LP ids are given in order from `first_lp`: zones,
/// containers, gates, trucks, the dispatcher. Registers the trucks as guest vehicles and the
/// zones as presence listeners of `network`. The run starts `start_s_of_day` after local midnight
/// of weekday `start_weekday` (0 Monday). Throws std::invalid_argument for a district with
/// no landfill or a removal that names no facility.
[[nodiscard]] std::shared_ptr<WastePlan>
build_waste_plan(const district::District& district, traffic::TrafficNetwork& network,
                 const WasteParams& params, const std::vector<double>& present_at_start,
                 double start_s_of_day, unsigned start_weekday, engine::LpId first_lp,
                 engine::Ticks notice_delay);

/// LPs the plan needs: zones + containers + gates + trucks + 1.
[[nodiscard]] std::size_t lp_count(const WastePlan& plan);

}  // namespace tuntas::waste
