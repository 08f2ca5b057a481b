#!/usr/bin/env bash
# A full disk and a read-only file system under a run's result (a small tmpfs: needs root and
# mount; exit 77, skipped, where it cannot be mounted). A full disk: exit 1 with one line naming
# the .partial and "No space left on device" (no HDF5 error stack, not "internal error"); the
# .partial stays, `inspect` reads it as incomplete within seconds, and a second run keeps it
# unless --force. A read-only one: exit 2, one line, "Read-only file system".
set -euo pipefail
tuntas=$1
scenario=$2
out=$3
rm -rf "$out" && mkdir -p "$out/disk"
mount -t tmpfs -o size=256k tmpfs "$out/disk" 2>/dev/null || { echo "cannot mount a tmpfs here: skipped"; exit 77; }
trap 'umount "$out/disk" 2>/dev/null || true' EXIT

one_line_with() {  # EXIT_CODE EXPECTED_CODE FILE TEXT
    [ "$1" -eq "$2" ] || { echo "exit $1, expected $2:"; cat "$3"; exit 1; }
    [ "$(wc -l < "$3")" -eq 1 ] || { echo "more than one line:"; cat "$3"; exit 1; }
    grep -q "$4" "$3" || { echo "no '$4' in:"; cat "$3"; exit 1; }
    if grep -q -e "HDF5-DIAG" -e "internal error" "$3"; then cat "$3"; exit 1; fi
}

set +e
"$tuntas" run "$scenario" -o "$out/disk/r.h5" --quiet > "$out/full.txt" 2>&1
code=$?
set -e
one_line_with "$code" 1 "$out/full.txt" "r.h5.partial: No space left on device"
[ -f "$out/disk/r.h5.partial" ] && [ ! -e "$out/disk/r.h5" ] && [ ! -e "$out/disk/r.h5.lock" ]
timeout 10 "$tuntas" inspect "$out/disk/r.h5.partial" > "$out/inspect.txt"
grep -q "INCOMPLETE" "$out/inspect.txt"
set +e
"$tuntas" run "$scenario" -o "$out/disk/r.h5" --quiet > "$out/again.txt" 2>&1
code=$?
set -e
[ "$code" -eq 2 ] && grep -q "r.h5.partial" "$out/again.txt" || { cat "$out/again.txt"; exit 1; }

mount -o remount,ro "$out/disk"
set +e
"$tuntas" run "$scenario" -o "$out/disk/other.h5" --quiet > "$out/readonly.txt" 2>&1
code=$?
set -e
one_line_with "$code" 2 "$out/readonly.txt" "Read-only file system"
echo "full disk: $(cat "$out/full.txt")"
echo "read-only: $(cat "$out/readonly.txt")"
