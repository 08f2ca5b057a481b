#pragma once

#include <filesystem>
#include <optional>
#include <string_view>

#include "models/district/imported_district.hpp"
#include "models/district/records.hpp"

namespace tuntas::district {

/// Reads a SUMO network: a `.net.xml` file as sumo and netconvert write it, or plain XML given
/// by its prefix, as `netconvert --plain-output-prefix PREFIX` writes it (PREFIX.nod.xml,
/// PREFIX.edg.xml, optional PREFIX.tll.xml). Edge ids are kept, so route files can name them.
/// A road gets the lanes SUMO's default car (`passenger`) may use, from each lane's or edge's
/// `allow`/`disallow`; an edge no car may use (footway, rail, steps) is left out. Internal,
/// crossing and walking-area edges are SUMO's junction interiors and are not roads. Signals:
/// traffic_light junctions, with their tlLogic programs (fixed time; an actuated program runs
/// its programmed durations, and says so). A georeferenced network (projParameter) is placed
/// with PROJ and its projection becomes the district's; a plain Cartesian one (projParameter
/// "!") is laid out in UTM 50S around `origin`, lengths exact. Road classes follow the edge
/// `type` (highway.*) or, without one, its speed (ESTIMATED: >= 80 km/h national, >= 60
/// provincial, >= 40 district, else local). The network has no zones. Everything dropped or
/// assumed is counted in the warnings. Throws model::InputError naming the file and element on
/// bad input.
[[nodiscard]] ImportedDistrict import_sumo(const std::filesystem::path& net_or_prefix,
                                           LonLat origin = {116.19, -1.90});

/// True when SUMO lets its default car class (`passenger`) use a lane with these permission
/// lists (space separated vehicle classes or "all"; both empty: everyone).
[[nodiscard]] bool passenger_allowed(std::string_view allow, std::string_view disallow);

/// The road class of an OpenStreetMap highway tag value ("primary" -> national, ...);
/// nullopt for values that are not roads for motor traffic.
[[nodiscard]] std::optional<RoadClass> road_class_of_highway(std::string_view highway);

}  // namespace tuntas::district
