#include "models/district/road_layer.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>
#include <string>
#include <utility>

#include "models/district/json_sax_fast.hpp"

namespace tuntas::district {
namespace {

using nlohmann::json;

/// The properties a road or signal feature has that the reference reader looks at.
enum class Key : std::uint8_t {
    road_class,
    id,
    name,
    lanes,
    speed_kmh,
    capacity,
    length_m,
    oneway,
    source,
    estimated,
    priority,
    turn_s,
    turn_lanes,
    kind,
    phase_durations_s,
    min_durations_s,
    max_durations_s,
    offset_s,
    green_by_road,
    green_by_turn,
    other,  ///< any other key: its value is skipped
};

Key key_of(std::string_view name) {
    static constexpr std::pair<std::string_view, Key> keys[] = {
        {"class", Key::road_class},
        {"id", Key::id},
        {"name", Key::name},
        {"lanes", Key::lanes},
        {"speed_kmh", Key::speed_kmh},
        {"capacity_pcu_per_h_per_lane", Key::capacity},
        {"length_m", Key::length_m},
        {"oneway", Key::oneway},
        {"source", Key::source},
        {"estimated", Key::estimated},
        {"priority", Key::priority},
        {"turn_s", Key::turn_s},
        {"turn_lanes", Key::turn_lanes},
        {"kind", Key::kind},
        {"phase_durations_s", Key::phase_durations_s},
        {"min_durations_s", Key::min_durations_s},
        {"max_durations_s", Key::max_durations_s},
        {"offset_s", Key::offset_s},
        {"green_by_road", Key::green_by_road},
        {"green_by_turn", Key::green_by_turn},
    };
    for (const auto& [text, key] : keys) {
        if (text == name) return key;
    }
    return Key::other;
}

/// One feature's properties and geometry as read; which were given at all is `given`.
struct FeatureValues {
    std::uint32_t given{0};  ///< bit k: Key k was given
    std::string road_class, id, name, source, kind;
    double lanes{0.0}, speed_kmh{0.0}, capacity{0.0}, length_m{0.0}, priority{0.0}, offset_s{0.0};
    bool oneway{false};
    bool estimated{false};
    std::vector<std::pair<std::string, double>> turn_s;
    std::vector<std::pair<std::string, std::vector<int>>> turn_lanes;
    std::vector<double> phase_durations_s, min_durations_s, max_durations_s;
    std::map<std::string, std::string> green_by_road;
    std::map<std::string, std::map<std::string, std::string>> green_by_turn;

    bool properties_given{false};
    bool geometry_given{false};
    bool type_given{false};
    bool coordinates_given{false};
    std::string type;
    std::vector<double> flat;       ///< coordinates that are numbers (a Point's)
    std::vector<LonLat> positions;  ///< coordinates that are positions (a LineString's)
    std::size_t position_numbers{0};

    [[nodiscard]] bool has(Key key) const { return (given >> static_cast<unsigned>(key)) & 1U; }
    /// Marks `key` given; false when it already was (a key given twice).
    bool give(Key key) {
        if (has(key)) return false;
        given |= 1U << static_cast<unsigned>(key);
        return true;
    }

    /// Where the text property `key` goes; none for a key that is no text.
    std::string* text(Key key) {
        switch (key) {
        case Key::road_class:
            return &road_class;
        case Key::id:
            return &id;
        case Key::name:
            return &name;
        case Key::source:
            return &source;
        case Key::kind:
            return &kind;
        default:
            return nullptr;
        }
    }
    /// Where the number property `key` goes; none for a key that is no number.
    double* number(Key key) {
        switch (key) {
        case Key::lanes:
            return &lanes;
        case Key::speed_kmh:
            return &speed_kmh;
        case Key::capacity:
            return &capacity;
        case Key::length_m:
            return &length_m;
        case Key::priority:
            return &priority;
        case Key::offset_s:
            return &offset_s;
        default:
            return nullptr;
        }
    }
    /// Where the list of durations `key` goes; none for a key that is no such list.
    std::vector<double>* durations(Key key) {
        switch (key) {
        case Key::phase_durations_s:
            return &phase_durations_s;
        case Key::min_durations_s:
            return &min_durations_s;
        case Key::max_durations_s:
            return &max_durations_s;
        default:
            return nullptr;
        }
    }
};

/// Whether static_cast<int> (the reference reader's conversion of lanes and priority) is
/// defined for `value`: beyond int's range it is not, and such a value is declined.
bool fits_int(double value) {
    return value > -2.0e9 && value < 2.0e9;
}

/// json_sax_fast's handler: a state machine over the containers open, each a Frame; false
/// (decline) at the first thing it does not take.
class RoadLayerHandler {
public:
    bool null() { return skipping() || skip_scalar(); }
    bool boolean(bool value) {
        if (skipping()) return true;
        if (frame() == Frame::properties) {
            if (key_ == Key::oneway) return feature_.give(key_) && (feature_.oneway = value, true);
            if (key_ == Key::estimated)
                return feature_.give(key_) && (feature_.estimated = value, true);
        }
        return skip_scalar();
    }
    bool number_integer(json::number_integer_t value) {
        return integer(static_cast<double>(value), value >= 0 && value < 64 ? value : -1);
    }
    bool number_unsigned(json::number_unsigned_t value) {
        return integer(static_cast<double>(value), value < 64 ? static_cast<long>(value) : -1);
    }
    bool number_float(json::number_float_t value, const json::string_t& /*text*/) {
        if (skipping()) return true;
        if (frame() == Frame::lanes) return false;  // a lane index is an integer
        return number(value);
    }
    bool string(json::string_t& value) {
        if (skipping()) return true;
        switch (frame()) {
        case Frame::top:
            if (top_key_ != TopKey::type) return top_key_ == TopKey::other;
            if (type_given_) return false;
            type_given_ = true;
            type_ = std::move(value);
            return true;
        case Frame::geometry:
            if (geometry_key_ == GeometryKey::type) {
                if (feature_.type_given) return false;
                feature_.type_given = true;
                feature_.type = std::move(value);
                return true;
            }
            return geometry_key_ == GeometryKey::other;
        case Frame::properties:
            if (std::string* text = feature_.text(key_)) {
                if (!feature_.give(key_)) return false;
                *text = std::move(value);
                return true;
            }
            return key_ == Key::other;
        case Frame::green_by_road:
            feature_.green_by_road[inner_key_] = std::move(value);
            return true;
        case Frame::green_by_turn_road:
            (*turn_states_)[inner_key_] = std::move(value);
            return true;
        case Frame::feature:
            return feature_key_ == FeatureKey::other;
        default:
            return false;
        }
    }

    bool start_object(std::size_t /*elements*/) {
        if (skipping()) return ++skip_depth_, true;
        switch (frame()) {
        case Frame::document:
            return push(Frame::top);
        case Frame::top:
            if (top_key_ == TopKey::other) return ++skip_depth_, true;
            return false;  // "type" or "features" as an object: no collection
        case Frame::features:
            feature_ = FeatureValues{};
            feature_key_ = FeatureKey::other;
            return push(Frame::feature);
        case Frame::feature:
            if (feature_key_ == FeatureKey::geometry) {
                if (feature_.geometry_given) return false;
                feature_.geometry_given = true;
                geometry_key_ = GeometryKey::other;
                return push(Frame::geometry);
            }
            if (feature_key_ == FeatureKey::properties) {
                if (feature_.properties_given) return false;
                feature_.properties_given = true;
                key_ = Key::other;
                return push(Frame::properties);
            }
            return ++skip_depth_, true;
        case Frame::geometry:
            if (geometry_key_ == GeometryKey::other) return ++skip_depth_, true;
            return false;
        case Frame::properties:
            switch (key_) {
            case Key::turn_s:
                return feature_.give(key_) && push(Frame::turn_s);
            case Key::turn_lanes:
                return feature_.give(key_) && push(Frame::turn_lanes);
            case Key::green_by_road:
                return feature_.give(key_) && push(Frame::green_by_road);
            case Key::green_by_turn:
                return feature_.give(key_) && push(Frame::green_by_turn);
            case Key::other:
                return ++skip_depth_, true;
            default:
                return false;
            }
        case Frame::green_by_turn: {
            // A road given twice: the reference keeps the last object, not both merged.
            const auto [at, added] = feature_.green_by_turn.try_emplace(inner_key_);
            if (!added) return false;
            turn_states_ = &at->second;
            return push(Frame::green_by_turn_road);
        }
        default:
            return false;
        }
    }

    bool start_array(std::size_t /*elements*/) {
        if (skipping()) return ++skip_depth_, true;
        switch (frame()) {
        case Frame::top:
            if (top_key_ == TopKey::features) {
                if (features_given_) return false;
                features_given_ = true;
                return push(Frame::features);
            }
            if (top_key_ == TopKey::other) return ++skip_depth_, true;
            return false;
        case Frame::feature:
            if (feature_key_ == FeatureKey::other) return ++skip_depth_, true;
            return false;
        case Frame::geometry:
            if (geometry_key_ == GeometryKey::coordinates) {
                if (feature_.coordinates_given) return false;
                feature_.coordinates_given = true;
                return push(Frame::coordinates);
            }
            if (geometry_key_ == GeometryKey::other) return ++skip_depth_, true;
            return false;
        case Frame::coordinates:
            feature_.position_numbers = 0;
            feature_.positions.emplace_back();
            return push(Frame::position);
        case Frame::properties:
            if (std::vector<double>* durations = feature_.durations(key_)) {
                durations_ = durations;
                return feature_.give(key_) && push(Frame::durations);
            }
            if (key_ == Key::other) return ++skip_depth_, true;
            return false;
        case Frame::turn_lanes:
            feature_.turn_lanes.emplace_back(inner_key_, std::vector<int>{});
            return push(Frame::lanes);
        default:
            return false;
        }
    }

    bool key(json::string_t& name) {
        if (skipping()) return true;
        switch (frame()) {
        case Frame::top:
            top_key_ = name == "type"       ? TopKey::type
                       : name == "features" ? TopKey::features
                                            : TopKey::other;
            return true;
        case Frame::feature:
            feature_key_ = name == "geometry"     ? FeatureKey::geometry
                           : name == "properties" ? FeatureKey::properties
                                                  : FeatureKey::other;
            return true;
        case Frame::geometry:
            geometry_key_ = name == "type"          ? GeometryKey::type
                            : name == "coordinates" ? GeometryKey::coordinates
                                                    : GeometryKey::other;
            return true;
        case Frame::properties:
            key_ = key_of(name);
            return true;
        default:
            inner_key_ = std::move(name);
            return true;
        }
    }

    bool end_object() { return end(); }
    bool end_array() { return end(); }

    /// The layer, once the whole text was taken: none when it was no FeatureCollection.
    [[nodiscard]] std::optional<RoadLayer> layer() && {
        if (!features_given_ || !type_given_ || type_ != "FeatureCollection") return std::nullopt;
        return std::move(layer_);
    }

private:
    enum class Frame : std::uint8_t {
        document,  ///< before the top level (an array or a scalar there: no collection)
        top,
        features,
        feature,
        geometry,
        coordinates,
        position,
        properties,
        turn_s,
        turn_lanes,
        lanes,
        durations,
        green_by_road,
        green_by_turn,
        green_by_turn_road,
    };
    enum class TopKey : std::uint8_t { type, features, other };
    enum class FeatureKey : std::uint8_t { geometry, properties, other };
    enum class GeometryKey : std::uint8_t { type, coordinates, other };

    [[nodiscard]] Frame frame() const { return frames_.back(); }
    [[nodiscard]] bool skipping() const { return skip_depth_ > 0; }
    bool push(Frame frame) {
        frames_.push_back(frame);
        return true;
    }

    /// A scalar no record takes: fine where its key is skipped, a decline elsewhere.
    [[nodiscard]] bool skip_scalar() const {
        switch (frame()) {
        case Frame::top:
            return top_key_ == TopKey::other;
        case Frame::feature:
            return feature_key_ == FeatureKey::other;
        case Frame::geometry:
            return geometry_key_ == GeometryKey::other;
        case Frame::properties:
            return key_ == Key::other;
        default:
            return false;
        }
    }

    bool integer(double value, long lane) {
        if (skipping()) return true;
        if (frame() == Frame::lanes) {
            if (lane < 0) return false;
            feature_.turn_lanes.back().second.push_back(static_cast<int>(lane));
            return true;
        }
        return number(value);
    }

    bool number(double value) {
        switch (frame()) {
        case Frame::position:
            // The reference reads a position's first two numbers; further ones (an altitude)
            // are taken as numbers only.
            if (feature_.position_numbers == 0) feature_.positions.back().lon = value;
            if (feature_.position_numbers == 1) feature_.positions.back().lat = value;
            ++feature_.position_numbers;
            return true;
        case Frame::coordinates:
            feature_.flat.push_back(value);
            return true;
        case Frame::properties:
            if (double* number = feature_.number(key_)) {
                if (!feature_.give(key_)) return false;
                *number = value;
                return true;
            }
            return key_ == Key::other;
        case Frame::turn_s:
            feature_.turn_s.emplace_back(inner_key_, value);
            return true;
        case Frame::durations:
            durations_->push_back(value);
            return true;
        default:
            return skip_scalar();
        }
    }

    bool end() {
        if (skipping()) return --skip_depth_, true;
        const Frame closed = frame();
        frames_.pop_back();
        switch (closed) {
        case Frame::position:
            return feature_.position_numbers >= 2;
        case Frame::lanes:
            return !feature_.turn_lanes.back().second.empty();
        case Frame::feature:
            return take_feature();
        default:
            return true;
        }
    }

    bool take_feature() {
        FeatureValues& f = feature_;
        if (!f.geometry_given || !f.type_given || !f.coordinates_given || !f.properties_given)
            return false;
        if (f.type == "Point") return take_point();
        if (f.type != "LineString" || !f.flat.empty() || f.positions.size() < 2) return false;
        if (!std::all_of(f.positions.begin(), f.positions.end(),
                         [](const LonLat& p) { return is_lon_lat(p.lon, p.lat); }))
            return false;
        Road road;
        if (!f.has(Key::road_class)) return false;
        const auto road_class = parse_road_class(f.road_class);
        if (!road_class) return false;
        road.road_class = *road_class;
        road.id = std::move(f.id);
        road.name = std::move(f.name);
        for (const double value : {f.lanes, f.priority}) {
            if (!fits_int(value)) return false;
        }
        road.lanes = static_cast<int>(f.lanes);
        road.free_speed_kmh = f.speed_kmh;
        road.capacity_pcu_per_h_per_lane = f.capacity;
        road.length_m = f.length_m;
        road.oneway = f.oneway;
        road.provenance = {std::move(f.source), f.estimated};
        road.priority = f.has(Key::priority) ? static_cast<int>(f.priority) : -1;
        if (f.has(Key::priority) && (road.priority < 0 || road.priority > 255)) return false;
        if (f.has(Key::turn_s)) {
            if (!road.oneway) return false;
            for (auto& [next, seconds] : f.turn_s) {
                if (!std::isfinite(seconds) || seconds < 0.0 || seconds > 3600.0) return false;
                road.turn_s[std::move(next)] = seconds;
            }
        }
        if (f.has(Key::turn_lanes)) {
            if (!road.oneway) return false;
            const int lanes = std::max(road.lanes, 1);
            for (auto& [next, indices] : f.turn_lanes) {
                if (!std::all_of(indices.begin(), indices.end(),
                                 [&](int lane) { return lane < lanes; }))
                    return false;
                road.turn_lanes[std::move(next)] = std::move(indices);
            }
        }
        if (f.has(Key::length_m)) {
            if (!(road.length_m > 0.0)) return false;
        } else if (std::all_of(f.positions.begin() + 1, f.positions.end(),
                               [&](const LonLat& p) { return p == f.positions.front(); })) {
            return false;  // a link with zero length
        }
        if (f.has(Key::lanes) && road.lanes < 1) return false;
        road.line = std::move(f.positions);
        layer_.roads.push_back(std::move(road));
        return true;
    }

    bool take_point() {
        FeatureValues& f = feature_;
        if (!f.positions.empty() || f.flat.size() < 2 || !is_lon_lat(f.flat[0], f.flat[1]))
            return false;
        const LonLat position{f.flat[0], f.flat[1]};
        if (!f.has(Key::kind)) return false;
        if (f.kind == "signal") {
            layer_.signals.push_back(position);
        } else if (f.kind == "signal_program") {
            if (!f.has(Key::phase_durations_s) || !f.has(Key::green_by_road)) return false;
            SignalProgram program;
            program.position = position;
            program.phase_durations_s = std::move(f.phase_durations_s);
            program.green_by_road = std::move(f.green_by_road);
            program.green_by_turn = std::move(f.green_by_turn);
            program.offset_s = f.offset_s;
            const std::size_t phases = program.phase_durations_s.size();
            if (f.has(Key::min_durations_s) || f.has(Key::max_durations_s)) {
                if (!f.has(Key::min_durations_s) || !f.has(Key::max_durations_s)) return false;
                program.min_durations_s = std::move(f.min_durations_s);
                program.max_durations_s = std::move(f.max_durations_s);
                if (program.min_durations_s.size() != phases ||
                    program.max_durations_s.size() != phases)
                    return false;
                for (std::size_t p = 0; p < phases; ++p) {
                    if (!(program.min_durations_s[p] > 0.0 &&
                          program.min_durations_s[p] <= program.max_durations_s[p] &&
                          program.max_durations_s[p] <= 86400.0))
                        return false;
                }
            }
            for (const auto& [road, states] : program.green_by_road) {
                if (states.size() != phases) return false;
            }
            for (const auto& [road, turns] : program.green_by_turn) {
                for (const auto& [next, states] : turns) {
                    if (states.size() != phases) return false;
                }
            }
            layer_.signal_programs.push_back(std::move(program));
        } else {
            return false;
        }
        layer_.roads.emplace_back();  // keeps road indices aligned with features
        return true;
    }

    std::vector<Frame> frames_{Frame::document};
    std::size_t skip_depth_{0};  ///< containers open inside a skipped value
    TopKey top_key_{TopKey::other};
    FeatureKey feature_key_{FeatureKey::other};
    GeometryKey geometry_key_{GeometryKey::other};
    Key key_{Key::other};
    std::string inner_key_;  ///< the key inside turn_s, turn_lanes, green_by_road or _turn
    std::map<std::string, std::string>* turn_states_{nullptr};
    std::vector<double>* durations_{nullptr};
    bool type_given_{false};
    bool features_given_{false};
    std::string type_;
    FeatureValues feature_;
    RoadLayer layer_;
};

}  // namespace

std::optional<RoadLayer> read_road_layer_fast(std::string_view text) {
    RoadLayerHandler handler;
    if (!json_sax_fast(text, handler)) return std::nullopt;
    return std::move(handler).layer();
}

}  // namespace tuntas::district
