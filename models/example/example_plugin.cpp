#include "models/example/example_plugin.hpp"

#include <cmath>
#include <cstdint>
#include <vector>

#include "engine/series.hpp"
#include "models/api/param_bindings.hpp"
#include "models/example/ticker_lp.hpp"

// The example model, whole: its keys, its assembly, its one series and its KPIs.
namespace tuntas::example {
namespace {

/// The [example] section's values.
struct ExampleParams {
    std::uint32_t tickers{4};
    engine::Ticks period{60 * engine::ticks_per_second};
};

const model::ParamBindings<ExampleParams>& example_keys() {
    using P = ExampleParams;
    static const model::ParamBindings<P> keys =
        model::ParamBindings<P>()
            .integer("tickers", &P::tickers, "1", 1.0, 1e6, "tickers, each an LP of its own")
            .duration("period", &P::period, 1e-3, 86'400.0, "time between a ticker's ticks");
    return keys;
}

/// The model assembled into a run: reads its tickers between windows.
class ExampleInstance final : public model::ModelInstance {
public:
    ExampleInstance(ExampleParams params, std::vector<const TickerLp*> tickers,
                    engine::Ticks duration)
        : params_(params),
          tickers_(std::move(tickers)),
          duration_(duration) {}

    void declare(engine::Recorder& recorder) override {
        ticks_ = engine::Series(
            recorder, {"example", "ticks"}, 1, "ticks", "ticks of all tickers since the start",
            engine::SeriesPrecision::float64,
            engine::make_axis("total", 1, [](std::size_t) { return std::string("all tickers"); }));
    }

    void sample(engine::Ticks /*time*/, engine::SampleFrame& frame,
                engine::Recorder& /*recorder*/) override {
        frame.set(ticks_, {static_cast<double>(total())});
    }

    [[nodiscard]] std::vector<engine::Kpi> kpis(const engine::RunStats& /*stats*/) const override {
        // Ticks at period, 2 period, ... strictly before the end.
        const auto per_ticker = (duration_ + params_.period - 1) / params_.period - 1;
        return {{"example.ticks", static_cast<double>(total()), "ticks", "ticks of all tickers"},
                {"example.expected_ticks", static_cast<double>(params_.tickers * per_ticker),
                 "ticks", "tickers x (ceil(duration / period) - 1)"}};
    }

private:
    [[nodiscard]] std::uint64_t total() const {
        std::uint64_t sum = 0;
        for (const TickerLp* ticker : tickers_) sum += ticker->ticks();
        return sum;
    }

    ExampleParams params_;
    std::vector<const TickerLp*> tickers_;
    engine::Ticks duration_;
    engine::Series ticks_;
};

class ExamplePlugin final : public model::ModelPlugin {
public:
    [[nodiscard]] model::SectionSpec section() const override {
        return {"example", "tickers: the smallest complete model (models/README.md)",
                example_keys().specs()};
    }

    [[nodiscard]] std::vector<model::EditKindSpec> edit_kinds() const override { return {}; }

    [[nodiscard]] std::unique_ptr<model::ModelInstance>
    assemble(const model::SectionValues& values, const std::vector<const model::Edit*>& /*edits*/,
             model::Assembly& assembly) const override {
        ExampleParams params;
        example_keys().read(values, params);
        // Tickers never talk to each other: each a locality group, any lookahead will do.
        const std::uint32_t first_group = assembly.new_groups(params.tickers);
        std::vector<const TickerLp*> tickers;
        for (std::uint32_t t = 0; t < params.tickers; ++t) {
            const engine::LpId id =
                assembly.add_lp(std::make_unique<TickerLp>(params.period), first_group + t);
            tickers.push_back(&assembly.lp<TickerLp>(id));
        }
        assembly.require_lookahead(params.period);
        return std::make_unique<ExampleInstance>(params, std::move(tickers),
                                                 assembly.scenario.end());
    }
};

}  // namespace

std::unique_ptr<model::ModelPlugin> make_plugin() {
    return std::make_unique<ExamplePlugin>();
}

}  // namespace tuntas::example
