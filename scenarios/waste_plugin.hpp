#pragma once

#include "scenarios/model_registry.hpp"

namespace tuntas::scenarios {

/// Registers the waste model: section [waste], on the traffic model's district and roads.
void register_waste(ModelRegistry& registry);

}  // namespace tuntas::scenarios
