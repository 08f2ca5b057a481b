#!/usr/bin/python3
"""Memory over simulated time: a soak of a scenario for one day and for many.

Runs `tuntas run SCENARIO --set duration=Nd --set warmup=0s` for each N of --days (default 1 and
30), one after the other, each as a whole process writing its full result, samples its resident
memory (VmRSS) every --every seconds, and prints for each run its peak (the kernel's maxrss of the
child), the resident memory at each simulated day's end as far as the samples show it, and the
ratio of each peak to the first run's. A run whose memory grows with simulated time shows a
ratio near N; issue 21 asks for 30 days within 1.5x of one day.

usage: soak_memory.py TUNTAS SCENARIO [--days 1 30] [--threads T] [--every S] [--csv FILE]

--csv writes every sample (days, seconds since start, VmRSS in MB) for a plot.
"""
import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def rss_mb(pid):
    """Resident memory of process `pid` in MB, or None once it is gone."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024.0
    except OSError:
        return None
    return None


def soak(tuntas, scenario, days, threads, every, output):
    """Runs `days` simulated days; returns (peak MB, wall s, [(t, MB)])."""
    command = [tuntas, "run", str(scenario), "--set", f"duration={days}d", "--set", "warmup=0s",
               "--threads", str(threads), "-o", str(output), "--force", "--quiet"]
    start = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    samples = []
    while True:
        finished, status, usage = os.wait4(child.pid, os.WNOHANG)
        if finished:
            break
        mb = rss_mb(child.pid)
        if mb is not None:
            samples.append((time.perf_counter() - start, mb))
        time.sleep(every)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"soak: {' '.join(command)} failed:\n{child.stderr.read().decode()}")
    return usage.ru_maxrss / 1024.0, wall, samples


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("tuntas")
    parser.add_argument("scenario", type=Path)
    parser.add_argument("--days", type=int, nargs="+", default=[1, 30])
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--every", type=float, default=0.5)
    parser.add_argument("--csv", type=Path)
    args = parser.parse_args()
    rows = []
    first_peak = None
    with tempfile.TemporaryDirectory(prefix="tuntas-soak-") as folder:
        for days in args.days:
            peak, wall, samples = soak(args.tuntas, args.scenario.resolve(), days, args.threads,
                                       args.every, Path(folder) / f"soak-{days}d.h5")
            size = (Path(folder) / f"soak-{days}d.h5").stat().st_size / 1e6
            (Path(folder) / f"soak-{days}d.h5").unlink()
            first_peak = first_peak or peak
            # The resident memory at the end of each tenth of the run (a simulated day of 10).
            tenths = []
            for k in range(1, 11):
                before = [mb for t, mb in samples if t <= wall * k / 10]
                tenths.append(f"{before[-1]:.0f}" if before else "-")
            print(f"{days:3d} days: peak {peak:7.1f} MB  ({peak / first_peak:.2f}x the first)  "
                  f"wall {wall:7.1f} s  result {size:7.1f} MB  "
                  f"RSS at each tenth of the run: {' '.join(tenths)}")
            rows += [(days, t, mb) for t, mb in samples]
    if args.csv:
        with open(args.csv, "w", encoding="ascii") as out:
            out.write("days,seconds,rss_mb\n")
            for days, t, mb in rows:
                out.write(f"{days},{t:.2f},{mb:.1f}\n")


if __name__ == "__main__":
    main()
