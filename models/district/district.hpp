#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "models/district/projection.hpp"
#include "models/district/records.hpp"

namespace tuntas::district {

/// A validated district: zones, the directed road graph (nodes projected to metres), facilities
/// snapped to road nodes, backhaul; with spatial queries (Boost.Geometry R-trees) and shortest
/// paths (Boost.Graph, compressed sparse rows). Built by load_district or from DistrictData.
class District {
public:
    /// Its name as a service models need (the run driver loads the scenario's district once
    /// and offers it to every model: model::Services).
    static constexpr std::string_view service_name = "district";

    /// Builds the graph and indexes from `data` (already checked by the loader).
    explicit District(DistrictData data);
    /// The same with `projection` already made for data.projection (PROJ takes milliseconds to
    /// open its database: a loader makes it while it reads the layers).
    District(DistrictData data, Projection projection);
    ~District();
    District(District&&) noexcept;
    District& operator=(District&&) noexcept;
    District(const District&) = delete;
    District& operator=(const District&) = delete;

    /// The records as loaded.
    [[nodiscard]] const DistrictData& data() const noexcept { return data_; }
    /// Road nodes.
    [[nodiscard]] std::span<const RoadNode> nodes() const noexcept { return nodes_; }
    /// Directed road links.
    [[nodiscard]] std::span<const RoadLink> links() const noexcept { return links_; }
    /// The road node each facility is snapped to (same order as data().facilities).
    [[nodiscard]] std::span<const std::uint32_t> facility_nodes() const noexcept {
        return facility_nodes_;
    }
    /// The road node each zone's centroid is snapped to.
    [[nodiscard]] std::span<const std::uint32_t> zone_nodes() const noexcept { return zone_nodes_; }

    /// Projects a lon/lat point to the district's metric CRS.
    [[nodiscard]] XY project(LonLat point) const { return projection_.forward(point); }
    /// The nearest road node to a projected point (requires at least one node).
    [[nodiscard]] std::uint32_t nearest_node(XY point) const;
    /// Distance from a projected point to its nearest road node, m.
    [[nodiscard]] double distance_to_road_m(XY point) const;
    /// The zone whose boundary contains the point, if any.
    [[nodiscard]] std::optional<std::size_t> zone_of(XY point) const;

    /// The fastest path (free-flow travel time) from node `from` to node `to`, as link indices;
    /// empty when `to` cannot be reached (or from == to).
    [[nodiscard]] std::vector<std::uint32_t> shortest_path(std::uint32_t from,
                                                           std::uint32_t to) const;
    /// The path from `from` to `to` in a fastest-path `tree` grown from `from`, as link indices;
    /// empty when `to` is not in the tree (or from == to).
    [[nodiscard]] std::vector<std::uint32_t> path_in_tree(const std::vector<std::uint32_t>& tree,
                                                          std::uint32_t from,
                                                          std::uint32_t to) const;
    /// The fastest-path tree from `from`: for each node, the link that reaches it on its fastest
    /// path (no_link for `from` itself and for unreachable nodes).
    [[nodiscard]] std::vector<std::uint32_t> fastest_tree(std::uint32_t from) const;
    /// The same, avoiding every link whose `closed[link]` is true.
    [[nodiscard]] std::vector<std::uint32_t> fastest_tree(std::uint32_t from,
                                                          const std::vector<bool>& closed) const;
    /// The tree of least total `link_time_s` (one per link; infinity leaves a link out).
    [[nodiscard]] std::vector<std::uint32_t>
    fastest_tree_weighted(std::uint32_t from, const std::vector<double>& link_time_s) const;
    /// Marks "no link" in fastest_tree.
    static constexpr std::uint32_t no_link = 0xffffffffU;

    /// Free-flow travel times, s, from `from` to every node (infinity where unreachable).
    [[nodiscard]] std::vector<double> travel_times_from(std::uint32_t from) const;

    /// Strongly connected component of each node (0 is the largest).
    [[nodiscard]] std::span<const std::uint32_t> components() const noexcept {
        return component_of_node_;
    }

private:
    struct Index;
    /// `projection` null: made here from data.projection.
    District(DistrictData data, Projection* projection);

    DistrictData data_;
    Projection projection_;
    std::vector<RoadNode> nodes_;
    std::vector<RoadLink> links_;
    std::vector<std::uint32_t> facility_nodes_;
    std::vector<std::uint32_t> zone_nodes_;
    std::vector<std::uint32_t> component_of_node_;
    std::unique_ptr<Index> index_;
};

}  // namespace tuntas::district
