#pragma once

#include <cstdint>
#include <vector>

namespace tuntas::traffic {
struct TrafficNetwork;
}  // namespace tuntas::traffic

namespace tuntas::waste {

/// Free-flow legs (seconds, metres) between the places trucks go, the slots (the depot, the
/// gates, the containers; places on one road node are one slot), each the fastest path of the
/// tree into its end (traffic::paths_to). Stored for the pairs the plan asks: every slot to and
/// from each hub (the depot and the gates) and among each gate's catchment (its tour
/// problems); a pair outside those (the dispatcher sending a truck across catchments) is
/// searched when asked, into its end and stopped at its start, which gives the whole tree's
/// values. So 16 bytes a pair for hubs x slots x 2 plus the catchments' squares, not slots x
/// slots (15,902 slots at 30 million people: 4.0 GB).
class LegTable {
public:
    /// A leg's free-flow time and length.
    struct Leg {
        double time_s{0.0};
        double length_m{0.0};
    };
    /// Marks a road node that is no slot.
    static constexpr std::uint32_t no_slot = 0xffffffffU;

    LegTable() = default;

    /// Every pair given (small plans made by hand): [from_slot * slots + to_slot], with
    /// `slot_of_node` per road node (no_slot where none).
    [[nodiscard]] static LegTable dense(std::vector<std::uint32_t> slot_of_node,
                                        std::vector<double> time_s, std::vector<double> length_m);

    /// The slots `slot_nodes` on `network` (which must outlive the table) and the legs into
    /// those marked in `hub`: one tree each, in parallel. Throws std::invalid_argument naming two
    /// nodes when a slot cannot reach a hub.
    LegTable(const traffic::TrafficNetwork& network, std::vector<std::uint32_t> slot_nodes,
             const std::vector<bool>& hub);

    /// The legs from the hubs into every other slot and among each of `catchments` (lists of
    /// slots that are no hubs, each in one at most): one tree into each slot that is no hub, in
    /// parallel. Throws std::invalid_argument naming two nodes when a hub cannot reach a slot.
    void add_catchments(const std::vector<std::vector<std::uint32_t>>& catchments);

    /// The leg from road node `from` to road node `to`, both slots.
    [[nodiscard]] Leg leg(std::uint32_t from, std::uint32_t to) const;
    /// True when the leg from `from` to `to` (road nodes, slots) is held, not searched.
    [[nodiscard]] bool holds(std::uint32_t from, std::uint32_t to) const;
    /// The times (s) of the legs from each of `from` to `to` (all slots): what time_s gives for
    /// each, with at most one search for the pairs not held (one whole tree into `to`).
    [[nodiscard]] std::vector<double> times_into(std::uint32_t to,
                                                 const std::vector<std::uint32_t>& from) const;
    /// Its time, s.
    [[nodiscard]] double time_s(std::uint32_t from, std::uint32_t to) const {
        return leg(from, to).time_s;
    }
    /// Its length, m.
    [[nodiscard]] double length_m(std::uint32_t from, std::uint32_t to) const {
        return leg(from, to).length_m;
    }
    /// The slot of road node `node` (no_slot: none).
    [[nodiscard]] std::uint32_t slot_of(std::uint32_t node) const { return slot_of_node_[node]; }
    /// The road network the legs are on (null for a dense table).
    [[nodiscard]] const traffic::TrafficNetwork* network() const { return network_; }
    /// The road nodes of the slots.
    [[nodiscard]] const std::vector<std::uint32_t>& slot_nodes() const { return slot_nodes_; }
    /// True when slot `slot` is a hub (the depot or a gate).
    [[nodiscard]] bool is_hub(std::uint32_t slot) const {
        return !hub_of_slot_.empty() && hub_of_slot_[slot] != none;
    }
    /// Pairs held (dense: every pair).
    [[nodiscard]] std::size_t stored_pairs() const;

private:
    static constexpr std::uint32_t none = 0xffffffffU;

    const traffic::TrafficNetwork* network_{nullptr};
    std::vector<std::uint32_t> slot_nodes_;
    std::vector<std::uint32_t> slot_of_node_;
    std::vector<Leg> dense_;                        // every pair (dense tables only)
    std::vector<std::uint32_t> hub_of_slot_;        // per slot: its hub index or none
    std::vector<std::vector<Leg>> into_hub_;        // [hub][from slot]
    std::vector<std::vector<Leg>> from_hub_;        // [hub][to slot]
    std::vector<std::uint32_t> catchment_of_slot_;  // per slot: its catchment or none
    std::vector<std::uint32_t> place_in_catchment_;
    std::vector<std::uint32_t> catchment_size_;
    std::vector<std::vector<Leg>> within_;  // [catchment][from place * size + to place]
};

}  // namespace tuntas::waste
