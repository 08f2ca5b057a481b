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
