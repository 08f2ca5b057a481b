#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "engine/ticks.hpp"
#include "models/telecom/due_heap.hpp"
#include "models/telecom/flow_network.hpp"

namespace tuntas::telecom {

/// A finished data session.
struct FinishedSession {
    std::uint32_t tag{0};  ///< what its owner called it (a route, a sector)
    double size_bits{0.0};
    engine::Ticks arrived{0};
    engine::Ticks finished{0};
};

/// Data sessions over a FlowNetwork in simulated time. Sessions on the same route get the same
/// max-min fair rate, so a route is one weighted flow of the network (its weight: the sessions
/// on it) and its sessions share it as a processor-sharing queue: each route keeps a virtual
/// time, the bits every one of its sessions has received, and a session is done when that
/// reaches its arrival's virtual time plus its size. A start or an end re-solves only the
/// routes that can feel it and costs O(log n) within its route, whatever the sessions running.
/// What every link, route and the whole network carried is integrated exactly (rates are
/// constant between changes).
class FlowSessions {
public:
    /// Adds a link of `capacity_bps`; returns its index.
    std::uint32_t add_link(double capacity_bps);
    /// Changes a link's capacity from `now`.
    void set_capacity(std::uint32_t link, double capacity_bps, engine::Ticks now);
    /// Adds a route over `links` (none repeated); returns its index.
    std::uint32_t add_route(const std::vector<std::uint32_t>& links);
    /// Moves a route, with its sessions, onto other links from `now` (a reroute).
    void set_route_links(std::uint32_t route, const std::vector<std::uint32_t>& links,
                         engine::Ticks now);
    [[nodiscard]] const std::vector<std::uint32_t>& route_links(std::uint32_t route) const {
        return routes_[route].links;
    }
    [[nodiscard]] std::uint32_t route_count() const noexcept {
        return static_cast<std::uint32_t>(routes_.size());
    }

    /// True when every link of `route` could still give each of its sessions (one more
    /// included) at least `min_rate_bps` if shared equally: admission control.
    [[nodiscard]] bool admits(std::uint32_t route, double min_rate_bps) const;
    /// Starts a session of `size_bits` on `route` at `now`.
    void start(std::uint32_t route, double size_bits, engine::Ticks now, std::uint32_t tag);
    /// Ends, at `now`, every session whose bits are through, and appends them to `out`.
    void finish_due(engine::Ticks now, std::vector<FinishedSession>& out);
    /// Ends every session of `route` before its bits are through (no path left); returns the
    /// bits they had not sent.
    double drop_route(std::uint32_t route, engine::Ticks now);

    /// The earliest instant a running session may be done (rates unchanged), if any runs.
    [[nodiscard]] std::optional<engine::Ticks> next_completion() const;
    /// Sessions running on a route.
    [[nodiscard]] std::uint32_t sessions_on(std::uint32_t route) const {
        return routes_[route].count;
    }
    /// The rate each session of a route gets now, b/s.
    [[nodiscard]] double rate_bps(std::uint32_t route) const { return routes_[route].rate_bps; }
    /// Bits carried over `link` up to `t` (t at or after the last change).
    [[nodiscard]] double link_bits_at(std::uint32_t link, engine::Ticks t) const {
        return links_.at(link).at(t);
    }
    /// Bits carried by all sessions up to `t`.
    [[nodiscard]] double carried_bits_at(engine::Ticks t) const { return total_.at(t); }
    /// Bits the running sessions still have to send at `t`.
    [[nodiscard]] double in_flight_bits_at(engine::Ticks t) const;
    /// A link's capacity now, b/s.
    [[nodiscard]] double link_capacity_bps(std::uint32_t link) const {
        return network_.capacity(link);
    }

private:
    /// A session waiting for its bits, by the route's virtual time it is done at.
    struct Pending {
        double done_at_virtual{0.0};
        double size_bits{0.0};
        engine::Ticks arrived{0};
        std::uint32_t tag{0};
    };
    struct Route {
        std::vector<std::uint32_t> links;
        std::uint32_t flow{FlowNetwork::no_flow};  ///< its network flow while sessions run
        std::uint32_t count{0};
        double rate_bps{0.0};      ///< per session, since `since`
        double virtual_bits{0.0};  ///< bits each session received, up to `since`
        engine::Ticks since{0};
        double pending_done_sum{0.0};  ///< sum of the pending sessions' done_at_virtual
        std::vector<Pending> pending;  ///< min-heap by done_at_virtual
    };
    struct Accumulator {
        double bits{0.0};
        double rate_bps{0.0};
        engine::Ticks since{0};
        /// Bits carried up to `t` (t at or after `since`).
        [[nodiscard]] double at(engine::Ticks t) const {
            return bits + rate_bps * engine::seconds_from_ticks(t - since);
        }
        /// Integrates up to `now` and takes `rate` from there.
        void set(double rate, engine::Ticks now) {
            bits = at(now);
            since = now;
            rate_bps = rate;
        }
    };

    /// Brings a route's virtual time up to `now`.
    void advance(Route& route, engine::Ticks now);
    /// After a network change: moves the changed routes to their new rates at `now`.
    void apply_changes(engine::Ticks now);
    /// Sets the network flow of `route` to its session count (starting or ending it).
    void sync_flow(std::uint32_t route, engine::Ticks now);
    /// Files the route's next completion instant (or removes it when nothing runs on it).
    void push_due(std::uint32_t route);
    /// Integrates the links of `route` and the total up to `now`, at the current loads.
    void sync_links(const std::vector<std::uint32_t>& links, engine::Ticks now);

    FlowNetwork network_;
    std::vector<Route> routes_;
    std::vector<std::uint32_t> route_of_flow_;  ///< network flow id -> route
    std::vector<Accumulator> links_;
    Accumulator total_;
    DueHeap due_;  ///< each route with sessions running: when its next one is done
};

}  // namespace tuntas::telecom
