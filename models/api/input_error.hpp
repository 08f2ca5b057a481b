#pragma once

#include <stdexcept>
#include <vector>

#include "models/api/diagnostic.hpp"

namespace tuntas::model {

/// Input that cannot be used (a scenario, a model's keys or edits): carries every diagnostic
/// found (they are collected first and thrown once, so a planner fixes them all in one go), each
/// with file:line:col and the key. what() lists them, one per line. Tools exit 2 on it.
class InputError : public std::runtime_error {
public:
    explicit InputError(std::vector<Diagnostic> diagnostics);
    /// One problem.
    explicit InputError(Diagnostic diagnostic)
        : InputError(std::vector<Diagnostic>{std::move(diagnostic)}) {}

    /// Every problem found, in file order.
    [[nodiscard]] const std::vector<Diagnostic>& diagnostics() const noexcept {
        return diagnostics_;
    }

private:
    std::vector<Diagnostic> diagnostics_;
};

}  // namespace tuntas::model
