"""Series over time of several results, one line per result: what `tuntas compare --plot` draws.

usage: compare_plot.py OUT_DIR A.h5 B.h5 [...]
Each series present in every result is drawn summed over its entities (counts, flows, mass) or
averaged (speeds, shares), against local time; one PNG per series in OUT_DIR.
"""
import sys
from pathlib import Path

import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np

# The tuntas package the set-up builds (build/python), unless PYTHONPATH names another.
sys.path.append(str(Path(__file__).resolve().parents[2] / "build" / "python"))
from tuntas.results import open_result  # noqa: E402

AVERAGED_UNITS = {"km/h", "1", "deg"}


def main():
    out, files = Path(sys.argv[1]), [Path(p) for p in sys.argv[2:]]
    out.mkdir(parents=True, exist_ok=True)
    handles = [open_result(f) for f in files]
    names = None
    for h in handles:
        found = set()
        # 2-D datasets only: each group also holds its dimension scales (time, link, zone, ...)
        h["series"].visititems(lambda n, o: found.add(n) if getattr(o, "ndim", 0) == 2 else None)
        names = found if names is None else names & found
    written = 0
    for name in sorted(names or []):
        fig, ax = plt.subplots(figsize=(7, 3.5))
        unit = ""
        for file, h in zip(files, handles):
            data = h["series"][name]
            unit = data.attrs.get("units", "")
            unit = unit.decode() if isinstance(unit, bytes) else unit
            values = np.asarray(data[:], dtype=float)
            line = np.nanmean(values, axis=1) if unit in AVERAGED_UNITS else np.nansum(values, axis=1)
            hours = h["time"][: len(line)] / 3600.0
            ax.plot(hours, line, label=file.stem)
        ax.set_xlabel("hours since the start")
        ax.set_ylabel(f"{name} ({unit})")
        ax.legend(fontsize="small")
        fig.tight_layout()
        fig.savefig(out / f"compare-{name.replace('/', '-')}.png", dpi=90)
        plt.close(fig)
        written += 1
    print(f"compare --plot: {written} figures in {out}")


if __name__ == "__main__":
    main()
