#pragma once

#include <cstdint>
#include <deque>
#include <utility>
#include <vector>

#include "engine/lp.hpp"
#include "models/mm1/events.hpp"
#include "models/mm1/mm1_params.hpp"
#include "models/mm1/server_stats.hpp"

namespace tuntas::mm1 {

/// A single FIFO server with exponential service times of mean 1/mu.
class ServerLp final : public engine::Lp {
public:
    explicit ServerLp(const Mm1Params& params);
    void on_event(const engine::Event& event, engine::Context& ctx) override;

    /// Waiting-time statistics so far.
    [[nodiscard]] const ServerStats& stats() const noexcept { return stats_; }
    /// Customers waiting (not counting the one in service).
    [[nodiscard]] std::size_t queue_length() const noexcept { return waiting_.size(); }
    /// Customers in the system: waiting plus the one in service.
    [[nodiscard]] std::size_t in_system() const noexcept {
        return waiting_.size() + (busy_ ? 1 : 0);
    }
    /// Customers that have started service since the start (warm-up included).
    [[nodiscard]] std::uint64_t started_total() const noexcept { return started_total_; }
    /// Hands over the customers logged since the last call, in the order they started service.
    [[nodiscard]] std::vector<CustomerRecord> take_log() { return std::exchange(log_, {}); }

private:
    void start_service(engine::Ticks arrived_at, engine::Context& ctx);

    double mean_service_s_;
    engine::Ticks warmup_ticks_;
    std::deque<engine::Ticks> waiting_;  // arrival times, FIFO
    bool busy_{false};
    ServerStats stats_;
    std::uint64_t started_total_{0};
    std::vector<CustomerRecord> log_;
};

}  // namespace tuntas::mm1
