"""Paser's weekday at a glance: the road network coloured by flow at the morning peak, and the
vehicles on the road over the day.

    build/bin/tuntas run scenarios/paser/baseline.toml -o results/paser-baseline.h5
    /usr/bin/python3 tools/python/example_paser.py results/paser-baseline.h5 paser-peak.png
"""
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.collections import LineCollection

# The tuntas package the set-up builds (build/python), unless PYTHONPATH names another.
sys.path.append(str(Path(__file__).resolve().parents[2] / "build" / "python"))
from tuntas.results import attribute, kpis, open_result, series, table  # noqa: E402


def main(result: str, figure: str, at: str = "07:00") -> None:
    with open_result(result) as f:
        links = table(f, "static/traffic/links")
        nodes = table(f, "static/traffic/nodes")
        flow = series(f, "series/traffic/link_flow")
        in_transit = series(f, "series/traffic/in_transit")
        k = kpis(f)
    print(k[["value", "unit"]].to_string())
    moment = flow.index[flow.index.strftime("%H:%M") == at][0]
    ratio = flow.loc[moment].to_numpy() / links["capacity_pcu_per_h"].to_numpy()
    lon, lat = nodes["lon"].to_numpy(), nodes["lat"].to_numpy()
    segments = [[(lon[a], lat[a]), (lon[b], lat[b])]
                for a, b in zip(links["from_node"], links["to_node"])]

    fig, (left, right) = plt.subplots(1, 2, figsize=(12, 6), gridspec_kw={"width_ratios": [3, 2]})
    widths = np.where(links["class"] == "national", 2.5, np.where(links["class"] == "provincial", 1.8, 0.9))
    collection = LineCollection(segments, array=np.clip(ratio, 0, 1), cmap="RdYlGn_r", linewidths=widths)
    collection.set_clim(0, 1)
    left.add_collection(collection)
    left.autoscale()
    left.set_aspect("equal")
    left.set_title(f"Paser roads at {at} WITA: vehicles per hour / capacity")
    left.set_xlabel("longitude")
    left.set_ylabel("latitude")
    fig.colorbar(collection, ax=left, shrink=0.7, label="flow / capacity")
    right.plot(in_transit.index, in_transit.iloc[:, 0])
    right.set_title("vehicles on the road")
    right.set_ylabel(attribute(in_transit, "units"))
    right.xaxis.set_major_formatter(matplotlib.dates.DateFormatter("%H:%M"))
    fig.autofmt_xdate()
    fig.tight_layout()
    fig.savefig(figure, dpi=70)
    print(f"figure: {figure}")


if __name__ == "__main__":
    main(*sys.argv[1:])
