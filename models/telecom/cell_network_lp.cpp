#include "models/telecom/cell_network_lp.hpp"

#include <algorithm>
#include <cmath>

#include "engine/assert.hpp"
#include "engine/context.hpp"
#include "engine/distributions.hpp"
#include "models/telecom/events.hpp"
#include "models/traffic/events.hpp"

namespace tuntas::telecom {
namespace {

/// The index drawn by `u` in [0, cumulative.back()): the first entry above it.
std::uint32_t pick(const std::vector<double>& cumulative, double u) {
    const auto it = std::upper_bound(cumulative.begin(), cumulative.end(), u);
    return static_cast<std::uint32_t>(std::min<std::ptrdiff_t>(
        it - cumulative.begin(), static_cast<std::ptrdiff_t>(cumulative.size()) - 1));
}

}  // namespace

CellNetworkLp::CellNetworkLp(std::shared_ptr<const TelecomPlan> plan,
                             std::shared_ptr<const CellRegions> regions,
                             std::vector<std::uint32_t> hosted, std::uint64_t seed)
    : plan_(std::move(plan)),
      regions_(std::move(regions)),
      outages_(*plan_) {
    for (const auto& sector : plan_->sectors) {
        sessions_.add_link(sector.capacity_bps);
        sectors_.push_back({.voice = VoiceChannels(sector.voice_channels)});
    }
    for (const auto& link : plan_->links) sessions_.add_link(link.capacity_bps);
    // Every sector's sessions share one route (radio, then backhaul to the core): route s.
    for (std::uint32_t s = 0; s < plan_->sectors.size(); ++s) {
        route_of(s, route_scratch_);
        sessions_.add_route(route_scratch_);
    }
    for (const auto& zone : plan_->zones) zones_.push_back({.present = zone.present_at_start});
    hosts_site_.assign(plan_->sites.size(), 0);
    for (const std::uint32_t r : hosted) {
        TUNTAS_ASSERT(r < regions_->regions.size(), "CellNetworkLp: no such region");
        const CellRegion& region = regions_->regions[r];
        RegionStreams streams{.random =
                                  engine::RandomStream(seed, engine::stream_key_of(region.key))};
        for (const auto s : region.sites) {
            hosts_site_[s] = 1;
            const SiteSpec& site = plan_->sites[s];
            for (std::uint32_t k = 0; k < site.sectors; ++k)
                streams.sectors.push_back(site.first_sector + k);
        }
        zones_heard_.insert(zones_heard_.end(), region.zones.begin(), region.zones.end());
        hosted_.push_back(std::move(streams));
    }
    std::sort(zones_heard_.begin(), zones_heard_.end());
    zones_heard_.erase(std::unique(zones_heard_.begin(), zones_heard_.end()), zones_heard_.end());
    books_zone_.assign(plan_->zones.size(), 0);
    for (std::uint32_t z = 0; z < plan_->zones.size(); ++z) {
        books_zone_[z] =
            std::binary_search(hosted.begin(), hosted.end(), regions_->home_of_zone[z]) ? 1 : 0;
    }
    const double cv = plan_->params.session_size_cv;
    const double sigma2 = std::log1p(cv * cv);
    size_mu_ = std::log(plan_->params.session_mean_mb * 8e6) - sigma2 / 2.0;
    size_sigma_ = std::sqrt(sigma2);
}

void CellNetworkLp::init(engine::Context& ctx) {
    ctx.send(ctx.self(), 0, demand_step);
    for (std::uint32_t k = 0; k < plan_->outage_instants.size(); ++k)
        ctx.send(ctx.self(), plan_->outage_instants[k].at, outage_change, OutageInstantIndex{k});
    for (std::uint32_t k = 0; k < plan_->capacity_changes.size(); ++k) {
        ctx.send(ctx.self(), plan_->capacity_changes[k].at, capacity_change,
                 CapacityChangeIndex{k});
    }
}

std::uint64_t CellNetworkLp::calls_offered() const {
    std::uint64_t sum = 0;
    for (const SectorState& sector : sectors_) sum += sector.voice.offered();
    return sum;
}

std::uint64_t CellNetworkLp::calls_blocked() const {
    std::uint64_t sum = 0;
    for (const SectorState& sector : sectors_) sum += sector.voice.blocked();
    return sum;
}

double CellNetworkLp::no_service_person_s_at(std::uint32_t zone, engine::Ticks t) const {
    return zones_[zone].no_service_person_s_at(t);
}

double CellNetworkLp::no_service_bits_at(engine::Ticks t) const {
    return no_service_bits_ + unserved_bps_ * engine::seconds_from_ticks(t - no_service_since_);
}

void CellNetworkLp::on_presence(std::uint32_t zone, double change, engine::Ticks now) {
    if (zone >= zones_.size()) return;
    ZoneState& z = zones_[zone];
    z.settle(now);
    z.present += change;
}

void CellNetworkLp::settle_no_service(engine::Ticks now) {
    no_service_bits_ = no_service_bits_at(now);
    no_service_since_ = now;
    for (const auto z : zones_heard_) zones_[z].settle(now);
}

void CellNetworkLp::update_demand(engine::Context& ctx) {
    const engine::Ticks now = ctx.now();
    settle_no_service(now);
    const TelecomParams& params = plan_->params;
    const auto hour = static_cast<std::size_t>(plan_->time_of_day_s(now) / 3600.0) % 24;
    const double day_factor =
        model::of_day_type(params.calendar.day_type_at(now),
                           {1.0, 1.0, params.saturday_demand_factor, params.sunday_demand_factor,
                            params.holiday_demand_factor});
    // This hour against the day's mean, on this kind of day.
    const double of_mean = 24.0 * params.hourly_share[hour] * day_factor;
    const double bps_per_subscriber = plan_->mean_bps_per_subscriber() * of_mean;
    const double calls_per_subscriber_s = params.calls_per_subscriber_per_day / 86'400.0 * of_mean;
    for (SectorState& sector : sectors_) {
        sector.data_bps = 0.0;
        sector.calls_per_s = 0.0;
    }
    unserved_bps_ = 0.0;
    for (const std::uint32_t z : zones_heard_) {
        ZoneState& zone = zones_[z];
        const double subscribers = std::max(0.0, zone.present) * params.subscribers_per_person;
        const double data_bps = subscribers * bps_per_subscriber;
        const auto serving = [&](std::uint32_t s) { return outages_.site_serving(s); };
        const auto& candidates = plan_->zones[z].candidates(serving);
        std::uint32_t sector_count = 0;
        for (const auto s : candidates) {
            if (serving(s)) sector_count += plan_->sites[s].sectors;
        }
        zone.served = sector_count > 0;
        if (!zone.served) {
            if (books_zone_[z]) unserved_bps_ += data_bps;
            continue;
        }
        const double data_each = data_bps / sector_count;
        const double calls_each = subscribers * calls_per_subscriber_s / sector_count;
        for (const auto s : candidates) {
            if (!serving(s) || !hosts_site_[s]) continue;
            const SiteSpec& site = plan_->sites[s];
            for (std::uint32_t k = 0; k < site.sectors; ++k) {
                sectors_[site.first_sector + k].data_bps += data_each;
                sectors_[site.first_sector + k].calls_per_s += calls_each;
            }
        }
    }
    for (std::uint32_t r = 0; r < hosted_.size(); ++r) {
        RegionStreams& region = hosted_[r];
        region.data_cumulative.resize(region.sectors.size());
        region.call_cumulative.resize(region.sectors.size());
        double data_sum = 0.0;
        double call_sum = 0.0;
        for (std::size_t k = 0; k < region.sectors.size(); ++k) {
            data_sum += sectors_[region.sectors[k]].data_bps;
            call_sum += sectors_[region.sectors[k]].calls_per_s;
            region.data_cumulative[k] = data_sum;
            region.call_cumulative[k] = call_sum;
        }
        ++region.version;
        schedule_arrivals(r, ctx);
    }
}

void CellNetworkLp::schedule_arrivals(std::uint32_t r, engine::Context& ctx) {
    const RegionStreams& region = hosted_[r];
    if (!region.data_cumulative.empty() && region.data_cumulative.back() > 0.0)
        schedule_next_session(r, ctx);
    if (!region.call_cumulative.empty() && region.call_cumulative.back() > 0.0)
        schedule_next_call(r, ctx);
}

void CellNetworkLp::schedule_next_session(std::uint32_t r, engine::Context& ctx) {
    RegionStreams& region = hosted_[r];
    const double per_s = region.data_cumulative.back() / (plan_->params.session_mean_mb * 8e6);
    ctx.send(ctx.self(),
             engine::ticks_from_seconds(engine::exponential(region.random, 1.0 / per_s)),
             session_arrival, ArrivalVersion{region.version, r});
}

void CellNetworkLp::schedule_next_call(std::uint32_t r, engine::Context& ctx) {
    RegionStreams& region = hosted_[r];
    ctx.send(ctx.self(),
             engine::ticks_from_seconds(
                 engine::exponential(region.random, 1.0 / region.call_cumulative.back())),
             call_attempt, ArrivalVersion{region.version, r});
}

void CellNetworkLp::route_of(std::uint32_t sector, std::vector<std::uint32_t>& out) const {
    out.clear();
    out.push_back(plan_->radio_link(sector));
    const std::size_t first = out.size();
    outages_.routes().append_path(plan_->sites[plan_->sectors[sector].site].node, out);
    for (std::size_t k = first; k < out.size(); ++k) out[k] = plan_->transport_link(out[k]);
}

void CellNetworkLp::on_session_arrival(std::uint32_t r, engine::Context& ctx) {
    const engine::Ticks now = ctx.now();
    const TelecomParams& params = plan_->params;
    RegionStreams& region = hosted_[r];
    const std::uint32_t sector = region.sectors[pick(
        region.data_cumulative, region.random.next_unit() * region.data_cumulative.back())];
    // Lognormal sizes with the stated mean and coefficient of variation.
    const double bits = std::exp(engine::normal(region.random, size_mu_, size_sigma_));
    offered_bits_ += bits;
    sectors_[sector].offered_bits += bits;
    ++sessions_offered_;
    // Demand goes only to serving sites' sectors (update_demand follows every outage change).
    TUNTAS_ASSERT(outages_.site_serving(plan_->sectors[sector].site),
                  "a session drawn at a sector that does not serve");
    if (!sessions_.admits(sector, params.min_session_rate_mbps * 1e6)) {
        shed_bits_ += bits;
        ++sessions_refused_;
        return;
    }
    sessions_.start(sector, bits, now, sector);
}

void CellNetworkLp::on_call_attempt(std::uint32_t r, engine::Context& ctx) {
    const engine::Ticks now = ctx.now();
    RegionStreams& region = hosted_[r];
    const std::uint32_t sector = region.sectors[pick(
        region.call_cumulative, region.random.next_unit() * region.call_cumulative.back())];
    const double holding_s = engine::exponential(region.random, plan_->params.call_mean_s);
    if (!sectors_[sector].voice.offer(now, engine::ticks_from_seconds(holding_s)))
        blocked_log_.push_back({now, sector});
}

void CellNetworkLp::apply_network_state(engine::Context& ctx) {
    const engine::Ticks now = ctx.now();
    for (std::uint32_t s = 0; s < plan_->sites.size(); ++s) {
        const SiteSpec& site = plan_->sites[s];
        if (!outages_.site_serving(s)) {
            for (std::uint32_t k = 0; k < site.sectors; ++k)
                sectors_[site.first_sector + k].voice.clear();
        }
    }
    // Sessions: a new route where their sector's changed, dropped where none is left (in
    // sector order).
    for (std::uint32_t sector = 0; sector < sectors_.size(); ++sector) {
        if (!hosts_site_[plan_->sectors[sector].site]) continue;
        const std::uint32_t count = sessions_.sessions_on(sector);
        if (!outages_.site_serving(plan_->sectors[sector].site)) {
            if (count == 0) continue;
            shed_bits_ += sessions_.drop_route(sector, now);
            sessions_dropped_ += count;
            continue;
        }
        route_of(sector, route_scratch_);
        if (route_scratch_ != sessions_.route_links(sector)) {
            sessions_.set_route_links(sector, route_scratch_, now);
            sessions_rerouted_ += count;
        }
    }
}

void CellNetworkLp::on_event(const engine::Event& event, engine::Context& ctx) {
    const engine::Ticks now = ctx.now();
    switch (event.kind) {
    case traffic::person_left:
        on_presence(event.payload.as<traffic::PresenceNotice>().zone, -1.0, now);
        return;
    case traffic::person_arrived:
        on_presence(event.payload.as<traffic::PresenceNotice>().zone, +1.0, now);
        return;
    case demand_step:
        update_demand(ctx);
        ctx.send(ctx.self(), plan_->params.demand_step, demand_step);
        return;
    case session_arrival: {
        const auto arrival = event.payload.as<ArrivalVersion>();
        if (arrival.version != hosted_[arrival.region].version) return;
        on_session_arrival(arrival.region, ctx);
        schedule_next_session(arrival.region, ctx);
        break;
    }
    case call_attempt: {
        const auto arrival = event.payload.as<ArrivalVersion>();
        if (arrival.version != hosted_[arrival.region].version) return;
        on_call_attempt(arrival.region, ctx);
        schedule_next_call(arrival.region, ctx);
        return;
    }
    case flow_completion: {
        if (!completion_.fires(event)) return;
        done_.clear();
        sessions_.finish_due(now, done_);
        for (const auto& session : done_) {
            finished_bits_ += session.size_bits;
            finished_seconds_ += engine::seconds_from_ticks(session.finished - session.arrived);
        }
        break;
    }
    case outage_change: {
        outages_.apply(plan_->outage_instants[event.payload.as<OutageInstantIndex>().instant]);
        apply_network_state(ctx);
        update_demand(ctx);
        break;
    }
    case capacity_change: {
        const auto& change =
            plan_->capacity_changes[event.payload.as<CapacityChangeIndex>().change];
        if (!hosts_site_[change.site]) break;
        const SiteSpec& site = plan_->sites[change.site];
        for (std::uint32_t k = 0; k < site.sectors; ++k) {
            const std::uint32_t sector = site.first_sector + k;
            sessions_.set_capacity(plan_->radio_link(sector), change.capacity_bps, now);
        }
        break;
    }
    default:
        return;
    }
    completion_.schedule(sessions_, ctx);
}

}  // namespace tuntas::telecom
