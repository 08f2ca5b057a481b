#pragma once

#include <memory>

#include "models/api/model_plugin.hpp"

namespace tuntas::telecom {

/// The telecom model's plugin: section [telecom], edits "telecom.*"; needs the district and
/// presence (demand follows the people present).
[[nodiscard]] std::unique_ptr<model::ModelPlugin> make_plugin();

}  // namespace tuntas::telecom
