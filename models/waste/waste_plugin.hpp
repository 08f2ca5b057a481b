#pragma once

#include <memory>

#include "models/api/model_plugin.hpp"

namespace tuntas::waste {

/// The waste model's plugin: section [waste], edits "waste.*"; needs the district, presence
/// (generation follows people) and the road network (trucks drive in its traffic).
[[nodiscard]] std::unique_ptr<model::ModelPlugin> make_plugin();

}  // namespace tuntas::waste
