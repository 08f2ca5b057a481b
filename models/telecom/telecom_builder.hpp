#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "engine/ticks.hpp"
#include "models/district/district.hpp"
#include "models/telecom/telecom_plan.hpp"
#include "models/traffic/traffic_network.hpp"

namespace tuntas::telecom {

/// What build_telecom_plan needs besides the district.
struct TelecomBuildInputs {
    std::vector<double> present_at_start;  ///< people in each zone at the start
    double start_s_of_day{0.0};
    engine::Ticks duration{0};      ///< the run's length (random outages fall inside it)
    std::uint64_t seed{0};          ///< the scenario's: random outages are drawn from it
    engine::Ticks notice_delay{0};  ///< presence notices' delay (the lookahead)
};

/// Builds the telecom plan: cell sites and sectors from the district's facilities (and the
/// edits), the transport graph from its backhaul with the aggregation node as core, coverage by
/// zone, and the outage schedule (planned edits plus failures drawn per element from the rates,
/// each element from its own random stream so an edit elsewhere does not move them). Sets
/// `network`'s presence notice delay (the model's LPs listen to the zones they serve). Throws
/// std::invalid_argument with a message naming the bad id or figure.
[[nodiscard]] std::shared_ptr<TelecomPlan> build_telecom_plan(const district::District& district,
                                                              traffic::TrafficNetwork& network,
                                                              const TelecomParams& params,
                                                              const TelecomBuildInputs& inputs);

}  // namespace tuntas::telecom
