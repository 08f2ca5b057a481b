#pragma once

#include <string>

#include "models/district/district_generator.hpp"

namespace tuntas::cli {

/// `tuntas district inspect FOLDER [--json]`: loads, checks and sums up a district.
void inspect_district_command(const std::string& folder, bool json);

/// `tuntas district roads|facilities FOLDER [--grep TEXT] [--json]`: the names and ids a
/// what-if edit needs (a road's name, class, directed links with their indices, length; a
/// facility's id, kind, name, position), those whose name or id contains TEXT.
void list_district_command(const std::string& what, const std::string& folder,
                           const std::string& grep, bool json);

/// `tuntas district generate`: writes a synthetic district.
void generate_district_command(const district::GeneratorParams& params, const std::string& output,
                               bool force);

/// `tuntas import osm FILE -o FOLDER [--bbox ...]`: an OpenStreetMap extract as a district.
void import_osm_command(const std::string& file, const std::string& output, const std::string& bbox,
                        bool force);

/// `tuntas import sumo PREFIX -o FOLDER`: a SUMO plain-XML network as a district.
void import_sumo_command(const std::string& net_or_prefix, const std::string& output,
                         const std::string& origin, bool force);

}  // namespace tuntas::cli
