#include <vector>

#include <catch2/catch.hpp>

#include "engine/error.hpp"
#include "engine/null_recorder.hpp"
#include "engine/sample_frame.hpp"
#include "engine/series.hpp"

using namespace tuntas::engine;

TEST_CASE("engine::SampleFrame: values go to their series whatever the order they are set in",
          "[engine][unit]") {
    NullRecorder recorder;
    const Series first(recorder, {"m", "first"}, 2, "1", "");
    const Series second(recorder, {"m", "second"}, 1, "1", "");
    const Series third(recorder, {"m", "third"}, 3, "1", "");
    SampleFrame frame;
    frame.set(third, {7.0, 8.0, 9.0});
    frame.set(first, {1.0, 2.0});
    frame.set(second, {5.0});
    CHECK(frame.take() == std::vector<std::vector<double>>{{1.0, 2.0}, {5.0}, {7.0, 8.0, 9.0}});
    // The frame is empty again for the next sample.
    frame.set(first, {3.0, 4.0});
    frame.set(second, {6.0});
    frame.set(third, {0.0, 0.0, 0.0});
    CHECK(frame.take().front() == std::vector<double>{3.0, 4.0});
}

TEST_CASE("engine::SampleFrame: a series set with the wrong count, twice, or not at all is caught",
          "[engine][unit]") {
    NullRecorder recorder;
    const Series first(recorder, {"m", "first"}, 2, "1", "");
    const Series second(recorder, {"m", "second"}, 1, "1", "");
    SampleFrame frame;
    CHECK_THROWS_AS(frame.set(first, {1.0}), InternalError);
    frame.set(first, {1.0, 2.0});
    CHECK_THROWS_AS(frame.set(first, {1.0, 2.0}), InternalError);
    SampleFrame missing_first;
    missing_first.set(second, {1.0});
    CHECK_THROWS_AS(missing_first.take(), InternalError);
    CHECK_THROWS_AS(SampleFrame().set(Series(), {}), InternalError);
}

TEST_CASE("engine::SampleFrame: parts sampled apart put together give the frame one process "
          "samples",
          "[engine][unit][ranks]") {
    NullRecorder recorder;
    const Series first(recorder, {"a", "first"}, 2, "1", "");
    const Series second(recorder, {"b", "second"}, 1, "1", "");
    const Series third(recorder, {"a", "third"}, 3, "1", "");
    // Model a on one rank, model b on another: each sets only its own series.
    SampleFrame rank_a, rank_b;
    rank_a.set(first, {1.0, 2.0});
    rank_a.set(third, {7.0, 8.0, 9.0});
    rank_b.set(second, {5.0});
    const auto part_a = rank_a.take_set();
    const auto part_b = rank_b.take_set();
    REQUIRE(part_a.size() == 2);
    CHECK(part_a[0].first == first.index());
    CHECK(part_a[1].first == third.index());
    SampleFrame whole;
    for (const auto& part : {part_b, part_a}) {
        for (const auto& [index, values] : part) whole.set_at(index, values);
    }
    CHECK(whole.take() == std::vector<std::vector<double>>{{1.0, 2.0}, {5.0}, {7.0, 8.0, 9.0}});
    CHECK(rank_a.take_set().empty());  // taken: empty for the next sample
}
