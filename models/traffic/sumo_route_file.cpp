#include "models/traffic/sumo_route_file.hpp"

#include <cmath>
#include <cstring>
#include <fstream>
#include <memory>
#include <optional>
#include <sstream>
#include <string_view>
#include <unordered_map>

#include <expat.h>
#include <fmt/format.h>

#include "engine/random_stream.hpp"
#include "models/api/input_error.hpp"
#include "models/api/warning_tally.hpp"

namespace tuntas::traffic {
namespace {

/// Hashes std::string and std::string_view alike, so lookups by a view allocate nothing.
struct StringHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view text) const noexcept {
        return std::hash<std::string_view>{}(text);
    }
};

template <typename Value>
using StringMap = std::unordered_map<std::string, Value, StringHash, std::equal_to<>>;

/// A route: a span of SumoRouteFile::route_edges.
struct Span {
    std::uint32_t begin{0};
    std::uint32_t end{0};
};

/// expat's handlers: no document tree, so a large file costs little more than reading it.
struct RouteFileReader {
    XML_Parser parser{nullptr};
    std::uint64_t seed{0};
    SumoRouteFile result;
    StringMap<std::uint32_t> edge_index;
    StringMap<Span> named_routes;
    StringMap<std::uint32_t> type_index;          // into result.types
    StringMap<std::uint32_t> distribution_index;  // into result.distributions
    model::WarningTally tally;
    int skip_depth{0};  // > 0: inside an element left out (a person), its children too
    int depth{0};
    // The vehicle, trip or flow being read.
    enum class Kind { none, vehicle, trip, flow } kind{Kind::none};
    int kind_depth{0};
    SumoRouteFile::Vehicle vehicle;
    std::string route_ref;
    bool has_inline_route{false};
    bool usable{true};  // false: left out (a non-numeric depart, a trip between junctions)
    struct Flow {
        double begin_s{0.0}, end_s{86'400.0};
        double number{-1.0}, period_s{-1.0}, probability{-1.0};
        bool poisson{false};  // period="exp(rate)"
    } flow;
    std::int32_t distribution{-1};           // the vTypeDistribution being read
    std::optional<model::Diagnostic> error;  // the first problem; parsing stops at it

    static const char* attribute(const char** attributes, const char* name) {
        for (int i = 0; attributes[i] != nullptr; i += 2) {
            if (std::strcmp(attributes[i], name) == 0) return attributes[i + 1];
        }
        return nullptr;
    }

    std::uint32_t edge_id(std::string_view edge) {
        auto found = edge_index.find(edge);
        if (found == edge_index.end()) {
            found = edge_index
                        .emplace(std::string(edge),
                                 static_cast<std::uint32_t>(result.edge_names.size()))
                        .first;
            result.edge_names.emplace_back(edge);
        }
        return found->second;
    }

    /// The edge that followed each edge (by id) the last time a route took it, or none: a
    /// route's next edge is most often that one, found by one comparison instead of a lookup
    /// in edge_index (hashing and comparing there was a sixth of reading a route file).
    std::vector<std::uint32_t> next_seen;

    /// The id of `edge`, which follows edge `previous` (none: the route's first) in a route.
    std::uint32_t edge_after(std::uint32_t previous, std::string_view edge) {
        if (previous != SumoRouteFile::none) {
            const std::uint32_t guess = next_seen[previous];
            if (guess != SumoRouteFile::none && result.edge_names[guess] == edge) return guess;
        }
        const std::uint32_t id = edge_id(edge);
        if (next_seen.size() < result.edge_names.size())
            next_seen.resize(result.edge_names.size(), SumoRouteFile::none);
        if (previous != SumoRouteFile::none) next_seen[previous] = id;
        return id;
    }

    /// Appends the edges of a space-separated list to result.route_edges.
    Span add_route(std::string_view edges) {
        Span span{static_cast<std::uint32_t>(result.route_edges.size()), 0};
        std::uint32_t previous = SumoRouteFile::none;
        // A plain scan: find_first_of calls memchr once per character (a tenth of a route
        // file's reading).
        const auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
        const char* at = edges.data();
        const char* const end = at + edges.size();
        while (at != end) {
            while (at != end && blank(*at)) ++at;
            const char* const begin = at;
            while (at != end && !blank(*at)) ++at;
            if (at != begin) {
                previous = edge_after(
                    previous, std::string_view(begin, static_cast<std::size_t>(at - begin)));
                result.route_edges.push_back(previous);
            }
        }
        span.end = static_cast<std::uint32_t>(result.route_edges.size());
        return span;
    }

    void fail(std::string message, std::string context) {
        if (error) return;
        error = model::Diagnostic{.file = result.file.string(),
                                  .line = static_cast<int>(XML_GetCurrentLineNumber(parser)),
                                  .message = std::move(message),
                                  .context = std::move(context)};
    }

    /// A number attribute, or `otherwise` when absent; a present non-number is an error.
    double number(const char** attributes, const char* name, double otherwise,
                  const std::string& context) {
        const char* text = attribute(attributes, name);
        if (text == nullptr) return otherwise;
        char* end = nullptr;
        const double value = std::strtod(text, &end);
        if (end == text || *end != '\0' || !std::isfinite(value)) {
            fail(fmt::format("attribute '{}' is not a number: '{}'", name, text), context);
            return otherwise;
        }
        return value;
    }

    void start_type(const char** attributes) {
        const char* id = attribute(attributes, "id");
        const std::string name = id ? id : "";
        const char* vclass = attribute(attributes, "vClass");
        const std::string context = fmt::format("vType '{}'", name);
        const auto index = static_cast<std::uint32_t>(result.types.size());
        result.types.push_back(
            {.id = name,
             .vclass = vclass ? vclass : "",
             .length_m = number(attributes, "length", 5.0, context),
             .max_speed_m_per_s = number(attributes, "maxSpeed", 55.56, context)});
        type_index[name] = index;
        if (distribution >= 0) {
            auto& members = result.distributions[static_cast<std::size_t>(distribution)];
            members.members.push_back(index);
            members.probabilities.push_back(number(attributes, "probability", 1.0, context));
        }
        for (const char* ignored : {"accel", "decel", "sigma", "tau", "minGap", "carFollowModel",
                                    "laneChangeModel", "speedFactor", "speedDev"}) {
            if (attribute(attributes, ignored) != nullptr) {
                tally.add(fmt::format("vType attribute '{}' not used (a vehicle class sets how "
                                      "it queues: its pcu)",
                                      ignored),
                          name);
            }
        }
    }

    void start_distribution(const char** attributes) {
        const char* id = attribute(attributes, "id");
        SumoRouteFile::TypeDistribution d{.id = id ? id : "", .members = {}, .probabilities = {}};
        // vTypes="a b c" names types defined before; probabilities="..." weighs them.
        if (const char* listed = attribute(attributes, "vTypes")) {
            std::istringstream names(listed);
            std::string type;
            while (names >> type) {
                const auto found = type_index.find(type);
                if (found == type_index.end()) {
                    fail(fmt::format("vType '{}' is not defined before it", type),
                         fmt::format("vTypeDistribution '{}'", d.id));
                    return;
                }
                d.members.push_back(found->second);
                d.probabilities.push_back(1.0);
            }
            if (const char* weights = attribute(attributes, "probabilities")) {
                std::istringstream values(weights);
                for (double& p : d.probabilities) values >> p;
            }
        }
        distribution_index[d.id] = static_cast<std::uint32_t>(result.distributions.size());
        distribution = static_cast<std::int32_t>(result.distributions.size());
        result.distributions.push_back(std::move(d));
    }

    void start_vehicle(Kind what, const char* element, const char** attributes) {
        kind = what;
        kind_depth = depth;
        has_inline_route = false;
        usable = true;
        const char* id = attribute(attributes, "id");
        const char* type = attribute(attributes, "type");
        const char* route = attribute(attributes, "route");
        vehicle = SumoRouteFile::Vehicle{.id = id ? id : "", .type = type ? type : ""};
        route_ref = route ? route : "";
        const std::string context = fmt::format("{} '{}'", element, vehicle.id);
        if (!vehicle.type.empty() && !type_index.contains(vehicle.type) &&
            !distribution_index.contains(vehicle.type)) {
            fail(fmt::format("vType '{}' is not defined before it", vehicle.type), context);
            return;
        }
        if (what == Kind::flow) {
            flow = Flow{.begin_s = number(attributes, "begin", 0.0, context),
                        .end_s = number(attributes, "end", 86'400.0, context)};
            flow.number = number(attributes, "number", -1.0, context);
            if (const char* period = attribute(attributes, "period");
                period != nullptr && std::string_view(period).starts_with("exp(")) {
                flow.poisson = true;
                flow.period_s = 1.0 / std::strtod(period + 4, nullptr);
            } else {
                flow.period_s = number(attributes, "period", -1.0, context);
            }
            if (const double per_hour = number(attributes, "vehsPerHour", -1.0, context);
                per_hour > 0.0)
                flow.period_s = 3600.0 / per_hour;
            flow.probability = number(attributes, "probability", -1.0, context);
            if (flow.number < 0.0 && flow.period_s <= 0.0 && flow.probability < 0.0) {
                fail("a flow needs number, period, vehsPerHour or probability", context);
                return;
            }
        } else if (const char* depart = attribute(attributes, "depart")) {
            char* end = nullptr;
            vehicle.depart_s = std::strtod(depart, &end);
            if (end == depart || *end != '\0') {
                tally.add(
                    fmt::format("vehicles with depart=\"{}\" left out (a time is needed)", depart),
                    vehicle.id);
                usable = false;
            }
        }
        if (what != Kind::vehicle) {
            const char* from = attribute(attributes, "from");
            const char* to = attribute(attributes, "to");
            if (from != nullptr && to != nullptr) {
                vehicle.from_edge = edge_id(from);
                vehicle.to_edge = edge_id(to);
            } else if (route_ref.empty()) {
                if (attribute(attributes, "fromJunction") != nullptr ||
                    attribute(attributes, "fromTaz") != nullptr) {
                    tally.add("trips between junctions or TAZs left out (from and to edges are "
                              "needed)",
                              vehicle.id);
                    usable = false;
                }
            }
            if (attribute(attributes, "via") != nullptr)
                tally.add("'via' not used (trips take the fastest path)", vehicle.id);
        }
        for (const char* ignored : {"departLane", "departPos", "departSpeed", "arrivalLane",
                                    "arrivalPos", "arrivalSpeed", "departEdge", "arrivalEdge"}) {
            if (attribute(attributes, ignored) != nullptr) {
                tally.add(fmt::format("attribute '{}' not used (vehicles enter at the start of "
                                      "their first link and leave at the end of the last)",
                                      ignored),
                          vehicle.id);
            }
        }
    }

    void start(const char* element, const char** attributes) {
        ++depth;
        if (error) return;
        if (skip_depth > 0) return;
        const std::string_view name(element);
        if (name == "routes" || name == "additional" || name == "interval") return;
        if (name == "vType") {
            start_type(attributes);
        } else if (name == "vTypeDistribution") {
            start_distribution(attributes);
        } else if (name == "vehicle") {
            start_vehicle(Kind::vehicle, element, attributes);
        } else if (name == "trip") {
            start_vehicle(Kind::trip, element, attributes);
        } else if (name == "flow") {
            start_vehicle(Kind::flow, element, attributes);
        } else if (name == "route") {
            const char* edges = attribute(attributes, "edges");
            const Span span = add_route(edges ? edges : "");
            if (kind != Kind::none) {
                vehicle.route_begin = span.begin;
                vehicle.route_end = span.end;
                has_inline_route = true;
            } else if (const char* id = attribute(attributes, "id")) {
                named_routes[id] = span;
            }
        } else if (name == "person" || name == "personFlow" || name == "container" ||
                   name == "containerFlow") {
            const char* id = attribute(attributes, "id");
            tally.add(fmt::format("<{}> elements left out (tuntas moves vehicles only)", name),
                      id ? id : "");
            skip_depth = depth;
        } else if (name == "stop" && kind != Kind::none) {
            tally.add("<stop> elements not used (vehicles drive through without a dwell)",
                      vehicle.id);
        } else {
            tally.add(fmt::format("<{}> elements not used", name));
            if (kind == Kind::none) skip_depth = depth;
        }
    }

    /// Vehicles a route file may make, flows expanded: beyond it (a flow to t = 7.8e11 s every
    /// 2 s, found by fuzz_sumo_routes) the reader would run out of memory, or of time drawing.
    static constexpr double max_vehicles = 10'000'000;

    /// A flow's vehicles: `number` evenly over [begin, end), one each `period`, or one each
    /// second with `probability` (as SUMO inserts them).
    void expand_flow() {
        // What the flow makes (or, by probability, the draws it takes), checked before it is
        // expanded.
        const double span_s = std::max(0.0, flow.end_s - flow.begin_s);
        const double expected = flow.number >= 0.0    ? flow.number
                                : flow.period_s > 0.0 ? span_s / flow.period_s
                                                      : span_s;  // a draw a second
        if (!(expected <= max_vehicles - static_cast<double>(result.vehicles.size()))) {
            fail(fmt::format("it makes about {:.3g} vehicles (or draws), more than the {:.0f} a "
                             "route file may hold: shorten it (begin, end) or lower its rate",
                             expected, max_vehicles),
                 fmt::format("flow '{}'", vehicle.id));
            return;
        }
        std::vector<double> departs;
        if (flow.number >= 0.0) {
            const auto count = static_cast<std::size_t>(std::llround(flow.number));
            for (std::size_t k = 0; k < count; ++k)
                departs.push_back(flow.begin_s + (flow.end_s - flow.begin_s) *
                                                     static_cast<double>(k) /
                                                     static_cast<double>(count));
        } else if (flow.period_s > 0.0 && !flow.poisson) {
            for (double t = flow.begin_s; t < flow.end_s; t += flow.period_s) departs.push_back(t);
        } else {
            engine::RandomStream random(seed,
                                        engine::stream_key_of("traffic/sumo-flow/" + vehicle.id));
            if (flow.poisson) {
                for (double t = flow.begin_s - std::log1p(-random.next_unit()) * flow.period_s;
                     t < flow.end_s; t -= std::log1p(-random.next_unit()) * flow.period_s)
                    departs.push_back(t);
            } else {
                for (double t = flow.begin_s; t < flow.end_s; t += 1.0) {
                    if (random.next_unit() < flow.probability) departs.push_back(t);
                }
            }
        }
        const SumoRouteFile::Vehicle pattern = vehicle;
        for (std::size_t k = 0; k < departs.size(); ++k) {
            SumoRouteFile::Vehicle one = pattern;
            one.id = fmt::format("{}.{}", pattern.id, k);
            one.depart_s = departs[k];
            result.vehicles.push_back(std::move(one));
        }
    }

    void end(const char* element) {
        --depth;
        if (error) return;
        if (skip_depth > 0) {
            if (depth < skip_depth) skip_depth = 0;
            return;
        }
        const std::string_view name(element);
        if (name == "vTypeDistribution") {
            distribution = -1;
            return;
        }
        if (kind == Kind::none || depth != kind_depth - 1) return;
        if (name != "vehicle" && name != "trip" && name != "flow") return;
        const Kind what = kind;
        kind = Kind::none;
        if (!usable) return;
        vehicle.line = XML_GetCurrentLineNumber(parser);
        if (!has_inline_route && !route_ref.empty()) {
            const auto named = named_routes.find(route_ref);
            if (named == named_routes.end()) {
                fail(fmt::format("route '{}' is not defined before it", route_ref),
                     fmt::format("{} '{}'", name, vehicle.id));
                return;
            }
            vehicle.route_begin = named->second.begin;
            vehicle.route_end = named->second.end;
        }
        if (vehicle.route_begin != vehicle.route_end) {
            vehicle.from_edge = SumoRouteFile::none;  // a route given: nothing to route
            vehicle.to_edge = SumoRouteFile::none;
        } else if (what != Kind::vehicle && vehicle.from_edge == SumoRouteFile::none) {
            fail("a trip or flow needs a route or from and to edges",
                 fmt::format("{} '{}'", name, vehicle.id));
            return;
        }
        if (what == Kind::flow) {
            expand_flow();
        } else {
            result.vehicles.push_back(std::move(vehicle));
        }
    }
};

}  // namespace

SumoRouteFile read_sumo_route_file(const std::filesystem::path& file, std::uint64_t seed) {
    std::ifstream in(file, std::ios::binary);
    if (!in)
        throw model::InputError(
            model::Diagnostic{file.string(), 0, 0, "cannot open the route file"});
    const std::unique_ptr<XML_ParserStruct, decltype(&XML_ParserFree)> parser(
        XML_ParserCreate(nullptr), XML_ParserFree);
    RouteFileReader reader{.parser = parser.get(), .seed = seed};
    reader.result.file = file;
    // duarouter writes about 8 bytes per edge id of a route: room for them all up front.
    std::error_code size_error;
    const auto bytes = std::filesystem::file_size(file, size_error);
    if (!size_error) reader.result.route_edges.reserve(static_cast<std::size_t>(bytes / 8));
    XML_SetUserData(parser.get(), &reader);
    XML_SetElementHandler(
        parser.get(),
        [](void* data, const XML_Char* element, const XML_Char** attributes) {
            static_cast<RouteFileReader*>(data)->start(element, attributes);
        },
        [](void* data, const XML_Char* element) {
            static_cast<RouteFileReader*>(data)->end(element);
        });
    // Read straight into expat's own buffer: no copy of the file on the way.
    constexpr int chunk = 1 << 16;
    for (;;) {
        void* buffer = XML_GetBuffer(parser.get(), chunk);
        if (buffer == nullptr)
            throw model::InputError(model::Diagnostic{file.string(), 0, 0, "out of memory"});
        in.read(static_cast<char*>(buffer), chunk);
        const auto got = static_cast<int>(in.gcount());
        const bool last = got == 0 || !in;
        if (XML_ParseBuffer(parser.get(), got, last ? 1 : 0) == XML_STATUS_ERROR) {
            throw model::InputError(model::Diagnostic{
                file.string(), static_cast<int>(XML_GetCurrentLineNumber(parser.get())), 0,
                fmt::format("XML error: {}", XML_ErrorString(XML_GetErrorCode(parser.get())))});
        }
        if (reader.error) throw model::InputError(*reader.error);
        if (last) break;
    }
    reader.result.warnings = reader.tally.lines();
    return std::move(reader.result);
}

}  // namespace tuntas::traffic
