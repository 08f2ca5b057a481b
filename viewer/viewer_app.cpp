#include "viewer/viewer_app.hpp"

#include <algorithm>
#include <cfloat>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <limits>
#include <thread>
#include <vector>

#include <GLFW/glfw3.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <fmt/format.h>
#include <imgui.h>
#include <stb_image_write.h>

#include "models/api/kpi_format.hpp"
#include "models/telecom/telecom_datasets.hpp"
#include "models/traffic/traffic_datasets.hpp"
#include "models/waste/waste_datasets.hpp"
#include "scenarios/clock_time.hpp"
#include "viewer/live_source.hpp"
#include "viewer/map_cache.hpp"
#include "viewer/map_view.hpp"
#include "viewer/now_indicators.hpp"

namespace tuntas::viewer {
namespace {

using Clock = std::chrono::steady_clock;
using model::Better;
using model::better_of;
using model::format_kpi;
using model::is_diagnostic;
using model::kpi_label;
using model::KpiText;

/// "Mon 03 Mar 2025 07:30 WITA" for `seconds` after `start` ("2025-03-03T00:00:00+08:00").
std::string local_clock(const std::string& start, double seconds) {
    return scenarios::local_clock_text(start, seconds) + " WITA";
}

/// One value series of an entity over the samples up to `last` (at most `points`, evenly picked).
/// f(snapshot) at every sample up to `last`, at most `points` of them evenly spaced.
template <class Value>
std::vector<float> sampled(const FrameSource& source, std::size_t last, std::size_t points,
                           const Value& f) {
    std::vector<float> values;
    if (source.samples() == 0) return values;
    last = std::min(last, source.samples() - 1);
    const std::size_t step = std::max<std::size_t>(1, (last + 1) / points);
    for (std::size_t k = 0; k <= last; k += step)
        values.push_back(static_cast<float>(f(*source.snapshot(k))));
    return values;
}

/// One entity of a series over the samples up to `last` (NaN and missing as 0).
std::vector<float> history(const FrameSource& source, const std::string& series, std::size_t entity,
                           std::size_t last, std::size_t points = 400) {
    return sampled(source, last, points, [&](const Snapshot& snapshot) {
        const auto& v = snapshot.values(series);
        return entity < v.size() && !std::isnan(v[entity]) ? v[entity] : 0.0;
    });
}

/// A series' total over its entities times `scale`, over the samples up to `last`.
std::vector<float> history_total(const FrameSource& source, const std::string& series,
                                 std::size_t last, double scale, std::size_t points = 400) {
    return sampled(source, last, points, [&](const Snapshot& snapshot) {
        double total = 0.0;
        for (const double v : snapshot.values(series)) {
            if (!std::isnan(v)) total += v;
        }
        return total * scale;
    });
}

/// A small triangle in the current cell: up when higher is better, down when lower is.
void better_arrow(Better better) {
    const float size = ImGui::GetTextLineHeight();
    const ImVec2 at = ImGui::GetCursorScreenPos();
    ImGui::Dummy(ImVec2(size, size));
    if (better == Better::unknown) return;
    const float mid = at.x + size * 0.5F, top = at.y + size * 0.25F, bottom = at.y + size * 0.75F;
    const ImU32 colour = IM_COL32(120, 200, 120, 255);
    auto* draw = ImGui::GetWindowDrawList();
    if (better == Better::higher) {
        draw->AddTriangleFilled(ImVec2(mid, top), ImVec2(at.x + size * 0.8F, bottom),
                                ImVec2(at.x + size * 0.2F, bottom), colour);
    } else {
        draw->AddTriangleFilled(ImVec2(at.x + size * 0.2F, top), ImVec2(at.x + size * 0.8F, top),
                                ImVec2(mid, bottom), colour);
    }
}

/// One row of a KPI table: its label (wrapped; name and description in the tooltip), value,
/// unit and which way is better. Returns the texts that did not fit their cell.
std::size_t kpi_row(const engine::Kpi& kpi) {
    std::size_t cut = 0;
    const auto fits = [&](float width) {
        cut += width > ImGui::GetContentRegionAvail().x + 0.5F ? 1U : 0U;
    };
    ImGui::TableNextRow();
    ImGui::TableSetColumnIndex(0);
    const std::string label = kpi_label(kpi.name);
    ImGui::TextWrapped("%s", label.c_str());
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("%s\n%s", kpi.name.c_str(), kpi.description.c_str());
    // Full values with separators and the units planners use (min, %), right-aligned.
    const KpiText text = format_kpi(kpi.name, kpi.value, kpi.unit);
    ImGui::TableSetColumnIndex(1);
    const float width = ImGui::CalcTextSize(text.value.c_str()).x;
    fits(width);
    ImGui::SetCursorPosX(ImGui::GetCursorPosX() +
                         std::max(0.0F, ImGui::GetContentRegionAvail().x - width));
    ImGui::TextUnformatted(text.value.c_str());
    ImGui::TableSetColumnIndex(2);
    fits(ImGui::CalcTextSize(text.unit.c_str()).x);
    ImGui::TextUnformatted(text.unit.c_str());
    ImGui::TableSetColumnIndex(3);
    better_arrow(better_of(kpi.description));
    return cut;
}

/// The KPIs as one collapsible table per model, then the diagnostics (checks of the run, engine
/// counts) apart and closed; a KPI's name and description in its label's tooltip. The value
/// and unit columns are as wide as their widest text, labels wrap: returns the texts that did
/// not fit their cell all the same (0 is right).
std::size_t kpi_tables(const std::vector<engine::Kpi>& kpis) {
    float value_width = 0.0F, unit_width = 0.0F;
    for (const auto& kpi : kpis) {
        const KpiText text = format_kpi(kpi.name, kpi.value, kpi.unit);
        value_width = std::max(value_width, ImGui::CalcTextSize(text.value.c_str()).x);
        unit_width = std::max(unit_width, ImGui::CalcTextSize(text.unit.c_str()).x);
    }
    const auto table = [&](const char* id) {
        if (!ImGui::BeginTable(id, 4, ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingFixedFit))
            return false;
        ImGui::TableSetupColumn("kpi", ImGuiTableColumnFlags_WidthStretch);
        ImGui::TableSetupColumn("value", ImGuiTableColumnFlags_WidthFixed, value_width);
        ImGui::TableSetupColumn("unit", ImGuiTableColumnFlags_WidthFixed, unit_width);
        ImGui::TableSetupColumn("better", ImGuiTableColumnFlags_WidthFixed,
                                ImGui::GetTextLineHeight());
        return true;
    };
    // The fixed columns and a label column of 8 characters must fit the panel: the window
    // clips what the table cannot.
    const float spacing = 4.0F * ImGui::GetStyle().CellPadding.x * 2.0F;
    std::size_t cut = value_width + unit_width + ImGui::GetTextLineHeight() +
                                  ImGui::CalcTextSize("Vehicles").x + spacing >
                              ImGui::GetContentRegionAvail().x
                          ? 1U
                          : 0U;
    std::string model;
    bool open = false;
    std::vector<const engine::Kpi*> diagnostics;
    for (const auto& kpi : kpis) {
        if (is_diagnostic(kpi.name, kpi.description)) {
            diagnostics.push_back(&kpi);
            continue;
        }
        const std::size_t dot = kpi.name.find('.');
        const std::string group =
            dot == std::string::npos ? std::string{} : kpi.name.substr(0, dot);
        if (group != model) {
            if (open) ImGui::EndTable();
            model = group;
            open = ImGui::CollapsingHeader(model.c_str(), ImGuiTreeNodeFlags_DefaultOpen) &&
                   table(model.c_str());
        }
        if (open) cut += kpi_row(kpi);
    }
    if (open) ImGui::EndTable();
    if (!diagnostics.empty() && ImGui::CollapsingHeader("diagnostics") && table("diagnostics")) {
        for (const engine::Kpi* kpi : diagnostics) cut += kpi_row(*kpi);
        ImGui::EndTable();
    }
    return cut;
}

std::string pick_name(const Scene& scene, const Pick& pick) {
    switch (pick.kind) {
    case Pick::Kind::link: {
        const auto& link = scene.links[pick.index];
        return fmt::format("{} ({} road, link {})", link.name.empty() ? "unnamed road" : link.name,
                           link.road_class, pick.index);
    }
    case Pick::Kind::zone:
        return fmt::format("{} (zone {})", scene.zones[pick.index].name, pick.index);
    case Pick::Kind::container:
        return scene.containers[pick.index].name;
    case Pick::Kind::gate:
        return scene.gates[pick.index].name;
    case Pick::Kind::truck:
        return fmt::format("truck {}", pick.index);
    case Pick::Kind::facility:
        return fmt::format("{} ({})", scene.facilities[pick.index].name,
                           scene.facilities[pick.index].kind);
    case Pick::Kind::cell_site:
        return fmt::format("{} (cell site)", scene.cell_sites[pick.index].name);
    }
    return {};
}

/// "DS 0.93 (volume / capacity), LOS E" for a road, "LOS F: jammed, 96 % of its room taken ..."
/// for one a standing queue fills whatever its DS; "DS: not in this result" for NaN.
std::string saturation_text(double ds, double occupancy) {
    const LosBand* band = road_los(ds, occupancy);
    if (band == nullptr) return "DS: not in this result";
    if (occupancy >= traffic::datasets::jammed_occupancy) {
        return fmt::format("DS {:.2f} (volume / capacity), LOS F: jammed, {:.0f} % of its room "
                           "taken by standing vehicles",
                           ds, 100.0 * occupancy);
    }
    return fmt::format("DS {:.2f} (volume / capacity), LOS {}", ds, band->letter);
}

/// The pick's current values, one line each.
std::vector<std::string> pick_values(const Scene& scene, const Snapshot& now, const Pick& pick) {
    const auto value = [&](const std::string& series) {
        const auto& v = now.values(series);
        return pick.index < v.size() ? v[pick.index] : std::numeric_limits<double>::quiet_NaN();
    };
    switch (pick.kind) {
    case Pick::Kind::link:
        return {std::isnan(value(traffic::datasets::link_speed.key()))
                    ? fmt::format("no vehicle left it in the last interval (free speed {:.0f} "
                                  "km/h)",
                                  scene.links[pick.index].free_speed_kmh)
                    : fmt::format("speed {:.1f} km/h (free {:.0f})",
                                  value(traffic::datasets::link_speed.key()),
                                  scene.links[pick.index].free_speed_kmh),
                fmt::format("flow {:.0f} veh/h, {:.0f} on the link, {:.0f} queued",
                            value(traffic::datasets::link_flow.key()),
                            value(traffic::datasets::link_vehicles.key()),
                            value(traffic::datasets::link_queue.key())),
                saturation_text(value(traffic::datasets::link_saturation.key()),
                                value(traffic::datasets::link_occupancy.key()))};
    case Pick::Kind::zone:
        return {fmt::format("present {:.0f} of {:.0f} residents",
                            value(traffic::datasets::zone_presence.key()),
                            scene.zones[pick.index].population),
                fmt::format("at home {:.0f}, visitors {:.0f}",
                            value(traffic::datasets::zone_at_home.key()),
                            value(traffic::datasets::zone_visitors.key()))};
    case Pick::Kind::container:
        return {fmt::format("fill {:.0f} of {:.0f} kg",
                            value(waste::datasets::container_fill.key()),
                            scene.containers[pick.index].capacity_kg),
                fmt::format("overflowed {:.0f} kg since the start",
                            value(waste::datasets::container_overflowed.key()))};
    case Pick::Kind::gate:
        return {fmt::format("{}, {:.0f} trucks at the gate",
                            scene.gates[pick.index].landfill ? "landfill (TPA)" : "TPS3R",
                            value(waste::datasets::gate_trucks.key()))};
    case Pick::Kind::truck: {
        static constexpr const char* states[] = {"at depot", "driving", "loading", "unloading",
                                                 "waiting for work"};
        const double state = value(waste::datasets::truck_state.key());
        const auto s = static_cast<std::size_t>(std::isnan(state) ? 0.0 : state);
        return {fmt::format("{}, load {:.0f} kg", states[std::min<std::size_t>(s, 4)],
                            value(waste::datasets::truck_load.key()))};
    }
    case Pick::Kind::facility:
        return {};
    case Pick::Kind::cell_site: {
        const auto& site = scene.cell_sites[pick.index];
        const auto& use = now.values(telecom::datasets::sector_utilisation.key());
        const auto& carried = now.values(telecom::datasets::sector_carried_mbps.key());
        const auto& sessions = now.values(telecom::datasets::sector_sessions.key());
        std::vector<std::string> lines{
            value(telecom::datasets::site_serving.key()) == 0.0 ? "down or cut off" : "serving"};
        for (std::size_t k = site.first_sector;
             k < site.first_sector + site.sectors && k < use.size(); ++k) {
            lines.push_back(fmt::format("sector {}: {:.0f} % used, {:.1f} Mb/s, {:.0f} sessions",
                                        k - site.first_sector + 1, 100.0 * use[k],
                                        k < carried.size() ? carried[k] : 0.0,
                                        k < sessions.size() ? sessions[k] : 0.0));
        }
        return lines;
    }
    }
    return {};
}

/// The series a selected entity plots.
std::string pick_series(const Pick& pick) {
    switch (pick.kind) {
    case Pick::Kind::link:
        return traffic::datasets::link_speed.key();
    case Pick::Kind::zone:
        return traffic::datasets::zone_presence.key();
    case Pick::Kind::container:
        return waste::datasets::container_fill.key();
    case Pick::Kind::gate:
        return waste::datasets::gate_trucks.key();
    case Pick::Kind::truck:
        return waste::datasets::truck_load.key();
    case Pick::Kind::facility:
        return "";
    case Pick::Kind::cell_site:
        return telecom::datasets::site_serving.key();
    }
    return "";
}

bool save_png(const std::filesystem::path& file, int width, int height) {
    std::vector<unsigned char> pixels(static_cast<std::size_t>(width) *
                                      static_cast<std::size_t>(height) * 4);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadBuffer(GL_BACK);
    glReadPixels(0, 0, width, height, GL_RGBA, GL_UNSIGNED_BYTE, pixels.data());
    std::vector<unsigned char> flipped(pixels.size());
    const std::size_t row = static_cast<std::size_t>(width) * 4;
    for (int y = 0; y < height; ++y) {
        std::copy_n(pixels.data() + static_cast<std::size_t>(height - 1 - y) * row, row,
                    flipped.data() + static_cast<std::size_t>(y) * row);
    }
    if (file.has_parent_path()) std::filesystem::create_directories(file.parent_path());
    return stbi_write_png(file.c_str(), width, height, 4, flipped.data(), static_cast<int>(row)) !=
           0;
}

void colour_bar(const char* label, unsigned (*colour)(double)) {
    ImDrawList* draw = ImGui::GetWindowDrawList();
    const ImVec2 p = ImGui::GetCursorScreenPos();
    constexpr int steps = 40;
    for (int k = 0; k < steps; ++k) {
        const auto x = static_cast<float>(k) * 4.0F;
        draw->AddRectFilled({p.x + x, p.y}, {p.x + x + 4.0F, p.y + 10.0F},
                            colour(k / (steps - 1.0)));
    }
    ImGui::Dummy({steps * 4.0F, 10.0F});
    ImGui::SameLine();
    ImGui::TextUnformatted(label);
}

/// What the viewer window shows and how, from frame to frame.
struct ViewState {
    double speed{600.0};  ///< simulated seconds per wall second
    bool playing{true};
    double now_s{0.0};   ///< simulated time shown
    bool follow{false};  ///< a live view shows the newest sample
    MapView map;
    bool fitted{false};  ///< the map was fitted to the window
    std::optional<Pick> selected;
    bool dragging{false};
    ImVec2 press_at{};
    std::vector<double> frame_ms;
    float tour_percent{100.0F};    ///< the demand knob's slider: % of tours that go
    bool show_frame_time{false};   ///< ViewerOptions::show_frame_time
    std::size_t kpi_texts_cut{0};  ///< in the last frame: KPI texts wider than their cell
    std::vector<EditMark> edits;   ///< the run's what-ifs (refreshed as a live run gets more)
    std::size_t edits_asked{0};    ///< a live run's knobs turned when `edits` was taken
    bool edits_taken{false};       ///< `edits` was taken once the source was ready
    std::string start;             ///< the source's local start (t = 0)
    std::unique_ptr<ImDrawList> map_list;  ///< the map's geometry, built every frame
    MapCache map_cache;                    ///< and drawn only when it changed
    std::size_t map_draws{0};              ///< frames whose map was drawn (not from the cache)
    std::size_t map_moves{0};              ///< frames that showed the cached map moved
    double last_wheel_s{-1.0};             ///< ImGui time of the last zoom by the wheel
    MapView::ScreenMove map_move;          ///< how this frame shows the cached map
    bool close_both_ways{true};            ///< the road knob closes both directions
    int close_hours{0};                    ///< for so many hours (0: to the end of the run)
};

/// Opens the window with an OpenGL 3.3 context and ImGui on it; null (said on stderr) when
/// there is no display.
GLFWwindow* open_window(FrameSource& source, const ViewerOptions& options) {
    glfwSetErrorCallback([](int code, const char* text) {
        std::fprintf(stderr, "viewer: GLFW %d: %s\n", code, text);
    });
    if (glfwInit() == 0) {
        std::fprintf(stderr, "viewer: no display (set DISPLAY, or run under xvfb-run)\n");
        return nullptr;
    }
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
    glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
    GLFWwindow* window = glfwCreateWindow(
        options.width, options.height, ("tuntas - " + source.describe()).c_str(), nullptr, nullptr);
    if (window == nullptr) {
        glfwTerminate();
        std::fprintf(stderr, "viewer: cannot open an OpenGL 3.3 window\n");
        return nullptr;
    }
    glfwMakeContextCurrent(window);
    glfwSwapInterval(options.screenshot.empty() ? 1 : 0);
    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;  // no imgui.ini left behind
    ImGui::StyleColorsDark();
    ImGui_ImplGlfw_InitForOpenGL(window, true);
    ImGui_ImplOpenGL3_Init("#version 330");
    return window;
}

/// Closes ImGui and the window.
void close_window(GLFWwindow* window) {
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplGlfw_Shutdown();
    ImGui::DestroyContext();
    glfwDestroyWindow(window);
    glfwTerminate();
}

/// "closed (festival) until 22:00" when an edit in force at `time_s` touches `pick`; "" if none.
std::string edit_of(const std::vector<EditMark>& edits, const Pick& pick, double time_s,
                    const std::string& start) {
    for (const auto& mark : edits) {
        if (!mark.active(time_s)) continue;
        const auto has = [&](const std::vector<std::size_t>& list) {
            return std::find(list.begin(), list.end(), pick.index) != list.end();
        };
        const bool touches = (pick.kind == Pick::Kind::link && has(mark.links)) ||
                             (pick.kind == Pick::Kind::cell_site && has(mark.sites));
        if (!touches) continue;
        std::string text = pick.kind == Pick::Kind::link ? "closed" : mark.adds ? "new" : "down";
        if (!mark.label.empty()) text += " (" + mark.label + ")";
        if (std::isfinite(mark.until_s)) {
            const std::string until = local_clock(start, mark.until_s);
            text += " until " + until.substr(0, until.size() - 5);
        }
        return text;
    }
    return {};
}

/// Keys (when no text field has them): space plays or pauses, the arrows step a sample back or
/// on (and pause), home goes to the start, r fits the whole map again.
void keyboard(ViewState& view, const FrameSource& source, std::size_t index, std::size_t samples) {
    if (ImGui::GetIO().WantCaptureKeyboard) return;
    const auto pressed = [](ImGuiKey key) { return ImGui::IsKeyPressed(ImGui::GetKeyIndex(key)); };
    if (pressed(ImGuiKey_Space)) view.playing = !view.playing;
    if (samples > 0 && pressed(ImGuiKey_RightArrow) && index + 1 < samples) {
        view.playing = false;
        view.follow = false;
        view.now_s = source.snapshot(index + 1)->time_s;
    }
    if (samples > 0 && pressed(ImGuiKey_LeftArrow) && index > 0) {
        view.playing = false;
        view.follow = false;
        view.now_s = source.snapshot(index - 1)->time_s;
    }
    if (samples > 0 && pressed(ImGuiKey_Home)) {
        view.follow = false;
        view.now_s = source.snapshot(0)->time_s;
    }
    if (ImGui::IsKeyPressed('R')) view.fitted = false;
}

/// Zoom, pan and pick on the map, the map itself, and the tooltip of what the pointer is over.
/// `simulated_pan_px`: a drag of so many pixels to the right this frame (a screenshot's panning
/// measurement), 0 for none.
void map_and_input(ViewState& view, const Scene& scene, const Snapshot* snapshot, bool headless,
                   std::size_t index, int fb_width, int fb_height, float simulated_pan_px) {
    ImGuiIO& io = ImGui::GetIO();
    if (!io.WantCaptureMouse) {
        if (io.MouseWheel != 0.0F) {
            view.map.zoom(std::pow(1.2F, io.MouseWheel), io.MousePos.x, io.MousePos.y);
            view.last_wheel_s = ImGui::GetTime();
        }
        if (ImGui::IsMouseClicked(ImGuiMouseButton_Left)) {
            view.press_at = io.MousePos;
            view.dragging = true;
        }
    }
    if (view.dragging && ImGui::IsMouseDown(ImGuiMouseButton_Left))
        view.map.pan(io.MouseDelta.x, io.MouseDelta.y);
    if (simulated_pan_px != 0.0F) view.map.pan(simulated_pan_px, 0.0F);
    const bool pointer = !io.WantCaptureMouse && !headless;  // a screenshot shows no tooltip
    std::vector<double> key = view.map.view_key();
    key.push_back(snapshot != nullptr ? static_cast<double>(index) : -1.0);
    for (const auto& layer : view.map.layers) key.push_back(layer.visible ? 1.0 : 0.0);
    key.push_back(view.selected ? static_cast<double>(view.selected->kind) : -1.0);
    key.push_back(view.selected ? static_cast<double>(view.selected->index) : -1.0);
    key.push_back(static_cast<double>(view.edits.size()));
    // While the hand moves the map (a drag, or the wheel in the last quarter second), the last
    // picture is shown moved and scaled, nothing is picked, and the map is drawn afresh when the
    // hand stops: a software renderer cannot rasterise it at every frame of a drag.
    const bool dragged =
        view.dragging && ImGui::IsMouseDown(ImGuiMouseButton_Left) &&
        std::hypot(io.MousePos.x - view.press_at.x, io.MousePos.y - view.press_at.y) >= 4.0F;
    const bool moving = dragged || simulated_pan_px != 0.0F ||
                        (view.last_wheel_s >= 0.0 && ImGui::GetTime() - view.last_wheel_s < 0.25);
    view.map_move = {};
    if (moving && view.map_cache.holds(key, MapView::view_key_place_entries, fb_width, fb_height)) {
        view.map_move = view.map.move_from(view.map_cache.key());
        const float to_fb =
            io.DisplaySize.x > 0.0F ? static_cast<float>(fb_width) / io.DisplaySize.x : 1.0F;
        view.map_move.dx *= to_fb;
        view.map_move.dy *= to_fb;
        ++view.map_moves;
        return;
    }
    // The map's geometry (and what the pointer is over) every frame; its pixels only when what
    // it shows changed: the sample, the view, the layers, the selection, the edits.
    if (!view.map_list)
        view.map_list = std::make_unique<ImDrawList>(ImGui::GetDrawListSharedData());
    ImDrawList& list = *view.map_list;
    list._ResetForNewFrame();
    list.PushTextureID(io.Fonts->TexID);
    list.PushClipRectFullScreen();
    const auto hover =
        view.map.draw(&list, 0.0F, 0.0F, scene, snapshot, pointer ? io.MousePos.x : -1e9F,
                      pointer ? io.MousePos.y : -1e9F, view.selected, view.edits);
    if (view.map_cache.update(key, list, fb_width, fb_height)) ++view.map_draws;
    if (view.dragging && ImGui::IsMouseReleased(ImGuiMouseButton_Left)) {
        view.dragging = false;
        if (std::hypot(io.MousePos.x - view.press_at.x, io.MousePos.y - view.press_at.y) < 4.0F)
            view.selected = hover;
    }
    if (hover && snapshot && pointer) {
        ImGui::BeginTooltip();
        ImGui::TextUnformatted(pick_name(scene, *hover).c_str());
        // What an edit in force does to it first ("closed", not a speed of NaN).
        const std::string edited = edit_of(view.edits, *hover, snapshot->time_s, view.start);
        if (!edited.empty()) ImGui::TextColored({1.0F, 0.45F, 0.45F, 1.0F}, "%s", edited.c_str());
        for (const auto& line : pick_values(scene, *snapshot, *hover))
            ImGui::TextUnformatted(line.c_str());
        ImGui::EndTooltip();
    }
}

/// Marks on the time slider just drawn: a tick at each local midnight in (0, `last_s`), with
/// the day that begins there ("Tue").
void day_marks(const std::string& start, double last_s) {
    const ImVec2 low = ImGui::GetItemRectMin();
    const ImVec2 high = ImGui::GetItemRectMax();
    int hour = 0, minute = 0, second = 0;
    if (std::sscanf(start.c_str(), "%*d-%*d-%*dT%d:%d:%d", &hour, &minute, &second) != 3) return;
    const double first = 86'400.0 - (hour * 3600.0 + minute * 60.0 + second);
    ImDrawList* draw = ImGui::GetWindowDrawList();
    for (double midnight = first; midnight < last_s; midnight += 86'400.0) {
        const float x = low.x + static_cast<float>(midnight / last_s) * (high.x - low.x);
        draw->AddLine({x, low.y}, {x, high.y}, IM_COL32(255, 255, 255, 140), 1.0F);
        // Days are labelled while there is room (up to a fortnight).
        if (last_s <= 14 * 86'400.0) {
            const std::string day = local_clock(start, midnight).substr(0, 3);
            draw->AddText({x + 2.0F, low.y}, IM_COL32(220, 220, 220, 200), day.c_str());
        }
    }
}

/// The run's what-ifs, each with its times in local clock time: in force now in red, to come in
/// grey, over dimmed.
void what_ifs(const ViewState& view, const FrameSource& source, const Snapshot* snapshot) {
    if (view.edits.empty()) return;
    ImGui::Separator();
    ImGui::TextUnformatted("what-ifs (red: in force now)");
    const double now = snapshot != nullptr ? snapshot->time_s : view.now_s;
    // "Mon 03 Mar 2025 15:00" (the clock without its zone).
    const auto clock = [&](double s) {
        const std::string text = local_clock(source.start(), s);
        return text.substr(0, text.size() - 5);
    };
    for (const auto& mark : view.edits) {
        std::string when = mark.at_s > 0.0 ? "from " + clock(mark.at_s) : "from the start";
        if (std::isfinite(mark.until_s)) {
            const std::string until = clock(mark.until_s);
            when += " to " + until.substr(until.size() - 5);
        }
        const std::string line =
            fmt::format("{}{}{}: {}", mark.text, mark.label.empty() ? "" : " (" + mark.label + ")",
                        mark.live ? ", live" : "", when);
        const ImVec4 colour = mark.active(now)  ? ImVec4(1.0F, 0.45F, 0.45F, 1.0F)
                              : now < mark.at_s ? ImVec4(0.75F, 0.75F, 0.75F, 1.0F)
                                                : ImVec4(0.5F, 0.5F, 0.5F, 1.0F);
        ImGui::PushStyleColor(ImGuiCol_Text, colour);
        ImGui::Bullet();
        ImGui::TextWrapped("%s", line.c_str());
        ImGui::PopStyleColor();
    }
}

/// The left panel: clock, play and speed, the time slider, a live run's knobs, layers, legend.
void control_panel(ViewState& view, FrameSource& source, LiveSource* live, const Scene& scene,
                   const Snapshot* snapshot, double last_s, bool headless) {
    ImGui::SetNextWindowPos({10, 10}, ImGuiCond_Once);
    // As tall as its content (the legend grows with the layers shown), 430 px wide.
    ImGui::SetNextWindowSizeConstraints({430, 0}, {430, std::numeric_limits<float>::max()});
    ImGui::Begin("tuntas", nullptr, ImGuiWindowFlags_AlwaysAutoResize);
    ImGui::TextUnformatted(source.describe().c_str());
    ImGui::Text("%s",
                local_clock(source.start(), snapshot ? snapshot->time_s : view.now_s).c_str());
    if (ImGui::Button(view.playing ? "Pause" : "Play")) view.playing = !view.playing;
    ImGui::SameLine();
    float log_speed = static_cast<float>(std::log10(std::max(view.speed, 1.0)));
    ImGui::SetNextItemWidth(150);
    if (ImGui::SliderFloat("speed", &log_speed, 0.0F, 4.0F, ""))
        view.speed = std::pow(10.0, log_speed);
    ImGui::SameLine();
    ImGui::Text("%.0fx", view.speed);
    float slider = static_cast<float>(view.now_s);
    ImGui::SetNextItemWidth(-1);
    if (ImGui::SliderFloat("##time", &slider, 0.0F, static_cast<float>(std::max(last_s, 1.0)),
                           "")) {
        view.now_s = slider;
        view.follow = false;
    }
    day_marks(source.start(), std::max(last_s, 1.0));
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    ImGui::TextWrapped("keys: space play/pause, arrows a sample back/on, home the start, r the "
                       "whole map");
    ImGui::PopStyleColor();
    if (live != nullptr) {
        ImGui::Checkbox("follow the run", &view.follow);
        // Knobs: what-ifs applied from the run's next sample instant, recorded in its result.
        if (!scene.containers.empty()) {
            ImGui::TextUnformatted("waste dispatch from now:");
            ImGui::SameLine();
            for (const char* policy : {"fixed_schedule", "threshold", "mixed"}) {
                if (ImGui::SmallButton(policy)) {
                    scenarios::LiveEditRequest request{.kind = "waste.set_policy", .values = {}};
                    request.values.set("policy", std::string(policy));
                    live->request_edit(std::move(request));
                }
                ImGui::SameLine();
            }
            ImGui::NewLine();
        }
        ImGui::SetNextItemWidth(150);
        ImGui::SliderFloat("% of tours go", &view.tour_percent, 0.0F, 100.0F, "%.0f %%");
        ImGui::SameLine();
        if (ImGui::SmallButton("apply from now")) {
            scenarios::LiveEditRequest request{.kind = "traffic.hold_trips", .values = {}};
            // The share as the slider shows it (whole per cent), not the float's 0.479999989.
            request.values.set("share", std::round(view.tour_percent) / 100.0);
            live->request_edit(std::move(request));
        }
        ImGui::TextUnformatted("click a road, then close it in its panel");
        live->set_speed(headless ? std::numeric_limits<double>::infinity()
                                 : (view.playing ? view.speed : 0.0));
        if (!live->error().empty())
            ImGui::TextColored({1, 0.3F, 0.3F, 1}, "run failed: %s", live->error().c_str());
    }
    ImGui::Separator();
    for (auto& layer : view.map.layers) ImGui::Checkbox(layer.name.c_str(), &layer.visible);
    what_ifs(view, source, snapshot);
    ImGui::Separator();
    if (view.map.difference) {
        colour_bar("change from the baseline: blue lower .. red higher",
                   [](double t) { return difference_colour(2.0 * t - 1.0, 1.0); });
        ImGui::TextWrapped("full colour at a change of 0.5 in DS, in speed (of free flow), in "
                           "fill (of capacity) and in utilisation; zones at a fifth of their "
                           "residents; trucks not drawn");
    } else if (view.map.layers[saturation_layer].visible) {
        // The LOS bands as swatches, each with its upper DS.
        ImGui::TextUnformatted("roads: DS (volume / capacity), LOS");
        for (const auto& band : los_bands()) {
            const ImVec2 at = ImGui::GetCursorScreenPos();
            const float size = ImGui::GetTextLineHeight();
            ImGui::GetWindowDrawList()->AddRectFilled(at, {at.x + size, at.y + size}, band.colour);
            ImGui::Dummy({size, size});
            ImGui::SameLine();
            if (std::isinf(band.upper_ds)) {
                ImGui::Text("%c  > 1.00", band.letter);
            } else {
                ImGui::Text("%c <= %.2f", band.letter, band.upper_ds);
            }
            if (band.letter != 'C' && band.letter != 'F') ImGui::SameLine(0.0F, size);
        }
        ImGui::TextWrapped("F also: a road %.0f %% full of standing vehicles, however little "
                           "passes",
                           100.0 * traffic::datasets::jammed_occupancy);
    } else {
        colour_bar("speed / free flow (grey: no exits)", speed_colour);
    }
    if (std::any_of(scene.links.begin(), scene.links.end(),
                    [](const Scene::Link& link) { return link.estimated; }))
        ImGui::TextWrapped("dashed roads: estimated (assumed, not surveyed)");
    // The markers as the map draws them, two to a line.
    const auto item = [](Marker marker, const char* text, bool last_on_line,
                         unsigned fill = IM_COL32(60, 170, 80, 255)) {
        const float size = ImGui::GetTextLineHeight();
        const ImVec2 at = ImGui::GetCursorScreenPos();
        draw_marker(ImGui::GetWindowDrawList(), {at.x + size / 2.0F, at.y + size / 2.0F}, marker,
                    fill);
        ImGui::Dummy({size, size});
        ImGui::SameLine();
        ImGui::TextUnformatted(text);
        if (!last_on_line) ImGui::SameLine(210.0F);
    };
    item(Marker::container,
         view.map.difference ? "collection point" : "collection point: green empty .. red full",
         true);
    item(Marker::truck, "truck", false);
    item(Marker::landfill, "TPA (landfill)", true);
    item(Marker::tps3r, "TPS3R", false);
    item(Marker::waste_bank, "waste bank", true);
    item(Marker::depot, "truck depot", false);
    item(Marker::cell_site, "cell site", true);
    if (!view.map.difference)
        ImGui::TextWrapped("zones: blue fewer people than live there .. orange more");
    if (view.map.layers[cell_load_layer].visible && !view.map.difference) {
        colour_bar("cell site: busiest sector 0 .. 1", site_load_colour);
        colour_bar("backhaul use 0 .. 1 (fibre wider)", backhaul_load_colour);
        ImGui::TextWrapped("dark ring: a site down or cut off from the core");
    }
    if (view.show_frame_time && !view.frame_ms.empty())
        ImGui::Text("frame %.1f ms", view.frame_ms.back());
    ImGui::End();
}

/// A small plot of `values` (oldest first, the last now) from 0 to their top, with its axes
/// in words: the top value on the left, the clock times of the first and the last sample
/// under it, and the value now.
void sparkline(const char* id, const std::vector<float>& values, const char* title,
               const char* unit, const std::string& from, const std::string& to) {
    if (values.empty()) return;
    const float top = std::max(1e-9F, *std::max_element(values.begin(), values.end()));
    ImGui::PlotLines(id, values.data(), static_cast<int>(values.size()), 0, title, 0.0F, top,
                     {400, 50});
    const ImVec2 low = ImGui::GetItemRectMin();
    ImGui::GetWindowDrawList()->AddText(
        {low.x + 3.0F, low.y + 1.0F}, IM_COL32(200, 200, 200, 200),
        model::format_kpi("", static_cast<double>(top), unit).value.c_str());
    // "Mon 00:00 .. Mon 07:30: now 15,753 veh"
    const auto day_time = [](const std::string& clock) {
        return clock.substr(0, 3) + " " + clock.substr(16, 5);
    };
    ImGui::TextDisabled(
        "%s .. %s: now %s %s", day_time(from).c_str(), day_time(to).c_str(),
        model::format_kpi("", static_cast<double>(values.back()), unit).value.c_str(), unit);
}

/// The run now, in four figures, each with its change since the last what-if began (a live
/// knob, or an edit of the scenario), when one has.
void now_section(const FrameSource& source, std::size_t index, const std::vector<EditMark>& edits) {
    const NowIndicators now = indicators_at(source, index);
    const double now_s = source.snapshot(index)->time_s;
    const EditMark* last = nullptr;
    for (const auto& mark : edits) {
        if (mark.at_s <= now_s && mark.at_s > source.snapshot(0)->time_s &&
            (last == nullptr || mark.at_s >= last->at_s))
            last = &mark;
    }
    const std::optional<NowIndicators> before =
        last != nullptr ? std::optional(indicators_at(source, source.index_at(last->at_s)))
                        : std::nullopt;
    // "Mon 15:00" of "Mon 03 Mar 2025 15:00 WITA".
    const std::string since = last != nullptr ? local_clock(source.start(), last->at_s) : "";
    ImGui::TextWrapped("%s", last != nullptr
                                 ? fmt::format("now (in brackets: the change since {} {}, {})",
                                               since.substr(0, 3), since.substr(16, 5), last->text)
                                       .c_str()
                                 : "now");
    const auto row = [&](const char* label, double value, double earlier, const char* unit,
                         double out_of) {
        if (std::isnan(value)) return;
        std::string text =
            fmt::format("  {:<24} {:>9}", label, model::format_kpi("", value, unit).value);
        if (!std::isnan(out_of)) text += fmt::format(" of {:.0f}", out_of);
        text += " " + std::string(unit);
        if (before && !std::isnan(earlier)) text += fmt::format("  ({:+.0f})", value - earlier);
        ImGui::TextUnformatted(text.c_str());
    };
    const double nan = std::numeric_limits<double>::quiet_NaN();
    row("vehicles on the road", now.vehicles_on_road, before ? before->vehicles_on_road : nan,
        "veh", nan);
    row("delay, last hour", now.delay_last_hour_h, before ? before->delay_last_hour_h : nan,
        "veh h", nan);
    row("collection points full", now.containers_full, before ? before->containers_full : nan, "",
        now.containers);
    row("sectors over 80 %", now.sectors_over_80pct, before ? before->sectors_over_80pct : nan, "",
        now.sectors);
    ImGui::Separator();
}

/// The right panel: small plots of the series over time, then the KPI tables. Returns the KPI
/// texts that did not fit their cell.
std::size_t kpi_panel(FrameSource& source, const LiveSource* live, const Snapshot* snapshot,
                      std::size_t index, int fb_width, int fb_height,
                      const std::vector<EditMark>& edits) {
    // Plots first (they stay in view), then the KPI tables, scrolled within the window.
    ImGui::SetNextWindowPos({static_cast<float>(fb_width) - 430.0F, 10}, ImGuiCond_Once);
    ImGui::SetNextWindowSize({420, static_cast<float>(fb_height) - 20.0F}, ImGuiCond_Once);
    ImGui::Begin("KPIs");
    if (snapshot != nullptr && !source.difference()) now_section(source, index, edits);
    if (snapshot) {
        const std::string from = local_clock(source.start(), source.snapshot(0)->time_s);
        const std::string to = local_clock(source.start(), snapshot->time_s);
        const auto axes = [&](const char* id, const std::vector<float>& values, const char* title,
                              const char* unit) { sparkline(id, values, title, unit, from, to); };
        axes("##transit", history(source, traffic::datasets::in_transit.key(), 0, index),
             "vehicles on the road", "veh");
        axes("##overflow", history(source, waste::datasets::mass.key(), 5, index),
             "waste overflowed since the start", "kg");
        axes("##carried",
             history_total(source, telecom::datasets::sector_carried_mbps.key(), index, 1e-3),
             "mobile data carried", "Gb/s");
    }
    const auto kpis = source.kpis();
    if (kpis.empty()) {
        ImGui::TextUnformatted(live != nullptr ? "final KPIs when the run ends"
                                               : "no KPIs (incomplete run)");
    }
    const std::size_t cut = kpi_tables(kpis);
    ImGui::End();
    return cut;
}

/// The selected road, zone, container, gate, truck or site: its values, its history, and (live)
/// the knob that closes a road.
void selection_panel(ViewState& view, FrameSource& source, LiveSource* live, const Scene& scene,
                     const Snapshot* snapshot, std::size_t index, int fb_height) {
    if (!view.selected || snapshot == nullptr) return;
    ImGui::SetNextWindowPos({10, static_cast<float>(fb_height) - 190.0F}, ImGuiCond_Once);
    ImGui::SetNextWindowSize({420, 180}, ImGuiCond_Once);
    ImGui::Begin("selection");
    ImGui::TextUnformatted(pick_name(scene, *view.selected).c_str());
    for (const auto& line : pick_values(scene, *snapshot, *view.selected))
        ImGui::TextUnformatted(line.c_str());
    const auto values = history(source, pick_series(*view.selected), view.selected->index, index);
    ImGui::PlotLines("##selected", values.data(), static_cast<int>(values.size()), 0,
                     pick_series(*view.selected).c_str(), FLT_MAX, FLT_MAX, {400, 80});
    if (live != nullptr && view.selected->kind == Pick::Kind::link) {
        // A closure in a planner's terms: one way or both, for some hours or to the end.
        ImGui::Checkbox("both ways", &view.close_both_ways);
        ImGui::SameLine();
        ImGui::SetNextItemWidth(120);
        ImGui::SliderInt("hours (0: to the end)", &view.close_hours, 0, 24);
        if (ImGui::Button("close this road from now")) {
            const Scene::Link& link = scene.links[view.selected->index];
            std::vector<std::size_t> closed{view.selected->index};
            for (std::size_t l = 0; view.close_both_ways && l < scene.links.size(); ++l) {
                if (scene.links[l].from == link.to && scene.links[l].to == link.from)
                    closed.push_back(l);
            }
            // From the next sample; `until` counts from the warm-up's start.
            const double until_s = view.close_hours > 0
                                       ? live->warmup_s() + snapshot->time_s +
                                             3600.0 * static_cast<double>(view.close_hours)
                                       : 1e12;
            for (const std::size_t l : closed) {
                scenarios::LiveEditRequest request{.kind = "traffic.block_link", .values = {}};
                request.values.set("link", static_cast<std::int64_t>(l));
                request.values.set("until", until_s);
                live->request_edit(std::move(request));
            }
        }
    }
    if (ImGui::Button("clear")) view.selected.reset();
    ImGui::End();
}

/// Saves the screenshot and prints the frame times; false when the file cannot be written.
bool save_screenshot(const ViewState& view, const FrameSource& source, const ViewerOptions& options,
                     const Snapshot* snapshot, int fb_width, int fb_height) {
    // ImGui lays windows out over the first frames: the 30th is settled, and 30 frame
    // times make a fair measurement.
    const bool saved = save_png(options.screenshot, fb_width, fb_height);
    if (!saved) std::fprintf(stderr, "viewer: cannot write %s\n", options.screenshot.c_str());
    std::vector<double> times(view.frame_ms.begin() + 5, view.frame_ms.end());
    std::sort(times.begin(), times.end());
    std::printf(
        "%s: %dx%d at %s; frame time min %.1f / median %.1f / max %.1f ms (%zu frames, the map "
        "drawn in %zu of all %zu, moved from its cache in %zu (panning %.0f px a frame), the "
        "rest from its cache); KPI texts cut: %zu\n",
        options.screenshot.c_str(), fb_width, fb_height,
        local_clock(source.start(), snapshot != nullptr ? snapshot->time_s : view.now_s).c_str(),
        times.front(), times[times.size() / 2], times.back(), times.size(), view.map_draws,
        view.frame_ms.size(), view.map_moves, static_cast<double>(options.pan_px_per_frame),
        view.kpi_texts_cut);
    return saved;
}

}  // namespace

int run_viewer(FrameSource& source, const ViewerOptions& options) {
    GLFWwindow* window = open_window(source, options);
    if (window == nullptr) return 1;
    auto* live = dynamic_cast<LiveSource*>(&source);
    const bool headless = !options.screenshot.empty();
    ViewState view;
    view.show_frame_time = options.show_frame_time;
    view.speed = options.speed;
    view.playing = !headless;
    view.now_s = options.at_s.value_or(0.0);
    view.follow = live != nullptr && !options.at_s;
    if (live != nullptr)
        live->set_speed(headless ? std::numeric_limits<double>::infinity() : view.speed);
    auto last_frame = Clock::now();
    int exit_code = 0;
    int frames_after_ready = 0;

    while (glfwWindowShouldClose(window) == 0) {
        glfwPollEvents();
        const auto frame_start = Clock::now();
        const double wall_dt = std::chrono::duration<double>(frame_start - last_frame).count();
        last_frame = frame_start;
        int fb_width = 0, fb_height = 0;
        glfwGetFramebufferSize(window, &fb_width, &fb_height);

        // A headless live view waits until the run has reached the instant it should show.
        if (headless && live != nullptr) {
            const std::size_t n = source.ready() ? source.samples() : 0;
            const bool reached = n > 0 && source.snapshot(n - 1)->time_s >= view.now_s;
            if (!reached && !live->ended()) {
                std::this_thread::sleep_for(std::chrono::milliseconds(20));
                continue;
            }
        }
        if (!source.ready()) {
            if (live != nullptr && live->ended()) {  // the run failed before its first sample
                std::fprintf(stderr, "viewer: the run failed: %s\n", live->error().c_str());
                exit_code = 2;
                break;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
            continue;
        }
        const Scene& scene = source.scene();
        if (!view.fitted) {
            view.map.fit(scene, static_cast<float>(fb_width), static_cast<float>(fb_height));
            view.fitted = true;
        }
        const std::size_t samples = source.samples();
        const double last_s = samples > 0 ? source.snapshot(samples - 1)->time_s : 0.0;
        if (view.playing && !view.follow)
            view.now_s = std::min(view.now_s + wall_dt * view.speed, last_s);
        if (view.follow) view.now_s = last_s;
        const std::size_t index = samples > 0 ? source.index_at(view.now_s) : 0;
        const auto snapshot = samples > 0 ? source.snapshot(index) : nullptr;

        ImGui_ImplOpenGL3_NewFrame();
        ImGui_ImplGlfw_NewFrame();
        // A screenshot shows no tooltip: the pointer of a virtual display sits somewhere.
        if (headless) ImGui::GetIO().MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
        ImGui::NewFrame();
        const std::size_t asked = live != nullptr ? live->requested_edits().size() : 0;
        if (view.edits.empty() ? !view.edits_taken : asked != view.edits_asked) {
            view.edits = source.edits();
            view.start = source.start();
            view.map.difference = source.difference();
            view.edits_asked = asked;
            view.edits_taken = true;
        }
        keyboard(view, source, index, samples);
        // A panning measurement drags over the measured frames and draws the last one still.
        const bool pan_now = headless && options.pan_px_per_frame > 0.0F &&
                             frames_after_ready >= 5 && frames_after_ready < 29;
        map_and_input(view, scene, snapshot.get(), headless, index, fb_width, fb_height,
                      pan_now ? options.pan_px_per_frame : 0.0F);
        view.map.draw_scale_and_north(ImGui::GetBackgroundDrawList());
        control_panel(view, source, live, scene, snapshot.get(), last_s, headless);
        view.kpi_texts_cut =
            kpi_panel(source, live, snapshot.get(), index, fb_width, fb_height, view.edits);
        selection_panel(view, source, live, scene, snapshot.get(), index, fb_height);
        ImGui::Render();
        glViewport(0, 0, fb_width, fb_height);
        // The map (drawn afresh only when it changed), then the panels over it.
        view.map_cache.show(fb_width, fb_height, view.map_move.scale, view.map_move.dx,
                            view.map_move.dy);
        ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
        glFinish();
        view.frame_ms.push_back(
            std::chrono::duration<double, std::milli>(Clock::now() - frame_start).count());

        // ImGui lays windows out over the first frames: the 30th is settled, and 30 frame times
        // make a fair measurement.
        if (headless && ++frames_after_ready >= 30) {
            if (!save_screenshot(view, source, options, snapshot.get(), fb_width, fb_height))
                exit_code = 1;
            break;
        }
        glfwSwapBuffers(window);
        if (view.frame_ms.size() > 1000)
            view.frame_ms.erase(view.frame_ms.begin(), view.frame_ms.begin() + 500);
    }
    close_window(window);
    return exit_code;
}

}  // namespace tuntas::viewer
