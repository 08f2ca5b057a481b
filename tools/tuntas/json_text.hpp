#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace tuntas::cli {

/// `value` as JSON text for the terminal: bytes that are not UTF-8 (an attribute another tool
/// wrote) become U+FFFD instead of failing the whole output. `indent` < 0: one line.
[[nodiscard]] inline std::string json_text(const nlohmann::json& value, int indent = 2) {
    return value.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace tuntas::cli
