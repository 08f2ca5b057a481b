#pragma once

namespace tuntas::district {

/// Which readers load_district reads a district's GeoJSON layers with.
enum class LayerReader {
    fastest,    ///< a layer's fast reader where it has one (read_road_layer_fast), the reference
                ///< reader where that declines
    reference,  ///< the reference readers only (over nlohmann::json values): what the fast
                ///< readers are tested against
};

}  // namespace tuntas::district
