#!/usr/bin/env bash
# Two `tuntas run`s on one output: while the first writes, the second (even with --force) is
# refused with exit 2 naming the first's process, and the first's result is complete and whole.
set -euo pipefail
tuntas=$1
scenario=$2
out=$3
rm -rf "$out" && mkdir -p "$out"
# Long enough to overlap: M/M/1 queues over many simulated days.
"$tuntas" run "$scenario" -o "$out/r.h5" --quiet --set duration=3d --set mm1.queues=20 \
    > "$out/first.txt" 2>&1 &
first=$!
for _ in $(seq 1 100); do [ -e "$out/r.h5.lock" ] && break; sleep 0.05; done
[ -e "$out/r.h5.lock" ] || { echo "the first run never took its lock"; exit 1; }
set +e
"$tuntas" run "$scenario" -o "$out/r.h5" --force --quiet > "$out/second.txt" 2>&1
code=$?
set -e
wait "$first"
[ "$code" -eq 2 ] || { echo "second writer exited $code, not 2"; cat "$out/second.txt"; exit 1; }
grep -q "another run (process $first) is writing this result" "$out/second.txt" || {
    cat "$out/second.txt"; exit 1; }
[ ! -e "$out/r.h5.lock" ] && [ ! -e "$out/r.h5.partial" ] && [ -f "$out/r.h5" ]
"$tuntas" inspect "$out/r.h5" > /dev/null
echo "second writer refused: $(cat "$out/second.txt")"
