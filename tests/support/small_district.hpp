#pragma once

#include <filesystem>
#include <string>
#include <system_error>

#include <unistd.h>

#include "models/district/district_generator.hpp"
#include "models/district/district_io.hpp"

namespace tuntas::testing {

/// The folder (in the tests' temporary folder) holding `district/`: a generated district of
/// 20,000 people (a town grid and villages, TPS, a TPS3R, a landfill, cell sites with backhaul),
/// written once and shared by the scenario tests that run models on it. Test processes run in
/// parallel: each writes a folder of its own and renames it into place, so none reads a
/// half-written district.
inline std::filesystem::path small_district_folder() {
    const auto folder = std::filesystem::temp_directory_path() / "tuntas-tests" / "small-district";
    if (!std::filesystem::exists(folder / "district")) {
        std::filesystem::create_directories(folder);
        const auto mine = folder / ("district.writing-" + std::to_string(::getpid()));
        std::filesystem::remove_all(mine);
        district::write_district(district::generate_district(
                                     {.population = 20'000, .seed = 3, .centre = {116.19, -1.90}}),
                                 mine);
        std::error_code taken;  // another process was first: its district is the same
        std::filesystem::rename(mine, folder / "district", taken);
        if (taken) std::filesystem::remove_all(mine);
    }
    return folder;
}

}  // namespace tuntas::testing
