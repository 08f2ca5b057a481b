#pragma once

#include <memory>

#include "models/api/model_plugin.hpp"

namespace tuntas::traffic {

/// The traffic model's plugin: section [traffic], edits "traffic.*"; needs the district,
/// provides the road network and presence.
[[nodiscard]] std::unique_ptr<model::ModelPlugin> make_plugin();

}  // namespace tuntas::traffic
