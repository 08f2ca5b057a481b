#include "models/traffic/sumo_route_file.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstring>
#include <fstream>
#include <memory>
#include <optional>
#include <set>
#include <span>
#include <sstream>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <boost/property_tree/detail/rapidxml.hpp>
#include <expat.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <tbb/task_arena.h>
#include <unistd.h>

#include "engine/parallel_for.hpp"
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

/// What to do with each element, whichever parser reads the file (RapidXML's tree walked in
/// document order, or expat's callbacks): the parser sets `line` to the line of each element's
/// start tag before calling start() and end().
struct RouteFileReader {
    std::uint64_t line{1};  ///< the line of the start tag of the element being handled
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
    bool has_stops{false};  // a <stop> inside it
    bool usable{true};      // false: left out (a non-numeric depart, a trip between junctions)
    struct Flow {
        double begin_s{0.0}, end_s{86'400.0};
        double number{-1.0}, period_s{-1.0}, probability{-1.0};
        bool poisson{false};  // period="exp(rate)"
    } flow;
    std::int32_t distribution{-1};           // the vTypeDistribution being read
    std::optional<model::Diagnostic> error;  // the first problem; parsing stops at it

    // A piece of the file after the first (read_in_pieces): it starts at a vehicle, trip or
    // flow, knows none of the types and routes defined before it, and leaves what needs them
    // to the merge.
    bool continuation{false};
    /// Type names its vehicles use, checked at the merge against the first piece's.
    std::set<std::string, std::less<>> unchecked_types;
    /// Vehicles (a flow's all) naming a route defined before the piece.
    struct RouteUse {
        std::size_t first_vehicle{0};  ///< into result.vehicles
        std::size_t count{0};
        std::string route;
        bool trip_or_flow{false};  ///< needs a route or from and to edges
    };
    std::vector<RouteUse> routes_from_before;
    /// Each flow's size check, made again at the merge with the vehicles before the piece.
    struct FlowCheck {
        std::size_t vehicles_before{0};  ///< in this piece
        double expected{0.0};
    };
    std::vector<FlowCheck> flow_checks;

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

    /// Appends the edges of a space-separated list to result.route_edges. Spaces only: XML
    /// reads a tab or line break in an attribute value as a space.
    Span add_route(std::string_view edges) {
        Span span{static_cast<std::uint32_t>(result.route_edges.size()), 0};
        std::uint32_t previous = SumoRouteFile::none;
        const char* at = edges.data();
        const char* const end = at + edges.size();
        while (at != end) {
            const auto* space =
                static_cast<const char*>(std::memchr(at, ' ', static_cast<std::size_t>(end - at)));
            const char* const stop = space == nullptr ? end : space;
            if (stop != at) {
                previous =
                    edge_after(previous, std::string_view(at, static_cast<std::size_t>(stop - at)));
                result.route_edges.push_back(previous);
            }
            at = space == nullptr ? end : space + 1;
        }
        span.end = static_cast<std::uint32_t>(result.route_edges.size());
        return span;
    }

    void fail(std::string message, std::string context) {
        if (error) return;
        error = model::Diagnostic{.file = result.file.string(),
                                  .line = static_cast<int>(line),
                                  .message = std::move(message),
                                  .context = std::move(context)};
    }

    /// A number attribute, or `otherwise` when absent; a present non-number is an error, named
    /// with `context()` (made only then: a route file has many vehicles).
    template <class Context>
    double number(const char** attributes, const char* name, double otherwise,
                  const Context& context) {
        const char* text = attribute(attributes, name);
        if (text == nullptr) return otherwise;
        char* end = nullptr;
        const double value = std::strtod(text, &end);
        if (end == text || *end != '\0' || !std::isfinite(value)) {
            fail(fmt::format("attribute '{}' is not a number: '{}'", name, text), context());
            return otherwise;
        }
        return value;
    }

    void start_type(const char** attributes) {
        if (continuation) return fail("a vType after the first vehicle", "");  // whole file
        const char* id = attribute(attributes, "id");
        const std::string name = id ? id : "";
        const char* vclass = attribute(attributes, "vClass");
        const auto context = [&] { return fmt::format("vType '{}'", name); };
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
        if (continuation) return fail("a vTypeDistribution after the first vehicle", "");
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
        has_stops = false;
        usable = true;
        const char* id = attribute(attributes, "id");
        const char* type = attribute(attributes, "type");
        const char* route = attribute(attributes, "route");
        vehicle =
            SumoRouteFile::Vehicle{.id = id ? id : "", .line = line, .type = type ? type : ""};
        route_ref = route ? route : "";
        const auto context = [&] { return fmt::format("{} '{}'", element, vehicle.id); };
        if (!vehicle.type.empty() && !type_index.contains(vehicle.type) &&
            !distribution_index.contains(vehicle.type)) {
            if (!continuation) {
                fail(fmt::format("vType '{}' is not defined before it", vehicle.type), context());
                return;
            }
            unchecked_types.insert(vehicle.type);  // the merge checks it
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
                fail("a flow needs number, period, vehsPerHour or probability", context());
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
        // Looked for by name only when some attribute could be one (most vehicles have none).
        bool placement = false;
        for (int i = 0; attributes[i] != nullptr; i += 2) {
            const std::string_view given(attributes[i]);
            placement = placement || (given.starts_with("depart") && given != "depart") ||
                        given.starts_with("arrival");
        }
        if (!placement) return;
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
            has_stops = true;
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
        if (continuation) flow_checks.push_back({result.vehicles.size(), expected});
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
        line = vehicle.line;  // what goes wrong now is named at the vehicle's start tag
        if (!has_inline_route && !route_ref.empty()) {
            const auto named = named_routes.find(route_ref);
            if (named != named_routes.end()) {
                vehicle.route_begin = named->second.begin;
                vehicle.route_end = named->second.end;
            } else if (continuation) {
                // Defined in a piece before (or nowhere): the merge finds it.
                RouteUse use{.first_vehicle = result.vehicles.size(),
                             .count = 0,
                             .route = route_ref,
                             .trip_or_flow = what != Kind::vehicle};
                if (what == Kind::flow) {
                    expand_flow();
                } else {
                    result.vehicles.push_back(std::move(vehicle));
                }
                use.count = result.vehicles.size() - use.first_vehicle;
                routes_from_before.push_back(std::move(use));
                return;
            } else {
                fail(fmt::format("route '{}' is not defined before it", route_ref),
                     fmt::format("{} '{}'", name, vehicle.id));
                return;
            }
        }
        // Every empty route the same (0, 0), wherever it was met, so that pieces read apart
        // give what the whole file gives.
        if (vehicle.route_begin == vehicle.route_end) vehicle.route_begin = vehicle.route_end = 0;
        if (vehicle.route_begin != vehicle.route_end) {
            vehicle.from_edge = SumoRouteFile::none;  // a route given: nothing to route
            vehicle.to_edge = SumoRouteFile::none;
        } else if (what != Kind::vehicle && vehicle.from_edge == SumoRouteFile::none) {
            if (has_stops) {
                // SUMO routes such a trip between its stops (bus stops: an additional file).
                tally.add("trips and flows given by their stops alone left out (tuntas routes "
                          "from an edge to an edge: give from and to)",
                          vehicle.id);
                return;
            }
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

/// Lets `reader` handle what `parser` reads.
void attach(XML_Parser parser, RouteFileReader& reader) {
    XML_SetUserData(parser, &reader);
    XML_UseParserAsHandlerArg(parser);  // handlers get the parser, for its line
    XML_SetElementHandler(
        parser,
        [](void* handler_arg, const XML_Char* element, const XML_Char** attributes) {
            const auto expat = static_cast<XML_Parser>(handler_arg);
            auto& handler = *static_cast<RouteFileReader*>(XML_GetUserData(expat));
            handler.line = XML_GetCurrentLineNumber(expat);
            handler.start(element, attributes);
        },
        [](void* handler_arg, const XML_Char* element) {
            static_cast<RouteFileReader*>(XML_GetUserData(static_cast<XML_Parser>(handler_arg)))
                ->end(element);
        });
}

/// A letter, '_' or ':': what may start an XML name in an ASCII text.
constexpr bool is_name_start(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':';
}

/// What start_tag_lines finds: the line of each start tag, whether any attribute value holds a
/// tab or a line feed (which XML reads as a space), and the text's '=' (at least one an
/// attribute: a bound on how many attributes RapidXML's tree holds).
struct StartTags {
    std::vector<std::uint64_t> lines;
    bool values_to_normalise{false};
    std::size_t equals{0};
};

/// The line feeds in text[from, to).
std::uint64_t line_feeds(std::string_view text, std::size_t from, std::size_t to) {
    return static_cast<std::uint64_t>(std::count(text.data() + from, text.data() + to, '\n'));
}

/// The lines of a text's start tags, in document order, when the text keeps to what RapidXML
/// reads exactly as expat does; nothing otherwise (expat reads it then, and names any error).
/// The subset: ASCII without control characters but tab and line feed (no "\r", so lines are
/// line feeds), no entity or character reference ('&'), an XML declaration only as SUMO
/// writes it and only at the start, comments without "--" inside, no other "<!" or "<?", no
/// '<' in an attribute value, one root element with only white space around it, no "]]>" in
/// text, and elements nested at most 64 deep (RapidXML recurses once a level). What this scan
/// leaves to RapidXML (a start tag's names and attributes, closing tags that match) the tree
/// walk checks. `text` must be followed by a NUL.
std::optional<StartTags> start_tag_lines(std::string_view text) {
    constexpr int deepest = 64;
    // Branch-free on bytes, so the compiler vectorises it: one pass at memory speed.
    std::uint8_t outside = 0;
    std::size_t equals = 0;
    for (const char c : text) {
        const auto byte = static_cast<std::uint8_t>(c);
        const auto control =
            static_cast<std::uint8_t>(static_cast<std::uint8_t>(byte - 0x20) > 0x5E);
        const auto allowed = static_cast<std::uint8_t>((byte == '\t') | (byte == '\n'));
        outside |= static_cast<std::uint8_t>((control & ~allowed) | (byte == '&'));
        equals += byte == '=' ? 1U : 0U;
    }
    if (outside) return {};
    std::size_t at = 0;
    for (const std::string_view declaration :
         {R"(<?xml version="1.0" encoding="UTF-8"?>)", R"(<?xml version="1.0" encoding="utf-8"?>)",
          R"(<?xml version="1.0"?>)"}) {
        if (text.starts_with(declaration)) {
            at = declaration.size();
            break;
        }
    }
    StartTags found{.lines = {}, .values_to_normalise = false, .equals = equals};
    std::uint64_t line = 1;
    int depth = 0;
    int roots = 0;
    const std::size_t size = text.size();
    const char* const data = text.data();
    while (at < size) {
        // Text up to the next '<': white space only outside the root, never "]]>".
        const char* const next = static_cast<const char*>(std::memchr(data + at, '<', size - at));
        const std::size_t tag = next == nullptr ? size : static_cast<std::size_t>(next - data);
        if (depth == 0) {
            for (std::size_t k = at; k < tag; ++k) {
                if (data[k] != ' ' && data[k] != '\t' && data[k] != '\n') return {};
            }
        } else if (std::string_view(data + at, tag - at).find("]]>") != std::string_view::npos) {
            return {};
        }
        line += line_feeds(text, at, tag);
        if (tag == size) break;
        const char after = data[tag + 1];  // the NUL after the text at worst
        if (after == '!') {
            if (text.substr(tag, 4) != "<!--") return {};
            const std::size_t dashes = text.find("--", tag + 4);
            if (dashes == std::string_view::npos || text.substr(dashes, 3) != "-->") return {};
            line += line_feeds(text, tag, dashes);
            at = dashes + 3;
        } else if (after == '/') {
            if (--depth < 0) return {};
            const std::size_t close = text.find('>', tag);
            if (close == std::string_view::npos) return {};
            line += line_feeds(text, tag, close);
            at = close + 1;
        } else if (is_name_start(after)) {
            if (depth == 0 && ++roots > 1) return {};
            if (++depth > deepest) return {};
            found.lines.push_back(line);
            // To the tag's '>', over quoted values (no '<' in them).
            std::size_t k = tag + 1;
            for (;;) {
                k += std::strcspn(data + k, "\"'<>\n");
                if (k >= size || data[k] == '<') return {};
                if (data[k] == '>') break;
                if (data[k] == '\n') {
                    ++line;
                    ++k;
                    continue;
                }
                const char quote = data[k];
                const char* const end =
                    static_cast<const char*>(std::memchr(data + k + 1, quote, size - k - 1));
                if (end == nullptr) return {};
                const std::string_view value(data + k + 1,
                                             static_cast<std::size_t>(end - data) - k - 1);
                if (value.find('<') != std::string_view::npos) return {};
                const std::uint64_t feeds =
                    line_feeds(text, k + 1, static_cast<std::size_t>(end - data));
                line += feeds;
                found.values_to_normalise = found.values_to_normalise || feeds > 0 ||
                                            value.find('\t') != std::string_view::npos;
                k = static_cast<std::size_t>(end - data) + 1;
            }
            if (data[k - 1] == '/') --depth;
            at = k + 1;
        } else {
            return {};  // "<?" past the start, or not markup
        }
    }
    if (depth != 0 || roots != 1) return {};
    return found;
}

/// An XML name as expat reads one in an ASCII text.
bool is_xml_name(const char* name, std::size_t size) {
    if (size == 0 || !is_name_start(name[0])) return false;
    return std::all_of(name + 1, name + size, [](char c) {
        return is_name_start(c) || (c >= '0' && c <= '9') || c == '-' || c == '.';
    });
}

namespace rapidxml = boost::property_tree::detail::rapidxml;

/// The most attributes an element read with RapidXML may have (the route and trips files SUMO
/// 1.15 ships have at most 10).
constexpr std::size_t most_attributes = 64;

/// RapidXML's tree takes about 100 bytes an element and 60 an attribute. A text with denser
/// markup than these bounds is left to expat, which streams, so the tree stays within about 10
/// times the text however it was written. The 41 route and trips files SUMO 1.15 ships under
/// tools/ and the benchmark cases have 36-177 bytes an element (median 89) and 15-89 bytes an
/// '=' (median 22).
constexpr std::size_t fewest_bytes_per_element = 32;
constexpr std::size_t fewest_bytes_per_attribute = 8;

/// The largest text read with RapidXML at once (a file in one pass, or one piece): with its
/// tree, at most about 11 times that in memory; a larger file is read in more pieces, or by
/// expat.
constexpr std::uintmax_t fastest_bytes_at_once = std::uintmax_t{16} << 20;

/// Reads `text` (NUL-terminated, changed in place) with RapidXML, the parser inside Boost's
/// property_tree (parsing alone, 2 ms against expat's 16-18 ms for DRT's 3.3 MB route file over
/// 5 h; the handlers' work is the same for both), and hands `reader` its
/// elements in document order, as expat would. False when the text is beyond the subset
/// start_tag_lines describes or RapidXML or the walk finds it not well-formed: nothing about it
/// is then decided, and expat reads it again with a fresh reader. True when read (with
/// reader.error set if the reader found a problem; reader.result.parsed_by says RapidXML when
/// it read the text to the end).
bool read_with_rapidxml(RouteFileReader& reader, std::span<char> text) {
    const auto tags = start_tag_lines(std::string_view(text.data(), text.size() - 1));
    if (!tags) return false;
    const std::vector<std::uint64_t>& lines = tags->lines;
    const std::size_t bytes = text.size() - 1;
    if (lines.size() * fewest_bytes_per_element > bytes ||
        tags->equals * fewest_bytes_per_attribute > bytes)
        return false;
    rapidxml::xml_document<char> document;
    try {
        document.parse<rapidxml::parse_no_data_nodes | rapidxml::parse_no_element_values |
                       rapidxml::parse_validate_closing_tags>(text.data());
    } catch (const rapidxml::parse_error&) {
        return false;
    }
    // Depth-first, in document order: an element, then (after its children) its end.
    struct Open {
        rapidxml::xml_node<char>* node;
        bool started;
    };
    std::vector<Open> stack;
    // (RapidXML's last_node() asserts that a node has children.)
    if (document.first_node() != nullptr) {
        for (auto* root = document.last_node(); root != nullptr; root = root->previous_sibling())
            stack.push_back({root, false});
    }
    std::vector<const char*> attributes;
    std::size_t element = 0;
    while (!stack.empty()) {
        auto& [node, started] = stack.back();
        if (started) {
            reader.end(node->name());
            stack.pop_back();
            if (reader.error) return true;
            continue;
        }
        started = true;
        if (element == lines.size() || !is_xml_name(node->name(), node->name_size())) return false;
        attributes.clear();
        for (auto* a = node->first_attribute(); a != nullptr; a = a->next_attribute()) {
            if (!is_xml_name(a->name(), a->name_size())) return false;
            // A value is followed by white space, '/' or '>' (its closing quote is now its NUL).
            const char after = a->value()[a->value_size() + 1];
            if (after != ' ' && after != '\t' && after != '\n' && after != '/' && after != '>')
                return false;
            // Twice the same name is not well-formed. Compared pairwise, so an element with
            // more attributes than any SUMO element has is left to expat (which hashes them).
            if (attributes.size() >= 2 * most_attributes) return false;
            for (std::size_t k = 0; k < attributes.size(); k += 2) {
                if (std::strcmp(attributes[k], a->name()) == 0) return false;
            }
            // XML's attribute-value normalisation: a tab or line feed is a space.
            if (tags->values_to_normalise) {
                std::replace_if(
                    a->value(), a->value() + a->value_size(),
                    [](char c) { return c == '\t' || c == '\n'; }, ' ');
            }
            attributes.push_back(a->name());
            attributes.push_back(a->value());
        }
        attributes.push_back(nullptr);
        reader.line = lines[element++];
        reader.start(node->name(), attributes.data());
        if (reader.error) return true;
        rapidxml::xml_node<char>* const parent = node;  // `node` dangles once the stack grows
        if (parent->first_node() == nullptr) continue;
        for (auto* child = parent->last_node(); child != nullptr;
             child = child->previous_sibling()) {
            if (child->type() == rapidxml::node_element) stack.push_back({child, false});
        }
    }
    if (element != lines.size()) return false;
    reader.result.parsed_by = RouteFileParser::fastest;
    return true;
}

/// The file read in one pass, as one parser sees it: RapidXML when the file keeps to the subset
/// it reads as expat does, expat otherwise.
SumoRouteFile read_whole(const std::filesystem::path& file, std::uint64_t seed,
                         RouteFileParser parser_choice) {
    std::ifstream in(file, std::ios::binary);
    if (!in)
        throw model::InputError(
            model::Diagnostic{file.string(), 0, 0, "cannot open the route file"});
    std::error_code size_error;
    const auto file_bytes = std::filesystem::file_size(file, size_error);
    const auto fresh_reader = [&] {
        RouteFileReader reader{.seed = seed};
        reader.result.file = file;
        // duarouter writes about 8 bytes per edge id of a route: room for them all up front.
        if (!size_error)
            reader.result.route_edges.reserve(static_cast<std::size_t>(file_bytes / 8));
        return reader;
    };
    if (parser_choice == RouteFileParser::fastest && !size_error &&
        file_bytes <= fastest_bytes_at_once) {
        // The whole text and its tree in memory (see fastest_bytes_at_once).
        const auto size = static_cast<std::size_t>(file_bytes);
        const auto text = std::make_unique_for_overwrite<char[]>(size + 1);
        in.read(text.get(), static_cast<std::streamsize>(size));
        text[size] = '\0';
        if (static_cast<std::uintmax_t>(in.gcount()) == file_bytes &&
            in.peek() == std::char_traits<char>::eof()) {
            RouteFileReader reader = fresh_reader();
            if (read_with_rapidxml(reader, std::span<char>(text.get(), size + 1))) {
                if (reader.error) throw model::InputError(*reader.error);
                reader.result.warnings = reader.tally.lines();
                return std::move(reader.result);
            }
        }
        in.clear();
        in.seekg(0);
    }
    // expat, streaming: a file of any size in 64 kB at a time.
    const std::unique_ptr<XML_ParserStruct, decltype(&XML_ParserFree)> parser(
        XML_ParserCreate(nullptr), XML_ParserFree);
    RouteFileReader reader = fresh_reader();
    attach(parser.get(), reader);
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
            // The first problem in the file: the reader's, when it met one before the XML error.
            if (reader.error) throw model::InputError(*reader.error);
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

/// A file mapped read-only into memory, for the pieces to read in place.
class MappedFile {
public:
    explicit MappedFile(const std::filesystem::path& file) {
        const int descriptor = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
        if (descriptor < 0) return;
        struct stat status {};
        if (::fstat(descriptor, &status) == 0 && status.st_size > 0) {
            void* at = ::mmap(nullptr, static_cast<std::size_t>(status.st_size), PROT_READ,
                              MAP_PRIVATE, descriptor, 0);
            if (at != MAP_FAILED) {
                data_ = static_cast<const char*>(at);
                size_ = static_cast<std::size_t>(status.st_size);
            }
        }
        ::close(descriptor);
    }
    MappedFile(const MappedFile&) = delete;
    MappedFile& operator=(const MappedFile&) = delete;
    ~MappedFile() {
        if (data_ != nullptr) ::munmap(const_cast<char*>(data_), size_);
    }
    /// The file's bytes (empty: not mapped).
    [[nodiscard]] std::string_view text() const { return {data_, size_}; }

private:
    const char* data_{nullptr};
    std::size_t size_{0};
};

/// The name of the document's root element, or "" when the file starts with anything but a
/// byte-order mark, an XML declaration in UTF-8 (or ASCII), comments and white space before it:
/// the pieces after the first are read as UTF-8 without a DOCTYPE's entities.
std::string root_element(std::string_view text) {
    if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
    const auto skip_blank = [&] {
        while (!text.empty() &&
               (text[0] == ' ' || text[0] == '\t' || text[0] == '\r' || text[0] == '\n'))
            text.remove_prefix(1);
    };
    for (;;) {
        skip_blank();
        if (text.starts_with("<?")) {
            const auto end = text.find("?>");
            if (end == std::string_view::npos) return "";
            const std::string_view declaration = text.substr(0, end);
            if (const auto at = declaration.find("encoding"); at != std::string_view::npos) {
                std::string value;
                for (char c : declaration.substr(at + 8)) {
                    if (c == '"' || c == '\'' || c == '=' || c == ' ') {
                        if (!value.empty()) break;
                        continue;
                    }
                    value.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
                }
                if (value != "utf-8" && value != "utf8" && value != "us-ascii" && value != "ascii")
                    return "";
            }
            text.remove_prefix(end + 2);
        } else if (text.starts_with("<!--")) {
            const auto end = text.find("-->");
            if (end == std::string_view::npos) return "";
            text.remove_prefix(end + 3);
        } else if (text.starts_with("<") && !text.starts_with("<!")) {
            std::size_t length = 1;
            while (length < text.size() && std::strchr(" \t\r\n/>", text[length]) == nullptr)
                ++length;
            return std::string(text.substr(1, length - 1));
        } else {
            return "";
        }
    }
}

/// The line breaks in `bytes` as XML counts them (and expat numbers lines): "\r\n", a lone
/// "\r" and a lone "\n" one each. A piece starts after a "\n", so no "\r\n" straddles two.
std::uint64_t line_breaks(std::string_view bytes) {
    auto count = static_cast<std::uint64_t>(std::count(bytes.begin(), bytes.end(), '\n'));
    for (std::size_t at = bytes.find('\r'); at != std::string_view::npos;
         at = bytes.find('\r', at + 1)) {
        if (at + 1 == bytes.size() || bytes[at + 1] != '\n') ++count;  // a lone "\r"
    }
    return count;
}

/// Where pieces start: the `<` of a <vehicle>, <trip> or <flow> that begins a line, the first
/// at or after each k * size / pieces (k = 1 .. pieces - 1), without repeats. A start inside a
/// comment or an element would make some piece ill-formed, and its reading fail.
std::vector<std::size_t> piece_starts(std::string_view text, unsigned pieces) {
    std::vector<std::size_t> starts{0};
    for (unsigned k = 1; k < pieces; ++k) {
        std::size_t at = std::max(starts.back() + 1, text.size() / pieces * k);
        for (;;) {
            const std::size_t line = text.find('\n', at);
            if (line == std::string_view::npos) return starts;
            at = line + 1;
            std::size_t tag = at;
            while (tag < text.size() && (text[tag] == ' ' || text[tag] == '\t')) ++tag;
            const std::string_view rest = text.substr(tag);
            bool vehicle = false;
            for (const std::string_view name : {"<vehicle", "<trip", "<flow"}) {
                vehicle = vehicle || (rest.size() > name.size() && rest.starts_with(name) &&
                                      std::strchr(" \t\r\n", rest[name.size()]) != nullptr);
            }
            if (vehicle) {
                starts.push_back(tag);
                break;
            }
        }
    }
    return starts;
}

/// Reads one piece: `bytes`, inside an element named `root` when it is not the file's start
/// (opened before it) or end (closed after it), by RapidXML when it can, else by expat. False:
/// not well-formed, or a problem the whole file's reading must name.
bool read_piece(RouteFileReader& reader, const std::string& root, std::string_view bytes,
                bool first, bool last, RouteFileParser parser_choice) {
    const std::string open = first ? "" : "<" + root + ">";
    const std::string close = last ? "" : "</" + root + ">";
    const RouteFileReader blank = reader;  // as the caller set it up, for expat's second try
    if (parser_choice == RouteFileParser::fastest && bytes.size() <= fastest_bytes_at_once) {
        std::vector<char> text;
        text.reserve(open.size() + bytes.size() + close.size() + 1);
        text.insert(text.end(), open.begin(), open.end());
        text.insert(text.end(), bytes.begin(), bytes.end());
        text.insert(text.end(), close.begin(), close.end());
        text.push_back('\0');
        if (read_with_rapidxml(reader, text)) return !reader.error;
    }
    reader = blank;
    const std::unique_ptr<XML_ParserStruct, decltype(&XML_ParserFree)> parser(
        XML_ParserCreate(nullptr), XML_ParserFree);
    attach(parser.get(), reader);
    const auto feed = [&](std::string_view part, bool final) {
        constexpr std::size_t most = std::size_t{1} << 30;  // XML_Parse takes an int
        do {
            const std::size_t now = std::min(part.size(), most);
            const bool done = now == part.size();
            if (XML_Parse(parser.get(), part.data(), static_cast<int>(now),
                          final && done ? 1 : 0) != XML_STATUS_OK ||
                reader.error)
                return false;
            part.remove_prefix(now);
        } while (!part.empty());
        return true;
    };
    return feed(open, false) && feed(bytes, false) && feed(close, true);
}

/// The file read as `pieces` parts on as many threads and merged into what read_whole gives,
/// or nothing when the file does not split (too small, a DOCTYPE, another encoding, a type
/// defined after the first vehicle) or a piece finds a problem (read_whole then names it).
std::optional<SumoRouteFile> read_in_pieces(const std::filesystem::path& file, std::uint64_t seed,
                                            unsigned pieces, RouteFileParser parser_choice) {
    const MappedFile mapped(file);
    const std::string_view text = mapped.text();
    const std::string root = root_element(text);
    if (root.empty()) return std::nullopt;
    const std::vector<std::size_t> starts = piece_starts(text, pieces);
    const std::size_t count = starts.size();
    if (count < 2) return std::nullopt;

    std::vector<RouteFileReader> readers(count);
    std::vector<std::uint64_t> newlines(count, 0);  // in each piece
    std::vector<char> read(count, 0);
    engine::parallel_for_index(count, [&](std::size_t k) {
        const std::size_t end = k + 1 < count ? starts[k + 1] : text.size();
        const std::string_view bytes = text.substr(starts[k], end - starts[k]);
        RouteFileReader& reader = readers[k];
        reader.seed = seed;
        reader.continuation = k > 0;
        reader.result.file = file;
        reader.result.route_edges.reserve(bytes.size() / 8);
        read[k] = read_piece(reader, root, bytes, k == 0, k + 1 == count, parser_choice) ? 1 : 0;
        newlines[k] = line_breaks(bytes);
    });
    if (std::find(read.begin(), read.end(), 0) != read.end()) return std::nullopt;

    const bool all_fast = std::all_of(readers.begin(), readers.end(), [](const auto& reader) {
        return reader.result.parsed_by == RouteFileParser::fastest;
    });
    // The first piece as it is; the others' edges renumbered into its table, their routes,
    // lines and vehicles moved after its own.
    SumoRouteFile result = std::move(readers[0].result);
    StringMap<std::uint32_t> edge_index = std::move(readers[0].edge_index);
    std::vector<std::size_t> route_offset(count, 0);
    std::uint64_t lines_before = newlines[0];
    for (std::size_t k = 1; k < count; ++k) {
        RouteFileReader& piece = readers[k];
        std::vector<std::uint32_t> global(piece.result.edge_names.size());
        for (std::size_t e = 0; e < global.size(); ++e) {
            std::string& name = piece.result.edge_names[e];
            auto found = edge_index.find(name);
            if (found == edge_index.end()) {
                found =
                    edge_index.emplace(name, static_cast<std::uint32_t>(result.edge_names.size()))
                        .first;
                result.edge_names.push_back(std::move(name));
            }
            global[e] = found->second;
        }
        route_offset[k] = result.route_edges.size();
        const auto offset = static_cast<std::uint32_t>(route_offset[k]);
        for (const std::uint32_t edge : piece.result.route_edges)
            result.route_edges.push_back(global[edge]);

        const std::size_t vehicles_before = result.vehicles.size();
        for (const auto& check : piece.flow_checks) {
            if (!(check.expected <=
                  RouteFileReader::max_vehicles -
                      static_cast<double>(vehicles_before + check.vehicles_before)))
                return std::nullopt;
        }
        for (auto& vehicle : piece.result.vehicles) {
            if (vehicle.route_begin != vehicle.route_end) {
                vehicle.route_begin += offset;
                vehicle.route_end += offset;
            }
            if (vehicle.from_edge != SumoRouteFile::none)
                vehicle.from_edge = global[vehicle.from_edge];
            if (vehicle.to_edge != SumoRouteFile::none) vehicle.to_edge = global[vehicle.to_edge];
            vehicle.line += lines_before;
            result.vehicles.push_back(std::move(vehicle));
        }
        // Routes named before the piece: the last definition in the nearest piece before.
        for (const auto& use : piece.routes_from_before) {
            std::optional<Span> span;
            for (std::size_t j = k; j-- > 0 && !span;) {
                const auto found = readers[j].named_routes.find(use.route);
                if (found == readers[j].named_routes.end()) continue;
                const auto shift = static_cast<std::uint32_t>(route_offset[j]);
                span = Span{found->second.begin + shift, found->second.end + shift};
            }
            if (!span) return std::nullopt;
            for (std::size_t v = 0; v < use.count; ++v) {
                auto& vehicle = result.vehicles[vehicles_before + use.first_vehicle + v];
                if (span->begin != span->end) {
                    vehicle.route_begin = span->begin;
                    vehicle.route_end = span->end;
                    vehicle.from_edge = SumoRouteFile::none;
                    vehicle.to_edge = SumoRouteFile::none;
                } else if (use.trip_or_flow && vehicle.from_edge == SumoRouteFile::none) {
                    return std::nullopt;
                }
            }
        }
        for (const auto& type : piece.unchecked_types) {
            if (!readers[0].type_index.contains(type) &&
                !readers[0].distribution_index.contains(type))
                return std::nullopt;
        }
        readers[0].tally.merge(piece.tally);
        lines_before += newlines[k];
    }
    result.warnings = readers[0].tally.lines();
    result.pieces_read = static_cast<unsigned>(count);
    result.parsed_by = all_fast ? RouteFileParser::fastest : RouteFileParser::expat;
    return result;
}

}  // namespace

SumoRouteFile read_sumo_route_file(const std::filesystem::path& file, std::uint64_t seed,
                                   unsigned pieces, RouteFileParser parser) {
    if (pieces == 0) {
        // One piece a core, each of at least a mebibyte (a smaller one costs more to start
        // than it saves); more when a core's piece would be too large for RapidXML to read at
        // once (the threads then take them in turn).
        std::error_code size_error;
        const auto bytes = std::filesystem::file_size(file, size_error);
        const auto cores = static_cast<std::uintmax_t>(tbb::this_task_arena::max_concurrency());
        const std::uintmax_t by_cores =
            std::clamp<std::uintmax_t>(bytes >> 20, 1, std::min<std::uintmax_t>(cores, 64));
        const std::uintmax_t by_memory =
            (bytes + fastest_bytes_at_once - 1) / fastest_bytes_at_once;
        pieces = size_error ? 1U
                            : static_cast<unsigned>(std::clamp<std::uintmax_t>(
                                  std::max(by_cores, by_memory), 1, 4096));
    }
    if (pieces > 1) {
        if (auto read = read_in_pieces(file, seed, pieces, parser)) return std::move(*read);
    }
    return read_whole(file, seed, parser);
}

}  // namespace tuntas::traffic
