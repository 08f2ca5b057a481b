"""tuntas sweep on a small generated district with traffic and waste: a 2 x 2 x 3 grid (dump
trucks x demand x seeds), its summaries, resuming after an interruption, a failed run that does
not stop the others, shards that merge into the whole sweep, and `compare` on the result.

usage: sweep_resume.py TUNTAS OUT_DIR
"""
import csv
import os
import signal
import shutil
import subprocess
import sys
import time
from pathlib import Path

import h5py

SETS = ["--set", "waste.dump_trucks=1,3", "--set", "traffic.demand_scale=0.8,1.2", "--seeds", "3"]

SCENARIO = """name = "sweep test"
district = "district"
start = 2025-03-03T05:00:00
duration = "6h"
seed = 42
sample_interval = "15min"
[traffic]
[waste]
arm_roll_trucks = 0
"""


def sweep(tuntas, scenario, out, *extra, check=True):
    return subprocess.run([tuntas, "sweep", scenario, *SETS, "-j", "2", "-o", str(out), *extra],
                          check=check, capture_output=True, text=True)


def rows(out):
    with open(out / "summary.csv", newline="") as f:
        return {row["run"]: row for row in csv.DictReader(f)}


def main():
    tuntas, out = sys.argv[1], Path(sys.argv[2])
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    subprocess.run([tuntas, "district", "generate", "--population", "30000", "--seed", "4", "-o",
                    str(out / "district")], check=True, capture_output=True)
    scenario = str(out / "sweep.toml")
    (out / "sweep.toml").write_text(SCENARIO)
    sweep(tuntas, scenario, out / "full")
    first = rows(out / "full")
    assert len(first) == 12, len(first)
    assert all(row["status"] == "done" for row in first.values())
    assert {row["set:waste.dump_trucks"] for row in first.values()} == {"1", "3"}
    assert {row["seed"] for row in first.values()} == {"42", "43", "44"}
    assert all(float(row["traffic.vehicle_trips"]) > 0 for row in first.values())
    # One log per run (what it printed), no .out beside it and no empty file.
    files = list((out / "full").iterdir())
    assert not [f.name for f in files if f.suffix == ".out" or f.stat().st_size == 0], files
    assert len([f for f in files if f.suffix == ".log"]) == 12
    with h5py.File(out / "full" / "summary.h5", "r") as f:
        assert f["static/sweep/runs"].shape == (12,)

    # An interrupted sweep: killed (with its running child) once three runs are done. Run again,
    # it keeps those and runs the rest, with the same KPIs as the uninterrupted sweep.
    cut = out / "cut"
    killed = subprocess.Popen([tuntas, "sweep", scenario, *SETS, "-j", "1", "-o", str(cut)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 120
    while len(list(cut.glob("*seed=*.h5"))) < 3 and time.monotonic() < deadline and killed.poll() is None:
        time.sleep(0.02)
    assert killed.poll() is None, "the sweep ended before it could be interrupted"
    os.killpg(killed.pid, signal.SIGKILL)
    killed.wait()
    assert not (cut / "summary.csv").exists()
    done_before = {p.stem for p in cut.glob("*seed=*.h5")}
    sweep(tuntas, scenario, cut)
    again = rows(cut)
    assert {name for name, row in again.items() if row["status"] == "kept"} == done_before
    assert sum(row["status"] == "done" for row in again.values()) == 12 - len(done_before)
    for name, row in first.items():  # the same seeds give the same KPIs
        assert row["traffic.mean_travel_time_s"] == again[name]["traffic.mean_travel_time_s"], name

    # A run that fails (a policy that does not exist) is recorded; the others go on; the sweep
    # exits non-zero.
    failing = subprocess.run([tuntas, "sweep", scenario, "--set", "waste.policy=threshold,never",
                              "-o", str(out / "fail")], capture_output=True, text=True)
    assert failing.returncode != 0
    result = rows(out / "fail")
    assert result["waste.policy=threshold__seed=42"]["status"] == "done"
    assert result["waste.policy=never__seed=42"]["status"] == "failed"
    assert "never" in result["waste.policy=never__seed=42"]["error"], result["waste.policy=never__seed=42"]

    # Shards 0/2 and 1/2 together are the whole sweep.
    sweep(tuntas, scenario, out / "shard0", "--shard", "0/2")
    sweep(tuntas, scenario, out / "shard1", "--shard", "1/2")
    subprocess.run([tuntas, "sweep", "--merge", str(out / "shard0"), str(out / "shard1"), "-o",
                    str(out / "merged")], check=True, capture_output=True)
    shards = rows(out / "merged")
    assert set(shards) == set(first)
    for name in first:
        for key in ("set:waste.dump_trucks", "set:traffic.demand_scale", "seed",
                    "traffic.mean_travel_time_s", "waste.collected_t_per_day"):
            assert shards[name][key] == first[name][key], (name, key)

    # compare: the sweep's four variants with confidence intervals. 1.5 times the demand makes
    # significantly more trips in both fleets; the fleet alone changes no trip (not significant).
    table = subprocess.run([tuntas, "compare", str(out / "full")], check=True, capture_output=True,
                           text=True).stdout
    assert "variant 3: waste.dump_trucks=3__traffic.demand_scale=1.2 (3 runs)" in table, table
    trips = next(line for line in table.splitlines() if line.startswith("  Vehicle trips "))
    assert trips.count("*") == 2, trips  # variants 1 and 3 (demand 1.2); not variant 2 (fleet)
    # Two results side by side, with figures of their series over time.
    a, b = sorted((out / "full").glob("*seed=42.h5"))[:2]
    subprocess.run([tuntas, "compare", str(a), str(b), "--plot", str(out / "plots")], check=True,
                   capture_output=True)
    assert (out / "plots" / "compare-traffic-in_transit.png").stat().st_size > 1000
    print(f"12 runs; killed after {len(done_before)}, resumed; a failed run recorded; shards merge into the whole sweep; "
          "compare finds the significant differences and plots")


if __name__ == "__main__":
    main()
