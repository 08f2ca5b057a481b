#pragma once

#include <algorithm>
#include <cstdint>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

#include "engine/lp.hpp"
#include "engine/random_stream.hpp"
#include "models/telecom/cell_regions.hpp"
#include "models/telecom/completion_timer.hpp"
#include "models/telecom/flow_sessions.hpp"
#include "models/telecom/outage_state.hpp"
#include "models/telecom/telecom_plan.hpp"
#include "models/telecom/voice_channels.hpp"

namespace tuntas::telecom {

/// A blocked voice call, as logged.
struct BlockedCall {
    engine::Ticks at{0};
    std::uint32_t sector{0};
};

/// The district's mobile network, or some of its regions (CellRegions), as one LP: radio
/// sectors, the transport graph to the core, and the people it serves.
///
/// Demand follows presence: every demand step, each zone's subscribers present (people x
/// subscribers per person) times the usage of the hour give a data rate and a call rate, split
/// over the sectors of the sites serving the zone (its own working sites; failing those, working
/// sites within the coverage radius; failing those, it has no service and its demand is
/// unserved). In each region, data sessions arrive as one merged Poisson stream (a sector drawn
/// by its share), are refused when a link of their route could not give every session the
/// minimum rate, and otherwise share the radio and transport links max-min fairly until their
/// bits are through. Calls take a sector's channel or are blocked (Erlang's loss system).
/// Outages take links and sites down and back: routes are recomputed, sessions move to a new
/// route or, where none is left, are dropped and their bits counted as shed.
///
/// Each region draws from its own random stream (keyed by the region), and regions share no
/// link that can fill, so an LP's results for a region are the same whichever other regions it
/// hosts: one LP for all, or one per region.
class CellNetworkLp final : public engine::Lp {
public:
    /// The regions `hosted` (indices into `regions`, ascending) of the plan's network, their
    /// random streams seeded from the run's `seed`.
    CellNetworkLp(std::shared_ptr<const TelecomPlan> plan,
                  std::shared_ptr<const CellRegions> regions, std::vector<std::uint32_t> hosted,
                  std::uint64_t seed);

    void init(engine::Context& ctx) override;
    void on_event(const engine::Event& event, engine::Context& ctx) override;

    // ---- what the results read between windows (t: the sample instant) ----
    // Per sector and per link: what this LP's regions offered and carried (nothing for a sector
    // of another LP's region). Per zone: as its home region books it. Totals: this LP's.
    /// Session bits offered at sector s since the start (arrived sessions' sizes).
    [[nodiscard]] double offered_bits(std::uint32_t sector) const {
        return sectors_[sector].offered_bits;
    }
    /// Bits carried over sector s's radio up to t.
    [[nodiscard]] double carried_bits_at(std::uint32_t sector, engine::Ticks t) const {
        return sessions_.link_bits_at(plan_->radio_link(sector), t);
    }
    /// Sector s's radio capacity, b/s: as planned, or as a set_capacity edit made it (whether
    /// or not its site is up).
    [[nodiscard]] double sector_capacity_bps(std::uint32_t sector) const {
        return sessions_.link_capacity_bps(plan_->radio_link(sector));
    }
    /// Bits carried over transport link l up to t.
    [[nodiscard]] double link_bits_at(std::uint32_t link, engine::Ticks t) const {
        return sessions_.link_bits_at(plan_->transport_link(link), t);
    }
    /// True when the site is up and reaches the core.
    [[nodiscard]] bool site_serving(std::uint32_t site) const {
        return outages_.site_serving(site);
    }
    [[nodiscard]] std::uint32_t active_sessions(std::uint32_t sector) const {
        return sessions_.sessions_on(sector);
    }
    /// Voice channels busy at t.
    [[nodiscard]] std::uint32_t calls_busy_at(std::uint32_t sector, engine::Ticks t) const {
        return sectors_[sector].voice.busy_at(t);
    }
    [[nodiscard]] bool zone_served(std::uint32_t zone) const { return zones_[zone].served; }
    /// People-seconds spent without service in zone z up to t.
    [[nodiscard]] double no_service_person_s_at(std::uint32_t zone, engine::Ticks t) const;
    /// Totals since the start, bits: offered (arrived sessions), shed (refused or dropped), and
    /// demand of people without service (never offered as sessions).
    [[nodiscard]] double total_offered_bits() const noexcept { return offered_bits_; }
    [[nodiscard]] double total_shed_bits() const noexcept { return shed_bits_; }
    [[nodiscard]] double no_service_bits_at(engine::Ticks t) const;
    [[nodiscard]] double total_carried_bits_at(engine::Ticks t) const {
        return sessions_.carried_bits_at(t);
    }
    [[nodiscard]] double in_flight_bits_at(engine::Ticks t) const {
        return sessions_.in_flight_bits_at(t);
    }
    [[nodiscard]] std::uint64_t sessions_offered() const noexcept { return sessions_offered_; }
    [[nodiscard]] std::uint64_t sessions_refused() const noexcept { return sessions_refused_; }
    [[nodiscard]] std::uint64_t sessions_dropped() const noexcept { return sessions_dropped_; }
    [[nodiscard]] std::uint64_t sessions_rerouted() const noexcept { return sessions_rerouted_; }
    /// Voice calls offered and blocked, all sectors.
    [[nodiscard]] std::uint64_t calls_offered() const;
    [[nodiscard]] std::uint64_t calls_blocked() const;
    /// Finished sessions' bits and seconds (for their mean throughput).
    [[nodiscard]] double finished_bits() const noexcept { return finished_bits_; }
    [[nodiscard]] double finished_seconds() const noexcept { return finished_seconds_; }
    /// Blocked calls since the last take.
    [[nodiscard]] std::vector<BlockedCall> take_blocked_calls() {
        return std::exchange(blocked_log_, {});
    }

private:
    /// A hosted region's arrival streams.
    struct RegionStreams {
        engine::RandomStream random;
        std::vector<std::uint32_t> sectors;  ///< its sectors, ascending
        // Merged arrival streams: cumulative demand over its sectors, to draw which sector.
        std::vector<double> data_cumulative;
        std::vector<double> call_cumulative;
        std::uint64_t version{0};  ///< of the demand the pending arrivals were drawn for
    };
    struct SectorState {
        double data_bps{0.0};  ///< demand now
        double calls_per_s{0.0};
        double offered_bits{0.0};
        VoiceChannels voice;
    };
    struct ZoneState {
        double present{0.0};
        engine::Ticks since{0};
        double no_service_person_s{0.0};
        bool served{true};
        /// People-seconds without service up to t (from `since` at the present count).
        [[nodiscard]] double no_service_person_s_at(engine::Ticks t) const {
            return no_service_person_s +
                   (served ? 0.0 : std::max(0.0, present) * engine::seconds_from_ticks(t - since));
        }
        /// Books the people-seconds without service up to `now`.
        void settle(engine::Ticks now) {
            no_service_person_s = no_service_person_s_at(now);
            since = now;
        }
    };

    void on_presence(std::uint32_t zone, double change, engine::Ticks now);
    /// Recomputes every zone's and sector's demand and redraws the next arrivals.
    void update_demand(engine::Context& ctx);
    /// Follows the outage state: serving sites, moved and dropped sessions.
    void apply_network_state(engine::Context& ctx);
    /// Draws region r's next data session and next call of the current demand.
    void schedule_arrivals(std::uint32_t r, engine::Context& ctx);
    void schedule_next_session(std::uint32_t r, engine::Context& ctx);
    void schedule_next_call(std::uint32_t r, engine::Context& ctx);
    void on_session_arrival(std::uint32_t r, engine::Context& ctx);
    void on_call_attempt(std::uint32_t r, engine::Context& ctx);
    /// The route of a session at `sector` (radio link, then transport links to the core).
    void route_of(std::uint32_t sector, std::vector<std::uint32_t>& out) const;
    void settle_no_service(engine::Ticks now);

    std::shared_ptr<const TelecomPlan> plan_;
    std::shared_ptr<const CellRegions> regions_;
    std::vector<RegionStreams> hosted_;
    std::vector<char> hosts_site_;            ///< per site: one of this LP's regions'
    std::vector<std::uint32_t> zones_heard_;  ///< zones a hosted region serves or books
    std::vector<char> books_zone_;            ///< per zone: its home region is hosted here
    FlowSessions sessions_;
    OutageState outages_;  ///< links and sites down, and the routes over what works
    std::vector<SectorState> sectors_;
    std::vector<ZoneState> zones_;
    CompletionTimer completion_;
    double size_mu_{0.0};  ///< lognormal session sizes: log-mean and log-sd of bits
    double size_sigma_{0.0};
    double unserved_bps_{0.0};     ///< demand of zones without service, now
    double no_service_bits_{0.0};  ///< up to no_service_since_
    engine::Ticks no_service_since_{0};
    double offered_bits_{0.0};
    double shed_bits_{0.0};
    std::uint64_t sessions_offered_{0};
    std::uint64_t sessions_refused_{0};
    std::uint64_t sessions_dropped_{0};
    std::uint64_t sessions_rerouted_{0};
    double finished_bits_{0.0};
    double finished_seconds_{0.0};
    std::vector<BlockedCall> blocked_log_;
    std::vector<FinishedSession> done_;  ///< scratch
    std::vector<std::uint32_t> route_scratch_;
};

}  // namespace tuntas::telecom
