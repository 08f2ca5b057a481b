"""tuntas.run, tuntas.validate and tuntas.to_toml: scenarios as files, dicts and text, with
overrides; results kept unless force=True; problems raised as located InputErrors."""
import hashlib
import tomllib

import pytest

import tuntas


def test_run_a_file_gives_a_complete_result_that_matches_theory(mm1_file, tmp_path):
    result = tuntas.run(mm1_file, {"duration": "12h"}, output=tmp_path / "r.h5", threads=2)
    assert result.complete and result.path == tmp_path / "r.h5"
    kpis = result.kpis
    wait, error = kpis.loc["mm1.mean_wait_s", "value"], kpis.loc["mm1.wait_standard_error_s", "value"]
    # M/M/1 at rho = 0.5, mu = 1/s: W_q = rho / (mu - lambda) = 1 s, within 4 standard errors.
    assert abs(wait - 1.0) < 4 * error, (wait, error)
    assert kpis.loc["mm1.mean_wait_s", "unit"] == "s"


def test_the_same_seed_gives_the_same_fingerprint_at_any_thread_count(mm1_file, short, tmp_path):
    one = tuntas.run(mm1_file, short, output=tmp_path / "one.h5", threads=1)
    two = tuntas.run(mm1_file, short, output=tmp_path / "two.h5", threads=2)
    other_seed = tuntas.run(mm1_file, {**short, "seed": 7}, output=tmp_path / "s7.h5")
    assert one.fingerprint == two.fingerprint != ""
    assert other_seed.fingerprint != one.fingerprint
    assert (one.series("mm1/in_system") == two.series("mm1/in_system")).all().all()


def test_overrides_as_a_dict_or_as_set_strings_are_the_same_run(mm1_file, tmp_path):
    as_dict = tuntas.run(mm1_file, {"duration": "2h", "mm1.arrival_rate_per_s": 0.7})
    as_list = tuntas.run(mm1_file, ["duration=2h", "mm1.arrival_rate_per_s=0.7"])
    assert as_dict.fingerprint == as_list.fingerprint
    assert as_dict.scenario["mm1"]["arrival_rate_per_s"] == 0.7
    with pytest.raises(TypeError):
        tuntas.run(mm1_file, "duration=2h")


def test_a_dict_and_toml_text_run_as_the_file_they_spell(mm1_file, short):
    from_file = tuntas.run(mm1_file, short)
    scenario = tomllib.loads(mm1_file.read_text())
    from_dict = tuntas.run(scenario, short)
    from_text = tuntas.run(mm1_file.read_text(), short)
    assert from_file.fingerprint == from_dict.fingerprint == from_text.fingerprint
    # Without output the result lives in a temporary folder as long as the Result does.
    assert from_dict.path.exists() and "tuntas-run-" in str(from_dict.path)


def test_an_existing_result_is_kept_unless_force(mm1_file, short, tmp_path):
    path = tmp_path / "kept.h5"
    first = tuntas.run(mm1_file, short, output=path).fingerprint  # read now: the file changes
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    with pytest.raises(FileExistsError, match="force=True"):
        tuntas.run(mm1_file, {**short, "seed": 9}, output=path)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
    again = tuntas.run(mm1_file, {**short, "seed": 9}, output=path, force=True)
    assert again.fingerprint != first and again.seed == 9


def test_progress_is_called_at_every_simulated_hour(mm1_file, short):
    calls = []
    tuntas.run(mm1_file, short, progress=lambda t, events: calls.append((t, events)), every_s=1800)
    times = [t for t, _ in calls]
    # 2 h of run after a 60 s warm-up: the engine's clock counts the warm-up too.
    assert times == sorted(times) and len(times) >= 4
    assert all(t % 1800 == 0 for t in times)
    assert [e for _, e in calls] == sorted(e for _, e in calls)


def test_a_bad_value_is_an_input_error_naming_file_line_and_key(mm1_file):
    with pytest.raises(tuntas.InputError) as caught:
        tuntas.run(mm1_file, {"mm1.queues": -3})
    error = caught.value
    assert isinstance(error, ValueError)
    # Located at the override (Python's word for it, not the command line's --set).
    assert error.key == "mm1.queues" and error.file == "override mm1.queues=-3"
    assert "--set" not in str(error)
    assert "[1, 100000]" in error.problems[0]["message"]

    text = 'name = "x"\nduration = "1h"\n[mm1]\nqueues = 0\narrival_rate_per_s = 0.5\n' \
           'service_rate_per_s = 1.0\n'
    with pytest.raises(tuntas.InputError) as caught:
        tuntas.run(text, base_dir="/tmp")
    error = caught.value
    assert error.file == "/tmp/<scenario text>" and (error.line, error.column) == (4, 10)
    assert error.key == "mm1.queues"


def test_every_problem_is_reported_at_once(mm1_file):
    with pytest.raises(tuntas.InputError) as caught:
        tuntas.run({"name": "x", "mm1": {"queues": 0, "service_rate_per_s": -1}})
    keys = {p["key"] for p in caught.value.problems}
    assert {"mm1.queues", "mm1.service_rate_per_s", "mm1.arrival_rate_per_s"} <= keys, keys


def test_validate_returns_the_resolved_scenario_and_raises_what_run_would(mm1_rush_file):
    resolved = tuntas.validate(mm1_rush_file, {"mm1.queues": 4})
    assert resolved["name"] == "M/M/1 with a rush at queue 0"       # the variant's
    assert resolved["mm1"]["arrival_rate_per_s"] == 0.5             # the base's
    assert resolved["mm1"]["queues"] == 4                           # the override
    assert resolved["edits"][0]["kind"] == "mm1.scale_arrivals"
    with pytest.raises(tuntas.InputError) as caught:
        tuntas.validate(mm1_rush_file, {"mm1.transit": "fast"})
    assert caught.value.key == "mm1.transit"


def test_to_toml_round_trips_through_tomllib():
    scenario = {"name": "x", "duration": "2h", "seed": 3, "flag": True, "share": 0.25,
                "mm1": {"queues": 2}, "edits": [{"kind": "mm1.scale_arrivals", "at": "1h",
                                                 "queue": 0, "factor": 1.5}]}
    assert tomllib.loads(tuntas.to_toml(scenario)) == scenario
    with pytest.raises(TypeError, match="mm1.queues"):
        tuntas.to_toml({"mm1": {"queues": object()}})
