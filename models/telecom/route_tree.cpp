#include "models/telecom/route_tree.hpp"

#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <utility>

#include <boost/graph/compressed_sparse_row_graph.hpp>
#include <boost/graph/dijkstra_shortest_paths.hpp>
#include <boost/range/iterator_range.hpp>

namespace tuntas::telecom {
namespace {

struct EdgeLink {
    std::uint32_t link{0};
};
/// A hop's weight in the route metric, s: more than any latency in a district.
constexpr double hop_weight = 1.0;

using Csr = boost::compressed_sparse_row_graph<boost::directedS, boost::no_property, EdgeLink,
                                               boost::no_property, std::uint32_t, std::uint32_t>;

}  // namespace

struct RouteTree::Graph {
    Csr csr;
};

RouteTree::RouteTree(std::uint32_t node_count, const std::vector<Edge>& edges, std::uint32_t core)
    : edges_(edges),
      core_(core),
      parent_link_(node_count, no_link),
      parent_node_(node_count, 0),
      metric_(node_count, std::numeric_limits<double>::infinity()) {
    if (core >= node_count) throw std::invalid_argument("RouteTree: the core is not a node");
    std::vector<std::pair<std::uint32_t, std::uint32_t>> arcs;
    std::vector<EdgeLink> properties;
    arcs.reserve(2 * edges.size());
    for (std::uint32_t l = 0; l < edges.size(); ++l) {
        if (edges[l].a >= node_count || edges[l].b >= node_count) {
            throw std::invalid_argument("RouteTree: a link ends at no node");
        }
        if (edges[l].a == edges[l].b) {
            throw std::invalid_argument("RouteTree: a link from a node to itself");
        }
        arcs.emplace_back(edges[l].a, edges[l].b);
        properties.push_back({l});
        arcs.emplace_back(edges[l].b, edges[l].a);
        properties.push_back({l});
    }
    graph_ = std::make_unique<Graph>(Graph{Csr(boost::edges_are_unsorted_multi_pass, arcs.begin(),
                                               arcs.end(), properties.begin(), node_count)});
    rebuild(std::vector<char>(edges.size(), 1), std::vector<char>(node_count, 1));
}

RouteTree::~RouteTree() = default;
RouteTree::RouteTree(RouteTree&&) noexcept = default;
RouteTree& RouteTree::operator=(RouteTree&&) noexcept = default;

void RouteTree::rebuild(const std::vector<char>& link_up, const std::vector<char>& node_up) {
    const Csr& g = graph_->csr;
    const double never = std::numeric_limits<double>::infinity();
    // A hop weighs 1 s plus its latency (far below a second): fewest hops first, then least
    // latency. A link down, or touching a node down, weighs infinity: Dijkstra leaves it out
    // of every finite path (the core is always up).
    std::vector<double> weights(boost::num_edges(g));
    for (const auto edge : boost::make_iterator_range(boost::edges(g))) {
        const std::uint32_t l = g[edge].link;
        const Edge& e = edges_[l];
        const bool up =
            link_up[l] && (e.a == core_ || node_up[e.a]) && (e.b == core_ || node_up[e.b]);
        weights[boost::get(boost::edge_index, g, edge)] = up ? hop_weight + e.latency_s : never;
    }
    std::fill(metric_.begin(), metric_.end(), never);
    std::iota(parent_node_.begin(), parent_node_.end(), 0U);
    boost::dijkstra_shortest_paths(
        g, core_,
        boost::weight_map(
            boost::make_iterator_property_map(weights.begin(), boost::get(boost::edge_index, g)))
            .distance_map(boost::make_iterator_property_map(metric_.begin(),
                                                            boost::get(boost::vertex_index, g)))
            .predecessor_map(boost::make_iterator_property_map(
                parent_node_.begin(), boost::get(boost::vertex_index, g))));
    // The parent link: of parallel links to the parent, the one of least latency (lowest index
    // on ties), among those that work.
    std::fill(parent_link_.begin(), parent_link_.end(), no_link);
    for (std::uint32_t node = 0; node < parent_link_.size(); ++node) {
        if (node == core_ || !std::isfinite(metric_[node])) continue;
        const std::uint32_t parent = parent_node_[node];
        for (const auto edge : boost::make_iterator_range(boost::out_edges(node, g))) {
            if (boost::target(edge, g) != parent) continue;
            if (!std::isfinite(weights[boost::get(boost::edge_index, g, edge)])) continue;
            const std::uint32_t l = g[edge].link;
            const std::uint32_t best = parent_link_[node];
            const double w = edges_[l].latency_s;
            if (best == no_link || w < edges_[best].latency_s ||
                (w == edges_[best].latency_s && l < best)) {
                parent_link_[node] = l;
            }
        }
    }
}

void RouteTree::append_path(std::uint32_t node, std::vector<std::uint32_t>& out) const {
    if (!reaches(node)) return;
    // A tree path has fewer hops than there are nodes: a longer walk is a cycle (a bug), not a
    // path to follow until memory runs out.
    for (std::size_t hops = 0; node != core_; ++hops) {
        if (hops >= parent_node_.size()) throw std::logic_error("RouteTree: a cycle of parents");
        out.push_back(parent_link_[node]);
        node = parent_node_[node];
    }
}

}  // namespace tuntas::telecom
