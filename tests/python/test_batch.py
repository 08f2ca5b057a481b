"""tuntas.sweep and tuntas.compare: what-ifs over seeds as DataFrames, resumed, and compared
paired with confidence intervals whose direction queueing theory predicts."""
import pandas as pd
import pytest

import tuntas


@pytest.fixture(scope="module")
def swept(tmp_path_factory, mm1_file):
    out = tmp_path_factory.mktemp("sweep")
    frame = tuntas.sweep(mm1_file, {"mm1.arrival_rate_per_s": [0.5, 0.6]}, seeds=4, out_dir=out,
                         overrides={"duration": "6h", "mm1.warmup": "30min"}, jobs=2, threads=1)
    return out, frame


def test_a_sweep_runs_every_value_and_seed(swept):
    out, frame = swept
    assert len(frame) == 8 and set(frame["status"]) == {"done"}
    assert sorted(frame["seed"].unique()) == [42, 43, 44, 45]
    assert set(frame["mm1.arrival_rate_per_s"]) == {"0.5", "0.6"}
    assert frame.attrs["directory"] == str(out)
    for run, row in frame.iterrows():
        result = tuntas.Result(row["result"])
        assert result.complete and result.seed == row["seed"]
        assert result.kpi("mm1.mean_wait_s") == pytest.approx(row["mm1.mean_wait_s"])
    # Only the varied key and the seed name a run.
    assert all("duration" not in name for name in frame.index)


def test_a_sweep_into_the_same_folder_resumes(swept, mm1_file):
    out, frame = swept
    again = tuntas.sweep(mm1_file, {"mm1.arrival_rate_per_s": [0.5, 0.6]}, seeds=4, out_dir=out,
                         overrides={"duration": "6h", "mm1.warmup": "30min"}, jobs=2, threads=1)
    assert set(again["status"]) == {"kept"} and len(again) == 8
    pd.testing.assert_series_equal(again["mm1.mean_wait_s"], frame["mm1.mean_wait_s"])


def test_compare_gives_paired_intervals_in_the_direction_theory_says(swept):
    out, frame = swept
    compared = tuntas.compare(frame, kpis=["mm1.mean_wait_s"])
    row = compared[compared["kpi"] == "mm1.mean_wait_s"].iloc[0]
    assert row["test"] == "paired" and row["runs"] == 4
    # Theory: W_q = rho / (mu - lambda): 1 s at 0.5/s, 1.5 s at 0.6/s.
    assert "0.5" in compared.attrs["baseline"]
    assert row["low"] > 0 and row["significant"]
    assert row["low"] <= row["difference"] <= row["high"]
    assert row["low"] <= 0.5 <= row["high"]  # the theoretical +0.5 s inside the interval
    # The same from the folder, and from two result files (single runs: Welch, no seeds).
    assert tuntas.compare(out, kpis=["mm1.mean_wait_s"]).equals(compared)
    pair = tuntas.compare([tuntas.Result(p) for p in frame["result"].iloc[[0, 4]]])
    assert len(pair) > 0


def test_a_sweep_of_an_unknown_key_is_an_input_error(mm1_file, tmp_path):
    with pytest.raises(tuntas.InputError) as caught:
        tuntas.sweep(mm1_file, {"mm1.arrival_rate": [0.5, 0.6]}, out_dir=tmp_path / "bad")
    assert "mm1.arrival_rate" in str(caught.value)


def test_a_dict_scenario_is_swept_from_its_saved_file(tmp_path, mm1_file):
    import tomllib
    scenario = tomllib.loads(mm1_file.read_text())
    scenario["duration"] = "2h"
    frame = tuntas.sweep(scenario, {"mm1.queues": [2, 4]}, out_dir=tmp_path / "d", threads=1)
    assert (tmp_path / "d" / "scenario.toml").exists() and set(frame["status"]) == {"done"}
    with pytest.raises(ValueError, match="comma"):
        tuntas.sweep(scenario, {"name": ["a,b"]}, out_dir=tmp_path / "e")


def test_summarise_gives_the_intervals_compare_gives(swept):
    out, frame = swept
    summary = tuntas.summarise(frame, kpis=["mm1.mean_wait_s"])
    assert len(summary) == 2 and set(summary["runs"]) == {4}
    base = summary[summary["mm1.arrival_rate_per_s"] == "0.5"].iloc[0]
    # M/M/1 theory, W_q = 1 s at rho = 0.5, inside the 95 % interval over the seeds.
    assert base["low"] <= 1.0 <= base["high"]
    compared = tuntas.compare(frame, kpis=["mm1.mean_wait_s"]).iloc[0]
    variant = summary[summary["mm1.arrival_rate_per_s"] == "0.6"].iloc[0]
    assert variant["mean"] == pytest.approx(compared["mean"], rel=1e-12)
    assert variant["half_width"] == pytest.approx(compared["half_width"], rel=1e-9)
    assert base["mean"] == pytest.approx(compared["baseline_mean"], rel=1e-12)


def test_replicate_runs_seeds_of_one_scenario(mm1_file, tmp_path):
    runs = tuntas.replicate(mm1_file, 3, out_dir=tmp_path / "reps",
                            overrides={"duration": "2h"}, threads=1)
    assert list(runs["seed"]) == [42, 43, 44] and set(runs["status"]) == {"done"}
    summary = tuntas.summarise(runs, kpis=["mm1.mean_wait_s"])
    assert len(summary) == 1 and summary.loc[0, "runs"] == 3
    values = runs["mm1.mean_wait_s"]
    assert summary.loc[0, "mean"] == pytest.approx(values.mean())
    assert summary.loc[0, "std"] == pytest.approx(values.std(ddof=1))
    # t(0.975, 2) = 4.3027 (a table value): the half-width of 3 seeds' mean.
    assert summary.loc[0, "half_width"] == pytest.approx(4.302653 * values.std(ddof=1) / 3 ** 0.5,
                                                         rel=1e-6)
