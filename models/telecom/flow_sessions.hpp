#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "engine/ticks.hpp"
#include "models/telecom/flow_network.hpp"

namespace tuntas::telecom {

/// A finished data session.
struct FinishedSession {
    std::uint32_t tag{0};       ///< what its owner called it (a route, a sector)
    double size_bits{0.0};
    engine::Ticks arrived{0};
    engine::Ticks finished{0};
};

/// Data sessions over a FlowNetwork in simulated time: each session has bits to send and the
/// max-min fair rate of its route; what every session, link and the whole network has carried
/// is integrated exactly (rates are constant between changes), and the sessions' completion
/// instants are kept in a heap, so a start or an end costs what its re-solve touches, not the
/// number of sessions running.
class FlowSessions {
public:
    /// Adds a link of `capacity_bps`; returns its index.
    std::uint32_t add_link(double capacity_bps);
    /// Changes a link's capacity from `now` (0: down; its sessions stall until moved or dropped).
    void set_capacity(std::uint32_t link, double capacity_bps, engine::Ticks now);

    /// True when every link of `links` could still give each of its sessions (one more
    /// included) at least `min_rate_bps` if shared equally: admission control.
    [[nodiscard]] bool admits(const std::vector<std::uint32_t>& links, double min_rate_bps) const;
    /// Starts a session of `size_bits` over `links` at `now`; returns its id.
    std::uint32_t start(const std::vector<std::uint32_t>& links, double size_bits, engine::Ticks now,
                        std::uint32_t tag);
    /// Ends, at `now`, every session whose bits are through, and appends them to `out`.
    void finish_due(engine::Ticks now, std::vector<FinishedSession>& out);
    /// Ends a session before its bits are through (its route failed); returns the bits not sent.
    double drop(std::uint32_t id, engine::Ticks now);
    /// Moves a running session onto other links at `now` (a reroute); it keeps its bits sent
    /// and its tag. Returns its new id.
    std::uint32_t reroute(std::uint32_t id, const std::vector<std::uint32_t>& links, engine::Ticks now);

    /// The earliest instant a running session may be done (its rate unchanged), if any runs.
    [[nodiscard]] std::optional<engine::Ticks> next_completion();
    /// Ids of the running sessions (any order).
    [[nodiscard]] const std::vector<std::uint32_t>& running() const noexcept { return running_; }
    [[nodiscard]] std::uint32_t tag(std::uint32_t id) const { return sessions_[id].tag; }
    [[nodiscard]] const FlowNetwork::LinkList& links_of(std::uint32_t id) const {
        return network_.links_of(id);
    }
    /// Bits carried over `link` up to `t` (t at or after the last change).
    [[nodiscard]] double link_bits_at(std::uint32_t link, engine::Ticks t) const;
    /// Bits carried by all sessions up to `t`.
    [[nodiscard]] double carried_bits_at(engine::Ticks t) const;
    /// Bits the running sessions still have to send at `t` (summed session by session).
    [[nodiscard]] double in_flight_bits_at(engine::Ticks t) const;
    [[nodiscard]] const FlowNetwork& network() const noexcept { return network_; }
    /// Bytes held (network, sessions, heap), for memory figures.
    [[nodiscard]] std::size_t bytes_used() const noexcept;

private:
    struct Session {
        double size_bits{0.0};
        double remaining_bits{0.0};  ///< at `since`
        double rate_bps{0.0};        ///< since `since`
        engine::Ticks since{0};
        engine::Ticks arrived{0};
        std::uint32_t tag{0};
        std::uint32_t generation{0};  ///< bumped at every rate change: older heap entries are stale
        std::uint32_t running_slot{0};
    };
    struct Due {
        engine::Ticks at{0};
        std::uint32_t id{0};
        std::uint32_t generation{0};
    };
    struct Accumulator {
        double bits{0.0};
        double rate_bps{0.0};
        engine::Ticks since{0};
        void change(double delta_bps, engine::Ticks now) {
            bits += rate_bps * engine::seconds_from_ticks(now - since);
            since = now;
            rate_bps += delta_bps;
        }
        /// Bits carried up to `t` (t at or after `since`).
        [[nodiscard]] double at(engine::Ticks t) const {
            return bits + rate_bps * engine::seconds_from_ticks(t - since);
        }
    };

    static constexpr std::uint32_t not_running = 0xffff'ffffU;

    /// Brings the sessions whose rate the last re-solve changed up to `now`.
    void apply_changes(engine::Ticks now);
    /// Integrates link `l` up to `now` at its old rate and takes its new load as its rate.
    void sync_link(std::uint32_t l, engine::Ticks now);
    /// The same, without the network total (apply_changes adds their sum once).
    void apply_rates(engine::Ticks now);
    /// Moves session `id` to `new_rate` at `now` (its bits, its links' and the total's).
    void set_rate(std::uint32_t id, double new_rate, engine::Ticks now);
    /// Stops session `id` at `now`, `done` (its bits through) or dropped; returns the bits it
    /// had left (0 when done).
    double stop(std::uint32_t id, engine::Ticks now, bool done);
    /// Files the session's completion instant at its current rate.
    void push_due(std::uint32_t id);
    /// The running session due first (heap or scan), if any.
    [[nodiscard]] std::optional<Due> earliest();
    /// Refiles every running session's completion instant (stale entries go).
    void rebuild_heap();
    /// When a session's bits are through at its current rate.
    [[nodiscard]] static engine::Ticks due_at(const Session& session);
    void remove_running(std::uint32_t id);

    FlowNetwork network_;
    std::vector<Session> sessions_;  ///< by network flow id
    std::vector<std::uint32_t> running_;
    std::vector<Accumulator> links_;
    Accumulator total_;
    double total_delta_{0.0};  ///< rate changes of the current apply, summed
    std::vector<Due> heap_;  ///< min-heap by `at`, with stale entries skipped lazily
    bool heap_valid_{true};  ///< false after a change to most sessions: scan instead
    bool scan_valid_{false};  ///< scanned_ is the earliest (no change since the scan)
    std::optional<Due> scanned_;
};

}  // namespace tuntas::telecom
