"""Series at a coarser output interval are the run's samples aggregated, not another run.

Runs 70 minutes of Paser's morning twice with the same seed: every 5-minute sample written,
and `outputs = "traffic@15min"`. The runs are the same (fingerprint, KPIs); the coarser file's
rows, at 0, 15, 30, 45, 60 and 70 min (the last interval cut short by the end), are,
computed here from the full file: the mean of the flows of their samples (link_flow, a mean
over each sample interval), the mean of the speeds weighted by those flows (link_speed: the
mean speed of every vehicle that left), and the last sample of the states (link_vehicles, a
point). Readers (tuntas export and compare --by road, the package's Result) use the coarser
time axis.

usage: output_intervals.py TUNTAS SCENARIOS_DIR OUT_DIR BUILD_DIR
"""
import json
import subprocess
import sys
from pathlib import Path

import h5py
import numpy as np
import pandas as pd

tuntas, scenarios, out, build = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3]), Path(sys.argv[4])
out.mkdir(parents=True, exist_ok=True)
common = ["--set", "duration=70min", "--set", "warmup=0s", "--set", "start=2025-03-03T06:30:00",
          "--set", "sample_interval=5min", "--threads", "2", "--force", "--quiet"]


def run(name, outputs):
    path = out / name
    subprocess.run([tuntas, "run", str(scenarios / "paser" / "baseline.toml"), "-o", str(path),
                    "--set", f"outputs={outputs}", *common], check=True,
                   stdout=subprocess.DEVNULL)
    return h5py.File(path, "r")


full = run("full.h5", "traffic")
thin = run("thin.h5", "traffic@15min,series")  # traffic every 15 min, the others every sample
assert full.attrs["fingerprint"] == thin.attrs["fingerprint"]
assert np.array_equal(full["kpi"]["value"], thin["kpi"]["value"])

times = full["time"][:]
assert np.array_equal(times, np.arange(0, 70 * 60 + 1, 300)), times
coarse_times = thin["series/traffic/time_15min"][:]
assert np.array_equal(coarse_times, [0, 900, 1800, 2700, 3600, 4200]), coarse_times
assert np.array_equal(thin["time"][:], times)  # /time keeps every sample
# Rows: the first sample alone, then the samples after the row before up to the row's time.
groups = [[0]] + [[k for k in range(len(times)) if lo < times[k] <= hi]
                  for lo, hi in zip(coarse_times[:-1], coarse_times[1:])]
assert [len(g) for g in groups] == [1, 3, 3, 3, 3, 2]

flow = full["series/traffic/link_flow"][:].astype(np.float64)  # stored as float32
speed = full["series/traffic/link_speed"][:].astype(np.float64)
vehicles = full["series/traffic/link_vehicles"][:]
expected_flow = np.array([flow[g].mean(axis=0) for g in groups])
weights = [np.where(np.isnan(speed[g]), 0.0, flow[g]) for g in groups]
with np.errstate(invalid="ignore", divide="ignore"):
    expected_speed = np.array([np.nansum(speed[g] * w, axis=0) / w.sum(axis=0)
                               for g, w in zip(groups, weights)])
expected_speed[np.array([w.sum(axis=0) for w in weights]) == 0] = np.nan
expected_vehicles = vehicles[[g[-1] for g in groups]]

thin_flow = thin["series/traffic/link_flow"]
assert thin_flow.attrs["cell_methods"] == b"time: mean" and thin_flow.attrs["time"] == b"time_15min"
assert thin["series/traffic/link_vehicles"].attrs["cell_methods"] == b"time: point"
# Both files store float32: a 15-min row is the float32 of the exact mean, the 5-min rows are
# each rounded first (relative error 2^-24 each).
assert np.allclose(thin_flow[:], expected_flow, rtol=1e-6, atol=0)
got_speed = thin["series/traffic/link_speed"][:]
both = ~np.isnan(expected_speed)
assert np.array_equal(np.isnan(got_speed), ~both)
assert np.allclose(got_speed[both], expected_speed[both], rtol=1e-6)  # stored as float32
assert np.array_equal(thin["series/traffic/link_vehicles"][:], expected_vehicles)
# A morning's flows are not all zero: the check compares something.
assert expected_flow[1:].sum() > 1e5 and both.sum() > 1000

# Readers take each series' own time axis. Export's mean flow over the whole run weighs each
# row by the time it covers: the same as the mean over every sample of the full file.
means = {}
for name in ("full", "thin"):
    subprocess.run([tuntas, "export", str(out / f"{name}.h5"), "--what", "links",
                    "--window", "06:30-07:45", "-o", str(out / f"{name}.csv"), "--force"],
                   check=True, stdout=subprocess.DEVNULL)
    means[name] = pd.read_csv(out / f"{name}.csv")["link_flow_mean"].to_numpy()
assert np.allclose(means["thin"], means["full"], rtol=1e-6, atol=1e-9)
assert np.allclose(means["full"], flow[1:].mean(axis=0), rtol=1e-12, atol=1e-9)
# Road KPIs (compare --by road) from the coarser flows: the same vehicle-km, road by road
# (each interval's mean flow times its length is its samples' vehicles).
compared = json.loads(subprocess.run(
    [tuntas, "compare", str(out / "full.h5"), str(out / "thin.h5"), "--by", "road", "--kpi",
     "vehicle_km", "--json"], check=True, capture_output=True, text=True).stdout)
roads = [r for r in compared["rows"] if "road=" in r["kpi"]]
assert len(roads) > 50 and all(abs(r["difference"]) <= 1e-6 * max(1.0, r["baseline_mean"])
                               for r in compared["rows"]), compared["rows"][:3]
sys.path.insert(0, str(build / "python"))
import tuntas as package  # noqa: E402
frame = package.Result(out / "thin.h5").series("traffic/link_flow")
assert len(frame) == 6 and str(frame.index[-1]) == "2025-03-03 07:40:00", frame.index
assert frame.attrs["cell_methods"] == "time: mean"
print(f"traffic@15min: rows at {coarse_times.tolist()} s, flows the means of "
      f"{[len(g) for g in groups]} samples, speeds flow-weighted, states the last; "
      f"{int(both.sum())} link speeds compared")
