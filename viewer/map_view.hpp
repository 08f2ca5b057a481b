#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "viewer/edit_mark.hpp"
#include "viewer/scene.hpp"
#include "viewer/snapshot.hpp"

struct ImDrawList;
struct ImVec2;

namespace tuntas::viewer {

/// What can be hovered and selected on the map.
struct Pick {
    enum class Kind { link, zone, container, gate, truck, facility, cell_site };
    Kind kind{Kind::link};
    std::size_t index{0};
    bool operator==(const Pick&) const = default;
};

/// A map layer the user can switch on and off.
struct Layer {
    std::string name;
    bool visible{true};
};

/// Where each layer sits in MapView::layers.
enum LayerIndex : std::size_t {
    zones_layer,
    saturation_layer,
    roads_layer,
    containers_layer,
    gates_layer,
    trucks_layer,
    facilities_layer,
    cell_load_layer
};

/// The district map: pan (drag) and zoom (wheel) over a scene, layers drawn from a snapshot,
/// hover and click picking. Draws with ImGui's draw lists (OpenGL 3 underneath).
class MapView {
public:
    /// Layers: zones, roads by their degree of saturation (on) or by their speed (off; the
    /// saturation is drawn when both are on), containers, gates, trucks, other facilities, cell
    /// load (drawn after the roads: backhaul by utilisation, sites by their busiest sector).
    std::vector<Layer> layers{{"zones (presence / residents)", true},
                              {"roads (DS: volume / capacity, LOS A-F)", true},
                              {"roads (speed / free flow)", false},
                              {"collection points (fill)", true},
                              {"TPA and TPS3R", true},
                              {"trucks", true},
                              {"waste banks, depot, cell sites", false},
                              {"cell load (busiest sector, backhaul)", true}};

    /// True when the snapshots hold changes from a baseline (a difference view): roads, zones,
    /// collection points and cell load are coloured by the change (difference_colour), trucks
    /// are not drawn.
    bool difference{false};

    /// Entries of view_key() that say where the map is seen from (centre, scale); a picture
    /// whose other entries match shows the same content and can be moved (move_from).
    static constexpr std::size_t view_key_place_entries = 3;
    /// What the map's pixels depend on besides the sample, layers and selection: its centre,
    /// scale and viewport.
    [[nodiscard]] std::vector<double> view_key() const {
        return {centre_.x, centre_.y, px_per_km_, width_, height_};
    }

    /// How a picture of the map drawn at `view` (a view_key()) moves on the screen to show the
    /// current view: its pixel (x, y) belongs at (scale x + dx, scale y + dy).
    struct ScreenMove {
        float scale{1.0F};
        float dx{0.0F};
        float dy{0.0F};
    };
    [[nodiscard]] ScreenMove move_from(const std::vector<double>& view) const;

    /// A scale bar and a north arrow at the bottom middle of the map, for the current view:
    /// drawn over the map at every frame (not into its cached picture, which a drag moves).
    void draw_scale_and_north(ImDrawList* draw) const;

    /// Fits the scene into a viewport of `width` x `height` pixels.
    void fit(const Scene& scene, float width, float height);
    /// Zooms by `factor` about the screen point (sx, sy).
    void zoom(float factor, float sx, float sy);
    /// Moves the map by a screen offset.
    void pan(float dx, float dy);
    /// Draws into `draw` (screen origin ox, oy), the `edits` in force at the snapshot's time on
    /// top; returns what is under the mouse, if anything.
    std::optional<Pick> draw(ImDrawList* draw, float ox, float oy, const Scene& scene,
                             const Snapshot* snapshot, float mouse_x, float mouse_y,
                             const std::optional<Pick>& selected,
                             const std::vector<EditMark>& edits = {}) const;

private:
    struct Hover;
    void draw_zones(ImDrawList* draw, const Scene& scene, const Snapshot* snapshot,
                    const std::optional<Pick>& selected, Hover& hover) const;
    void draw_roads(ImDrawList* draw, const Scene& scene, const Snapshot* snapshot,
                    const std::optional<Pick>& selected, Hover& hover) const;
    void draw_cell_load(ImDrawList* draw, const Scene& scene, const Snapshot* snapshot,
                        Hover& hover) const;
    void draw_containers(ImDrawList* draw, const Scene& scene, const Snapshot* snapshot,
                         Hover& hover) const;
    void draw_gates(ImDrawList* draw, const Scene& scene, Hover& hover) const;
    void draw_facilities(ImDrawList* draw, const Scene& scene, Hover& hover) const;
    void draw_trucks(ImDrawList* draw, const Scene& scene, const Snapshot* snapshot,
                     Hover& hover) const;
    /// The edits in force at `time_s`: closed roads in dark red with white dashes, cut fibres
    /// and closed junctions and sites down crossed in red, new sites a cyan star.
    void draw_edits(ImDrawList* draw, const Scene& scene, const std::vector<EditMark>& edits,
                    double time_s) const;
    /// Place names: the kecamatans' when zoomed out, a village's once its zone is wide enough on
    /// screen for its name (villages then, kecamatans no more).
    void draw_labels(ImDrawList* draw, const Scene& scene) const;
    /// Screen position of a map point, px.
    [[nodiscard]] ImVec2 screen(const MapPoint& p) const;
    [[nodiscard]] float sx(float x) const {
        return ox_ + width_ / 2.0F + (x - centre_.x) * px_per_km_;
    }
    [[nodiscard]] float sy(float y) const {
        return oy_ + height_ / 2.0F - (y - centre_.y) * px_per_km_;
    }

    MapPoint centre_;
    float px_per_km_{10.0F};
    float width_{1280.0F};
    float height_{720.0F};
    mutable float ox_{0.0F};
    mutable float oy_{0.0F};
};

/// The length of a map scale bar, km: the longest of 1, 2 or 5 x 10^k km that is at most
/// `max_px` long at `px_per_km` (0 when not even 1 m fits).
[[nodiscard]] double scale_bar_km(float px_per_km, float max_px);
/// That length as a label: "500 m", "2 km", "1.5 km" is never made (1, 2, 5 steps only).
[[nodiscard]] std::string scale_bar_label(double km);

/// The map's point markers, one shape per kind of place.
enum class Marker {
    container,   ///< a square, filled by its fill colour
    landfill,    ///< TPA: a brown triangle
    tps3r,       ///< a green diamond
    truck,       ///< a blue dot, white ring
    waste_bank,  ///< a small green dot
    depot,       ///< a blue square outline
    cell_site,   ///< a grey triangle outline
    other        ///< another facility: a violet diamond outline
};
/// Draws `marker` at `at` (`fill`: a container's colour; the others have their own).
void draw_marker(ImDrawList* draw, const ImVec2& at, Marker marker, unsigned fill = 0);

/// Colour of a speed / free-flow ratio: red (stopped) through yellow to green (free flow);
/// grey when nothing left the link in the interval (NaN).
[[nodiscard]] unsigned speed_colour(double ratio);
/// A level of service (LOS, A best .. F worst) band of the degree of saturation (DS: volume
/// over capacity), as Indonesia's Ministry of Transport rule KM 14/2006 sets them for primary
/// arterials (as secondary sources cite it): A up to 0.20, B 0.45, C 0.70, D 0.85, E 1.00, F
/// beyond. ASSUMPTION: the same bands for every road class.
struct LosBand {
    char letter;
    double upper_ds;  ///< the band's upper DS (F: infinity)
    unsigned colour;
};
/// The six bands, A to F.
[[nodiscard]] const std::vector<LosBand>& los_bands();
/// The band of a DS (F above 1); nullptr for NaN (no capacity).
[[nodiscard]] const LosBand* los_of(double ds);
/// Colour of a road by its DS: its LOS band's; grey for NaN.
[[nodiscard]] unsigned saturation_colour(double ds);
/// The band a road is drawn in: its DS's, or F when its vehicles take at least
/// traffic::datasets::jammed_occupancy of its storage (a standing queue: a link starved by the
/// spillback ahead of it passes little, so its DS alone would call it free); nullptr when
/// neither is known.
[[nodiscard]] const LosBand* road_los(double ds, double occupancy);
/// Colour of a change over its `scale` (a change of `scale` or more is full): blue lower, grey
/// none, red higher; grey for NaN.
[[nodiscard]] unsigned difference_colour(double change, double scale);
/// A cell site's colour by its busiest sector's utilisation (0 .. 1): green to red.
[[nodiscard]] unsigned site_load_colour(double utilisation);
/// A backhaul link's colour by its utilisation (0 .. 1): pale blue to magenta.
[[nodiscard]] unsigned backhaul_load_colour(double utilisation);

}  // namespace tuntas::viewer
