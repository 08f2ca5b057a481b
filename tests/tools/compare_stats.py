"""tuntas compare as a statistician would want it, on M/M/1 (fast, with a known effect):
two seed sweeps give two variants compared pairwise over their common seeds; a rush at queue 0
from the 24th hour raises the mean wait significantly (after Holm's correction) and leaves the
theoretical wait (a constant of the base rates) unchanged; single runs are marked n = 1; runs of
another duration are refused with exit 2 unless --force; --json and --csv carry the same rows.

usage: compare_stats.py TUNTAS EXAMPLES_DIR OUT_DIR
"""
import csv
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path


def run(*args, check=True):
    return subprocess.run([str(a) for a in args], check=check, capture_output=True, text=True)


def main():
    tuntas, examples, out = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    short = ["--set", "duration=36h", "--set", "mm1.queues=4"]
    for name, scenario in (("base", "mm1.toml"), ("rush", "mm1-rush.toml")):
        run(tuntas, "sweep", examples / scenario, *short, "--seeds", "5", "-j", "2", "-o", out / name)

    table = run(tuntas, "compare", out / "base", out / "rush").stdout
    # Runs are named by what varies (only the seed here): the fixed --set values are the same
    # for every run of a sweep.
    assert "baseline: base/(seeds) (5 runs)" in table, table
    assert "variant 1: rush/(seeds) (5 runs)" in table, table
    assert "paired over the common seeds" in table, table
    # Rows for people: labels, units planners use, and whether a significant change is better.
    wait = next(line for line in table.splitlines() if line.startswith("  Mean wait "))
    assert "* worse" in wait and wait.rstrip().endswith("lower"), wait
    theory = next(line for line in table.splitlines() if line.startswith("  Theoretical wait "))
    assert "*" not in theory and "+0.0 %" in theory, theory
    explained = run(tuntas, "compare", out / "base", out / "rush", "--explain").stdout
    assert "mm1.mean_wait_s: mean waiting time in queue" in explained, explained

    rows = json.loads(run(tuntas, "compare", out / "base", out / "rush", "--json").stdout)["rows"]
    by_kpi = {row["kpi"]: row for row in rows}
    w = by_kpi["mm1.mean_wait_s"]
    assert w["test"] == "paired" and w["runs"] == 5, w
    assert w["low"] > 0 and w["significant"] and w["p_holm"] >= w["p"], w
    parsed = list(csv.DictReader(io.StringIO(run(tuntas, "compare", out / "base", out / "rush",
                                                 "--csv").stdout)))
    assert {r["kpi"] for r in parsed} == set(by_kpi), parsed[:2]

    # Single runs: the differences are marked as possibly noise.
    a = sorted((out / "base").glob("*.h5"))[0]
    b = sorted((out / "rush").glob("*.h5"))[0]
    single = run(tuntas, "compare", a, b).stdout
    assert "n = 1: differences include random variation" in single, single

    # The same sweep again keeps its results; the sweep with another fixed value into the same
    # folder (same run names) is refused, the results left as they were.
    again = run(tuntas, "sweep", examples / "mm1.toml", *short, "--seeds", "5", "-j", "2",
                "-o", out / "base", "--json")
    assert "5 kept from before" in again.stderr, again.stderr
    report = json.loads(again.stdout)  # --json: every run, its seed, status and KPIs
    assert report["failed"] == 0 and len(report["runs"]) == 5, report
    assert all(r["status"] == "kept" and "mm1.mean_wait_s" in r["kpis"] for r in report["runs"])
    assert sorted(r["seed"] for r in report["runs"]) == sorted(set(r["seed"] for r in report["runs"]))
    before = {p.name: p.stat().st_mtime_ns for p in (out / "base").glob("*.h5")}
    other = run(tuntas, "sweep", examples / "mm1.toml", "--set", "duration=30h", "--set",
                "mm1.queues=4", "--seeds", "5", "-j", "2", "-o", out / "base", check=False)
    assert other.returncode == 2 and "ran another scenario" in other.stderr, other.stderr
    assert before == {p.name: p.stat().st_mtime_ns for p in (out / "base").glob("*.h5")}

    # Another duration does not compare: exit 2, unless forced.
    run(tuntas, "run", examples / "mm1.toml", *short[:1], "duration=24h", *short[2:], "-o",
        out / "day.h5", "--quiet")
    refused = run(tuntas, "compare", a, out / "day.h5", check=False)
    assert refused.returncode == 2 and "do not compare" in refused.stderr, refused.stderr
    run(tuntas, "compare", a, out / "day.h5", "--force")
    print(f"paired difference of the mean wait {w['difference']:.3f} s "
          f"[{w['low']:.3f}, {w['high']:.3f}], p = {w['p']:.2g}, Holm {w['p_holm']:.2g}; "
          "n = 1 marked; mismatched runs refused")


if __name__ == "__main__":
    main()
