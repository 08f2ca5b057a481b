#pragma once

#include <filesystem>

#include "models/district/district_generator.hpp"
#include "models/district/district_io.hpp"

namespace tuntas::testing {

/// The folder (in the tests' temporary folder) holding `district/`: a generated district of
/// 20,000 people (a town grid and villages, TPS, a TPS3R, a landfill, cell sites with backhaul),
/// written once and shared by the scenario tests that run models on it.
inline std::filesystem::path small_district_folder() {
    const auto folder = std::filesystem::temp_directory_path() / "tuntas-tests" / "small-district";
    if (!std::filesystem::exists(folder / "district" / "district.toml")) {
        std::filesystem::create_directories(folder);
        district::write_district(district::generate_district(
                                     {.population = 20'000, .seed = 3, .centre = {116.19, -1.90}}),
                                 folder / "district");
    }
    return folder;
}

}  // namespace tuntas::testing
