#include "models/api/diagnostic.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "models/api/input_error.hpp"

namespace tuntas::model {

std::string Diagnostic::format() const {
    if (line > 0) return fmt::format("{}:{}:{}: error: {}", file, line, column, message);
    return fmt::format("{}: error: {}", file, message);
}

namespace {
std::string join(const std::vector<Diagnostic>& diagnostics) {
    std::string text;
    for (const auto& d : diagnostics) {
        if (!text.empty()) text += '\n';
        text += d.format();
    }
    return text;
}
}  // namespace

InputError::InputError(std::vector<Diagnostic> diagnostics)
    : std::runtime_error(join(diagnostics)),
      diagnostics_(std::move(diagnostics)) {}

}  // namespace tuntas::model
