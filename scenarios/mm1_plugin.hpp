#pragma once

#include "scenarios/model_registry.hpp"

namespace tuntas::scenarios {

/// Registers the M/M/1 validation model: section [mm1], edit "mm1.scale_arrivals".
void register_mm1(ModelRegistry& registry);

}  // namespace tuntas::scenarios
