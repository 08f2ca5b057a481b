#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "engine/lp.hpp"
#include "engine/lp_id.hpp"
#include "models/mm1/mm1_params.hpp"

namespace tuntas::mm1 {

/// A Poisson source: exponential inter-arrival times of mean 1/lambda; each customer reaches
/// `server` after the constant transit time. `rate_changes` (time, factor on lambda) are
/// what-if edits applied at their times.
class SourceLp final : public engine::Lp {
public:
    SourceLp(engine::LpId server, const Mm1Params& params,
             std::vector<std::pair<engine::Ticks, double>> rate_changes = {});
    void init(engine::Context& ctx) override;
    void on_event(const engine::Event& event, engine::Context& ctx) override;

private:
    void schedule_next(engine::Context& ctx) const;

    engine::LpId server_;
    double mean_interarrival_s_;
    engine::Ticks transit_ticks_;
    std::vector<std::pair<engine::Ticks, double>> rate_changes_;
    double rate_factor_{1.0};
    std::uint32_t epoch_{0};
};

}  // namespace tuntas::mm1
