#!/usr/bin/env bash
# Installs the Debian 12 packages tuntas needs (only those missing), then configures and builds.
#
#   tools/setup.sh                 install what is missing, configure and build the release preset
#   tools/setup.sh --deps-only     install what is missing and stop
#   tools/setup.sh --preset asan   build another preset (dev, release, asan, tsan, mpi)
#   tools/setup.sh --with-mpi      also install Open MPI (the test suite's MPI leg needs it)
#
# Idempotent and non-interactive: when every package is present it costs one dpkg query.
set -euo pipefail

preset=release
deps_only=0
with_mpi=0
while [ $# -gt 0 ]; do
    case "$1" in
        --deps-only) deps_only=1 ;;
        --with-mpi) with_mpi=1 ;;
        --preset) preset="$2"; shift ;;
        -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
        *) echo "setup.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
    esac
    shift
done

packages=(
    # toolchain
    build-essential cmake ninja-build ccache pkg-config git clang-format-14
    # fuzz targets (tests/fuzz): clang 14, its sanitizer runtimes and libFuzzer
    clang-14 libclang-rt-14-dev libfuzzer-14-dev
    # engine
    libboost-dev libtbb-dev libhdf5-dev
    # scenarios, command line, logging
    libtomlplusplus-dev nlohmann-json3-dev libcli11-dev libfmt-dev libspdlog-dev
    # district model: geodesy, OpenStreetMap, partitioning
    libproj-dev libosmium2-dev libmetis-dev
    # viewer
    libimgui-dev libglfw3-dev libgl-dev libstb-dev xvfb xauth libgl1-mesa-dri
    # tests, benchmarks, Python side
    catch2 libbenchmark-dev pybind11-dev python3-dev python3-numpy python3-h5py python3-pandas
    python3-matplotlib python3-xarray python3-h5netcdf python3-pytest
    # GDAL's ogrinfo reads what `tuntas export` writes (a test)
    gdal-bin
    # peer tool: SUMO (netgenerate, netconvert and its real-world networks) for the import tests
    sumo sumo-tools
)
# The window protocol over MPI ranks (the mpi preset, tools/test.sh's MPI leg)
[ "$with_mpi" -eq 1 ] && packages+=(openmpi-bin libopenmpi-dev)

missing=()
for p in "${packages[@]}"; do
    status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
    [ "$status" = "install ok installed" ] || missing+=("$p")
done

if [ ${#missing[@]} -gt 0 ]; then
    echo "setup: installing ${#missing[@]} missing package(s): ${missing[*]}"
    if [ "$(id -u)" -ne 0 ]; then
        echo "setup: installing packages needs root (run as root or with sudo)" >&2
        exit 1
    fi
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

[ "$deps_only" -eq 1 ] && exit 0

cd "$(dirname "$0")/.."
cmake --preset "$preset" >/dev/null
cmake --build --preset "$preset"
