#pragma once

#include <array>
#include <cstddef>
#include <memory>
#include <vector>

#include "engine/row_event_table.hpp"
#include "engine/series.hpp"
#include "engine/ticks.hpp"
#include "models/api/model_instance.hpp"
#include "models/telecom/cell_network_lp.hpp"
#include "models/telecom/high_quantile.hpp"
#include "models/telecom/telecom_datasets.hpp"
#include "models/telecom/telecom_plan.hpp"

namespace tuntas::telecom {

/// The terms of the `bits` series, in order.
enum BitsTerm : std::size_t { offered, carried, shed, in_flight, no_service, bits_terms };

/// What the telecom model has counted from the simulation's start to a sample instant. KPIs
/// are the difference between the run's end and the end of the warm-up.
struct TelecomTotals {
    std::array<double, bits_terms> bits{};  ///< the bits series' terms
    double failure_person_s{0.0};           ///< people in zones an outage left without service
    double blank_person_s{0.0};             ///< people in zones no site covers
    double sessions_offered{0.0};
    double sessions_refused{0.0};
    double sessions_dropped{0.0};
    double sessions_rerouted{0.0};
    double calls_offered{0.0};
    double calls_blocked{0.0};
    double finished_bits{0.0};  ///< of finished sessions
    double finished_s{0.0};     ///< their durations
    engine::Ticks time{0};
};

/// The telecom model assembled into a run: records sector and backhaul load, calls, the
/// data conservation terms, blocked calls, outages and the KPIs (telecom_outputs.cpp).
class TelecomInstance final : public model::ModelInstance {
public:
    /// `lps` are the model's LPs, LP k hosting the regions `hosted[k]` of `regions`, read and
    /// drained between windows; KPIs and tables count from `warmup` on; `samples`: how many the
    /// run takes at most.
    TelecomInstance(std::shared_ptr<const TelecomPlan> plan, const CellRegions& regions,
                    const std::vector<std::vector<std::uint32_t>>& hosted,
                    std::vector<CellNetworkLp*> lps, engine::Ticks warmup, std::size_t samples);

    void declare(engine::Recorder& recorder) override;
    void sample(engine::Ticks time, engine::SampleFrame& frame,
                engine::Recorder& recorder) override;
    [[nodiscard]] std::vector<engine::Kpi> kpis(const engine::RunStats& stats) const override;
    [[nodiscard]] bool supports_warmup() const override { return true; }
    /// Keeps the totals so far and starts the utilisation statistics afresh.
    void begin_measurement(engine::Ticks time) override;

private:
    std::shared_ptr<const TelecomPlan> plan_;
    std::vector<CellNetworkLp*> lps_;
    std::vector<std::uint32_t> lp_of_site_;  ///< the LP hosting its region
    std::vector<std::uint32_t> lp_of_zone_;  ///< the LP hosting its home region
    struct {
        engine::Series sector_offered_mbps, sector_carried_mbps, sector_utilisation,
            sector_sessions;
        engine::Series sector_calls, link_utilisation, site_serving, zone_served, bits;
    } series_;
    std::vector<double> cut_off_;
    std::vector<char> blank_;  ///< per zone: no site covers it at all (a blank spot)
    engine::RowEventTable<BlockedCall> blocked_calls_{
        datasets::blocked_calls, "every voice call that found all channels busy",
        engine::column("time_s", "s", "when",
                       [this](const BlockedCall& call) {
                           return engine::seconds_from_ticks(call.at - warmup_);
                       }),
        engine::column("sector", "1", "sector index",
                       [](const BlockedCall& call) { return call.sector; })};
    std::vector<double> last_offered_;
    std::vector<double> last_carried_;
    std::vector<double> last_link_bits_;
    HighQuantile sector_utilisation_;  // over sector-intervals: p95 and peak
    HighQuantile link_utilisation_;    // over link-intervals
    double busy_sector_s_{0.0};
    double sector_s_{0.0};
    double conservation_error_bits_{0.0};
    engine::Ticks warmup_{0};
    TelecomTotals totals_;         // at the last sample
    TelecomTotals measured_from_;  // at the end of the warm-up (zero without one)
};

}  // namespace tuntas::telecom
