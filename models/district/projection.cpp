#include "models/district/projection.hpp"

#include <cstring>
#include <stdexcept>

#include <proj.h>

namespace tuntas::district {

struct Projection::State {
    PJ_CONTEXT* context{nullptr};
    PJ* transform{nullptr};
    ~State() {
        if (transform != nullptr) proj_destroy(transform);
        if (context != nullptr) proj_context_destroy(context);
    }
};

namespace {

/// For a projected CRS on WGS 84 (EPSG:4326), its own conversion: the operation that
/// proj_create_crs_to_crs finds for it (same pipeline, bit-identical results), without searching
/// the database for candidate operations (about 1 ms instead of 7-8 ms, once per process).
/// Null for any other CRS.
PJ* conversion_from_wgs84(PJ_CONTEXT* context, const std::string& crs) {
    PJ* target = proj_create(context, crs.c_str());
    if (target == nullptr) return nullptr;
    PJ* conversion = nullptr;
    if (proj_get_type(target) == PJ_TYPE_PROJECTED_CRS) {
        if (PJ* base = proj_crs_get_geodetic_crs(context, target)) {
            const char* authority = proj_get_id_auth_name(base, 0);
            const char* code = proj_get_id_code(base, 0);
            if (authority != nullptr && code != nullptr && std::strcmp(authority, "EPSG") == 0 &&
                std::strcmp(code, "4326") == 0) {
                conversion = proj_crs_get_coordoperation(context, target);
            }
            proj_destroy(base);
        }
    }
    proj_destroy(target);
    return conversion;
}

}  // namespace

Projection::Projection(const std::string& crs) : state_(std::make_unique<State>()) {
    state_->context = proj_context_create();
    PJ* raw = conversion_from_wgs84(state_->context, crs);
    if (raw == nullptr) raw = proj_create_crs_to_crs(state_->context, "EPSG:4326", crs.c_str(), nullptr);
    if (raw == nullptr) {
        throw std::runtime_error("projection: PROJ does not know '" + crs + "'");
    }
    // EPSG:4326 is lat/lon by the book; normalise to lon/lat, x/y order.
    state_->transform = proj_normalize_for_visualization(state_->context, raw);
    proj_destroy(raw);
    if (state_->transform == nullptr) {
        throw std::runtime_error("projection: cannot normalise the transform to '" + crs + "'");
    }
}

Projection::~Projection() = default;
Projection::Projection(Projection&&) noexcept = default;
Projection& Projection::operator=(Projection&&) noexcept = default;

LonLat Projection::inverse(XY point) const {
    const PJ_COORD in = proj_coord(point.x_m, point.y_m, 0, 0);
    const PJ_COORD out = proj_trans(state_->transform, PJ_INV, in);
    return {out.lp.lam, out.lp.phi};
}

XY Projection::forward(LonLat point) const {
    const PJ_COORD in = proj_coord(point.lon, point.lat, 0, 0);
    const PJ_COORD out = proj_trans(state_->transform, PJ_FWD, in);
    return {out.xy.x, out.xy.y};
}

}  // namespace tuntas::district
