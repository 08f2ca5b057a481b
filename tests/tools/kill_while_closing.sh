#!/usr/bin/env bash
# A run killed in its closing phase (after the last sample, while KPIs and attributes are
# written and the file renamed) leaves no NAME.h5 that pretends to be complete, and the next run
# with --force takes the stale lock and the .partial over.
# - A run that flushed (SWMR mode; forced here at every simulated hour with the test hook
#   TUNTAS_TEST_FLUSH_EVERY_HOUR) loses nothing: its .partial opens with every sample.
# - A run that never flushed (under a second of work: no SWMR mode, KPIs written straight into
#   its file) killed before its file is closed loses that run: its .partial does not open, and
#   `inspect` says why (exit 2); killed after, before the rename, its .partial is the whole file.
set -euo pipefail
tuntas=$1
scenario=$2
out=$3
rm -rf "$out" && mkdir -p "$out"
samples() {
    /usr/bin/python3 -c "import h5py, sys; print(h5py.File(sys.argv[1], 'r', swmr=True)['time'].shape[0])" "$1"
}
killed_at() {  # POINT [ENV...]: runs until the writer is killed at POINT, expects exit 137
    local point=$1
    shift
    set +e
    env TUNTAS_TEST_KILL_AT="$point" "$@" "$tuntas" run "$scenario" -o "$out/r.h5" --force \
        --quiet --set duration=6h > /dev/null 2>&1
    local code=$?
    set -e
    [ "$code" -eq 137 ] || { echo "kill at $point: exit $code, not 137"; exit 1; }
    [ ! -e "$out/r.h5" ] || { echo "kill at $point left a complete-looking r.h5"; exit 1; }
    [ -e "$out/r.h5.partial" ] || { echo "kill at $point left no .partial"; exit 1; }
}
rerun_cleans_up() {  # POINT
    "$tuntas" run "$scenario" -o "$out/r.h5" --force --quiet --set duration=6h > /dev/null
    for left in r.h5.partial r.h5.closing r.h5.lock; do
        [ ! -e "$out/$left" ] || { echo "after the re-run killed at $1, $left is still there"; exit 1; }
    done
}

for point in copy kpis rename; do
    killed_at "$point" TUNTAS_TEST_FLUSH_EVERY_HOUR=1
    "$tuntas" inspect "$out/r.h5.partial" > "$out/inspect-$point.txt"
    partial=$(samples "$out/r.h5.partial")
    rerun_cleans_up "$point"
    complete=$(samples "$out/r.h5")
    [ "$partial" -eq "$complete" ] || { echo "kill at $point: $partial of $complete samples"; exit 1; }
    rm "$out/r.h5"
    echo "flushed, killed at $point: the .partial holds all $partial samples"
done

killed_at kpis
set +e
"$tuntas" inspect "$out/r.h5.partial" > "$out/inspect-unflushed-kpis.txt" 2>&1
code=$?
set -e
[ "$code" -eq 2 ] && grep -q "r.h5.partial: left by a run that stopped before its first flush" \
    "$out/inspect-unflushed-kpis.txt" ||
    { echo "inspect of an unflushed .partial: exit $code"; cat "$out/inspect-unflushed-kpis.txt"; exit 1; }
rerun_cleans_up kpis
[ "$(samples "$out/r.h5")" -gt 0 ]
rm "$out/r.h5"
echo "never flushed, killed at kpis: no r.h5, inspect names the .partial as unreadable, the re-run replaces it"

# Killed between closing the finished file and the rename: the .partial is that whole file.
killed_at rename
"$tuntas" inspect "$out/r.h5.partial" > "$out/inspect-unflushed-rename.txt"
partial=$(samples "$out/r.h5.partial")
rerun_cleans_up rename
complete=$(samples "$out/r.h5")
[ "$partial" -eq "$complete" ] || { echo "kill at rename: $partial of $complete samples"; exit 1; }
echo "never flushed, killed at rename: the .partial holds all $partial samples"
