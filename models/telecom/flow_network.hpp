#pragma once

#include <cstdint>
#include <limits>
#include <vector>

#include <boost/container/small_vector.hpp>

namespace tuntas::telecom {

/// Flows over capacitated links sharing bandwidth max-min fairly (progressive filling): every
/// flow gets the largest rate such that raising any flow's rate would need lowering a flow that
/// has no more. When a flow starts or ends, only the flows that can feel it are solved again:
/// those reached from its links through saturated links. A link with room to spare binds
/// nobody, so it joins the re-solve only if the re-solve fills it (then its other flows are
/// drawn in and the filling starts over), which keeps the result exactly max-min fair.
class FlowNetwork {
public:
    static constexpr std::uint32_t no_flow = std::numeric_limits<std::uint32_t>::max();

    /// Adds a link of `capacity` (any unit of rate, e.g. b/s); returns its index.
    std::uint32_t add_link(double capacity);
    /// Changes a link's capacity (0: down) and re-solves the flows over it.
    void set_capacity(std::uint32_t link, double capacity);
    /// Starts a flow over `links` (none repeated), at most `rate_cap` (infinity: no cap); solves
    /// what it touches and returns the flow's id (ids of ended flows are reused). A flow of
    /// `weight` w stands for w identical flows (same links): each gets rate(), the links carry
    /// w x rate().
    std::uint32_t start_flow(const std::vector<std::uint32_t>& links,
                             double rate_cap = std::numeric_limits<double>::infinity(),
                             std::uint32_t weight = 1);
    /// Changes how many identical flows a flow stands for (>= 1) and re-solves.
    void set_weight(std::uint32_t flow, std::uint32_t weight);
    /// Ends a flow and re-solves what shared links with it.
    void end_flow(std::uint32_t flow);

    /// The flow's current rate (of each of the identical flows it stands for).
    [[nodiscard]] double rate(std::uint32_t flow) const { return flows_[flow].rate; }
    /// The sum of the rates over a link (weights counted).
    [[nodiscard]] double load(std::uint32_t link) const { return links_.at(link).load; }
    [[nodiscard]] double capacity(std::uint32_t link) const { return links_[link].capacity; }
    /// Flows running over a link, weights counted.
    [[nodiscard]] std::uint64_t flows_on(std::uint32_t link) const { return links_[link].weight; }
    /// Flows whose rate changed at the last start, end, weight or capacity change (to
    /// re-schedule completions and integrate what was sent).
    [[nodiscard]] const std::vector<std::uint32_t>& changed() const noexcept { return changed_; }
    /// Flows the solver looked at in the last re-solve (the component's size).
    [[nodiscard]] std::size_t last_component_flows() const noexcept {
        return component_flows_.size();
    }

private:
    /// A flow's links, stored inline up to a typical route's length.
    using LinkList = boost::container::small_vector<std::uint32_t, 6>;

    struct Link {
        double capacity{0.0};
        double load{0.0};                  ///< sum of its flows' rates x weights
        std::uint64_t weight{0};           ///< sum of its flows' weights
        std::vector<std::uint32_t> flows;  ///< running flows over it
    };
    struct Flow {
        LinkList links;
        LinkList slots;  ///< its place in each of its links' flow lists
        double rate_cap{0.0};
        double rate{0.0};
        std::uint32_t weight{1};
        bool active{false};
    };

    /// True when a link has no room left (within round-off).
    [[nodiscard]] bool saturated(const Link& link) const noexcept {
        return link.load >= link.capacity * (1.0 - 1e-9);
    }
    /// The links of `flow` that are full (only they can give room back when it shrinks), in
    /// seeds_ (kept between calls to spare an allocation at every end).
    const std::vector<std::uint32_t>& saturated_links(const Flow& flow);
    /// Re-solves the flows reachable through saturated links from `seed_links` and from
    /// `new_flow` (a flow just started, or no_flow).
    void solve(const std::vector<std::uint32_t>& seed_links, std::uint32_t new_flow = no_flow);
    /// Adds link `l` to the re-solve, with all its flows (and, through them, saturated links).
    void draw_in(std::uint32_t l);
    /// Draws in the flows of the links added since the last call.
    void draw_in_pending();
    /// Adds flow `f` to the re-solve; its full links are drawn in, the others become touched.
    void add_to_component(std::uint32_t f);

    std::vector<Link> links_;
    std::vector<Flow> flows_;
    std::vector<std::uint32_t> free_ids_;
    std::size_t capped_{0};  ///< running flows with a finite rate cap
    std::vector<std::uint32_t> changed_;
    std::vector<std::uint32_t> seeds_;
    // Scratch, kept between solves to spare allocations.
    std::vector<std::uint32_t> component_flows_;
    std::vector<std::uint32_t> component_links_;  ///< drawn in: every flow over them is solved
    std::vector<std::uint32_t> touched_links_;    ///< crossed by solved flows, not drawn in
    std::vector<std::uint64_t> link_mark_;        ///< epoch_ when drawn in, epoch_ + 1 when touched
    std::vector<std::uint64_t> flow_mark_;
    std::vector<std::uint32_t> link_slot_;    ///< a constraint's index in the filling
    std::vector<double> new_rate_;            ///< per component flow, until committed
    std::vector<std::uint32_t> constraints_;  ///< links of the filling: drawn, then touched
    std::vector<double> remaining_;
    std::vector<std::uint64_t> unfrozen_;
    std::vector<char> has_outside_;
    std::vector<char> frozen_;
    std::vector<char> full_;  ///< per constraint: no room left
    std::vector<double> inside_rate_;
    std::uint64_t epoch_{0};
    std::size_t drawn_cursor_{0};  ///< component_links_ before it have had their flows drawn in
};

}  // namespace tuntas::telecom
