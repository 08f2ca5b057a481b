#pragma once

#include "scenarios/model_registry.hpp"

namespace tuntas::scenarios {

/// Registers the telecom model: section [telecom], on the traffic model's district and people.
void register_telecom(ModelRegistry& registry);

}  // namespace tuntas::scenarios
