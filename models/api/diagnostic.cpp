#include "models/api/diagnostic.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "models/api/input_error.hpp"

namespace tuntas::model {

std::string Diagnostic::format() const {
    std::string where = file;
    if (line > 0) where += fmt::format(":{}", line);
    if (line > 0 && column > 0) where += fmt::format(":{}", column);
    if (!context.empty()) where += ": " + context;
    return fmt::format("{}: {}: {}", where, severity == Severity::error ? "error" : "warning",
                       message);
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
