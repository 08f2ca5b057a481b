#pragma once

#include <cstdint>
#include <vector>

#include "engine/row_event_table.hpp"
#include "engine/series.hpp"
#include "models/api/model_instance.hpp"
#include "models/mm1/mm1_datasets.hpp"
#include "models/mm1/mm1_params.hpp"
#include "models/mm1/server_lp.hpp"

namespace tuntas::mm1 {

/// A customer's record and its queue's index, a row of the customers table.
struct QueuedCustomer {
    std::uint32_t queue{0};
    CustomerRecord record;
};

/// The M/M/1 model assembled into a run: `queues` source/server pairs; records customers in
/// system, every customer's times, and the mean wait against theory (mm1_outputs.cpp).
class Mm1Instance final : public model::ModelInstance {
public:
    /// `servers[q]` is queue q's server LP, read and drained between windows.
    Mm1Instance(Mm1Params params, std::vector<ServerLp*> servers)
        : params_(params),
          servers_(std::move(servers)) {}

    void declare(engine::Recorder& recorder) override;
    void sample(engine::Ticks time, engine::SampleFrame& frame,
                engine::Recorder& recorder) override;
    [[nodiscard]] std::vector<engine::Kpi> kpis(const engine::RunStats& stats) const override;

private:
    Mm1Params params_;
    std::vector<ServerLp*> servers_;
    struct {
        engine::Series in_system, started;
    } series_;
    engine::RowEventTable<QueuedCustomer> customers_{
        datasets::customers,
        "every customer, when it started service",
        engine::column("queue", "1", "queue index",
                       [](const QueuedCustomer& c) { return c.queue; }),
        engine::column("arrival_s", "s", "reached the server",
                       [](const QueuedCustomer& c) {
                           return engine::seconds_from_ticks(c.record.arrived_at);
                       }),
        engine::column("service_start_s", "s", "started service",
                       [](const QueuedCustomer& c) {
                           return engine::seconds_from_ticks(c.record.service_start);
                       }),
        engine::column(
            "departure_s", "s", "left the server",
            [](const QueuedCustomer& c) { return engine::seconds_from_ticks(c.record.departure); }),
        engine::column("wait_s", "s", "waiting time in queue", [](const QueuedCustomer& c) {
            return engine::seconds_from_ticks(c.record.service_start - c.record.arrived_at);
        })};
};

}  // namespace tuntas::mm1
