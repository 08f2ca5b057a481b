#!/usr/bin/env bash
# A run killed in its closing phase (after the last sample, while KPIs and attributes are
# written and the file renamed) loses nothing: its .partial opens with every sample, no
# NAME.h5 pretends to be complete, and the next run with --force takes the stale lock over.
set -euo pipefail
tuntas=$1
scenario=$2
out=$3
rm -rf "$out" && mkdir -p "$out"
samples() {
    /usr/bin/python3 -c "import h5py, sys; print(h5py.File(sys.argv[1], 'r', swmr=True)['time'].shape[0])" "$1"
}
for point in copy kpis rename; do
    set +e
    TUNTAS_TEST_KILL_AT=$point "$tuntas" run "$scenario" -o "$out/r.h5" --force --quiet \
        --set duration=6h > /dev/null 2>&1
    code=$?
    set -e
    [ "$code" -eq 137 ] || { echo "kill at $point: exit $code, not 137"; exit 1; }
    [ ! -e "$out/r.h5" ] || { echo "kill at $point left a complete-looking r.h5"; exit 1; }
    "$tuntas" inspect "$out/r.h5.partial" > "$out/inspect-$point.txt"
    partial=$(samples "$out/r.h5.partial")
    "$tuntas" run "$scenario" -o "$out/r.h5" --force --quiet --set duration=6h > /dev/null
    complete=$(samples "$out/r.h5")
    [ "$partial" -eq "$complete" ] || { echo "kill at $point: $partial of $complete samples"; exit 1; }
    for left in r.h5.partial r.h5.closing r.h5.lock; do
        [ ! -e "$out/$left" ] || { echo "after the re-run $left is still there"; exit 1; }
    done
    rm "$out/r.h5"
    echo "killed at $point: the .partial holds all $partial samples"
done
