"""Tutorial: a small sweep from Python with the `tuntas` module, and its plot.

Runs the M/M/1 example at three loads, two seeds each, straight from Python (no files but the
results), watches each run through a callback, then plots the mean wait against queueing
theory, W_q = rho / (mu - lambda).

usage: /usr/bin/python3 tools/python/tutorial_sweep.py BUILD_DIR OUT_DIR
  BUILD_DIR: where CMake built tuntas (the package is BUILD_DIR/python/tuntas)
"""
import sys
from pathlib import Path

import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np

build, out = Path(sys.argv[1]), Path(sys.argv[2])
sys.path.insert(0, str(build / "python"))
import tuntas  # noqa: E402  (the package built with the project: build/python/tuntas)

scenario = Path(__file__).resolve().parents[2] / "scenarios" / "examples" / "mm1.toml"
out.mkdir(parents=True, exist_ok=True)
loads = [0.3, 0.5, 0.7]
rows = []
for rho in loads:
    for seed in (1, 2):
        hours = []
        result = tuntas.run(scenario,
                            {"mm1.arrival_rate_per_s": rho, "seed": seed, "duration": "24h"},
                            output=out / f"mm1-rho{rho}-seed{seed}.h5", threads=2,
                            every_s=6 * 3600, progress=lambda t, events: hours.append(t / 3600),
                            force=True)  # this tutorial's own files, from its last run
        wait = result.kpi("mm1.mean_wait_s")
        in_system = result.series("mm1/in_system")   # rows by local time, a column per queue
        assert list(in_system.columns)[0] == "queue 0" and in_system.index[-1].hour == 0
        rows.append((rho, seed, wait, in_system.to_numpy().mean()))
        print(f"rho {rho} seed {seed}: mean wait {wait:.3f} s, mean in system "
              f"{in_system.to_numpy().mean():.2f} (progress at hours {hours})")

rho = np.array([r[0] for r in rows])
wait = np.array([r[2] for r in rows])
grid = np.linspace(0.25, 0.75, 50)
fig, ax = plt.subplots(figsize=(6, 4))
ax.plot(grid, grid / (1.0 - grid), label="M/M/1 theory, $\\rho/(\\mu-\\lambda)$ with $\\mu$ = 1/s")
ax.plot(rho, wait, "o", label="tuntas, 24 h, two seeds")
ax.set_xlabel("load $\\rho$")
ax.set_ylabel("mean wait in queue, s")
ax.legend()
fig.tight_layout()
fig.savefig(out / "tutorial-sweep.png", dpi=100)
# The runs agree with theory (within 10 %: 24 h of 8 queues; the test checks this).
theory = rho / (1.0 - rho)
assert np.all(np.abs(wait / theory - 1.0) < 0.10), list(zip(rho, wait, theory))
print(f"wrote {out / 'tutorial-sweep.png'}")
