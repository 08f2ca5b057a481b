#include "models/district/district.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <numeric>
#include <utility>

#include <boost/geometry.hpp>
#include <boost/geometry/geometries/box.hpp>
#include <boost/geometry/geometries/multi_polygon.hpp>
#include <boost/geometry/geometries/point_xy.hpp>
#include <boost/geometry/geometries/polygon.hpp>
#include <boost/geometry/index/rtree.hpp>
#include <boost/graph/compressed_sparse_row_graph.hpp>
#include <boost/graph/dijkstra_shortest_paths.hpp>
#include <boost/graph/strong_components.hpp>
#include <boost/property_map/property_map.hpp>

namespace tuntas::district {

namespace bg = boost::geometry;
namespace bgi = boost::geometry::index;

namespace {
using Point = bg::model::d2::point_xy<double>;
using Box = bg::model::box<Point>;
using PolygonXY = bg::model::polygon<Point>;
using MultiPolygonXY = bg::model::multi_polygon<PolygonXY>;
using NodeEntry = std::pair<Point, std::uint32_t>;
using ZoneEntry = std::pair<Box, std::uint32_t>;

struct EdgeProperties {
    double time_s{0.0};
    std::uint32_t link{0};
};
using Graph =
    boost::compressed_sparse_row_graph<boost::directedS, boost::no_property, EdgeProperties,
                                       boost::no_property, std::uint32_t, std::uint32_t>;

std::pair<std::int64_t, std::int64_t> coordinate_key(LonLat p) {
    // 1e-7 degree (about 1 cm): points closer than that are the same junction.
    return {std::llround(p.lon * 1e7), std::llround(p.lat * 1e7)};
}
}  // namespace

struct District::Index {
    bgi::rtree<NodeEntry, bgi::rstar<16>> nodes;
    bgi::rtree<ZoneEntry, bgi::rstar<16>> zone_boxes;
    std::vector<MultiPolygonXY> zone_shapes;
    Graph graph;
};

District::District(DistrictData data) : District(std::move(data), nullptr) {}

District::District(DistrictData data, Projection projection)
    : District(std::move(data), &projection) {}

District::District(DistrictData data, Projection* projection)
    : data_(std::move(data)),
      projection_(projection != nullptr ? std::move(*projection) : Projection(data_.projection)),
      index_(std::make_unique<Index>()) {
    // Junctions: road end points, merged by coordinate; interior points only shape a road.
    std::map<std::pair<std::int64_t, std::int64_t>, std::uint32_t> node_of;
    const auto node_at = [&](LonLat p) {
        const auto key = coordinate_key(p);
        const auto it = node_of.find(key);
        if (it != node_of.end()) return it->second;
        const XY xy = projection_.forward(p);
        nodes_.push_back(RoadNode{p, xy.x_m, xy.y_m, false});
        const auto index = static_cast<std::uint32_t>(nodes_.size() - 1);
        node_of.emplace(key, index);
        return index;
    };
    for (std::uint32_t r = 0; r < data_.roads.size(); ++r) {
        const Road& road = data_.roads[r];
        if (road.line.size() < 2) continue;
        const std::uint32_t a = node_at(road.line.front());
        const std::uint32_t b = node_at(road.line.back());
        double length = road.length_m;
        if (length <= 0.0) {
            for (std::size_t i = 1; i < road.line.size(); ++i) {
                const XY p = projection_.forward(road.line[i - 1]);
                const XY q = projection_.forward(road.line[i]);
                length += std::hypot(q.x_m - p.x_m, q.y_m - p.y_m);
            }
        }
        const RoadClassDefaults defaults = defaults_of(road.road_class);
        RoadLink link{
            .from = a,
            .to = b,
            .length_m = length,
            .lanes = road.lanes > 0 ? road.lanes : defaults.lanes,
            .free_speed_m_per_s =
                (road.free_speed_kmh > 0 ? road.free_speed_kmh : defaults.free_speed_kmh) / 3.6,
            .capacity_pcu_per_h_per_lane = road.capacity_pcu_per_h_per_lane > 0
                                               ? road.capacity_pcu_per_h_per_lane
                                               : defaults.capacity_pcu_per_h_per_lane,
            .road_class = road.road_class,
            .name = road.name,
            .feature = r,
            .provenance = road.provenance};
        links_.push_back(link);
        if (!road.oneway) {
            std::swap(link.from, link.to);
            links_.push_back(std::move(link));
        }
    }
    for (const LonLat& signal : data_.signals) {
        const auto it = node_of.find(coordinate_key(signal));
        if (it != node_of.end()) nodes_[it->second].signalised = true;
    }

    for (std::uint32_t n = 0; n < nodes_.size(); ++n) {
        index_->nodes.insert({Point(nodes_[n].x_m, nodes_[n].y_m), n});
    }

    // Zones: projected boundaries for point-in-zone queries, and their areas.
    for (std::uint32_t z = 0; z < data_.zones.size(); ++z) {
        Zone& zone = data_.zones[z];
        MultiPolygonXY shape;
        for (const Polygon& polygon : zone.polygons) {
            PolygonXY projected;
            for (std::size_t r = 0; r < polygon.size(); ++r) {
                auto& ring = r == 0 ? projected.outer() : projected.inners().emplace_back();
                for (const LonLat& p : polygon[r]) {
                    const XY xy = projection_.forward(p);
                    ring.emplace_back(xy.x_m, xy.y_m);
                }
            }
            bg::correct(projected);
            shape.push_back(std::move(projected));
        }
        if (!shape.empty()) {
            zone.area_km2 = bg::area(shape) / 1e6;
            index_->zone_boxes.insert({bg::return_envelope<Box>(shape), z});
        }
        index_->zone_shapes.push_back(std::move(shape));
    }

    // The graph in compressed sparse rows, weighted by free-flow travel time.
    std::vector<std::pair<std::uint32_t, std::uint32_t>> edges;
    std::vector<EdgeProperties> properties;
    edges.reserve(links_.size());
    for (std::uint32_t l = 0; l < links_.size(); ++l) {
        edges.emplace_back(links_[l].from, links_[l].to);
        properties.push_back({links_[l].free_flow_time_s(), l});
    }
    index_->graph = Graph(boost::edges_are_unsorted_multi_pass, edges.begin(), edges.end(),
                          properties.begin(), static_cast<std::uint32_t>(nodes_.size()));

    // Strongly connected components, renumbered so that 0 is the largest (ties: lowest node).
    std::vector<std::uint32_t> raw(nodes_.size(), 0);
    const auto count =
        nodes_.empty()
            ? 0U
            : static_cast<std::uint32_t>(boost::strong_components(
                  index_->graph, boost::make_iterator_property_map(
                                     raw.begin(), boost::get(boost::vertex_index, index_->graph))));
    std::vector<std::pair<std::int64_t, std::uint32_t>> order;  // (-size, first node)
    std::vector<std::int64_t> size(count, 0);
    std::vector<std::uint32_t> first(count, std::numeric_limits<std::uint32_t>::max());
    for (std::uint32_t n = 0; n < raw.size(); ++n) {
        ++size[raw[n]];
        first[raw[n]] = std::min(first[raw[n]], n);
    }
    for (std::uint32_t c = 0; c < count; ++c) order.emplace_back(-size[c], first[c]);
    std::vector<std::uint32_t> components(count);
    std::iota(components.begin(), components.end(), 0U);
    std::sort(components.begin(), components.end(),
              [&](std::uint32_t a, std::uint32_t b) { return order[a] < order[b]; });
    std::vector<std::uint32_t> rank(count);
    for (std::uint32_t r = 0; r < count; ++r) rank[components[r]] = r;
    component_of_node_.resize(nodes_.size());
    for (std::uint32_t n = 0; n < raw.size(); ++n) component_of_node_[n] = rank[raw[n]];

    if (!nodes_.empty()) {
        for (const Facility& facility : data_.facilities) {
            facility_nodes_.push_back(nearest_node(project(facility.position)));
        }
        for (const Zone& zone : data_.zones) {
            zone_nodes_.push_back(nearest_node(project(zone.centroid)));
        }
    }
}

District::~District() = default;
District::District(District&&) noexcept = default;
District& District::operator=(District&&) noexcept = default;

std::uint32_t District::nearest_node(XY point) const {
    std::vector<NodeEntry> found;
    index_->nodes.query(bgi::nearest(Point(point.x_m, point.y_m), 1), std::back_inserter(found));
    return found.empty() ? 0 : found.front().second;
}

double District::distance_to_road_m(XY point) const {
    if (nodes_.empty()) return std::numeric_limits<double>::infinity();
    const RoadNode& node = nodes_[nearest_node(point)];
    return std::hypot(node.x_m - point.x_m, node.y_m - point.y_m);
}

std::optional<std::size_t> District::zone_of(XY point) const {
    const Point p(point.x_m, point.y_m);
    std::vector<ZoneEntry> candidates;
    index_->zone_boxes.query(bgi::contains(p), std::back_inserter(candidates));
    std::sort(candidates.begin(), candidates.end(),
              [](const ZoneEntry& a, const ZoneEntry& b) { return a.second < b.second; });
    for (const auto& [box, zone] : candidates) {
        if (bg::covered_by(p, index_->zone_shapes[zone])) return zone;
    }
    return std::nullopt;
}

std::vector<double> District::travel_times_from(std::uint32_t from) const {
    std::vector<double> times(nodes_.size(), std::numeric_limits<double>::infinity());
    std::vector<std::uint32_t> predecessor(nodes_.size());
    boost::dijkstra_shortest_paths(
        index_->graph, from,
        boost::weight_map(boost::get(&EdgeProperties::time_s, index_->graph))
            .distance_map(boost::make_iterator_property_map(
                times.begin(), boost::get(boost::vertex_index, index_->graph)))
            .predecessor_map(boost::make_iterator_property_map(
                predecessor.begin(), boost::get(boost::vertex_index, index_->graph))));
    return times;
}

std::vector<std::uint32_t> District::fastest_tree(std::uint32_t from) const {
    return fastest_tree(from, std::vector<bool>{});
}

std::vector<std::uint32_t> District::fastest_tree(std::uint32_t from,
                                                  const std::vector<bool>& closed) const {
    std::vector<double> times(links_.size());
    for (std::size_t l = 0; l < links_.size(); ++l) {
        times[l] = l < closed.size() && closed[l] ? std::numeric_limits<double>::infinity()
                                                  : links_[l].free_flow_time_s();
    }
    return fastest_tree_weighted(from, times);
}

std::vector<std::uint32_t>
District::fastest_tree_weighted(std::uint32_t from, const std::vector<double>& link_time_s) const {
    // An infinite weight means "never": Dijkstra leaves such a link out of every finite path.
    const double never = std::numeric_limits<double>::infinity();
    std::vector<double> weights(boost::num_edges(index_->graph));
    for (const auto edge : boost::make_iterator_range(boost::edges(index_->graph))) {
        weights[boost::get(boost::edge_index, index_->graph, edge)] =
            link_time_s[index_->graph[edge].link];
    }
    std::vector<double> times(nodes_.size(), never);
    std::vector<std::uint32_t> predecessor(nodes_.size());
    std::iota(predecessor.begin(), predecessor.end(), 0U);
    boost::dijkstra_shortest_paths(
        index_->graph, from,
        boost::weight_map(boost::make_iterator_property_map(
                              weights.begin(), boost::get(boost::edge_index, index_->graph)))
            .distance_map(boost::make_iterator_property_map(
                times.begin(), boost::get(boost::vertex_index, index_->graph)))
            .predecessor_map(boost::make_iterator_property_map(
                predecessor.begin(), boost::get(boost::vertex_index, index_->graph))));
    // Of parallel links between a node's predecessor and the node, the one with the least
    // finite weight (lowest index on ties) is on the path.
    std::vector<std::uint32_t> tree(nodes_.size(), no_link);
    for (std::uint32_t node = 0; node < nodes_.size(); ++node) {
        if (node == from || !std::isfinite(times[node])) continue;
        const std::uint32_t previous = predecessor[node];
        for (const auto edge :
             boost::make_iterator_range(boost::out_edges(previous, index_->graph))) {
            const auto link = index_->graph[edge].link;
            if (boost::target(edge, index_->graph) != node || !std::isfinite(link_time_s[link]))
                continue;
            if (tree[node] == no_link || link_time_s[link] < link_time_s[tree[node]] ||
                (link_time_s[link] == link_time_s[tree[node]] && link < tree[node])) {
                tree[node] = link;
            }
        }
    }
    return tree;
}

std::vector<std::uint32_t> District::shortest_path(std::uint32_t from, std::uint32_t to) const {
    return path_in_tree(fastest_tree(from), from, to);
}

std::vector<std::uint32_t> District::path_in_tree(const std::vector<std::uint32_t>& tree,
                                                  std::uint32_t from, std::uint32_t to) const {
    std::vector<std::uint32_t> path;
    for (std::uint32_t node = to; node != from && tree[node] != no_link;
         node = links_[tree[node]].from) {
        path.push_back(tree[node]);
    }
    if (path.empty() || links_[path.back()].from != from) return {};
    std::reverse(path.begin(), path.end());
    return path;
}

}  // namespace tuntas::district
