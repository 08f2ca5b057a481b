"""A scenario run over MPI ranks gives the datasets, KPIs and fingerprint of one process.

Runs TUNTAS (built with MPI) once as a single process and then under `mpirun -np N` for each
N given, each rank on THREADS threads, and checks every dataset bit for bit (NaN included) and
every root attribute that says what the run computed (not how it was executed: threads,
partitions, ranks, windows, times).

usage: ranks_identical.py MPIRUN TUNTAS SCENARIO OUTDIR --np 1 2 3 4 [--threads 1 2]
                          [--set K=V ...]
"""
import argparse
import subprocess
from pathlib import Path

import h5py
import numpy as np

from results_identical import EXECUTION_ATTRIBUTES, datasets

RANK_ATTRIBUTES = EXECUTION_ATTRIBUTES | {"ranks"}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("mpirun")
    parser.add_argument("tuntas")
    parser.add_argument("scenario")
    parser.add_argument("outdir")
    parser.add_argument("--np", type=int, nargs="+", required=True)
    parser.add_argument("--threads", type=int, nargs="+", default=[1])
    parser.add_argument("--set", action="append", default=[])
    args = parser.parse_args()
    out = Path(args.outdir)
    out.mkdir(parents=True, exist_ok=True)
    overrides = [arg for value in args.set for arg in ("--set", value)]

    def run(prefix, path, threads):
        command = [*prefix, args.tuntas, "run", args.scenario, "-o", str(path), "--threads",
                   str(threads), "--force", "--quiet", "--json", *overrides]
        done = subprocess.run(command, check=True, capture_output=True, text=True)
        # Rank 0 alone prints the summary.
        assert done.stdout.count('"fingerprint"') == 1, f"{command}: {done.stdout[:500]}"
        return done.stdout

    reference_path = out / "ranks-reference.h5"
    reference_summary = run([], reference_path, 1)
    with h5py.File(reference_path, "r") as f:
        reference = datasets(f)
        reference_attrs = {k: v for k, v in f.attrs.items() if k not in RANK_ATTRIBUTES}
    assert len(reference) > 10, "too few datasets in the result"
    runs = 0
    for ranks in args.np:
        for threads in args.threads:
            path = out / f"ranks-np{ranks}-t{threads}.h5"
            prefix = [args.mpirun, "-np", str(ranks), "--oversubscribe", "--bind-to", "none"]
            summary = run(prefix, path, threads)
            label = f"np {ranks}, threads {threads}"
            with h5py.File(path, "r") as f:
                other = datasets(f)
                assert sorted(other) == sorted(reference), f"{label}: other datasets"
                for name, values in reference.items():
                    assert values.dtype == other[name].dtype, f"{label}: {name}: dtype differs"
                    assert values.tobytes() == other[name].tobytes(), \
                        f"{label}: {name}: values differ"
                attrs = {k: v for k, v in f.attrs.items() if k not in RANK_ATTRIBUTES}
                assert attrs.keys() == reference_attrs.keys(), f"{label}: attributes differ"
                for key, value in reference_attrs.items():
                    assert np.array_equal(value, attrs[key]), f"{label}: attribute {key} differs"
                assert int(f.attrs["ranks"]) == ranks, f"{label}: ranks attribute"
            assert '"ranks": %d' % ranks in summary, f"{label}: summary names no ranks"
            runs += 1
    print(f"identical: {len(reference)} datasets and {len(reference_attrs)} attributes in "
          f"{runs} runs over ranks (np {args.np}, threads {args.threads}) and the single process")


if __name__ == "__main__":
    main()
