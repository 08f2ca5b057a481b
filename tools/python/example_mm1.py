"""A researcher's first look at a tuntas result: KPIs, a time series, an event table, a plot.

    build/bin/tuntas run scenarios/examples/mm1.toml -o out/mm1.h5
    /usr/bin/python3 tools/python/example_mm1.py out/mm1.h5 out/mm1-waits.png
"""
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt

# The tuntas package the set-up builds (build/python), unless PYTHONPATH names another.
sys.path.append(str(Path(__file__).resolve().parents[2] / "build" / "python"))
from tuntas.results import attribute, kpis, open_result, series, table  # noqa: E402


def main(result: str, figure: str) -> None:
    with open_result(result) as f:
        k = kpis(f)
        print(k[["value", "unit"]].to_string())
        in_system = series(f, "series/mm1/in_system")
        customers = table(f, "events/mm1/customers")

    # The mean wait per hour from the event table, against M/M/1 theory.
    customers["hour"] = (customers["service_start_s"] // 3600).astype(int)
    hourly = customers.groupby("hour")["wait_s"].mean()
    theory = k.loc["mm1.theoretical_wait_s", "value"]
    print(f"customers: {len(customers)}, mean wait {customers['wait_s'].mean():.3f} s, "
          f"theory {theory:.3f} s")

    fig, (top, bottom) = plt.subplots(2, 1, figsize=(8, 6), sharex=False)
    top.plot(hourly.index, hourly.values, label="mean wait per hour")
    top.axhline(theory, color="black", linestyle="--", label="M/M/1 theory")
    top.set_xlabel("hour")
    top.set_ylabel("wait in queue [s]")
    top.legend()
    in_system.mean(axis=1).plot(ax=bottom)
    bottom.set_ylabel(f"mean customers in system [{attribute(in_system, 'units')}]")
    fig.tight_layout()
    fig.savefig(figure, dpi=80)
    print(f"figure: {figure}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
