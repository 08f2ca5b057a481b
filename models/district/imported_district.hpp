#pragma once

#include <string>
#include <vector>

#include "models/district/records.hpp"

namespace tuntas::district {

/// What an import made of a foreign file: the district, and what it dropped or assumed, one
/// line each (printed at the end of `tuntas import`, so nothing is lost without a word).
struct ImportedDistrict {
    DistrictData data;
    std::vector<std::string> warnings;
};

}  // namespace tuntas::district
