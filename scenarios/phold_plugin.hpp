#pragma once

#include "scenarios/model_registry.hpp"

namespace tuntas::scenarios {

/// Registers PHOLD as a scenario model: section [phold].
void register_phold(ModelRegistry& registry);

}  // namespace tuntas::scenarios
