"""tuntas sweep: a 2 x 2 x 3 grid of M/M/1 runs, its summaries, resuming after an interruption,
a failed run that does not stop the others, and shards that add up to the whole sweep.

usage: sweep_resume.py TUNTAS SCENARIO OUT_DIR
"""
import csv
import shutil
import subprocess
import sys
from pathlib import Path

import h5py

SETS = ["--set", "mm1.queues=2,3", "--set", "duration=2h,3h", "--seeds", "3"]


def sweep(tuntas, scenario, out, *extra, check=True):
    return subprocess.run([tuntas, "sweep", scenario, *SETS, "-j", "2", "-o", str(out), *extra],
                          check=check, capture_output=True, text=True)


def rows(out):
    with open(out / "summary.csv", newline="") as f:
        return {row["run"]: row for row in csv.DictReader(f)}


def main():
    tuntas, scenario, out = sys.argv[1], sys.argv[2], Path(sys.argv[3])
    shutil.rmtree(out, ignore_errors=True)
    sweep(tuntas, scenario, out / "full")
    first = rows(out / "full")
    assert len(first) == 12, len(first)
    assert all(row["status"] == "done" for row in first.values())
    assert {row["set:mm1.queues"] for row in first.values()} == {"2", "3"}
    assert {row["seed"] for row in first.values()} == {"42", "43", "44"}
    assert all(float(row["mm1.customers"]) > 0 for row in first.values())
    with h5py.File(out / "full" / "summary.h5", "r") as f:
        assert f["static/sweep/runs"].shape == (12,)

    # An interrupted sweep: two runs never finished (no NAME.h5). Resuming runs only those.
    lost = sorted(first)[:2]
    for name in lost:
        (out / "full" / f"{name}.h5").unlink()
    sweep(tuntas, scenario, out / "full")
    again = rows(out / "full")
    assert sorted(name for name, row in again.items() if row["status"] == "done") == lost
    assert sum(row["status"] == "kept" for row in again.values()) == 10
    for name, row in first.items():  # the same seeds give the same KPIs
        assert row["mm1.mean_wait_s"] == again[name]["mm1.mean_wait_s"], name

    # A run that fails (no queue) is recorded; the others go on; the sweep exits non-zero.
    failing = subprocess.run([tuntas, "sweep", scenario, "--set", "mm1.queues=2,0", "-o", str(out / "fail")],
                             capture_output=True, text=True)
    assert failing.returncode != 0
    result = rows(out / "fail")
    assert result["mm1.queues=2__seed=42"]["status"] == "done"
    assert result["mm1.queues=0__seed=42"]["status"] == "failed"
    assert "queues" in result["mm1.queues=0__seed=42"]["error"], result["mm1.queues=0__seed=42"]["error"]

    # Shards 0/2 and 1/2 together are the whole sweep.
    sweep(tuntas, scenario, out / "shard0", "--shard", "0/2")
    sweep(tuntas, scenario, out / "shard1", "--shard", "1/2")
    subprocess.run([tuntas, "sweep", "--merge", str(out / "shard0"), str(out / "shard1"), "-o",
                    str(out / "merged")], check=True, capture_output=True)
    shards = rows(out / "merged")
    assert set(shards) == set(first)
    for name in first:
        for key in ("set:mm1.queues", "set:duration", "seed", "mm1.mean_wait_s", "mm1.customers"):
            assert shards[name][key] == first[name][key], (name, key)

    # compare: the sweep's four variants with confidence intervals. More queues and longer runs
    # serve more customers (significant); the mean wait is 1 s in every variant (theory): the
    # differences are not significant.
    table = subprocess.run([tuntas, "compare", str(out / "full")], check=True, capture_output=True,
                           text=True).stdout
    assert "variant 3: mm1.queues=3__duration=3h (3 runs)" in table, table
    customers = next(line for line in table.splitlines() if line.startswith("mm1.customers"))
    wait = next(line for line in table.splitlines() if line.startswith("mm1.mean_wait_s"))
    assert customers.count("*") == 3, customers
    assert "*" not in wait, wait
    # Two results side by side, with figures of their series over time.
    a, b = sorted((out / "full").glob("*seed=42.h5"))[:2]
    subprocess.run([tuntas, "compare", str(a), str(b), "--plot", str(out / "plots")], check=True,
                   capture_output=True)
    assert (out / "plots" / "compare-mm1-in_system.png").stat().st_size > 1000
    print("12 runs; resumed 2 of them; a failed run recorded; shards merge into the whole sweep; "
          "compare finds the significant differences and plots")


if __name__ == "__main__":
    main()
