#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "viewer/table.hpp"

namespace tuntas::viewer {

/// A point on the map plane: x east, y north, in km from the scene's centre (equirectangular:
/// plenty for a district).
struct MapPoint {
    float x{0.0F};
    float y{0.0F};
};

/// What the map draws that does not change during a run, built from the result's static
/// tables (traffic/nodes, links, zones, zone_outlines; waste/containers, gates).
struct Scene {
    struct Link {
        std::uint32_t from;
        std::uint32_t to;
        std::string road_class;
        std::string name;
        double free_speed_kmh;
        double length_m{0.0};
        bool estimated{false};  ///< an assumed road, not a surveyed one: drawn dashed
    };
    struct Zone {
        std::string name;
        double population;
        std::string kecamatan;  ///< the sub-district (empty when the result does not say)
        MapPoint centre;        ///< mean of its outer rings' points (where its name goes)
        std::vector<std::vector<MapPoint>> rings;  ///< outer rings
        std::vector<MapPoint> triangles;           ///< the rings filled, three points each
    };
    struct Site {
        std::string name;
        MapPoint at;
        double capacity_kg{0.0};  ///< containers
        bool landfill{false};     ///< gates: TPA (else TPS3R)
    };

    double lon0{0.0};
    double lat0{0.0};
    std::vector<MapPoint> nodes;
    std::vector<Link> links;
    std::vector<Zone> zones;
    /// Each kecamatan (sub-district) and where its name goes: the mean of its zones' centres.
    struct Kecamatan {
        std::string name;
        MapPoint centre;
        double population{0.0};  ///< of its zones (the larger one's name wins a crowded spot)
    };
    std::vector<Kecamatan> kecamatans;
    float mean_zone_width_km{0.0F};  ///< of the zones' east-west extents (when names fit)
    std::vector<Site> containers;
    std::vector<Site> gates;
    /// Other facilities (waste banks, truck depots, cell sites, ...): kind and place.
    struct Facility {
        std::string kind;
        std::string name;
        MapPoint at;
    };
    std::vector<Facility> facilities;
    /// Cell sites of the telecom model: where, and which sectors are theirs.
    struct CellSite {
        std::string id;  ///< facility id (added-site-N: a site an edit added)
        std::string name;
        MapPoint at;
        std::size_t first_sector{0};
        std::size_t sectors{0};
    };
    std::vector<CellSite> cell_sites;
    /// Backhaul links of the telecom model, end to end.
    struct Backhaul {
        std::string id;
        MapPoint from;
        MapPoint to;
        bool fibre{true};
    };
    std::vector<Backhaul> backhaul;
    std::size_t trucks{0};
    MapPoint low;  ///< bounding box
    MapPoint high;

    /// The map point of a lon/lat.
    [[nodiscard]] MapPoint project(double lon, double lat) const;
};

/// Builds the scene from static tables by their "group/name".
[[nodiscard]] Scene build_scene(const std::map<std::string, Table>& tables);

}  // namespace tuntas::viewer
