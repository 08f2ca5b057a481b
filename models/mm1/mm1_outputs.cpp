#include <algorithm>
#include <cmath>

#include "models/mm1/mm1_datasets.hpp"
#include "models/mm1/mm1_instance.hpp"

// The M/M/1 model's outputs: customers in system, every customer's times, and the mean wait
// with its standard error against M/M/1 theory.
namespace tuntas::mm1 {

void Mm1Instance::declare(engine::Recorder& recorder) {
    const std::size_t queues = servers_.size();
    const auto queue_axis = engine::make_axis(
        "queue", queues, [](std::size_t q) { return "queue " + std::to_string(q); });
    series_.in_system = engine::Series(recorder, datasets::in_system, queues, "customers",
                                       "customers at each queue, waiting or in service",
                                       engine::SeriesPrecision::float64, queue_axis);
    series_.started = engine::Series(recorder, datasets::started, queues, "customers",
                                     "customers that have started service since the start",
                                     engine::SeriesPrecision::float64, queue_axis);
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
        {std::string(datasets::queues.group),
         std::string(datasets::queues.name),
         "the queues and their base rates",
         {{"queue", engine::ColumnType::int64, "1", "queue index"},
          {"arrival_rate_per_s", engine::ColumnType::float64, "1/s", "lambda"},
          {"service_rate_per_s", engine::ColumnType::float64, "1/s", "mu"}}},
        {ids, arrival_rates, service_rates});
}

void Mm1Instance::sample(engine::Ticks /*time*/, engine::SampleFrame& frame,
                         engine::Recorder& recorder) {
    std::vector<double> in_system;
    std::vector<double> started;
    std::vector<QueuedCustomer> customers;
    for (std::size_t q = 0; q < servers_.size(); ++q) {
        auto& server = *servers_[q];
        in_system.push_back(static_cast<double>(server.in_system()));
        started.push_back(static_cast<double>(server.started_total()));
        for (const auto& record : server.take_log())
            customers.push_back({static_cast<std::uint32_t>(q), record});
    }
    frame.set(series_.in_system, std::move(in_system));
    frame.set(series_.started, std::move(started));
    customers_.append(recorder, customers);
}

std::vector<engine::Kpi> Mm1Instance::kpis(const engine::RunStats& /*stats*/) const {
    double total_wait = 0.0;
    std::uint64_t customers = 0;
    double sum_means = 0.0;
    double sum_means_sq = 0.0;
    for (std::size_t q = 0; q < servers_.size(); ++q) {
        const auto& stats = servers_[q]->stats();
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
         "mean waiting time in queue after the warm-up, all queues; lower is better"},
        {"mm1.theoretical_wait_s", params_.theoretical_mean_wait_s(), "s",
         "M/M/1 theory at the base rates: rho / (mu - lambda)"},
        {"mm1.wait_standard_error_s", standard_error, "s",
         "standard error of the mean wait, from the spread of the queues' means"},
        {"mm1.customers", static_cast<double>(customers), "customers",
         "customers served after the warm-up"},
        {"mm1.utilisation", params_.utilisation(), "1", "rho = lambda / mu at the base rates"},
    };
}

}  // namespace tuntas::mm1
