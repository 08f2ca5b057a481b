#pragma once

#include "scenarios/model_registry.hpp"

namespace tuntas::scenarios {

/// Registers the traffic model: section [traffic], over the scenario's `district`.
void register_traffic(ModelRegistry& registry);

}  // namespace tuntas::scenarios
