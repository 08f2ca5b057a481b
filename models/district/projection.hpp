#pragma once

#include <memory>
#include <string>

#include "models/district/records.hpp"

namespace tuntas::district {

/// Projected coordinates in metres.
struct XY {
    double x_m{0.0};
    double y_m{0.0};
};

/// WGS84 lon/lat to a metric CRS (UTM zone 50S, EPSG:32750, for Paser): a WGS 84 / UTM zone
/// through Boost.Geometry's exact transverse Mercator (the algorithm PROJ uses, within 10 nm of
/// it), any other CRS through PROJ.
class Projection {
public:
    /// Throws std::runtime_error when PROJ does not know `crs`.
    explicit Projection(const std::string& crs);

    /// False for a WGS 84 / UTM zone (an EPSG code 326xx/327xx or the PROJ string SUMO and GDAL
    /// write for one), which is projected without PROJ; true for any other CRS.
    [[nodiscard]] static bool needs_proj(const std::string& crs);
    ~Projection();
    Projection(const Projection&) = delete;
    Projection& operator=(const Projection&) = delete;
    Projection(Projection&&) noexcept;
    Projection& operator=(Projection&&) noexcept;

    /// When `crs` needs PROJ (needs_proj), starts loading it (some 40 shared libraries, about
    /// 10 ms) on a background thread, so that the Projection made later finds it loaded;
    /// load_district calls it before reading its layers. Calling it again does nothing. A
    /// failed load is reported by the first Projection. The process waits for the loader at
    /// exit.
    static void load_library_early(const std::string& crs);

    /// Projects one point.
    [[nodiscard]] XY forward(LonLat point) const;
    /// The lon/lat of a projected point.
    [[nodiscard]] LonLat inverse(XY point) const;

private:
    struct State;
    std::unique_ptr<State> state_;
};

}  // namespace tuntas::district
