#!/usr/bin/env bash
# `tuntas validate` checks every road an edit names, all at once, each located at its edit's
# line (in the variant file that wrote it), with a suggestion when one is close; `run` fails the
# same way before any event; `tuntas district roads --grep` lists the names to use.
set -euo pipefail
tuntas=$1
scenarios=$2
out=$3
rm -rf "$out" && mkdir -p "$out"
cat > "$out/two-bad-roads.toml" <<TOML
extends = "$scenarios/paser/baseline.toml"
duration = "1d"

[[edits]]
kind = "traffic.close_road"
road = "Jl. Jenderal Sudirmn"
at = "8h"
until = "9h"

[[edits]]
kind = "traffic.set_road"
road = "Jalan Nowhere"
lanes = 1
TOML
set +e
"$tuntas" validate "$out/two-bad-roads.toml" > "$out/validate.txt" 2>&1
code=$?
set -e
[ "$code" -eq 2 ] || { echo "validate: exit $code, not 2"; cat "$out/validate.txt"; exit 1; }
grep -q "two-bad-roads.toml:6:8: error: key 'edits\[0\].road': traffic.close_road: the district has no road named 'Jl. Jenderal Sudirmn' (did you mean 'Jl. Jenderal Sudirman'?)" "$out/validate.txt" \
    || { echo "first road not reported at its edit"; cat "$out/validate.txt"; exit 1; }
grep -q "two-bad-roads.toml:12:8: error: key 'edits\[1\].road': traffic.set_road: the district has no road named 'Jalan Nowhere'" "$out/validate.txt" \
    || { echo "second road not reported in the same run"; cat "$out/validate.txt"; exit 1; }
set +e
"$tuntas" run "$out/two-bad-roads.toml" --no-output --quiet > "$out/run.txt" 2>&1
code=$?
set -e
[ "$code" -eq 2 ] && grep -q "Jalan Nowhere" "$out/run.txt" || { echo "run: exit $code"; cat "$out/run.txt"; exit 1; }
"$tuntas" validate "$scenarios/paser/festival-sudirman.toml" > /dev/null
# --json: the same problems as objects on stdout, still exit 2.
set +e
"$tuntas" validate "$out/two-bad-roads.toml" --json > "$out/validate.json" 2> /dev/null
code=$?
set -e
[ "$code" -eq 2 ] || { echo "validate --json: exit $code"; exit 1; }
/usr/bin/python3 - "$out/validate.json" <<'PY'
import json, sys
report = json.load(open(sys.argv[1]))
assert report["ok"] is False and len(report["problems"]) == 2, report
assert [p["line"] for p in report["problems"]] == [6, 12], report
PY
"$tuntas" district roads "$scenarios/../data/paser" --grep Sudirman > "$out/roads.txt"
grep -q "^Jl. Jenderal Sudirman  *provincial  *16 " "$out/roads.txt" || { cat "$out/roads.txt"; exit 1; }
echo "validate: both bad roads reported at their edits with a suggestion; district roads lists them"
