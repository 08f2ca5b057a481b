#pragma once

#include <stdexcept>
#include <vector>

#include "scenarios/diagnostic.hpp"

namespace tuntas::scenarios {

/// A scenario that cannot run: carries every diagnostic found (they are collected first and
/// thrown once, so a planner fixes them all in one go). what() lists them, one per line.
class ScenarioError : public std::runtime_error {
public:
    explicit ScenarioError(std::vector<Diagnostic> diagnostics);

    /// Every problem found, in file order.
    [[nodiscard]] const std::vector<Diagnostic>& diagnostics() const noexcept {
        return diagnostics_;
    }

private:
    std::vector<Diagnostic> diagnostics_;
};

}  // namespace tuntas::scenarios
