#include "viewer/map_view.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include <fmt/format.h>
#include <imgui.h>

#include "models/telecom/telecom_datasets.hpp"
#include "models/traffic/traffic_datasets.hpp"
#include "models/waste/waste_datasets.hpp"
#include "viewer/label_placement.hpp"

namespace tuntas::viewer {
namespace {

ImU32 lerp_colour(float t, ImVec4 a, ImVec4 b) {
    return ImGui::ColorConvertFloat4ToU32({a.x + t * (b.x - a.x), a.y + t * (b.y - a.y),
                                           a.z + t * (b.z - a.z), a.w + t * (b.w - a.w)});
}

float road_width(const std::string& road_class) {
    if (road_class == "national") return 3.5F;
    if (road_class == "provincial") return 2.8F;
    if (road_class == "district") return 2.0F;
    return 1.3F;
}

float distance_to_segment(float px, float py, float ax, float ay, float bx, float by) {
    const float dx = bx - ax;
    const float dy = by - ay;
    const float length2 = dx * dx + dy * dy;
    const float t =
        length2 > 0.0F ? std::clamp(((px - ax) * dx + (py - ay) * dy) / length2, 0.0F, 1.0F) : 0.0F;
    return std::hypot(px - (ax + t * dx), py - (ay + t * dy));
}

bool in_triangle(float px, float py, const ImVec2& a, const ImVec2& b, const ImVec2& c) {
    const auto side = [](float x, float y, const ImVec2& p, const ImVec2& q) {
        return (q.x - p.x) * (y - p.y) - (q.y - p.y) * (x - p.x);
    };
    const float d1 = side(px, py, a, b);
    const float d2 = side(px, py, b, c);
    const float d3 = side(px, py, c, a);
    return !((d1 < 0 || d2 < 0 || d3 < 0) && (d1 > 0 || d2 > 0 || d3 > 0));
}

/// A series of the snapshot by name, empty without a snapshot or the series.
const std::vector<double>& series(const Snapshot* snapshot, const std::string& name) {
    static const std::vector<double> none;
    return snapshot != nullptr ? snapshot->values(name) : none;
}

}  // namespace

/// What the pointer is over so far: a marker nearer than the nearest so far is what is picked.
struct MapView::Hover {
    static constexpr float radius_px = 8.0F;  ///< pick radius
    float mx{0.0F};                           ///< the pointer, screen px
    float my{0.0F};
    float best_px{radius_px};
    std::optional<Pick> pick;

    /// Picks `candidate` at screen point `p` if it is the nearest to the pointer so far.
    void consider(const ImVec2& p, Pick candidate) {
        const float d = std::hypot(mx - p.x, my - p.y);
        if (d < best_px) {
            best_px = d;
            pick = candidate;
        }
    }
};

unsigned speed_colour(double ratio) {
    if (std::isnan(ratio)) return IM_COL32(150, 150, 150, 200);
    const float r = static_cast<float>(std::clamp(ratio, 0.0, 1.0));
    const ImVec4 red{0.85F, 0.10F, 0.10F, 1.0F};
    const ImVec4 yellow{0.95F, 0.80F, 0.10F, 1.0F};
    const ImVec4 green{0.10F, 0.70F, 0.25F, 1.0F};
    return r < 0.5F ? lerp_colour(r / 0.5F, red, yellow)
                    : lerp_colour((r - 0.5F) / 0.5F, yellow, green);
}

const std::vector<LosBand>& los_bands() {
    static const std::vector<LosBand> bands{
        {'A', 0.20, IM_COL32(26, 150, 65, 255)},
        {'B', 0.45, IM_COL32(120, 198, 80, 255)},
        {'C', 0.70, IM_COL32(230, 220, 60, 255)},
        {'D', 0.85, IM_COL32(253, 174, 60, 255)},
        {'E', 1.00, IM_COL32(240, 90, 40, 255)},
        {'F', std::numeric_limits<double>::infinity(), IM_COL32(200, 20, 30, 255)}};
    return bands;
}

const LosBand* los_of(double ds) {
    if (std::isnan(ds)) return nullptr;
    for (const auto& band : los_bands()) {
        if (ds <= band.upper_ds) return &band;
    }
    return &los_bands().back();
}

unsigned saturation_colour(double ds) {
    const LosBand* band = los_of(ds);
    return band != nullptr ? band->colour : IM_COL32(150, 150, 150, 200);
}

namespace {

unsigned road_colour(const LosBand* band) {
    return band != nullptr ? band->colour : IM_COL32(150, 150, 150, 200);
}

}  // namespace

const LosBand* road_los(double ds, double occupancy) {
    if (occupancy >= traffic::datasets::jammed_occupancy) return &los_bands().back();
    return los_of(ds);
}

void draw_marker(ImDrawList* draw, const ImVec2& p, Marker marker, unsigned fill) {
    const ImU32 ink = IM_COL32(20, 20, 20, 255);
    switch (marker) {
    case Marker::container:
        draw->AddRectFilled({p.x - 4, p.y - 4}, {p.x + 4, p.y + 4}, fill);
        draw->AddRect({p.x - 4, p.y - 4}, {p.x + 4, p.y + 4}, ink);
        break;
    case Marker::landfill:
        draw->AddTriangleFilled({p.x, p.y - 9}, {p.x - 8, p.y + 6}, {p.x + 8, p.y + 6},
                                IM_COL32(140, 90, 40, 255));
        draw->AddTriangle({p.x, p.y - 9}, {p.x - 8, p.y + 6}, {p.x + 8, p.y + 6}, ink);
        break;
    case Marker::tps3r:
        draw->AddQuadFilled({p.x, p.y - 8}, {p.x + 8, p.y}, {p.x, p.y + 8}, {p.x - 8, p.y},
                            IM_COL32(60, 170, 80, 255));
        draw->AddQuad({p.x, p.y - 8}, {p.x + 8, p.y}, {p.x, p.y + 8}, {p.x - 8, p.y}, ink);
        break;
    case Marker::truck:
        draw->AddCircleFilled(p, 4.5F, IM_COL32(40, 110, 230, 255));
        draw->AddCircle(p, 4.5F, IM_COL32(255, 255, 255, 255), 0, 1.5F);
        break;
    case Marker::waste_bank:
        draw->AddCircleFilled(p, 3.5F, IM_COL32(90, 200, 120, 255));
        break;
    case Marker::depot:
        draw->AddRect({p.x - 6, p.y - 6}, {p.x + 6, p.y + 6}, IM_COL32(80, 140, 255, 255), 0.0F, 0,
                      2.0F);
        break;
    case Marker::cell_site:
        draw->AddTriangle({p.x, p.y - 5}, {p.x - 4, p.y + 3}, {p.x + 4, p.y + 3},
                          IM_COL32(200, 200, 200, 220));
        break;
    case Marker::other:
        draw->AddQuad({p.x, p.y - 6}, {p.x + 6, p.y}, {p.x, p.y + 6}, {p.x - 6, p.y},
                      IM_COL32(190, 110, 230, 255), 2.0F);
        break;
    }
}

unsigned difference_colour(double change, double scale) {
    if (std::isnan(change) || !(scale > 0.0)) return IM_COL32(150, 150, 150, 200);
    const float t = static_cast<float>(std::clamp(change / scale, -1.0, 1.0));
    const ImVec4 grey{0.62F, 0.62F, 0.62F, 0.9F};
    return t < 0.0F ? lerp_colour(-t, grey, {0.15F, 0.40F, 0.95F, 1.0F})
                    : lerp_colour(t, grey, {0.95F, 0.15F, 0.15F, 1.0F});
}

unsigned site_load_colour(double utilisation) {
    return lerp_colour(static_cast<float>(std::clamp(utilisation, 0.0, 1.0)),
                       {0.15F, 0.75F, 0.30F, 1.0F}, {0.90F, 0.10F, 0.10F, 1.0F});
}

unsigned backhaul_load_colour(double utilisation) {
    return lerp_colour(static_cast<float>(std::clamp(utilisation, 0.0, 1.0)),
                       {0.35F, 0.55F, 0.85F, 0.55F}, {0.95F, 0.25F, 0.60F, 0.95F});
}

void MapView::fit(const Scene& scene, float width, float height) {
    width_ = width;
    height_ = height;
    centre_ = {(scene.low.x + scene.high.x) / 2.0F, (scene.low.y + scene.high.y) / 2.0F};
    const float span_x = std::max(scene.high.x - scene.low.x, 0.1F);
    const float span_y = std::max(scene.high.y - scene.low.y, 0.1F);
    px_per_km_ = 0.92F * std::min(width / span_x, height / span_y);
}

MapView::ScreenMove MapView::move_from(const std::vector<double>& view) const {
    if (view.size() < 3 || !(view[2] > 0.0)) return {};
    // A world point at screen x there: x = w/2 + (wx - cx0) p0; here: w/2 + (wx - cx1) p1.
    const auto scale = static_cast<float>(px_per_km_ / view[2]);
    const float half_w = width_ / 2.0F;
    const float half_h = height_ / 2.0F;
    return {.scale = scale,
            .dx = half_w + static_cast<float>(view[0] - centre_.x) * px_per_km_ - half_w * scale,
            .dy = half_h - static_cast<float>(view[1] - centre_.y) * px_per_km_ - half_h * scale};
}

void MapView::zoom(float factor, float screen_x, float screen_y) {
    const float x = centre_.x + (screen_x - ox_ - width_ / 2.0F) / px_per_km_;
    const float y = centre_.y - (screen_y - oy_ - height_ / 2.0F) / px_per_km_;
    px_per_km_ = std::clamp(px_per_km_ * factor, 0.05F, 200'000.0F);
    centre_.x = x - (screen_x - ox_ - width_ / 2.0F) / px_per_km_;
    centre_.y = y + (screen_y - oy_ - height_ / 2.0F) / px_per_km_;
}

void MapView::pan(float dx, float dy) {
    centre_.x -= dx / px_per_km_;
    centre_.y += dy / px_per_km_;
}

/// Zones: presence over residents, blue where people left, orange where they came. Filled
// without anti-aliasing: the fringes of neighbouring triangles would overlap and show seams.
void MapView::draw_zones(ImDrawList* draw, const Scene& scene, const Snapshot* snapshot,
                         const std::optional<Pick>& selected, Hover& hover) const {
    const ImDrawListFlags flags = draw->Flags;
    draw->Flags &= ~ImDrawListFlags_AntiAliasedFill;
    const auto& presence = series(snapshot, traffic::datasets::zone_presence.key());
    for (std::size_t z = 0; z < scene.zones.size(); ++z) {
        const auto& zone = scene.zones[z];
        const double ratio =
            z < presence.size() && zone.population > 0 ? presence[z] / zone.population : 1.0;
        const float t = static_cast<float>(std::clamp((ratio - 0.5) / 1.0, 0.0, 1.0));
        // A difference view: the change in presence over the residents (a fifth of them: full).
        const ImU32 fill =
            difference ? (difference_colour(ratio, 0.2) & 0x00FFFFFFU) | (128U << IM_COL32_A_SHIFT)
                       : lerp_colour(t, {0.20F, 0.40F, 0.85F, 0.50F}, {0.95F, 0.55F, 0.15F, 0.50F});
        for (std::size_t k = 0; k + 2 < zone.triangles.size(); k += 3) {
            const ImVec2 a = screen(zone.triangles[k]);
            const ImVec2 b = screen(zone.triangles[k + 1]);
            const ImVec2 c = screen(zone.triangles[k + 2]);
            draw->AddTriangleFilled(a, b, c, fill);
            if (!hover.pick && in_triangle(hover.mx, hover.my, a, b, c))
                hover.pick = Pick{Pick::Kind::zone, z};
        }
    }
    draw->Flags = flags;
    for (std::size_t z = 0; z < scene.zones.size(); ++z) {
        const auto& zone = scene.zones[z];
        const bool chosen = selected && *selected == Pick{Pick::Kind::zone, z};
        for (const auto& ring : zone.rings) {
            std::vector<ImVec2> points;
            for (const auto& p : ring) points.push_back(screen(p));
            draw->AddPolyline(points.data(), static_cast<int>(points.size()),
                              chosen ? IM_COL32(255, 255, 255, 255) : IM_COL32(90, 100, 120, 160),
                              ImDrawFlags_Closed, chosen ? 2.5F : 1.0F);
        }
    }
}

/// Roads: by their degree of saturation (LOS bands) when that layer is on, else by speed over
/// free flow. A road under the pointer is picked before any zone.
void MapView::draw_roads(ImDrawList* draw, const Scene& scene, const Snapshot* snapshot,
                         const std::optional<Pick>& selected, Hover& hover) const {
    std::optional<Pick> nearest;
    float hover_px = Hover::radius_px;
    const bool by_saturation = layers[saturation_layer].visible;
    const auto& speed = series(snapshot, traffic::datasets::link_speed.key());
    const auto& saturation = series(snapshot, traffic::datasets::link_saturation.key());
    const auto& occupancy = series(snapshot, traffic::datasets::link_occupancy.key());
    for (std::size_t l = 0; l < scene.links.size(); ++l) {
        const auto& link = scene.links[l];
        const ImVec2 a = screen(scene.nodes[link.from]);
        const ImVec2 b = screen(scene.nodes[link.to]);
        const double nan = std::numeric_limits<double>::quiet_NaN();
        // A difference view: the change of the DS (0.5 full), or of the speed against free flow.
        const unsigned colour =
            difference      ? (by_saturation
                                   ? difference_colour(l < saturation.size() ? saturation[l] : nan, 0.5)
                                   : difference_colour(l < speed.size() ? speed[l] : nan,
                                                  0.5 * link.free_speed_kmh))
            : by_saturation ? road_colour(road_los(l < saturation.size() ? saturation[l] : nan,
                                                   l < occupancy.size() ? occupancy[l] : nan))
                            : speed_colour(l < speed.size() ? speed[l] / link.free_speed_kmh : nan);
        const bool chosen = selected && *selected == Pick{Pick::Kind::link, l};
        const float width = road_width(link.road_class) + (chosen ? 2.0F : 0.0F);
        const ImU32 ink = chosen ? IM_COL32(255, 255, 255, 255) : colour;
        if (link.estimated && !chosen) {
            // An assumed road: long dashes, so its colour still reads.
            const float length = std::hypot(b.x - a.x, b.y - a.y);
            constexpr float dash = 9.0F;
            constexpr float gap = 4.0F;
            for (float s = 0.0F; s < length; s += dash + gap) {
                const float t0 = s / length;
                const float t1 = std::min(1.0F, (s + dash) / length);
                draw->AddLine(ImVec2(a.x + (b.x - a.x) * t0, a.y + (b.y - a.y) * t0),
                              ImVec2(a.x + (b.x - a.x) * t1, a.y + (b.y - a.y) * t1), ink, width);
            }
        } else {
            draw->AddLine(a, b, ink, width);
        }
        const float d = distance_to_segment(hover.mx, hover.my, a.x, a.y, b.x, b.y);
        if (d < hover_px) {
            hover_px = d;
            nearest = Pick{Pick::Kind::link, l};
        }
    }
    if (nearest) hover.pick = nearest;
}

/// Cell load: backhaul lines by utilisation (fibre solid and wider), then each site a circle
// by its busiest sector's utilisation, green to red; a site down or cut off is a dark ring.
void MapView::draw_cell_load(ImDrawList* draw, const Scene& scene, const Snapshot* snapshot,
                             Hover& hover) const {
    const auto& link_use = series(snapshot, telecom::datasets::link_utilisation.key());
    for (std::size_t l = 0; l < scene.backhaul.size(); ++l) {
        const auto& link = scene.backhaul[l];
        const double use = l < link_use.size() ? link_use[l] : 0.0;
        draw->AddLine(screen(link.from), screen(link.to),
                      difference ? difference_colour(use, 0.5) : backhaul_load_colour(use),
                      link.fibre ? 2.0F : 1.0F);
    }
    const auto& utilisation = series(snapshot, telecom::datasets::sector_utilisation.key());
    const auto& serving = series(snapshot, telecom::datasets::site_serving.key());
    for (std::size_t s = 0; s < scene.cell_sites.size(); ++s) {
        const auto& site = scene.cell_sites[s];
        const ImVec2 p = screen(site.at);
        // The busiest sector's utilisation; in a difference view the largest change, either way.
        double busiest = 0.0;
        for (std::size_t k = site.first_sector;
             k < site.first_sector + site.sectors && k < utilisation.size(); ++k) {
            busiest = difference ? (std::abs(utilisation[k]) > std::abs(busiest) ? utilisation[k]
                                                                                 : busiest)
                                 : std::max(busiest, utilisation[k]);
        }
        // serving is 1 up, 0 down; its change is 0 when the site is as in the baseline.
        const bool up = s >= serving.size() || (difference ? serving[s] >= 0.0 : serving[s] != 0.0);
        if (up) {
            draw->AddCircleFilled(
                p, 4.0F, difference ? difference_colour(busiest, 0.5) : site_load_colour(busiest));
            draw->AddCircle(p, 4.0F, IM_COL32(20, 20, 20, 255));
        } else {
            draw->AddCircle(p, 5.0F, IM_COL32(30, 30, 30, 255), 0, 2.5F);
        }
        hover.consider(p, Pick{Pick::Kind::cell_site, s});
    }
}

/// Collection points: fill share, green to red.
void MapView::draw_containers(ImDrawList* draw, const Scene& scene, const Snapshot* snapshot,
                              Hover& hover) const {
    const auto& fill = series(snapshot, waste::datasets::container_fill.key());
    for (std::size_t c = 0; c < scene.containers.size(); ++c) {
        const auto& site = scene.containers[c];
        const ImVec2 p = screen(site.at);
        const float share =
            c < fill.size() && site.capacity_kg > 0
                ? static_cast<float>(std::clamp(fill[c] / site.capacity_kg, 0.0, 1.0))
                : 0.0F;
        const ImU32 colour =
            difference
                ? difference_colour(c < fill.size() && site.capacity_kg > 0
                                        ? fill[c] / site.capacity_kg
                                        : std::numeric_limits<double>::quiet_NaN(),
                                    0.5)
                : lerp_colour(share, {0.15F, 0.75F, 0.30F, 1.0F}, {0.90F, 0.10F, 0.10F, 1.0F});
        draw_marker(draw, p, Marker::container, colour);
        hover.consider(p, Pick{Pick::Kind::container, c});
    }
}

/// Gates: the TPA a brown triangle, a TPS3R a green diamond.
void MapView::draw_gates(ImDrawList* draw, const Scene& scene, Hover& hover) const {
    for (std::size_t g = 0; g < scene.gates.size(); ++g) {
        const ImVec2 p = screen(scene.gates[g].at);
        draw_marker(draw, p, scene.gates[g].landfill ? Marker::landfill : Marker::tps3r);
        hover.consider(p, Pick{Pick::Kind::gate, g});
    }
}

/// Other facilities: waste bank a green circle, truck depot a blue square, cell site a grey
// triangle, aggregation node a purple diamond.
void MapView::draw_facilities(ImDrawList* draw, const Scene& scene, Hover& hover) const {
    for (std::size_t f = 0; f < scene.facilities.size(); ++f) {
        const auto& facility = scene.facilities[f];
        const ImVec2 p = screen(facility.at);
        draw_marker(draw, p,
                    facility.kind == "waste_bank"    ? Marker::waste_bank
                    : facility.kind == "truck_depot" ? Marker::depot
                    : facility.kind == "cell_site"   ? Marker::cell_site
                                                     : Marker::other);
        hover.consider(p, Pick{Pick::Kind::facility, f});
    }
}

/// Trucks.
void MapView::draw_trucks(ImDrawList* draw, const Scene& scene, const Snapshot* snapshot,
                          Hover& hover) const {
    const auto& lon = series(snapshot, waste::datasets::truck_lon.key());
    const auto& lat = series(snapshot, waste::datasets::truck_lat.key());
    for (std::size_t t = 0; t < lon.size() && t < lat.size(); ++t) {
        const ImVec2 p = screen(scene.project(lon[t], lat[t]));
        draw_marker(draw, p, Marker::truck);
        hover.consider(p, Pick{Pick::Kind::truck, t});
    }
}

ImVec2 MapView::screen(const MapPoint& p) const {
    return {sx(p.x), sy(p.y)};
}

std::optional<Pick> MapView::draw(ImDrawList* draw, float ox, float oy, const Scene& scene,
                                  const Snapshot* snapshot, float mx, float my,
                                  const std::optional<Pick>& selected,
                                  const std::vector<EditMark>& edits) const {
    ox_ = ox;
    oy_ = oy;
    Hover hover{.mx = mx, .my = my};
    if (layers[zones_layer].visible) draw_zones(draw, scene, snapshot, selected, hover);
    if (layers[roads_layer].visible || layers[saturation_layer].visible)
        draw_roads(draw, scene, snapshot, selected, hover);
    // Point markers are picked by distance afresh: the nearest one wins over a road or zone.
    hover.best_px = Hover::radius_px;
    if (layers[cell_load_layer].visible) draw_cell_load(draw, scene, snapshot, hover);
    if (layers[containers_layer].visible) draw_containers(draw, scene, snapshot, hover);
    if (layers[gates_layer].visible) draw_gates(draw, scene, hover);
    if (layers[facilities_layer].visible) draw_facilities(draw, scene, hover);
    // Trucks are where they are: a difference of positions draws nothing sensible.
    if (layers[trucks_layer].visible && !difference) draw_trucks(draw, scene, snapshot, hover);
    if (snapshot != nullptr) draw_edits(draw, scene, edits, snapshot->time_s);
    if (layers[zones_layer].visible) draw_labels(draw, scene);
    return hover.pick;
}

void MapView::draw_edits(ImDrawList* draw, const Scene& scene, const std::vector<EditMark>& edits,
                         double time_s) const {
    const ImU32 dark = IM_COL32(110, 0, 10, 255);
    const ImU32 red = IM_COL32(235, 30, 40, 255);
    const ImU32 white = IM_COL32(255, 255, 255, 255);
    const auto dashed = [&](ImVec2 a, ImVec2 b, float width) {
        draw->AddLine(a, b, dark, width + 4.0F);
        const float length = std::hypot(b.x - a.x, b.y - a.y);
        constexpr float dash = 6.0F;
        for (float s = 0.0F; s < length; s += 2.0F * dash) {
            const float t0 = s / length;
            const float t1 = std::min(1.0F, (s + dash) / length);
            draw->AddLine(ImVec2(a.x + (b.x - a.x) * t0, a.y + (b.y - a.y) * t0),
                          ImVec2(a.x + (b.x - a.x) * t1, a.y + (b.y - a.y) * t1), white, 1.5F);
        }
    };
    const auto cross = [&](ImVec2 p) {
        constexpr float r = 7.0F;
        draw->AddLine(ImVec2(p.x - r, p.y - r), ImVec2(p.x + r, p.y + r), red, 3.0F);
        draw->AddLine(ImVec2(p.x - r, p.y + r), ImVec2(p.x + r, p.y - r), red, 3.0F);
    };
    for (const auto& mark : edits) {
        if (!mark.active(time_s)) continue;
        for (const std::size_t l : mark.links) {
            if (l >= scene.links.size()) continue;
            const auto& link = scene.links[l];
            dashed(screen(scene.nodes[link.from]), screen(scene.nodes[link.to]),
                   road_width(link.road_class));
        }
        for (const std::size_t f : mark.fibres) {
            if (f >= scene.backhaul.size()) continue;
            const ImVec2 a = screen(scene.backhaul[f].from);
            const ImVec2 b = screen(scene.backhaul[f].to);
            dashed(a, b, 1.0F);
            cross(ImVec2((a.x + b.x) / 2.0F, (a.y + b.y) / 2.0F));
        }
        for (const std::size_t s : mark.sites) {
            if (s >= scene.cell_sites.size()) continue;
            const ImVec2 p = screen(scene.cell_sites[s].at);
            if (mark.adds) {
                draw->AddNgon(p, 10.0F, IM_COL32(60, 220, 240, 255), 5, 2.5F);
            } else {
                cross(p);
            }
        }
        if (mark.junction) cross(screen(*mark.junction));
    }
}

void MapView::draw_labels(ImDrawList* draw, const Scene& scene) const {
    // Names that would cover one another are left out, the more populous place first; names
    // off the map are not placed at all.
    std::vector<const std::string*> texts;
    std::vector<ImU32> colours;
    std::vector<LabelBox> boxes;
    std::vector<double> people;
    const auto offer = [&](const std::string& text, const MapPoint& at, double population,
                           ImU32 colour) {
        const ImVec2 size = ImGui::CalcTextSize(text.c_str());
        const ImVec2 p = screen(at);
        const LabelBox box{p.x - size.x / 2.0F, p.y - size.y / 2.0F, p.x + size.x / 2.0F,
                           p.y + size.y / 2.0F};
        if (box.right < ox_ || box.left > ox_ + width_ || box.bottom < oy_ ||
            box.top > oy_ + height_)
            return;
        texts.push_back(&text);
        colours.push_back(colour);
        boxes.push_back(box);
        people.push_back(population);
    };
    // A village's name once the zones are, on average, wider on screen than a name.
    const bool villages = scene.mean_zone_width_km * px_per_km_ > 90.0F;
    if (villages) {
        for (const auto& zone : scene.zones)
            offer(zone.name, zone.centre, zone.population, IM_COL32(240, 240, 240, 230));
    } else {
        for (const auto& kecamatan : scene.kecamatans)
            offer(kecamatan.name, kecamatan.centre, kecamatan.population,
                  IM_COL32(255, 235, 170, 235));
    }
    for (const std::size_t k : place_labels(boxes, people, 4.0F)) {
        const ImVec2 corner{boxes[k].left, boxes[k].top};
        draw->AddText({corner.x + 1.0F, corner.y + 1.0F}, IM_COL32(0, 0, 0, 200),
                      texts[k]->c_str());
        draw->AddText(corner, colours[k], texts[k]->c_str());
    }
}

void MapView::draw_scale_and_north(ImDrawList* draw) const {
    const double km = scale_bar_km(px_per_km_, 160.0F);
    if (km <= 0.0) return;
    const float length = static_cast<float>(km) * px_per_km_;
    const float x0 = ox_ + width_ / 2.0F - length / 2.0F;
    const float y = oy_ + height_ - 24.0F;
    const ImU32 ink = IM_COL32(230, 230, 230, 255);
    const ImU32 shade = IM_COL32(0, 0, 0, 160);
    const std::string label = scale_bar_label(km);
    const ImVec2 text = ImGui::CalcTextSize(label.c_str());
    draw->AddRectFilled(ImVec2(x0 - 8.0F, y - text.y - 8.0F), ImVec2(x0 + length + 48.0F, y + 8.0F),
                        shade, 4.0F);
    // The bar with end ticks, its length above it.
    draw->AddLine(ImVec2(x0, y), ImVec2(x0 + length, y), ink, 2.0F);
    draw->AddLine(ImVec2(x0, y - 5.0F), ImVec2(x0, y + 3.0F), ink, 2.0F);
    draw->AddLine(ImVec2(x0 + length, y - 5.0F), ImVec2(x0 + length, y + 3.0F), ink, 2.0F);
    draw->AddText(ImVec2(x0 + length / 2.0F - text.x / 2.0F, y - text.y - 5.0F), ink,
                  label.c_str());
    // North: the map is UTM, grid north up.
    const float nx = x0 + length + 28.0F;
    draw->AddTriangleFilled(ImVec2(nx, y - text.y - 4.0F), ImVec2(nx + 6.0F, y - 4.0F),
                            ImVec2(nx - 6.0F, y - 4.0F), ink);
    draw->AddText(ImVec2(nx - ImGui::CalcTextSize("N").x / 2.0F, y - 3.0F), ink, "N");
}

double scale_bar_km(float px_per_km, float max_px) {
    if (px_per_km <= 0.0F || max_px <= 0.0F) return 0.0;
    const double fits_km = static_cast<double>(max_px) / static_cast<double>(px_per_km);
    if (fits_km < 0.001) return 0.0;
    const double decade = std::pow(10.0, std::floor(std::log10(fits_km)));
    for (const double step : {5.0, 2.0, 1.0}) {
        if (step * decade <= fits_km * (1.0 + 1e-12)) return step * decade;
    }
    return decade;
}

std::string scale_bar_label(double km) {
    if (km < 1.0) return fmt::format("{:.0f} m", km * 1000.0);
    return fmt::format("{:.0f} km", km);
}

}  // namespace tuntas::viewer
