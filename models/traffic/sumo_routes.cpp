#include "models/traffic/sumo_routes.hpp"

#include <algorithm>
#include <cstring>
#include <fstream>
#include <memory>
#include <string_view>
#include <unordered_map>

#include <expat.h>
#include <fmt/format.h>

#include "models/district/import_error.hpp"

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

/// A streaming (expat) reader of a route file: no document tree, so a large file costs little
/// more than reading it.
struct RouteFileReader {
    std::string file;
    XML_Parser parser{nullptr};
    TrafficNetwork* network{nullptr};
    engine::Ticks duration{0};
    StringMap<std::uint32_t> link_of_edge;
    StringMap<std::string> named_routes;
    std::vector<Trip> trips;
    // The vehicle being read.
    bool in_vehicle{false};
    std::string vehicle_id;
    double depart_s{0.0};
    std::string route_ref;
    std::string edges;
    std::vector<std::uint32_t> path;
    std::string error;

    /// "FILE:LINE: vehicle 'ID': " for messages about the vehicle being read.
    [[nodiscard]] std::string where() const {
        return fmt::format("{}:{}: vehicle '{}'", file, XML_GetCurrentLineNumber(parser),
                           vehicle_id);
    }

    static const char* attribute(const char** attributes, const char* name) {
        for (int i = 0; attributes[i] != nullptr; i += 2) {
            if (std::strcmp(attributes[i], name) == 0) return attributes[i + 1];
        }
        return nullptr;
    }

    void start(const char* element, const char** attributes) {
        if (std::strcmp(element, "vehicle") == 0) {
            in_vehicle = true;
            const char* id = attribute(attributes, "id");
            const char* depart = attribute(attributes, "depart");
            const char* route = attribute(attributes, "route");
            vehicle_id = id ? id : "";
            depart_s = depart ? std::strtod(depart, nullptr) : 0.0;
            route_ref = route ? route : "";
            edges.clear();
        } else if (std::strcmp(element, "route") == 0) {
            const char* route_edges = attribute(attributes, "edges");
            if (in_vehicle) {
                edges = route_edges ? route_edges : "";
            } else if (const char* id = attribute(attributes, "id")) {
                named_routes[id] = route_edges ? route_edges : "";
            }
        }
    }

    void end(const char* element) {
        if (std::strcmp(element, "vehicle") != 0 || !error.empty()) return;
        in_vehicle = false;
        if (edges.empty() && !route_ref.empty()) {
            const auto named = named_routes.find(route_ref);
            if (named == named_routes.end()) {
                error = fmt::format("{}: route '{}' is not defined before it", where(), route_ref);
                return;
            }
            edges = named->second;
        }
        path.clear();
        const std::string_view all_edges = edges;
        for (std::size_t begin = all_edges.find_first_not_of(" \t\r\n");
             begin != std::string_view::npos;) {
            const std::size_t end = std::min(all_edges.find_first_of(" \t\r\n", begin),
                                             all_edges.size());
            const std::string_view edge = all_edges.substr(begin, end - begin);
            begin = all_edges.find_first_not_of(" \t\r\n", end);
            const auto found = link_of_edge.find(edge);
            if (found == link_of_edge.end()) {
                error = fmt::format("{}: unknown edge '{}'", where(), edge);
                return;
            }
            if (!path.empty() && network->links[path.back()].to != network->links[found->second].from) {
                error = fmt::format("{}: edge '{}' does not start where the previous one ends",
                                    where(), edge);
                return;
            }
            path.push_back(found->second);
        }
        const engine::Ticks depart = engine::ticks_from_seconds(depart_s);
        if (path.empty() || depart >= duration) return;
        Trip trip{.vehicle_class = VehicleClass::car,
                  .origin_node = network->links[path.front()].from,
                  .destination_node = network->links[path.back()].to,
                  .depart = depart,
                  .route_begin = static_cast<std::uint32_t>(network->route_links.size())};
        for (const auto l : path) {
            network->route_links.push_back(l);
            trip.length_m += network->links[l].length_m;
            trip.free_flow_s += engine::seconds_from_ticks(network->links[l].free_flow);
        }
        trip.route_end = static_cast<std::uint32_t>(network->route_links.size());
        trips.push_back(trip);
    }
};

}  // namespace

std::vector<Trip> read_sumo_routes(const std::filesystem::path& file,
                                   const district::District& district, TrafficNetwork& network,
                                   engine::Ticks duration) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw district::ImportError(fmt::format("{}: cannot open the route file", file.string()));
    const std::unique_ptr<XML_ParserStruct, decltype(&XML_ParserFree)> parser(
        XML_ParserCreate(nullptr), XML_ParserFree);
    RouteFileReader reader{.file = file.string(), .parser = parser.get(), .network = &network,
                           .duration = duration};
    const auto links = district.links();
    reader.link_of_edge.reserve(links.size());
    for (std::uint32_t l = 0; l < links.size(); ++l) {
        const auto& id = district.data().roads[links[l].feature].id;
        if (!id.empty()) reader.link_of_edge.emplace(id, l);
    }
    XML_SetUserData(parser.get(), &reader);
    XML_SetElementHandler(
        parser.get(),
        [](void* data, const XML_Char* element, const XML_Char** attributes) {
            static_cast<RouteFileReader*>(data)->start(element, attributes);
        },
        [](void* data, const XML_Char* element) { static_cast<RouteFileReader*>(data)->end(element); });
    std::vector<char> buffer(1 << 16);
    while (in) {
        in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
        const auto got = static_cast<int>(in.gcount());
        if (XML_Parse(parser.get(), buffer.data(), got, got == 0 || !in) == XML_STATUS_ERROR) {
            throw district::ImportError(fmt::format(
                "{}:{}: XML error: {}", file.string(), XML_GetCurrentLineNumber(parser.get()),
                XML_ErrorString(XML_GetErrorCode(parser.get()))));
        }
        if (!reader.error.empty()) throw district::ImportError(reader.error);
    }
    std::stable_sort(reader.trips.begin(), reader.trips.end(),
                     [](const Trip& a, const Trip& b) { return a.depart < b.depart; });
    return std::move(reader.trips);
}

}  // namespace tuntas::traffic
