"""A run killed mid-way leaves a readable NAME.h5.partial (every sample up to the last flush)
and no NAME.h5.

usage: killed_run.py TUNTAS SCENARIO OUTDIR
"""
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import h5py
import numpy as np


def main():
    tuntas, scenario, outdir = sys.argv[1:4]
    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    result = out / "killed.h5"
    partial = out / "killed.h5.partial"
    for leftover in (result, partial):
        leftover.unlink(missing_ok=True)
    # Long enough that it cannot finish before it is killed (about a simulated year of queues).
    child = subprocess.Popen([tuntas, "run", scenario, "-o", str(result), "--quiet",
                              "--set", "duration=8000h", "--set", "sample_interval=1h"],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    # Wait until a few simulated hours are flushed, then kill it hard.
    deadline = time.monotonic() + 60
    samples = 0
    while time.monotonic() < deadline and child.poll() is None:
        time.sleep(0.2)
        if partial.exists():
            try:
                with h5py.File(partial, "r", swmr=True) as f:
                    samples = f["time"].shape[0]
            except OSError:
                samples = 0
            if samples >= 5:
                break
    assert child.poll() is None, "the run ended before it could be killed"
    assert samples >= 5, "no samples were flushed within 60 s"
    os.kill(child.pid, signal.SIGKILL)
    child.wait()

    assert not result.exists(), "a killed run must not leave a result that looks complete"
    assert partial.exists(), "the killed run left no .partial file"
    with h5py.File(partial, "r", swmr=True) as f:
        assert f.attrs["complete"] == 0
        times = f["time"][:]
        in_system = f["series/mm1/in_system"]
        assert len(times) >= samples
        assert in_system.shape[0] >= len(times) - 64, "series lag far behind /time"
        np.testing.assert_array_equal(times, np.arange(len(times)) * 3600.0)
        assert f["events/mm1/customers"].shape[0] > 0
        print(f"killed run: {len(times)} hourly samples readable, "
              f"{f['events/mm1/customers'].shape[0]} customers, complete = 0, no .h5")
    # The next run keeps what the killed one left unless told to replace it.
    size = partial.stat().st_size
    again = subprocess.run([tuntas, "run", scenario, "-o", str(result), "--quiet"],
                           capture_output=True, text=True)
    assert again.returncode == 2, again.returncode
    assert "did not finish left it" in again.stderr and "--force" in again.stderr, again.stderr
    assert partial.stat().st_size == size and not result.exists()
    forced = subprocess.run([tuntas, "run", scenario, "-o", str(result), "--quiet", "--force"],
                            capture_output=True, text=True)
    assert forced.returncode == 0, forced.stderr
    assert result.exists() and not partial.exists()
    print("a second run without --force keeps the .partial (exit 2); with --force replaces it")


if __name__ == "__main__":
    main()
