#!/usr/bin/env bash
# The whole test suite, as CI runs it (after tools/setup.sh has built the release preset):
#   1. every C++ file as clang-format 14 writes it (.clang-format);
#   2. the dev preset (Debug, warnings as errors) builds: a warning fails the run;
#   3. every test of the release build (ctest, two at a time);
#   4. the engine and `tuntas run` over MPI ranks (preset mpi; Open MPI from tools/setup.sh
#      --with-mpi): PHOLD, M/M/1 and a Paser half-day of all three models at mpirun -np 1..4
#      against one process;
#   5. every libFuzzer target (preset fuzz: clang 14, ASan + UBSan) for 30 s from its seeds and
#      regression inputs (tests/fuzz/run_fuzzers.sh; longer campaigns: tests/fuzz/README.md).
set -euo pipefail
cd "$(dirname "$0")/.."

echo "test: clang-format check"
git ls-files '*.cpp' '*.hpp' | grep -v '^tests/data/' | xargs clang-format-14 --dry-run --Werror

echo "test: dev preset, warnings as errors"
cmake --preset dev >/dev/null
cmake --build --preset dev

echo "test: ctest (release)"
ctest --test-dir build --output-on-failure -j2

echo "test: the engine and tuntas run over MPI ranks (mpirun -np 1..4)"
if ! command -v mpirun >/dev/null; then
    echo "test: no mpirun: install Open MPI with tools/setup.sh --with-mpi" >&2
    exit 1
fi
cmake --preset mpi >/dev/null
cmake --build --preset mpi
ctest --preset mpi

echo "test: fuzz targets (clang 14, ASan + UBSan), 30 s each"
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz
bash tests/fuzz/run_fuzzers.sh --seconds 30
