"""The same scenario and seed give identical datasets at 1 and 2 threads (and any partitioning),
and stored uncompressed (`compression = "none"`) the same values as shuffled and deflated.

usage: results_identical.py TUNTAS SCENARIO OUTDIR [--set K=V ...]
"""
import subprocess
import sys
from pathlib import Path

import h5py
import numpy as np

# Attributes that describe how a run was executed, not what it computed.
EXECUTION_ATTRIBUTES = {"threads", "partitions", "remote_events", "wall_time_s", "output_time_s",
                        "windows", "lookahead_s",
                        "git_commit"}


def run(tuntas, scenario, output, threads, partitions, overrides, compression):
    command = [tuntas, "run", scenario, "-o", str(output), "--threads", str(threads),
               "--partitions", str(partitions), "--force", "--quiet", *overrides,
               "--set", f"compression={compression}"]
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)


def datasets(f):
    found = {}
    f.visititems(lambda name, obj: found.__setitem__(name, obj[()]) if isinstance(obj, h5py.Dataset) else None)
    return found


def main():
    tuntas, scenario, outdir = sys.argv[1:4]
    overrides = [arg for pair in zip(["--set"] * len(sys.argv[4:]), sys.argv[4:]) for arg in pair]
    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    configurations = [(1, 1, "gzip"), (2, 2, "gzip"), (2, 5, "gzip"), (2, 2, "none")]
    results = []
    for threads, partitions, compression in configurations:
        path = out / f"identical-{threads}t-{partitions}p-{compression}.h5"
        run(tuntas, scenario, path, threads, partitions, overrides, compression)
        results.append(path)
    with h5py.File(results[0], "r") as reference_file:
        reference = datasets(reference_file)
        reference_attrs = {k: v for k, v in reference_file.attrs.items() if k not in EXECUTION_ATTRIBUTES}
    assert reference, "no datasets in the result"
    filters = {}
    for path in (results[0], results[-1]):
        with h5py.File(path, "r") as f:
            found = []
            f.visititems(lambda name, obj: found.append((obj.compression, obj.shuffle))
                         if isinstance(obj, h5py.Dataset) and obj.chunks and obj.size > 0 else None)
            filters[path] = found
    assert ("gzip", True) in filters[results[0]], "the default result has no deflated dataset"
    assert filters[results[-1]] and all(c == (None, False) for c in filters[results[-1]]), \
        f"compression = none still filters: {set(filters[results[-1]])}"
    for path in results[1:]:
        # The uncompressed run's scenario text says so; nothing else of it may differ.
        ignored = {"scenario", "scenario_with_live_edits"} if path == results[-1] else set()
        with h5py.File(path, "r") as f:
            other = datasets(f)
            assert sorted(other) == sorted(reference), f"{path}: other datasets {sorted(other)}"
            for name, values in reference.items():
                assert values.dtype == other[name].dtype, f"{path}:{name}: dtype differs"
                # Bit for bit (NaN included): not merely equal values.
                assert values.tobytes() == other[name].tobytes(), f"{path}:{name}: values differ"
            attrs = {k: v for k, v in f.attrs.items() if k not in EXECUTION_ATTRIBUTES}
            assert attrs.keys() == reference_attrs.keys(), f"{path}: attributes differ"
            for key, value in reference_attrs.items():
                if key in ignored:
                    continue
                assert np.array_equal(value, attrs[key]), f"{path}: attribute {key} differs"
    print(f"identical: {len(reference)} datasets in {len(results)} runs "
          f"({', '.join(f'{t} threads/{p} partitions/{c}' for t, p, c in configurations)})")


if __name__ == "__main__":
    main()
