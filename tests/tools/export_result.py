"""tuntas export writes what GIS tools read and what the result says: GDAL's ogrinfo opens the
GeoJSON, the GeoPackage and the CSV (one feature per link, LineStrings in WGS 84), and each link's mean flow in
the morning window is the mean of its column of /series/traffic/link_flow over the samples whose
interval ends between 06:00 and 09:00 local time, computed here with h5py. A what-if's change
(--base) is the difference of the two results' means. Bad requests are exit 2 and leave no file.

usage: export_result.py TUNTAS SCENARIO OUT_DIR
"""
import json
import subprocess
import sys
from pathlib import Path

import h5py
import numpy as np


def run(*args, expect=0):
    done = subprocess.run(list(args), capture_output=True, text=True)
    assert done.returncode == expect, (args, done.returncode, done.stderr)
    return done


def main():
    tuntas, scenario, out = sys.argv[1], sys.argv[2], Path(sys.argv[3])
    out.mkdir(parents=True, exist_ok=True)
    common = ["--set", "start=2025-03-03T05:00:00", "--set", "duration=5h", "--set", "warmup=0s",
              "--quiet", "--force", "--outputs", "traffic"]
    base, closed = out / "base.h5", out / "closed.h5"
    run(tuntas, "run", scenario, "-o", str(base), *common)
    # The festival's closure of Jl. Jenderal Sudirman, moved to the morning, as the what-if.
    festival = Path(scenario).parent / "festival-sudirman.toml"
    run(tuntas, "run", str(festival), "-o", str(closed), *common,
        "--set", "edits.festival.at=0s", "--set", "edits.festival.until=4h30min")

    geojson, csv = out / "links.geojson", out / "links.csv"
    for path in (geojson, csv):
        path.unlink(missing_ok=True)
    run(tuntas, "export", str(closed), "-o", str(geojson), "--window", "06:00-09:00",
        "--base", str(base))
    run(tuntas, "export", str(closed), "-o", str(csv), "--window", "06:00-09:00")

    with h5py.File(closed, "r") as f:
        flow = f["series/traffic/link_flow"][:].astype(np.float64)  # stored as float32
        seconds = f["time"][:]
        links = len(f["static/traffic/links"])
        names = [n.decode() for n in f["static/traffic/links"]["name"]]
    with h5py.File(base, "r") as f:
        base_flow = f["series/traffic/link_flow"][:].astype(np.float64).astype(np.float64)  # stored as float32
    local_s = (5 * 3600 + seconds) % 86400  # the run starts at 05:00 local
    window = (seconds > 0) & (local_s >= 6 * 3600) & (local_s < 9 * 3600)
    expected = flow[window].mean(axis=0)
    expected_change = expected - base_flow[window].mean(axis=0)

    data = json.loads(geojson.read_text())
    assert len(data["features"]) == links
    assert data["tuntas"]["samples"] == int(window.sum())
    got = np.array([f["properties"]["link_flow_mean"] for f in data["features"]])
    np.testing.assert_allclose(got, expected, rtol=1e-12)
    change = np.array([f["properties"]["link_flow_mean_change"] for f in data["features"]])
    np.testing.assert_allclose(change, expected_change, rtol=1e-12, atol=1e-9)
    closed_links = [i for i, n in enumerate(names) if n == "Jl. Jenderal Sudirman"]
    assert closed_links and all(got[i] == 0 for i in closed_links), "the closed road carried"
    assert all(change[i] < 0 for i in closed_links if expected_change[i] != 0)

    # --at: one sample's values, the first at or after the time (07:30 is 2.5 h into the run).
    at_json = out / "at.geojson"
    at_json.unlink(missing_ok=True)
    run(tuntas, "export", str(closed), "-o", str(at_json), "--at", "07:30")
    at = json.loads(at_json.read_text())
    k = int(np.searchsorted(seconds, 2.5 * 3600))
    assert seconds[k] == 2.5 * 3600 and at["tuntas"]["samples"] == 1
    np.testing.assert_array_equal([f["properties"]["link_flow_mean"] for f in at["features"]],
                                  flow[k])

    # GDAL reads both: the GeoJSON as LineStrings, the CSV's wkt column as its geometry.
    info = run("ogrinfo", "-ro", "-so", "-al", str(geojson)).stdout
    assert f"Feature Count: {links}" in info and "Line String" in info, info
    assert "link_flow_mean_change: Real" in info, info
    info = run("ogrinfo", "-ro", "-so", "-al", "-oo", "GEOM_POSSIBLE_NAMES=wkt",
               "-oo", "KEEP_GEOM_COLUMNS=NO", str(csv)).stdout
    # GDAL's CSV driver reads the wkt column as the geometry: Paser's extent (lon 115-117 E).
    assert f"Feature Count: {links}" in info and "Extent: (115." in info, info

    # A GeoPackage (through GDAL's ogr2ogr): one layer named "links", the same features and
    # values as the GeoJSON, nothing left beside it.
    gpkg = out / "links.gpkg"
    gpkg.unlink(missing_ok=True)
    run(tuntas, "export", str(closed), "-o", str(gpkg), "--window", "06:00-09:00",
        "--base", str(base))
    info = run("ogrinfo", "-ro", "-so", str(gpkg), "links").stdout
    assert f"Feature Count: {links}" in info and "Line String" in info, info
    assert "link_flow_mean_change: Real" in info and "Extent: (115." in info, info
    rows = [line.split(",")[0] for line in run(
        "ogr2ogr", "-f", "CSV", "/vsistdout/", str(gpkg), "links", "-select",
        "link_flow_mean").stdout.splitlines()]
    assert rows[0] == "link_flow_mean" and len(rows) == links + 1, rows[:3]
    np.testing.assert_allclose([float(v) if v else np.nan for v in rows[1:]], expected,
                               rtol=1e-12)
    assert sorted(p.name for p in out.glob("links.gpkg*")) == ["links.gpkg"]
    again = run(tuntas, "export", str(closed), "-o", str(gpkg), expect=2)  # no --force
    assert "--force" in again.stderr, again.stderr

    # Bad requests: exit 2, nothing written.
    for args in (["-o", str(out / "x.shp")], ["-o", str(out / "x.csv"), "--what", "roads"],
                 ["-o", str(out / "x.csv"), "--window", "6-9"], ["-o", str(geojson)],
                 ["-o", str(out / "x.csv"), "--at", "Fri 07:30"]):
        done = run(tuntas, "export", str(closed), *args, expect=2)
        assert "error" in done.stderr
    both = run(tuntas, "export", str(closed), "-o", str(out / "x.csv"), "--at", "07:30",
               "--window", "06:00-09:00", expect=2)
    assert "excludes" in both.stderr, both.stderr
    assert not (out / "x.shp").exists() and not (out / "x.csv").exists()
    print(f"export: {links} links, {int(window.sum())} morning samples, ogrinfo reads all three")


if __name__ == "__main__":
    main()
