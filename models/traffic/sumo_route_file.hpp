#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace tuntas::traffic {

/// A SUMO route file as read, before it meets a network: every vehicle with its departure and
/// its route as indices into the file's own table of edge names. Reading needs no district, so
/// it can run while the district loads.
struct SumoRouteFile {
    /// One <vehicle>.
    struct Vehicle {
        std::string id;
        double depart_s{0.0};
        std::uint64_t line{0};         ///< line of its </vehicle> (or self-closing tag)
        std::uint32_t route_begin{0};  ///< into `route_edges`
        std::uint32_t route_end{0};
    };

    std::filesystem::path file;
    std::vector<std::string> edge_names;     ///< each distinct edge id once, in order of first use
    std::vector<std::uint32_t> route_edges;  ///< the vehicles' routes, into `edge_names`
    std::vector<Vehicle> vehicles;           ///< in file order
};

/// Reads vehicles from a SUMO route file (duarouter's output: <vehicle id depart> with an inline
/// <route edges="..."/>, or route="id" naming a <route id edges> defined before it) with a
/// streaming (expat) parser. Throws model::InputError naming file and line for a file that
/// cannot be opened, is not well-formed XML, or uses a route id before defining it.
[[nodiscard]] SumoRouteFile read_sumo_route_file(const std::filesystem::path& file);

}  // namespace tuntas::traffic
