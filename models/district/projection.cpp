#include "models/district/projection.hpp"

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

Projection::Projection(const std::string& crs) : state_(std::make_unique<State>()) {
    state_->context = proj_context_create();
    PJ* raw = proj_create_crs_to_crs(state_->context, "EPSG:4326", crs.c_str(), nullptr);
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
