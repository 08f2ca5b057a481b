#pragma once

#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include "engine/lp.hpp"
#include "models/telecom/completion_timer.hpp"
#include "models/telecom/events.hpp"
#include "models/telecom/flow_sessions.hpp"

namespace tuntas::telecom {

/// A transport network as one LP: data sessions arrive over fixed routes (lists of links),
/// share the links max-min fairly, and finish when their bits are through. The next completion
/// is scheduled as an event; every start or end re-solves only the flows that can feel it.
/// (The district's cell network, with demand, failures and rerouting, is CellNetworkLp; this
/// is the bare flow model the validation tests and the benchmark drive.)
class FlowLp final : public engine::Lp {
public:
    /// `capacities_bps` per link; `routes` as link lists; `notify`, when given, is told of every
    /// finished session (`flow_done`, with its route and size).
    FlowLp(std::vector<double> capacities_bps, std::vector<std::vector<std::uint32_t>> routes,
           std::optional<engine::LpId> notify = std::nullopt);

    void on_event(const engine::Event& event, engine::Context& ctx) override;

    /// Sessions finished since the last take (tag: the route).
    [[nodiscard]] std::vector<FinishedSession> take_finished() {
        return std::exchange(finished_, {});
    }
    /// Bits carried up to the last event (finished and partly sent sessions).
    [[nodiscard]] double carried_bits() const { return sessions_.carried_bits_at(last_event_); }

private:
    FlowSessions sessions_;
    std::optional<engine::LpId> notify_;
    CompletionTimer completion_;
    engine::Ticks last_event_{0};
    std::vector<FinishedSession> finished_;
    std::vector<FinishedSession> done_;  ///< scratch
};

}  // namespace tuntas::telecom
