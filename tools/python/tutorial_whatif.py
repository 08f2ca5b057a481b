#!/usr/bin/python3
"""Tutorial: a what-if swept over seeds, compared with confidence intervals, and plotted.

How much does the length of the festival closure of Jl. Jenderal Sudirman (Tanah Grogot's main
street) cost Paser's drivers? Three closures, from 15:00 to 16:00, 19:00 and 22:00, each run
with three seeds (common random numbers: a seed gives every variant the same demand), then
`tuntas.compare` gives each KPI's paired difference from the first variant with a 95 %
confidence interval. The plot shows the vehicle-hours of the afternoon and evening by closure,
with the interval of each difference.

usage: /usr/bin/python3 tools/python/tutorial_whatif.py BUILD_DIR OUT_DIR
  BUILD_DIR: where CMake built tuntas (the package is BUILD_DIR/python/tuntas)
"""
import sys
from pathlib import Path

import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt

build, out = Path(sys.argv[1]), Path(sys.argv[2])
sys.path.insert(0, str(build / "python"))
import tuntas  # noqa: E402  (the package built with the project)

out.mkdir(parents=True, exist_ok=True)
scenario = Path(__file__).resolve().parents[2] / "scenarios" / "paser" / "festival-sudirman.toml"

# 1. The sweep: the festival edit is labelled `festival`, so its end is a key to vary. The
#    run covers 12:00-24:00 of a Monday and an edit's times count from the start: the closure
#    from 3h (15:00) until 4h, 7h or 10h (16:00, 19:00, 22:00). Only KPIs are kept. A second
#    run of this script finds the runs done and keeps them.
ends = ["4h", "7h", "10h"]
runs = tuntas.sweep(scenario, {"edits.festival.until": ends}, seeds=3, out_dir=out / "sweep",
                    overrides={"start": "2025-03-03T12:00:00", "duration": "12h",
                               "warmup": "0s", "edits.festival.at": "3h", "outputs": "kpi"},
                    jobs=2, threads=1)
print(runs[["seed", "edits.festival.until", "status", "traffic.vehicle_hours"]].to_string())

# 2. The comparison: paired over the common seeds, Holm's correction across the KPIs. The
#    baseline is the sweep's first variant in name order (here the 7-hour closure, until=10h).
kpi = "traffic.vehicle_hours"
compared = tuntas.compare(runs)
rows = [r for _, r in compared[compared["kpi"] == kpi].iterrows()]
assert len(rows) == len(ends) - 1 and all(r["test"] == "paired" and r["runs"] == 3
                                          for r in rows), rows


def closure_h(variant):
    """Hours closed: from 15:00 until the variant's end (its name says until=Nh)."""
    return int(variant.split("until=")[1].split("h")[0]) - 3


base_h = closure_h(compared.attrs["baseline"])
for row in rows:
    print(f"{closure_h(row['variant'])} h closed: {kpi} {row['mean']:.0f} veh h, "
          f"{row['difference']:+.1f} [{row['low']:+.1f}, {row['high']:+.1f}] against "
          f"{row['baseline_mean']:.0f} with {base_h} h closed "
          f"(p = {row['p']:.2g}, Holm {row['p_holm']:.2g})")

# 3. The plot: the level of each closure and the paired difference with its interval.
levels = {base_h: rows[0]["baseline_mean"]}
levels.update({closure_h(r["variant"]): r["mean"] for r in rows})
order = sorted(levels)
fig, (left, right) = plt.subplots(1, 2, figsize=(9, 3.6))
left.bar([f"{h} h" for h in order], [levels[h] for h in order], color="#4c72b0")
left.set_ylim(min(levels.values()) * 0.995, max(levels.values()) * 1.003)
left.set_ylabel("vehicle-hours, 12:00-24:00")
left.set_title("mean over 3 seeds")
rows.sort(key=lambda r: closure_h(r["variant"]))
right.errorbar([f"{closure_h(r['variant'])} h" for r in rows], [r["difference"] for r in rows],
               yerr=[[r["difference"] - r["low"] for r in rows],
                     [r["high"] - r["difference"] for r in rows]],
               fmt="o", capsize=6, color="#c44e52")
right.axhline(0.0, color="grey", linewidth=0.8)
right.set_ylabel(f"change from {base_h} h closed (veh h)")
right.set_title("paired difference, 95 % CI")
fig.suptitle("Festival closure of Jl. Jenderal Sudirman from 15:00, by its length")
fig.tight_layout()
fig.savefig(out / "whatif.png", dpi=110)
print(f"figure: {out / 'whatif.png'}")
