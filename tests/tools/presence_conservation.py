"""People are conserved: at every sample of a Paser run, the people present in the zones plus
those on the road equal the population plus the external balance (people from beyond the
district inside it, less residents gone beyond it through a gateway), and at-home plus visitors
equal presence.

usage: presence_conservation.py TUNTAS SCENARIO OUT_DIR
"""
import subprocess
import sys
from pathlib import Path

import h5py
import numpy as np


def main():
    tuntas, scenario, out = sys.argv[1], sys.argv[2], Path(sys.argv[3])
    out.mkdir(parents=True, exist_ok=True)
    result = out / "presence.h5"
    subprocess.run([tuntas, "run", scenario, "-o", str(result), "--force", "--quiet", "--threads", "2",
                    "--set", "start=2025-03-03T05:00:00", "--set", "duration=5h",
                    "--set", "warmup=0s"],
                   check=True, stdout=subprocess.DEVNULL)
    with h5py.File(result, "r") as f:
        presence = f["series/traffic/zone_presence"][:]
        at_home = f["series/traffic/zone_at_home"][:]
        visitors = f["series/traffic/zone_visitors"][:]
        in_transit = f["series/traffic/in_transit"][:, 0]
        external = f["series/traffic/external_balance"][:, 0]
        population = f["static/traffic/zones"]["population"].sum()
        # CF time: xarray and netCDF tools decode /time from its units and calendar.
        units, start = f["time"].attrs["units"], f["time"].attrs["start"]
        units = units.decode() if isinstance(units, bytes) else units
        start = start.decode() if isinstance(start, bytes) else start
        assert units == f"seconds since {start}", units
        assert f["time"].attrs["calendar"] in ("standard", b"standard")
    np.testing.assert_array_equal(presence, at_home + visitors)
    np.testing.assert_allclose(presence.sum(axis=1) + in_transit, population + external,
                               rtol=0, atol=1e-6)
    assert in_transit.max() > 1000, "the morning peak put nobody on the road"
    assert external.min() != external.max(), "nobody crossed a gateway"
    print(f"{len(in_transit)} samples: presence + in transit = {population:.0f} at every one; "
          f"peak in transit {in_transit.max():.0f}")


if __name__ == "__main__":
    main()
