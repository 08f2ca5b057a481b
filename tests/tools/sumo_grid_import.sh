#!/usr/bin/env bash
# SUMO's own generated network through `tuntas import sumo`: a 10 x 10 grid of 200 m blocks with
# 2 lanes and signals everywhere must arrive as 100 signalised nodes, 360 directed links and
# 72.0 km of roads. Skipped (exit 77) where SUMO is not installed.
set -euo pipefail
tuntas=$1
out=$2
command -v netgenerate >/dev/null && command -v netconvert >/dev/null || {
    echo "SKIPPED: SUMO (netgenerate, netconvert) is not installed"
    exit 77
}
rm -rf "$out" && mkdir -p "$out"
netgenerate --grid --grid.number 10 --grid.length 200 -L 2 -j traffic_light --no-turnarounds \
    -o "$out/grid.net.xml" >/dev/null
netconvert -s "$out/grid.net.xml" --plain-output-prefix "$out/grid" >/dev/null
"$tuntas" import sumo "$out/grid" -o "$out/district" >/dev/null
"$tuntas" district inspect "$out/district" --json > "$out/summary.json"
# The same network read from the .net.xml directly must give the same district.
"$tuntas" import sumo "$out/grid.net.xml" -o "$out/district-net" > "$out/import-net.txt"
"$tuntas" district inspect "$out/district-net" --json > "$out/summary-net.json"
/usr/bin/python3 - "$out/summary.json" "$out/summary-net.json" <<'PY'
import json, sys
for path in sys.argv[1:]:
    s = json.load(open(path))
    assert s["nodes"] == 100, (path, s["nodes"])
    assert s["links"] == 360, (path, s["links"])
    assert s["signalised_nodes"] == 100, (path, s["signalised_nodes"])
    km = sum(s["road_km_by_class"].values())
    assert abs(km - 72.0) < 0.01, (path, km)
    print(f"SUMO grid ({path}): {s['nodes']} nodes, {s['links']} links, {km:.1f} km, "
          f"{s['signalised_nodes']} signals")
PY
