#pragma once

#include <cstdint>
#include <filesystem>
#include <limits>
#include <string>
#include <vector>

namespace tuntas::traffic {

/// Which XML parser reads a route file.
enum class RouteFileParser : std::uint8_t {
    /// RapidXML (inside Boost's property_tree) when the file keeps to the part of XML it reads
    /// exactly as expat does (ASCII, no entities, no "\r", ...; checked on the way), expat
    /// otherwise: a route file as SUMO's tools write it reads about 1.5 times faster.
    fastest,
    /// expat alone: the reference the fastest way is tested against.
    expat,
};

/// A SUMO route file as read, before it meets a network: every vehicle with its departure, its
/// type and its route as indices into the file's own table of edge names (or, for a <trip>, the
/// edges it goes from and to, routed later). Reading needs no district, so it can run while the
/// district loads.
struct SumoRouteFile {
    static constexpr std::uint32_t none = std::numeric_limits<std::uint32_t>::max();

    /// One vehicle: a <vehicle>, a <trip>, or one of a <flow>'s.
    struct Vehicle {
        std::string id;
        double depart_s{0.0};
        std::uint64_t line{0};         ///< line of its start tag
        std::uint32_t route_begin{0};  ///< into `route_edges` (empty for a trip)
        std::uint32_t route_end{0};
        std::uint32_t from_edge{none};  ///< a trip: where it starts, into `edge_names`
        std::uint32_t to_edge{none};    ///< a trip: where it ends
        std::string type;               ///< a vType or vTypeDistribution id ("": SUMO's default)
    };
    /// A <vType>: what tuntas maps to a vehicle class.
    struct VehicleType {
        std::string id;
        std::string vclass;  ///< SUMO's vClass ("" : passenger)
        double length_m{5.0};
        double max_speed_m_per_s{55.56};
    };
    /// A <vTypeDistribution>: its members (indices into `types`) and their probabilities.
    struct TypeDistribution {
        std::string id;
        std::vector<std::uint32_t> members;
        std::vector<double> probabilities;
    };

    std::filesystem::path file;
    std::vector<std::string> edge_names;     ///< each distinct edge id once, in order of first use
    std::vector<std::uint32_t> route_edges;  ///< the vehicles' routes, into `edge_names`
    std::vector<Vehicle> vehicles;           ///< in file order (a flow's where it ends)
    std::vector<VehicleType> types;
    std::vector<TypeDistribution> distributions;
    /// What the reader did not use, one line per kind with a count ("<person> elements left
    /// out (tuntas moves vehicles only): 12").
    std::vector<std::string> warnings;
    /// How many pieces the file was read in, on as many threads (1: in one pass).
    unsigned pieces_read{1};
    /// The parser that read it: `fastest` when RapidXML read all of it, else expat.
    RouteFileParser parsed_by{RouteFileParser::expat};
};

/// Reads a SUMO route file without a document tree: <vehicle> with an inline <route
/// edges="..."/> or route="id" naming a <route id edges> defined before it; <trip from to>
/// (routed by tuntas on the fastest free-flow path); <flow> with begin/end and number, period,
/// vehsPerHour or probability (expanded into vehicles as SUMO does; probability draws a
/// vehicle each second with stream `seed`); <vType> and <vTypeDistribution>. What it does not
/// model (<person>, <container>, <stop>, departLane and the other placement attributes,
/// unknown elements) is counted in `warnings`. Throws model::InputError naming file and line
/// for a file that cannot be opened, is not well-formed XML, uses a route or type id before
/// defining it, or gives a flow no count, period, rate or probability (a problem with a
/// vehicle, trip or flow is named at the line of its start tag).
/// A large file is read in `pieces` (0: one a core, each of at least 1 MiB) on as many
/// threads, split where a vehicle, trip or flow begins a line, and merged: the same result as
/// read in one piece, to the byte. A file that does not split that way (a DOCTYPE, an encoding
/// other than UTF-8, a vType among the vehicles, a split inside a comment) or has a
/// problem is read in one piece.
[[nodiscard]] SumoRouteFile read_sumo_route_file(const std::filesystem::path& file,
                                                 std::uint64_t seed = 0, unsigned pieces = 0,
                                                 RouteFileParser parser = RouteFileParser::fastest);

}  // namespace tuntas::traffic
