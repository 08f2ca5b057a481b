"""Series are self-describing: every series of a Paser run has /time and its entities as HDF5
dimension scales, so xarray (h5netcdf) opens a series group as a labelled dataset. Checked
against the raw arrays and the static tables, which say the same thing another way: a road's
columns in xarray are the links of that name in /static/traffic/links, their values the raw
columns, and the decoded times the start plus /time's seconds.

usage: labelled_series.py TUNTAS SCENARIO OUT_DIR
"""
import subprocess
import sys
from pathlib import Path

import h5py
import numpy as np
import pandas as pd
import xarray as xr


def main():
    tuntas, scenario, out = sys.argv[1], sys.argv[2], Path(sys.argv[3])
    out.mkdir(parents=True, exist_ok=True)
    result = out / "labelled.h5"
    subprocess.run([tuntas, "run", scenario, "-o", str(result), "--force", "--quiet",
                    "--set", "start=2025-03-03T06:00:00", "--set", "duration=2h",
                    "--set", "warmup=0s", "--set", "sample_interval=15min"],
                   check=True, stdout=subprocess.DEVNULL)
    with h5py.File(result, "r") as f:
        names = [n.decode() for n in f["static/traffic/links"]["name"]]
        raw_flow = f["series/traffic/link_flow"][:]
        seconds = f["time"][:]
        start = pd.Timestamp(f["time"].attrs["start"].decode())
        groups = {g: {n: f["series"][g][n].ndim for n in f["series"][g]} for g in f["series"]}

    # Every series, in every group, has both its dimensions named: xarray needs no phony dims.
    for group, members in groups.items():
        ds = xr.open_dataset(result, engine="h5netcdf", group=f"series/{group}")
        for name, ndim in members.items():
            if ndim != 2:
                continue
            dims = ds[name].dims
            assert dims[0] == "time" and not dims[1].startswith("phony"), (group, name, dims)
            assert ds[name].shape[1] == ds.sizes[dims[1]], (group, name)
        ds.close()

    ds = xr.open_dataset(result, engine="h5netcdf", group="series/traffic")
    # Times: CF-decoded (UTC) = the local start (+08:00) plus the seconds in /time.
    expected = (start.tz_convert("UTC").tz_localize(None) + pd.to_timedelta(seconds, unit="s"))
    np.testing.assert_array_equal(ds["time"].values, expected.values)
    # A road by name: its links' columns, in link order, with the raw values.
    road = max(set(names), key=names.count)  # the name most links share
    columns = [i for i, n in enumerate(names) if n == road]
    flow = ds["link_flow"].sel(link=road)
    assert flow.shape == (len(seconds), len(columns)), (flow.shape, len(columns))
    np.testing.assert_array_equal(flow.values, raw_flow[:, columns])
    assert ds["link_flow"].attrs["units"] == "veh/h"
    # And the whole road's flow over the morning as a pandas series, in local time.
    local = ds["link_flow"].sel(link=road).sum("link").to_series()
    local.index = local.index.tz_localize("UTC").tz_convert("Asia/Makassar")
    assert local.index[0] == start, (local.index[0], start)
    ds.close()
    print(f"labelled series: {len(groups)} groups, road '{road}' = {len(columns)} links")


if __name__ == "__main__":
    main()
