#pragma once

#include <cstdint>
#include <limits>
#include <vector>

namespace tuntas::telecom {

/// Flows over capacitated links sharing bandwidth max-min fairly (progressive filling): every
/// flow gets the largest rate such that raising any flow's rate would need lowering a flow that
/// has no more. When a flow starts or ends, only the flows connected to it through shared
/// links (its component) are solved again.
class FlowNetwork {
public:
    static constexpr std::uint32_t no_flow = std::numeric_limits<std::uint32_t>::max();

    /// Adds a link of `capacity` (any unit of rate, e.g. Mb/s); returns its index.
    std::uint32_t add_link(double capacity);
    /// Changes a link's capacity (0: down) and re-solves the flows over it.
    void set_capacity(std::uint32_t link, double capacity);
    /// Starts a flow over `links` (none repeated), at most `rate_cap` (infinity: no cap); solves
    /// its component and returns the flow's id (ids of ended flows are reused).
    std::uint32_t start_flow(const std::vector<std::uint32_t>& links,
                             double rate_cap = std::numeric_limits<double>::infinity());
    /// Ends a flow and re-solves what shared links with it.
    void end_flow(std::uint32_t flow);

    /// The flow's current rate.
    [[nodiscard]] double rate(std::uint32_t flow) const { return flows_[flow].rate; }
    /// The sum of the rates over a link.
    [[nodiscard]] double load(std::uint32_t link) const;
    [[nodiscard]] double capacity(std::uint32_t link) const { return links_[link].capacity; }
    /// Flows running.
    [[nodiscard]] std::size_t active_flows() const { return active_; }
    /// Flows whose rate changed at the last start, end or capacity change (to re-schedule their
    /// completions).
    [[nodiscard]] const std::vector<std::uint32_t>& changed() const noexcept { return changed_; }
    /// Flows the solver looked at in the last re-solve (the component's size).
    [[nodiscard]] std::size_t last_component_flows() const noexcept { return component_flows_.size(); }

private:
    struct Link {
        double capacity{0.0};
        std::vector<std::uint32_t> flows;  ///< running flows over it
    };
    struct Flow {
        std::vector<std::uint32_t> links;
        std::vector<std::uint32_t> slots;  ///< its place in each of its links' flow lists
        double rate_cap{0.0};
        double rate{0.0};
        bool active{false};
    };

    /// Re-solves the component of the flows over `seed_links`.
    void solve(const std::vector<std::uint32_t>& seed_links);

    std::vector<Link> links_;
    std::vector<Flow> flows_;
    std::vector<std::uint32_t> free_ids_;
    std::size_t active_{0};
    std::size_t capped_{0};  ///< running flows with a finite rate cap
    std::vector<std::uint32_t> changed_;
    // Scratch, kept between solves to spare allocations.
    std::vector<std::uint32_t> component_flows_;
    std::vector<std::uint32_t> component_links_;
    std::vector<std::uint32_t> link_mark_;
    std::vector<std::uint32_t> flow_mark_;
    std::uint32_t epoch_{0};
};

}  // namespace tuntas::telecom
