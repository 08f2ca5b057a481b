#pragma once

#include <cstdint>
#include <memory>
#include <vector>

namespace tuntas::telecom {

/// Routes from every transport node to the core over the links that work: the tree of fewest
/// hops, and of least latency among those (Dijkstra, Boost.Graph), so traffic takes its primary
/// path and a protection hop only when the primary fails. Stored as one parent link per node:
/// routes take memory in proportion to nodes plus links. Rebuilt when a link or node goes down
/// or comes back.
class RouteTree {
public:
    static constexpr std::uint32_t no_link = 0xffff'ffffU;

    /// One undirected link: its end nodes and its latency, s (the route metric).
    struct Edge {
        std::uint32_t a{0};
        std::uint32_t b{0};
        double latency_s{0.0};
    };

    RouteTree(std::uint32_t node_count, const std::vector<Edge>& edges, std::uint32_t core);
    ~RouteTree();
    RouteTree(RouteTree&&) noexcept;
    RouteTree& operator=(RouteTree&&) noexcept;
    RouteTree(const RouteTree&) = delete;
    RouteTree& operator=(const RouteTree&) = delete;

    /// Recomputes the tree using only links with `link_up[l]` and nodes with `node_up[n]` (a node
    /// down carries no route through it and has none of its own).
    void rebuild(const std::vector<char>& link_up, const std::vector<char>& node_up);
    /// True when `node` has a working route to the core.
    [[nodiscard]] bool reaches(std::uint32_t node) const {
        return node == core_ || parent_link_[node] != no_link;
    }
    /// Appends the links from `node` to the core, nearest first (nothing for the core itself or
    /// a node that does not reach it).
    void append_path(std::uint32_t node, std::vector<std::uint32_t>& out) const;

private:
    struct Graph;
    std::unique_ptr<Graph> graph_;
    std::vector<Edge> edges_;
    std::uint32_t core_{0};
    std::vector<std::uint32_t> parent_link_;
    std::vector<std::uint32_t> parent_node_;
    std::vector<double> metric_;  ///< per node: hops + latency (s) to the core
};

}  // namespace tuntas::telecom
