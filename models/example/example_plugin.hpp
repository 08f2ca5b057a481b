#pragma once

#include <memory>

#include "models/api/model_plugin.hpp"

namespace tuntas::example {

/// The example model's plugin: section [example] (`tickers`, `period`), no edits, no services.
[[nodiscard]] std::unique_ptr<model::ModelPlugin> make_plugin();

}  // namespace tuntas::example
