#pragma once

#include <stdexcept>
#include <vector>

#include "models/district/load_problem.hpp"

namespace tuntas::district {

/// A district that cannot be used: carries every problem found (errors and warnings), one per
/// line in what(). Nothing runs on a district with errors.
class DistrictError : public std::runtime_error {
public:
    explicit DistrictError(std::vector<LoadProblem> problems);

    /// Every problem, in file and feature order.
    [[nodiscard]] const std::vector<LoadProblem>& problems() const noexcept { return problems_; }

private:
    std::vector<LoadProblem> problems_;
};

}  // namespace tuntas::district
