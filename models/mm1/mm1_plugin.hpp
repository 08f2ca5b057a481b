#pragma once

#include <memory>

#include "models/api/model_plugin.hpp"

namespace tuntas::mm1 {

/// The M/M/1 validation model's plugin: section [mm1], edit "mm1.scale_arrivals".
[[nodiscard]] std::unique_ptr<model::ModelPlugin> make_plugin();

}  // namespace tuntas::mm1
