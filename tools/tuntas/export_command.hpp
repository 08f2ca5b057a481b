#pragma once

#include <string>

namespace tuntas::cli {

/// `tuntas export RESULT.h5 -o OUT.geojson|OUT.gpkg|OUT.csv [--what KIND] [--window
/// HH:MM-HH:MM | --at TIME] [--base BASE.h5] [--force]`.
struct ExportArgs {
    std::string result;  ///< a finished result (or a .partial)
    std::string output;  ///< .geojson / .json (GeoJSON), .gpkg (GeoPackage) or .csv (WKT column)
    std::string what{"links"};  ///< links, zones, containers or sites
    std::string window;         ///< a time of day on every day ("": the whole measured run)
    std::string at;     ///< one instant instead (its first sample at or after it), "" for none
    std::string base;   ///< a result to subtract (a what-if's change), "" for none
    bool force{false};  ///< replace an existing output
};

/// Writes one feature per entity of `what` (a road link, zone, container or cell site): its
/// static table's columns and, for each series of its entities, the mean and the maximum over
/// the measured samples whose interval ends in the window (NaN values, a link no vehicle left,
/// left out); with a `base` result of the same entities, also each mean's change from the
/// base's (`<series>_mean_change`), for a map of a what-if. For QGIS and GDAL (GeoJSON in WGS 84;
/// a GeoPackage, one layer named `what`, converted from it by GDAL's ogr2ogr; a CSV with a `wkt`
/// column). Throws an input error (exit 2) naming the result, the kind or the
/// output.
void export_result(const ExportArgs& args);

}  // namespace tuntas::cli
