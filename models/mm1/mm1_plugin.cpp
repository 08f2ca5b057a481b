#include "models/mm1/mm1_plugin.hpp"

#include "models/mm1/mm1.hpp"
#include "models/mm1/mm1_instance.hpp"

// The M/M/1 model's plugin: its keys, its edit, and how it assembles (the worked example of
// models/README.md).
namespace tuntas::mm1 {

using model::EditKindSpec;
using model::SectionSpec;
using model::ValueType;

namespace {

constexpr const char* section_name = "mm1";

class Mm1Plugin final : public model::ModelPlugin {
public:
    [[nodiscard]] SectionSpec section() const override {
        return {section_name,
                "M/M/1 queues: Poisson sources feeding FIFO servers, to validate the engine",
                {{"queues", ValueType::integer, "1", 1.0, 100000.0, std::int64_t{1},
                  "independent source/server pairs"},
                 {"arrival_rate_per_s",
                  ValueType::real,
                  "1/s",
                  1e-6,
                  1e6,
                  {},
                  "lambda, Poisson arrivals per second at each queue"},
                 {"service_rate_per_s",
                  ValueType::real,
                  "1/s",
                  1e-6,
                  1e6,
                  {},
                  "mu, services per second (must exceed lambda)"},
                 {"transit", ValueType::duration, "s", 1e-6, 86400.0, 0.5,
                  "constant source-to-server delay (also the lookahead)"},
                 {"warmup",
                  ValueType::duration,
                  "s",
                  0.0,
                  {},
                  0.0,
                  "customers arriving before this are left out of the KPIs"}}};
    }

    [[nodiscard]] std::vector<EditKindSpec> edit_kinds() const override {
        return {{"mm1.scale_arrivals",
                 "from `at` on, arrivals come at factor x the base rate",
                 {{"factor", ValueType::real, "1", 0.0, 1e6, {}, "multiplier on lambda"},
                  {"queue", ValueType::integer, "1", -1.0, 100000.0, std::int64_t{-1},
                   "which queue (-1: all)"}}}};
    }

    [[nodiscard]] std::unique_ptr<model::ModelInstance>
    assemble(const model::SectionValues& values, const std::vector<const model::Edit*>& edits,
             model::Assembly& assembly) const override {
        const Mm1Params params{.queue_count = static_cast<std::uint32_t>(values.integer("queues")),
                               .arrival_rate_per_s = values.real("arrival_rate_per_s"),
                               .service_rate_per_s = values.real("service_rate_per_s"),
                               .transit_s = values.duration_s("transit"),
                               .warmup_s = values.duration_s("warmup"),
                               .duration_s = engine::seconds_from_ticks(assembly.scenario.end())};
        std::vector<ArrivalChanges> changes(params.queue_count);
        for (const model::Edit* edit : edits) {
            const auto queue = edit->values.integer("queue");
            for (std::uint32_t q = 0; q < params.queue_count; ++q) {
                if (queue < 0 || static_cast<std::uint32_t>(queue) == q) {
                    changes[q].emplace_back(edit->at, edit->values.real("factor"));
                }
            }
        }
        const Mm1Lps lps = add_lps(assembly.simulation, params, changes);
        // Each source and each server a locality group: the source-to-server transit is the
        // lookahead, so they may run in different partitions.
        const std::uint32_t first_group = assembly.new_groups(2 * params.queue_count);
        std::vector<ServerLp*> servers;
        for (std::uint32_t q = 0; q < params.queue_count; ++q) {
            assembly.place_added_lp(first_group + 2 * q);
            assembly.place_added_lp(first_group + 2 * q + 1);
            servers.push_back(&assembly.lp<ServerLp>(lps.servers[q]));
        }
        assembly.require_lookahead(engine::ticks_from_seconds(params.transit_s));
        return std::make_unique<Mm1Instance>(params, std::move(servers));
    }
};

}  // namespace

std::unique_ptr<model::ModelPlugin> make_plugin() {
    return std::make_unique<Mm1Plugin>();
}

}  // namespace tuntas::mm1
