#pragma once

// The district's plain records, shared by the loader, the writer, the generator and the
// importers (one vocabulary, like a model's events.hpp).

#include <cmath>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "models/district/facility_kind.hpp"
#include "models/district/road_class.hpp"

namespace tuntas::district {

/// A point in WGS84 degrees.
struct LonLat {
    double lon{0.0};
    double lat{0.0};

    bool operator==(const LonLat&) const = default;
};

/// Whether (lon, lat) is a position: finite, longitude in [-180, 180], latitude in [-90, 90]
/// (a centroid_lon of 9.2e18 passed the load once and tripped an assertion mid-run).
[[nodiscard]] inline bool is_lon_lat(double lon, double lat) {
    return std::isfinite(lon) && std::isfinite(lat) && std::abs(lon) <= 180.0 &&
           std::abs(lat) <= 90.0;
}

/// A ring of a polygon (closed: first point == last point), lon/lat.
using Ring = std::vector<LonLat>;

/// A polygon: an outer ring and holes.
using Polygon = std::vector<Ring>;

/// Provenance every record may carry.
struct Provenance {
    std::string source;     ///< where the figure or geometry comes from
    bool estimated{false};  ///< true when it is an assumption, not a sourced figure

    bool operator==(const Provenance&) const = default;
};

/// A zone where people live (a village, or a finer town zone).
struct Zone {
    std::string id;  ///< e.g. Kemendagri code "64.01.04.1001"
    std::string name;
    std::string kecamatan;          ///< the sub-district it belongs to
    double population{0.0};         ///< residents
    LonLat centroid;                ///< representative point
    std::vector<Polygon> polygons;  ///< boundary (empty when only a centroid is known)
    double area_km2{0.0};           ///< from the projected boundary; 0 without one
    Provenance provenance;
};

/// A road junction or shape end.
struct RoadNode {
    LonLat position;
    double x_m{0.0};         ///< projected easting (UTM)
    double y_m{0.0};         ///< projected northing (UTM)
    bool signalised{false};  ///< has a fixed-time signal
};

/// A directed road link.
struct RoadLink {
    std::uint32_t from{0};  ///< node index
    std::uint32_t to{0};    ///< node index
    double length_m{0.0};
    int lanes{1};  ///< lanes in this direction
    double free_speed_m_per_s{0.0};
    double capacity_pcu_per_h_per_lane{0.0};
    RoadClass road_class{RoadClass::local};
    std::string name;
    std::uint32_t feature{0};  ///< the roads-file feature it came from
    Provenance provenance;

    /// Free-flow travel time, s.
    [[nodiscard]] double free_flow_time_s() const { return length_m / free_speed_m_per_s; }
};

/// A road as written in a roads file: a polyline with attributes; two-way unless `oneway`.
struct Road {
    std::string id;  ///< optional (SUMO edge ids, OSM way ids)
    std::vector<LonLat> line;
    RoadClass road_class{RoadClass::local};
    std::string name;
    int lanes{0};                             ///< per direction; 0: the class default
    double free_speed_kmh{0.0};               ///< 0: the class default
    double capacity_pcu_per_h_per_lane{0.0};  ///< 0: the class default
    bool oneway{false};
    double length_m{0.0};  ///< 0: measured from the line (a given length wins, e.g.
                           ///< a detour factor on a straight approximation)
    /// A one-way road: seconds to cross the junction at its end onto each next road (by id),
    /// e.g. SUMO's internal lanes at their speed; a turn not listed takes no time.
    std::map<std::string, double> turn_s;
    /// A one-way road: the lanes (0: its rightmost car lane) from which each next road (by id)
    /// is reached, e.g. SUMO's connections; turns whose lanes overlap queue together, others
    /// queue apart. A road without: every lane takes every turn (one queue).
    std::map<std::string, std::vector<int>> turn_lanes;
    int priority{-1};  ///< rank at unsignalised junctions (higher: major; SUMO's edge
                       ///< priority); -1: from the class (national 3 ... local 0)
    Provenance provenance;

    bool operator==(const Road&) const = default;
};

/// A facility: waste or telecom infrastructure at a point.
struct Facility {
    std::string id;
    FacilityKind kind{FacilityKind::tps};
    std::string name;
    LonLat position;
    std::map<std::string, double> values;  ///< kind-specific figures with units in the key
                                           ///< (capacity_m3, sectors, capacity_mbps_per_sector)
    Provenance provenance;
};

/// A telecom transport link between two facilities.
struct BackhaulLink {
    std::string id;
    std::string from;    ///< facility id
    std::string to;      ///< facility id
    std::string medium;  ///< "fibre" or "microwave"
    double capacity_mbps{0.0};
    double length_m{0.0};  ///< along its path
    std::vector<LonLat> path;
    Provenance provenance;
};

/// A fixed-time signal program at a junction, as a network file gives it: phase durations and,
/// for each incoming road (by id), which phases let it go ('G' or 'g' in SUMO's states).
struct SignalProgram {
    LonLat position;  ///< the junction
    std::vector<double> phase_durations_s;
    std::map<std::string, std::string> green_by_road;  ///< road id -> 'G'/'r' per phase (any
                                                       ///< of its turns green)
    /// Road id -> next road id -> 'G'/'g'/'r' per phase: a turn listed here waits for its own
    /// green (SUMO's signal state of its connections), others for their road's. 'g' is a
    /// permissive green: the turn gives way to the protected ('G') turns from the junction's
    /// other roads (a left turn across oncoming traffic).
    std::map<std::string, std::map<std::string, std::string>> green_by_turn;
    /// Actuated control (SUMO's `actuated`): per phase, the shortest and longest it runs; a
    /// phase whose two are equal is fixed. Empty: fixed time.
    std::vector<double> min_durations_s;
    std::vector<double> max_durations_s;
    double offset_s{0.0};

    bool operator==(const SignalProgram&) const = default;
};

/// A whole district as files hold it, before validation and indexing.
struct DistrictData {
    std::string name;
    std::string projection{"EPSG:32750"};        ///< metric CRS for lengths (UTM 50S for Paser)
    std::map<std::string, std::string> sources;  ///< manifest notes: what came from where
    std::vector<Zone> zones;
    std::vector<Road> roads;
    std::vector<LonLat> signals;                 ///< signalised junction positions
    std::vector<SignalProgram> signal_programs;  ///< known programs (imports); others get a
                                                 ///< Webster default from demand
    std::vector<Facility> facilities;
    std::vector<BackhaulLink> backhaul;
};

}  // namespace tuntas::district
