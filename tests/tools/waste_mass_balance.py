"""Waste is conserved: at every sample of a Paser day, what was generated equals what is in the
containers, on the trucks, recycled, landfilled, overflowed and left uncollected; and the gate
log agrees with the trucks' stop log and with the landfill total.

usage: waste_mass_balance.py TUNTAS SCENARIO OUT_DIR
"""
import subprocess
import sys
from pathlib import Path

import h5py
import numpy as np


def main():
    tuntas, scenario, out = sys.argv[1], sys.argv[2], Path(sys.argv[3])
    out.mkdir(parents=True, exist_ok=True)
    result = out / "waste.h5"
    subprocess.run([tuntas, "run", scenario, "-o", str(result), "--force", "--quiet", "--threads", "2",
                    "--set", "start=2025-03-03T04:00:00", "--set", "duration=26h",
                    "--set", "sample_interval=10min", "--set", "warmup=6h"],
                   check=True, stdout=subprocess.DEVNULL)
    with h5py.File(result, "r") as f:
        mass = f["series/waste/mass"][:]
        stops = f["events/waste/stops"][:]
        unloads = f["events/waste/unloads"][:]
        gates = f["static/waste/gates"][:]
        fill = f["series/waste/container_fill"][:]
        load = f["series/waste/truck_load"][:]
    generated, in_containers, in_trucks, recycled, landfilled, overflowed, uncollected = mass.T
    parts = in_containers + in_trucks + recycled + landfilled + overflowed + uncollected
    np.testing.assert_allclose(parts, generated, rtol=1e-9, atol=1e-6)
    # The terms are the sums of their entities' series, and the cumulative ones never fall.
    np.testing.assert_allclose(in_containers, fill.sum(axis=1), rtol=1e-12)
    np.testing.assert_allclose(in_trucks, load.sum(axis=1), rtol=1e-12)
    for name, term in (("generated", generated), ("recycled", recycled), ("landfilled", landfilled),
                       ("overflowed", overflowed), ("uncollected", uncollected)):
        assert np.all(np.diff(term) >= -1e-6), f"{name} fell"
    # The books of trucks and gates agree: every unload the trucks logged is one the gates logged,
    # and the landfill holds the gates' input less what the TPS3Rs recycled.
    unloaded_by_trucks = stops["kg"][stops["at_gate"] == 1].sum()
    np.testing.assert_allclose(unloaded_by_trucks, unloads["kg"].sum(), rtol=1e-12)
    recovery = gates["recovery"][unloads["gate"]]
    np.testing.assert_allclose(landfilled[-1], (unloads["kg"] * (1 - recovery)).sum(), rtol=1e-9)
    assert unloads.size > 20 and landfilled[-1] > 10_000, "the trucks hardly worked"
    print(f"{len(generated)} samples: balance holds to {np.abs(parts - generated).max():.2e} kg; "
          f"generated {generated[-1] / 1000:.1f} t, landfilled {landfilled[-1] / 1000:.1f} t, "
          f"{unloads.size} unloads")


if __name__ == "__main__":
    main()
