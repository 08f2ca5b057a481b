#!/usr/bin/env bash
# Runs each libFuzzer target of the fuzz preset (build-fuzz/) for a while, from its seed corpus
# (inputs from the repository) and the regression inputs in tests/fuzz/regressions/TARGET/.
# Exits 1 when a target finds a crash, a hang (an input over --timeout seconds), a sanitizer
# report or an internal error; the input is kept in OUT/findings/TARGET/.
#
#   tests/fuzz/run_fuzzers.sh [--seconds N] [--timeout S] [--out DIR] [--tuntas BIN]
#                             [TARGET...]
#
# --seconds: per target (default 30, as CI runs it); --tuntas: a release `tuntas` to write a
# seed result for fuzz_result (default build/bin/tuntas, skipped when missing).
# fuzz_result mutates a result written by --tuntas (tuntas writes fixed-length text only and
# refuses variable-length text, which libhdf5 1.10 reads from an unchecked global heap).
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD

seconds=30
timeout=10
out=build-fuzz/fuzz-runs
tuntas=build/bin/tuntas
targets=()
while [ $# -gt 0 ]; do
    case "$1" in
        --seconds) seconds="$2"; shift ;;
        --timeout) timeout="$2"; shift ;;
        --out) out="$2"; shift ;;
        --tuntas) tuntas="$2"; shift ;;
        --mutate-results) ;;  # accepted: fuzz_result always mutates now
        -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
        -*) echo "run_fuzzers.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
        *) targets+=("$1") ;;
    esac
    shift
done
[ ${#targets[@]} -gt 0 ] || targets=(fuzz_scenario fuzz_district fuzz_sumo_network fuzz_sumo_routes
                                     fuzz_osm fuzz_result)

seed_corpus() {  # TARGET DIR: copy the repository's inputs for TARGET into DIR
    local target=$1 dir=$2
    case "$target" in
        fuzz_scenario)
            find scenarios tests/scenarios/data -name '*.toml' -exec cp -t "$dir" {} + ;;
        fuzz_district)
            TUNTAS_FUZZ_SEEDS="$dir" "build-fuzz/bin/$target" -runs=0 >/dev/null 2>&1 ;;
        fuzz_sumo_network)
            cp tests/models/data/sumo/cross.net.xml "$dir" ;;
        fuzz_sumo_routes)
            cp tests/models/data/sumo/*.rou.xml "$dir" ;;
        fuzz_osm)
            cp tests/models/data/osm/small.osm "$dir" ;;
        fuzz_result)
            if [ -x "$tuntas" ]; then
                "$tuntas" run scenarios/examples/mm1.toml --set duration=20min \
                    --set mm1.warmup=60s --quiet --force -o "$dir/mm1.h5" >/dev/null
            fi ;;
    esac
}

max_len() {  # TARGET: the largest input libFuzzer makes (results of the old format are 1.1 MB)
    case "$1" in
        fuzz_result) echo 1200000 ;;
        *) echo 65536 ;;
    esac
}

failed=()
for target in "${targets[@]}"; do
    binary="build-fuzz/bin/$target"
    [ -x "$binary" ] || { echo "fuzz: $binary missing: cmake --build --preset fuzz" >&2; exit 2; }
    corpus="$out/corpus/$target"
    findings="$out/findings/$target"
    regressions="tests/fuzz/regressions/$target"
    mkdir -p "$corpus" "$findings" "$regressions"
    seed_corpus "$target" "$corpus"
    budget=(-max_total_time="$seconds")
    echo "fuzz: $target for ${seconds} s ($(ls "$corpus" | wc -l) seeds, $(ls "$regressions" | wc -l) regression inputs)"
    # Leaks are not looked for: the readers' processes are short, and TBB's and HDF5's
    # process-lifetime allocations would drown real findings.
    if ! ASAN_OPTIONS=detect_leaks=0 UBSAN_OPTIONS=print_stacktrace=1 \
        "$binary" "${budget[@]}" -timeout="$timeout" -rss_limit_mb=2048 \
            -max_len="$(max_len "$target")" -print_final_stats=1 -artifact_prefix="$findings/" "$corpus" "$regressions" \
            >"$out/$target.log" 2>&1; then
        failed+=("$target")
        echo "fuzz: $target FOUND A PROBLEM: $(grep -m1 -E 'ERROR|fuzz: not a bad-input|Timeout|deadly signal' "$out/$target.log" || true)" >&2
        echo "      input kept in $findings/, log $out/$target.log" >&2
    else
        grep -E 'stat::number_of_executed_units|cov: ' "$out/$target.log" | tail -2 | sed 's/^/      /'
    fi
done
if [ ${#failed[@]} -gt 0 ]; then
    echo "fuzz: ${#failed[@]} target(s) found problems: ${failed[*]}" >&2
    exit 1
fi
echo "fuzz: ${#targets[@]} target(s), no crash, hang or internal error"
