"""Paser's mobile network over a run: each cell site by its busiest sector's 95th-percentile
utilisation, each backhaul link by its own, and the data offered and carried over time.

    build/bin/tuntas run scenarios/paser/baseline.toml -o results/paser-baseline.h5
    /usr/bin/python3 tools/python/example_telecom.py results/paser-baseline.h5 paser-telecom.png
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
from tuntas.results import kpis, open_result, series, table  # noqa: E402


def main(result: str, figure: str) -> None:
    with open_result(result) as f:
        sites = table(f, "static/telecom/sites")
        sectors = table(f, "static/telecom/sectors")
        links = table(f, "static/telecom/links")
        utilisation = series(f, "series/telecom/sector_utilisation")
        link_use = series(f, "series/telecom/link_utilisation")
        offered = series(f, "series/telecom/sector_offered_mbps")
        carried = series(f, "series/telecom/sector_carried_mbps")
        k = kpis(f)
    print(k.loc[[name for name in k.index if name.startswith("telecom.")], ["value", "unit"]].to_string())

    # Busiest sector of each site, sample by sample, then its 95th percentile over the run.
    p95_sector = np.nanpercentile(utilisation.to_numpy(), 95, axis=0)
    site_p95 = np.zeros(len(sites))
    np.maximum.at(site_p95, sectors["site"].to_numpy(), p95_sector)
    link_p95 = np.nanpercentile(link_use.to_numpy(), 95, axis=0)

    fig, (left, right) = plt.subplots(1, 2, figsize=(12, 6), gridspec_kw={"width_ratios": [3, 2]})
    segments = [[(a, b), (c, d)] for a, b, c, d in
                zip(links["from_lon"], links["from_lat"], links["to_lon"], links["to_lat"])]
    widths = np.where(links["medium"] == "fibre", 1.8, 0.8)
    backhaul = LineCollection(segments, array=np.clip(link_p95, 0, 1), cmap="cool", linewidths=widths)
    backhaul.set_clim(0, 1)
    left.add_collection(backhaul)
    dots = left.scatter(sites["lon"], sites["lat"], c=np.clip(site_p95, 0, 1), cmap="RdYlGn_r",
                        vmin=0, vmax=1, s=22, edgecolors="black", linewidths=0.4, zorder=3)
    left.autoscale()
    left.set_aspect("equal")
    left.set_title("95th-percentile utilisation: sites (busiest sector) and backhaul")
    left.set_xlabel("longitude")
    left.set_ylabel("latitude")
    fig.colorbar(dots, ax=left, shrink=0.7, label="site: busiest sector")
    fig.colorbar(backhaul, ax=left, shrink=0.7, label="backhaul link")

    right.plot(offered.index, offered.sum(axis=1) / 1e3, label="offered")
    right.plot(carried.index, carried.sum(axis=1) / 1e3, label="carried")
    right.set_title("data over the network")
    right.set_ylabel("Gb/s")
    right.legend()
    right.xaxis.set_major_formatter(matplotlib.dates.DateFormatter("%a %H:%M"))
    fig.autofmt_xdate()
    fig.tight_layout()
    fig.savefig(figure, dpi=70)
    print(f"figure: {figure}")


if __name__ == "__main__":
    main(*sys.argv[1:])
