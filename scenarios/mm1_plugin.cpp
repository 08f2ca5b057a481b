#include "scenarios/mm1_plugin.hpp"

#include <cmath>

#include "engine/row_event_table.hpp"
#include "models/mm1/mm1.hpp"
#include "models/mm1/server_lp.hpp"
#include "models/mm1/source_lp.hpp"

namespace tuntas::scenarios {
namespace {

constexpr const char* section_name = "mm1";

/// A customer's record and its queue's index, a row of the customers table.
struct QueuedCustomer {
    std::uint32_t queue{0};
    mm1::CustomerRecord record;
};

/// The assembled model: `queues` source/server pairs.
class Mm1Instance final : public ModelInstance {
public:
    Mm1Instance(mm1::Mm1Params params, std::vector<engine::LpId> servers,
                const engine::Simulation& simulation)
        : params_(params), servers_(std::move(servers)), simulation_(&simulation) {}

    void declare(engine::Recorder& recorder) override {
        const std::size_t queues = servers_.size();
        recorder.add_series({section_name, "in_system", queues, "customers",
                             "customers at each queue, waiting or in service"});
        recorder.add_series({section_name, "started", queues, "customers",
                             "customers that have started service since the start"});
        customers_.declare(recorder);
        std::vector<std::int64_t> ids;
        std::vector<double> arrival_rates;
        std::vector<double> service_rates;
        for (std::size_t q = 0; q < queues; ++q) {
            ids.push_back(static_cast<std::int64_t>(q));
            arrival_rates.push_back(params_.arrival_rate_per_s);
            service_rates.push_back(params_.service_rate_per_s);
        }
        recorder.write_static_table(
            {section_name, "queues", "the queues and their base rates",
             {{"queue", engine::ColumnType::int64, "1", "queue index"},
              {"arrival_rate_per_s", engine::ColumnType::float64, "1/s", "lambda"},
              {"service_rate_per_s", engine::ColumnType::float64, "1/s", "mu"}}},
            {ids, arrival_rates, service_rates});
    }

    void sample(engine::Ticks /*time*/, std::vector<std::vector<double>>& values,
                engine::Recorder& recorder) override {
        std::vector<double> in_system;
        std::vector<double> started;
        std::vector<QueuedCustomer> customers;
        for (std::size_t q = 0; q < servers_.size(); ++q) {
            auto& server = server_lp(q);
            in_system.push_back(static_cast<double>(server.in_system()));
            started.push_back(static_cast<double>(server.started_total()));
            for (const auto& record : server.take_log()) customers.push_back({static_cast<std::uint32_t>(q), record});
        }
        values.push_back(std::move(in_system));
        values.push_back(std::move(started));
        customers_.append(recorder, customers);
    }

    [[nodiscard]] std::vector<engine::Kpi> kpis(const engine::RunStats& /*stats*/) const override {
        double total_wait = 0.0;
        std::uint64_t customers = 0;
        double sum_means = 0.0;
        double sum_means_sq = 0.0;
        for (std::size_t q = 0; q < servers_.size(); ++q) {
            const auto& stats = server_lp(q).stats();
            total_wait += stats.total_wait_s;
            customers += stats.customers;
            sum_means += stats.mean_wait_s();
            sum_means_sq += stats.mean_wait_s() * stats.mean_wait_s();
        }
        const double k = static_cast<double>(servers_.size());
        const double mean_of_means = sum_means / k;
        const double standard_error =
            k > 1 ? std::sqrt(std::max(0.0, sum_means_sq - k * mean_of_means * mean_of_means) /
                              (k - 1.0) / k)
                  : 0.0;
        const double mean_wait = customers > 0 ? total_wait / static_cast<double>(customers) : 0.0;
        return {
            {"mm1.mean_wait_s", mean_wait, "s",
             "mean waiting time in queue after the warm-up, all queues"},
            {"mm1.theoretical_wait_s", params_.theoretical_mean_wait_s(), "s",
             "M/M/1 theory at the base rates: rho / (mu - lambda)"},
            {"mm1.wait_standard_error_s", standard_error, "s",
             "standard error of the mean wait, from the spread of the queues' means"},
            {"mm1.customers", static_cast<double>(customers), "customers",
             "customers served after the warm-up"},
            {"mm1.utilisation", params_.utilisation(), "1", "rho = lambda / mu at the base rates"},
        };
    }

private:
    [[nodiscard]] mm1::ServerLp& server_lp(std::size_t q) const {
        // Between windows the model may read (and drain the logs of) its own LPs.
        return const_cast<mm1::ServerLp&>(
            dynamic_cast<const mm1::ServerLp&>(simulation_->lp(servers_[q])));
    }

    mm1::Mm1Params params_;
    std::vector<engine::LpId> servers_;
    const engine::Simulation* simulation_;
    engine::RowEventTable<QueuedCustomer> customers_{
        section_name, "customers", "every customer, when it started service",
        engine::column("queue", "1", "queue index", [](const QueuedCustomer& c) { return c.queue; }),
        engine::column("arrival_s", "s", "reached the server",
                       [](const QueuedCustomer& c) { return engine::seconds_from_ticks(c.record.arrived_at); }),
        engine::column("service_start_s", "s", "started service",
                       [](const QueuedCustomer& c) { return engine::seconds_from_ticks(c.record.service_start); }),
        engine::column("departure_s", "s", "left the server",
                       [](const QueuedCustomer& c) { return engine::seconds_from_ticks(c.record.departure); }),
        engine::column("wait_s", "s", "waiting time in queue", [](const QueuedCustomer& c) {
            return engine::seconds_from_ticks(c.record.service_start - c.record.arrived_at);
        })};
};

class Mm1Plugin final : public ModelPlugin {
public:
    [[nodiscard]] SectionSpec section() const override {
        return {section_name,
                "M/M/1 queues: Poisson sources feeding FIFO servers, to validate the engine",
                {{"queues", ValueType::integer, "1", 1.0, 100000.0, std::int64_t{1},
                  "independent source/server pairs"},
                 {"arrival_rate_per_s", ValueType::real, "1/s", 1e-6, 1e6, {},
                  "lambda, Poisson arrivals per second at each queue"},
                 {"service_rate_per_s", ValueType::real, "1/s", 1e-6, 1e6, {},
                  "mu, services per second (must exceed lambda)"},
                 {"transit", ValueType::duration, "s", 1e-6, 86400.0, 0.5,
                  "constant source-to-server delay (also the lookahead)"},
                 {"warmup", ValueType::duration, "s", 0.0, {}, 0.0,
                  "customers arriving before this are left out of the KPIs"}}};
    }

    [[nodiscard]] std::vector<EditKindSpec> edit_kinds() const override {
        return {{"mm1.scale_arrivals",
                 "from `at` on, arrivals come at factor x the base rate",
                 {{"factor", ValueType::real, "1", 0.0, 1e6, {}, "multiplier on lambda"},
                  {"queue", ValueType::integer, "1", -1.0, 100000.0, std::int64_t{-1},
                   "which queue (-1: all)"}}}};
    }

    [[nodiscard]] std::unique_ptr<ModelInstance> assemble(const SectionValues& values,
                                                          const std::vector<const Edit*>& edits,
                                                          Assembly& assembly) const override {
        const mm1::Mm1Params params{
            .queue_count = static_cast<std::uint32_t>(values.integer("queues")),
            .arrival_rate_per_s = values.real("arrival_rate_per_s"),
            .service_rate_per_s = values.real("service_rate_per_s"),
            .transit_s = values.duration_s("transit"),
            .warmup_s = values.duration_s("warmup"),
            .duration_s = engine::seconds_from_ticks(assembly.scenario.duration)};
        mm1::validate(params);
        std::vector<engine::LpId> servers;
        for (std::uint32_t q = 0; q < params.queue_count; ++q) {
            std::vector<std::pair<engine::Ticks, double>> changes;
            for (const Edit* edit : edits) {
                const auto queue = edit->values.integer("queue");
                if (queue < 0 || static_cast<std::uint32_t>(queue) == q) {
                    changes.emplace_back(edit->at, edit->values.real("factor"));
                }
            }
            const auto server = static_cast<engine::LpId>(assembly.simulation.lp_count() + 1);
            assembly.add_lp(std::make_unique<mm1::SourceLp>(server, params, std::move(changes)),
                            2 * q);
            servers.push_back(assembly.add_lp(std::make_unique<mm1::ServerLp>(params), 2 * q + 1));
        }
        assembly.require_lookahead(engine::ticks_from_seconds(params.transit_s));
        return std::make_unique<Mm1Instance>(params, std::move(servers), assembly.simulation);
    }
};

}  // namespace

void register_mm1(ModelRegistry& registry) { registry.add(std::make_unique<Mm1Plugin>()); }

}  // namespace tuntas::scenarios
