#include <cmath>
#include <memory>
#include <vector>

#include <catch2/catch.hpp>

#include "viewer/now_indicators.hpp"

using namespace tuntas::viewer;

namespace {

/// Samples every 30 minutes over two links (1 km at 60 km/h free, 2 km at 30 km/h free), three
/// collection points of 100 kg and four sectors.
class FakeSource final : public FrameSource {
public:
    FakeSource() {
        scene_.nodes = {{0, 0}, {1, 0}, {2, 0}};
        scene_.links = {{0, 1, "local", "a", 60.0, 1000.0}, {1, 2, "local", "b", 30.0, 2000.0}};
        scene_.containers = {
            {"c1", {}, 100.0, false}, {"c2", {}, 100.0, false}, {"c3", {}, 100.0, false}};
        add(0.0, {0, 0}, {NAN, NAN}, 5, {0, 0, 0}, {0.1, 0.2, 0.3, 0.4});
        add(1800.0, {100, 60}, {30, 30}, 40, {100, 20, 99.95}, {0.9, 0.85, 0.5, 0.81});
        add(3600.0, {200, 0}, {60, NAN}, 35, {100, 100, 50}, {0.2, 0.95, 0.5, 0.1});
    }
    const Scene& scene() const override { return scene_; }
    bool ready() const override { return true; }
    std::size_t samples() const override { return snapshots_.size(); }
    std::shared_ptr<const Snapshot> snapshot(std::size_t index) const override {
        return snapshots_.at(index);
    }
    std::vector<tuntas::engine::Kpi> kpis() const override { return {}; }
    std::string start() const override { return "2025-03-03T07:00:00+08:00"; }
    double duration_s() const override { return 3600.0; }
    bool live() const override { return false; }
    std::string describe() const override { return "fake"; }
    std::vector<EditMark> edits() const override { return {}; }

private:
    void add(double t, std::vector<double> flow, std::vector<double> speed, double transit,
             std::vector<double> fill, std::vector<double> use) {
        auto s = std::make_shared<Snapshot>();
        s->time_s = t;
        s->series["traffic/link_flow"] = std::move(flow);
        s->series["traffic/link_speed"] = std::move(speed);
        s->series["traffic/in_transit"] = {transit};
        s->series["waste/container_fill"] = std::move(fill);
        s->series["telecom/sector_utilisation"] = std::move(use);
        snapshots_.push_back(std::move(s));
    }
    Scene scene_;
    std::vector<std::shared_ptr<const Snapshot>> snapshots_;
};

}  // namespace

TEST_CASE("viewer::indicators_at: vehicles now, the last hour's delay, full points, busy sectors",
          "[viewer][unit]") {
    const FakeSource source;
    const NowIndicators at_end = indicators_at(source, 2);
    CHECK(at_end.vehicles_on_road == 35.0);
    // Hand-computed: 07:00-07:30, 50 vehicles left link a at 30 km/h (1 km: 1/30 - 1/60 h
    // each) and 30 left link b at its free 30 km/h (no delay); 07:30-08:00, 100 left link a at
    // its free speed, none left b. 50 / 60 = 0.8333 vehicle-hours.
    CHECK(at_end.delay_last_hour_h == Approx(50.0 * (1.0 / 30.0 - 1.0 / 60.0)));
    CHECK(at_end.containers_full == 2.0);  // 100 and 100 of 100 kg
    CHECK(at_end.containers == 3.0);
    CHECK(at_end.sectors_over_80pct == 1.0);
    CHECK(at_end.sectors == 4.0);
    const NowIndicators half = indicators_at(source, 1);
    CHECK(half.containers_full == 2.0);  // 99.95 of 100 counts as full (0.1 % short)
    CHECK(half.sectors_over_80pct == 3.0);
    const NowIndicators first = indicators_at(source, 0);
    CHECK(first.delay_last_hour_h == 0.0);
}
