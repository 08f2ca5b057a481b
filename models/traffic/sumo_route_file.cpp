#include "models/traffic/sumo_route_file.hpp"

#include <cstring>
#include <fstream>
#include <memory>
#include <optional>
#include <string_view>
#include <unordered_map>

#include <expat.h>
#include <fmt/format.h>

#include "models/api/input_error.hpp"

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
    SumoRouteFile result;
    StringMap<std::uint32_t> edge_index;
    StringMap<Span> named_routes;
    // The vehicle being read.
    bool in_vehicle{false};
    SumoRouteFile::Vehicle vehicle;
    std::string route_ref;
    bool has_inline_route{false};
    std::optional<model::Diagnostic> error;  // the first problem; parsing stops at it

    static const char* attribute(const char** attributes, const char* name) {
        for (int i = 0; attributes[i] != nullptr; i += 2) {
            if (std::strcmp(attributes[i], name) == 0) return attributes[i + 1];
        }
        return nullptr;
    }

    /// Appends the edges of a space-separated list to result.route_edges.
    Span add_route(std::string_view edges) {
        Span span{static_cast<std::uint32_t>(result.route_edges.size()), 0};
        constexpr std::string_view blanks = " \t\r\n";
        for (std::size_t begin = edges.find_first_not_of(blanks);
             begin != std::string_view::npos;) {
            const std::size_t end = std::min(edges.find_first_of(blanks, begin), edges.size());
            const std::string_view edge = edges.substr(begin, end - begin);
            begin = edges.find_first_not_of(blanks, end);
            auto found = edge_index.find(edge);
            if (found == edge_index.end()) {
                found = edge_index
                            .emplace(std::string(edge),
                                     static_cast<std::uint32_t>(result.edge_names.size()))
                            .first;
                result.edge_names.emplace_back(edge);
            }
            result.route_edges.push_back(found->second);
        }
        span.end = static_cast<std::uint32_t>(result.route_edges.size());
        return span;
    }

    void start(const char* element, const char** attributes) {
        if (std::strcmp(element, "vehicle") == 0) {
            in_vehicle = true;
            has_inline_route = false;
            const char* id = attribute(attributes, "id");
            const char* depart = attribute(attributes, "depart");
            const char* route = attribute(attributes, "route");
            vehicle = SumoRouteFile::Vehicle{
                .id = id ? id : "", .depart_s = depart ? std::strtod(depart, nullptr) : 0.0};
            route_ref = route ? route : "";
        } else if (std::strcmp(element, "route") == 0) {
            const char* edges = attribute(attributes, "edges");
            const Span span = add_route(edges ? edges : "");
            if (in_vehicle) {
                vehicle.route_begin = span.begin;
                vehicle.route_end = span.end;
                has_inline_route = true;
            } else if (const char* id = attribute(attributes, "id")) {
                named_routes[id] = span;
            }
        }
    }

    void end(const char* element) {
        if (std::strcmp(element, "vehicle") != 0 || error) return;
        in_vehicle = false;
        vehicle.line = XML_GetCurrentLineNumber(parser);
        if (!has_inline_route && !route_ref.empty()) {
            const auto named = named_routes.find(route_ref);
            if (named == named_routes.end()) {
                error = model::Diagnostic{
                    .file = result.file.string(),
                    .line = static_cast<int>(vehicle.line),
                    .message = fmt::format("route '{}' is not defined before it", route_ref),
                    .context = fmt::format("vehicle '{}'", vehicle.id)};
                return;
            }
            vehicle.route_begin = named->second.begin;
            vehicle.route_end = named->second.end;
        }
        result.vehicles.push_back(std::move(vehicle));
    }
};

}  // namespace

SumoRouteFile read_sumo_route_file(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in)
        throw model::InputError(
            model::Diagnostic{file.string(), 0, 0, "cannot open the route file"});
    const std::unique_ptr<XML_ParserStruct, decltype(&XML_ParserFree)> parser(
        XML_ParserCreate(nullptr), XML_ParserFree);
    RouteFileReader reader{.parser = parser.get()};
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
    return std::move(reader.result);
}

}  // namespace tuntas::traffic
