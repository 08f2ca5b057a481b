#!/usr/bin/env bash
# `tuntas validate` reads a scenario's route file in full and checks its edges against the
# district: what it does not use is listed, and a bad edge is exit 2 with file and line before
# any run. On the triangle network of tests/models/data/sumo.
set -euo pipefail
tuntas=$1
data=$2
out=$3
rm -rf "$out" && mkdir -p "$out"
"$tuntas" import sumo "$data/tri" -o "$out/tri" >/dev/null
scenario() {
    cat > "$out/$1.toml" <<TOML
name = "triangle with $1"
district = "tri"
start = 2025-03-03T06:00:00
duration = "1h"
sample_interval = "5min"
[traffic]
routes = "$data/$2"
TOML
}
scenario full full.rou.xml
scenario bad bad-edge.rou.xml
"$tuntas" validate "$out/full.toml" > "$out/full.txt"
grep -q "vehicles in the route file" "$out/full.txt"
grep -q "warning: route file: <person> elements left out" "$out/full.txt"
grep -q "warning: route file: vehicles of vClass 'bicycle' left out" "$out/full.txt"
set +e
"$tuntas" validate "$out/bad.toml" > "$out/bad.txt" 2>&1
code=$?
set -e
[ "$code" -eq 2 ] || { echo "validate of a bad route file exited $code, not 2"; cat "$out/bad.txt"; exit 1; }
grep -q "bad-edge.rou.xml:6: vehicle 'v1': error: unknown edge 'XY'" "$out/bad.txt"
# A route file none of whose vehicles leaves in the run: refused (validate and run), unless
# traffic.allow_no_trips.
printf '<routes>\n  <vehicle id="late" depart="90000"><route edges="AB"/></vehicle>\n</routes>\n' \
    > "$out/late.rou.xml"
sed "s|routes = .*|routes = \"$out/late.rou.xml\"|" "$out/full.toml" > "$out/late.toml"
for command in "validate" "run --no-output --quiet"; do
    set +e
    "$tuntas" $command "$out/late.toml" > "$out/late.txt" 2>&1
    code=$?
    set -e
    [ "$code" -eq 2 ] || { echo "$command with no trip in the run exited $code"; cat "$out/late.txt"; exit 1; }
    grep -q "none departing in the run" "$out/late.txt"
done
"$tuntas" run "$out/late.toml" --no-output --quiet --set traffic.allow_no_trips=true > /dev/null
cat "$out/full.txt"
