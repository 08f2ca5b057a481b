#pragma once

#include <string>
#include <utility>

#include "models/api/input_error.hpp"

namespace tuntas::cli {

/// Bad command-line input that parsing alone cannot catch, as tuntas's one input-error type
/// ("tuntas: error: <message>"); `tuntas` exits with code 2.
[[nodiscard]] inline model::InputError input_error(std::string message) {
    return model::InputError(model::Diagnostic{"tuntas", 0, 0, std::move(message)});
}

}  // namespace tuntas::cli
