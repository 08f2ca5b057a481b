#!/usr/bin/python3
"""population_scale moves every model: Paser's baseline for 6 h at scale 1 and 1.2.

Traffic's residents' vehicle trips (external traffic at the gateways is fixed) are Poisson
counts of tours from the zones' people: their ratio is 1.2 within 4 standard errors (sqrt(1/n1 + 1/n2) x 1.2). Waste generated follows the people present
(0.5 kg a person a day) and telecom's offered data the sessions of the people present: both
ratios are 1.2 within 0.03 (thousands of people per zone, tens of thousands of sessions).

usage: population_scale.py TUNTAS SCENARIO OUT_DIR
"""
import json
import math
import subprocess
import sys
from pathlib import Path


def kpis(tuntas, scenario, out, scale):
    result = subprocess.run(
        [tuntas, "run", scenario, "-o", str(out / f"scale-{scale}.h5"), "--force", "--threads",
         "2", "--json", "--set", "duration=6h", "--set", "warmup=0s", "--set",
         f"population_scale={scale}"],
        check=True, capture_output=True, text=True)
    return {key: value["value"] for key, value in json.loads(result.stdout)["kpis"].items()}


def main():
    tuntas, scenario, out = sys.argv[1], sys.argv[2], Path(sys.argv[3])
    out.mkdir(parents=True, exist_ok=True)
    base, grown = kpis(tuntas, scenario, out, 1.0), kpis(tuntas, scenario, out, 1.2)
    failed = False
    # The residents' trips: external traffic at the gateways does not follow the population.
    residents = lambda k: k["traffic.vehicle_trips"] - k["traffic.external_trips"]
    trips = residents(grown) / residents(base)
    se = 1.2 * math.sqrt(1 / residents(base) + 1 / residents(grown))
    checks = [("residents' vehicle trips", trips, 4 * se),
              ("waste.generated_t_per_day",
               grown["waste.generated_t_per_day"] / base["waste.generated_t_per_day"], 0.03),
              ("telecom.demand_gb", grown["telecom.demand_gb"] / base["telecom.demand_gb"], 0.03)]
    for name, ratio, tolerance in checks:
        ok = abs(ratio - 1.2) < tolerance
        failed = failed or not ok
        print(f"{name}: x{ratio:.4f} (1.2 +- {tolerance:.4f}) {'ok' if ok else 'FAILED'}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
