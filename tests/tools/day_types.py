#!/usr/bin/python3
"""Day types move every model: Paser's baseline for a Sunday and for the Monday after, each from
a cold start at midnight.

Traffic: the residents' tours on a Sunday are 0.75 of a weekday's (sunday_trip_factor), so the
trips that never reach the network (in-zone and on foot; both come from those tours) fall to
0.75 within 4 standard errors (Poisson counts of tours, two trips each). Waste generated per
person present is 1.05 on a Sunday and telecom demand per subscriber 1.10: the ratios of the
day's totals lie within 0.015 and 0.02 of them (the people present differ little between the
two days).

usage: day_types.py TUNTAS SCENARIO OUT_DIR
"""
import json
import math
import subprocess
import sys
from pathlib import Path


def kpis(tuntas, scenario, out, date):
    result = subprocess.run(
        [tuntas, "run", scenario, "-o", str(out / f"{date}.h5"), "--force", "--threads", "2",
         "--json", "--set", f"start={date}T00:00:00", "--set", "duration=24h", "--set",
         "warmup=0s"],
        check=True, capture_output=True, text=True)
    return {key: value["value"] for key, value in json.loads(result.stdout)["kpis"].items()}


def main():
    tuntas, scenario, out = sys.argv[1], sys.argv[2], Path(sys.argv[3])
    out.mkdir(parents=True, exist_ok=True)
    sunday, monday = kpis(tuntas, scenario, out, "2025-03-02"), kpis(tuntas, scenario, out,
                                                                      "2025-03-03")
    off_network = lambda k: k["traffic.local_trips"] + k["traffic.walk_trips"]
    n_sun, n_mon = off_network(sunday), off_network(monday)
    se = 0.75 * math.sqrt(2 / n_sun + 2 / n_mon)
    checks = [("traffic off-network trips", n_sun / n_mon, 0.75, 4 * se),
              ("waste.generated_t_per_day",
               sunday["waste.generated_t_per_day"] / monday["waste.generated_t_per_day"], 1.05,
               0.015),
              ("telecom.demand_gb", sunday["telecom.demand_gb"] / monday["telecom.demand_gb"], 1.10,
               0.02)]
    failed = False
    for name, ratio, expected, tolerance in checks:
        ok = abs(ratio - expected) < tolerance
        failed = failed or not ok
        print(f"{name}: Sunday / Monday = {ratio:.4f} ({expected} +- {tolerance:.4f}) "
              f"{'ok' if ok else 'FAILED'}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
