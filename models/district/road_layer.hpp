#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "models/district/records.hpp"

namespace tuntas::district {

/// What a roads layer holds: its roads, with an empty Road for each signal or signal-program
/// point so that road indices follow feature indices (as messages count them), its signals and
/// its signal programs.
struct RoadLayer {
    std::vector<Road> roads;
    std::vector<LonLat> signals;
    std::vector<SignalProgram> signal_programs;
};

/// The roads layer `text` (GeoJSON) read straight into records as json_sax_fast parses it,
/// without a json value for each feature: building, looking up and freeing those was nine
/// tenths of reading a layer (Bologna's joined network: 16 of 18 million instructions of its
/// district's load, the load the run waits for). It takes only what it is sure the reference
/// reader (district_io.cpp's, over nlohmann::json values) reads without a problem into the same
/// records, and declines (nothing) at the first thing it is not: any problem the reference
/// reports, and anything that reader takes but this one does not (a null or a true where a
/// number goes, a key given twice, a \u escape, ...). The caller then reads the text with the
/// reference reader, which gives the records or the problems with their messages. So on every
/// text this gives the reference's records or declines (tests/models/road_layer_test.cpp, and
/// fuzz_district compares the two on every roads layer it makes).
[[nodiscard]] std::optional<RoadLayer> read_road_layer_fast(std::string_view text);

}  // namespace tuntas::district
