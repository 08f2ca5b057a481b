#pragma once

#include <algorithm>
#include <concepts>
#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "engine/lp.hpp"
#include "engine/lp_id.hpp"
#include "engine/random_stream.hpp"
#include "engine/simulation.hpp"
#include "engine/ticks.hpp"
#include "models/api/group_link.hpp"
#include "models/api/scenario.hpp"
#include "models/api/services.hpp"

namespace tuntas::model {

/// What models build into: the simulation, the services through which they couple, a locality
/// group per LP (LPs of one group always share a partition; groups are spread over the
/// partitions), and the lookahead every model can honour (the least delay of any event between
/// LPs of different groups). Knows no model.
class Assembly {
public:
    /// An assembly of `scenario` (which must outlive it), with no LP yet.
    explicit Assembly(const Scenario& assembled) : scenario(assembled) {}

    const Scenario& scenario;       ///< what is being assembled
    engine::Simulation simulation;  ///< the LPs every model adds
    Services services;              ///< what models offer each other (and the driver offers)

    /// `count` new locality groups, numbered on from the last model's; returns the first. Groups
    /// are ordered by creation, and the partitioning cuts that order into blocks, so a model
    /// numbers its own groups in the spatial order it wants kept together.
    [[nodiscard]] std::uint32_t new_groups(std::uint32_t count) {
        const std::uint32_t first = next_group_;
        next_group_ += count;
        return first;
    }

    /// Adds an LP in locality group `group`, expected to handle `expected_events` over the run
    /// (for balancing partitions; at least 1); returns its id. `identity` ("telecom/cells",
    /// "waste/container/tps-12") keys its random stream: stable across what-ifs that add or
    /// remove other entities (common random numbers); empty: keyed by its id.
    engine::LpId add_lp(std::unique_ptr<engine::Lp> lp, std::uint32_t group,
                        double expected_events = 1.0, std::string_view identity = {}) {
        place(group, expected_events);
        return identity.empty() ? simulation.add_lp(std::move(lp))
                                : simulation.add_lp(std::move(lp), engine::stream_key_of(identity));
    }

    /// Places an LP that a model's own builder added to `simulation` directly (the next one not
    /// yet placed, in id order) in locality group `group`.
    void place_added_lp(std::uint32_t group, double expected_events = 1.0) {
        TUNTAS_ASSERT(group_of_lp_.size() < simulation.lp_count(), "no LP left to place");
        place(group, expected_events);
    }

    /// The model's own LP `id` as its type T, for the model to read and drain between windows
    /// (from its ModelInstance; never while handlers run). T must be the LP's dynamic type.
    template <std::derived_from<engine::Lp> T>
    [[nodiscard]] T& lp(engine::LpId id) {
        auto* typed = dynamic_cast<T*>(&simulation.lp(id));
        TUNTAS_ASSERT(typed != nullptr, "an LP asked for as a type it is not");
        return *typed;
    }

    /// Records that groups `from` and `to` exchange about `expected_events` events over the run
    /// (in either direction; a pair given twice adds up), none with a delay below
    /// `least_delay`: the lookahead is at most that when the two land in different partitions.
    /// Without it, the model's floor (require_lookahead) must cover these events.
    void link_groups(std::uint32_t from, std::uint32_t to, double expected_events,
                     engine::Ticks least_delay = engine::ticks_max) {
        TUNTAS_ASSERT(from < next_group_ && to < next_group_, "a link to a group not made");
        TUNTAS_ASSERT(least_delay > 0, "a link between groups needs a positive delay");
        if (from != to) group_links_.push_back({from, to, expected_events, least_delay});
    }
    /// The links between groups the models recorded, in the order they did.
    [[nodiscard]] const std::vector<GroupLink>& group_links() const noexcept {
        return group_links_;
    }

    /// Lowers the lookahead floor to `least_cross_group_delay` if that is smaller: the least
    /// delay of the model's events between groups that its group links (with a delay) do not
    /// describe.
    void require_lookahead(engine::Ticks least_cross_group_delay) {
        lookahead_ = std::min(lookahead_, least_cross_group_delay);
    }

    /// The floor every model so far can honour (ticks_max: none asked); the run's lookahead is
    /// at most this and the least delay of the group links its partitioning cuts.
    [[nodiscard]] engine::Ticks lookahead() const noexcept { return lookahead_; }
    /// The groups made so far (the next new_groups starts here).
    [[nodiscard]] std::uint32_t group_count() const noexcept { return next_group_; }
    /// One entry per LP, in LP-id order.
    [[nodiscard]] const std::vector<std::uint32_t>& group_of_lp() const noexcept {
        return group_of_lp_;
    }
    /// Per LP, the events it is expected to handle over the run (1 when its model does not
    /// estimate): the partitioning balances the groups' sums, so a busy LP gets a partition to
    /// itself rather than sharing one with half the district.
    [[nodiscard]] const std::vector<double>& expected_events_of_lp() const noexcept {
        return expected_events_of_lp_;
    }

private:
    void place(std::uint32_t group, double expected_events) {
        TUNTAS_ASSERT(group < next_group_, "an LP placed in a group not made by new_groups");
        group_of_lp_.push_back(group);
        expected_events_of_lp_.push_back(std::max(expected_events, 1.0));
    }

    std::vector<std::uint32_t> group_of_lp_;
    std::vector<double> expected_events_of_lp_;
    std::vector<GroupLink> group_links_;
    engine::Ticks lookahead_{engine::ticks_max};
    std::uint32_t next_group_{0};
};

}  // namespace tuntas::model
