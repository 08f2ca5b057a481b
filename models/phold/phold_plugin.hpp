#pragma once

#include <memory>

#include "models/api/model_plugin.hpp"

namespace tuntas::phold {

/// PHOLD's plugin: section [phold], no edits.
[[nodiscard]] std::unique_ptr<model::ModelPlugin> make_plugin();

}  // namespace tuntas::phold
