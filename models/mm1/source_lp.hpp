#pragma once

#include "engine/lp.hpp"
#include "engine/lp_id.hpp"
#include "models/mm1/mm1_params.hpp"

namespace tuntas::mm1 {

/// A Poisson source: exponential inter-arrival times of mean 1/lambda; each customer reaches
/// `server` after the constant transit time.
class SourceLp final : public engine::Lp {
public:
    SourceLp(engine::LpId server, const Mm1Params& params);
    void init(engine::Context& ctx) override;
    void on_event(const engine::Event& event, engine::Context& ctx) override;

private:
    void schedule_next(engine::Context& ctx) const;

    engine::LpId server_;
    double mean_interarrival_s_;
    engine::Ticks transit_ticks_;
};

}  // namespace tuntas::mm1
