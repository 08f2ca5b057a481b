#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

#include "engine/lp.hpp"
#include "models/telecom/events.hpp"
#include "models/telecom/flow_network.hpp"

namespace tuntas::telecom {

/// A finished data session, as logged.
struct FlowRecord {
    std::uint32_t route{0};
    double size_bits{0.0};
    engine::Ticks arrived{0};
    engine::Ticks finished{0};
};

/// A transport network (cells' backhaul, aggregation, core) as one LP: data sessions arrive
/// over routes (lists of links), share the links max-min fairly, and finish when their bits
/// are through. The next completion is computed from the rates and scheduled as an event;
/// every start or end re-solves only the flows that share links with it.
class FlowLp final : public engine::Lp {
public:
    /// `capacities_bps` per link; `routes` as link lists; `notify`, when given, is told of every
    /// finished session (`flow_done`, with its route and size).
    FlowLp(std::vector<double> capacities_bps, std::vector<std::vector<std::uint32_t>> routes,
           std::optional<engine::LpId> notify = std::nullopt);

    void on_event(const engine::Event& event, engine::Context& ctx) override;

    [[nodiscard]] const FlowNetwork& network() const noexcept { return network_; }
    /// Sessions finished since the last take.
    [[nodiscard]] std::vector<FlowRecord> take_finished() { return std::exchange(finished_, {}); }
    /// Bits carried so far (finished and partly sent sessions, up to the last event).
    [[nodiscard]] double carried_bits() const noexcept { return carried_bits_; }

private:
    struct Active {
        std::uint32_t route{0};
        double size_bits{0.0};
        double remaining_bits{0.0};
        engine::Ticks arrived{0};
        bool running{false};
    };

    void advance(engine::Ticks now);
    void schedule_next(engine::Context& ctx);

    FlowNetwork network_;
    std::vector<std::vector<std::uint32_t>> routes_;
    std::optional<engine::LpId> notify_;
    std::vector<Active> active_;           ///< by flow id of network_
    std::vector<std::uint32_t> running_;   ///< ids of running flows
    engine::Ticks since_{0};
    std::uint64_t version_{0};
    double carried_bits_{0.0};
    std::vector<FlowRecord> finished_;
};

}  // namespace tuntas::telecom
