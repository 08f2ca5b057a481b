#!/usr/bin/python3
"""Wall time of tuntas against SUMO's mesoscopic model on the same network and routes.

Runs `sumo --mesosim --meso-junction-control` and `tuntas run` in alternation (so both see the
same load on a shared machine), each as a whole process from start to exit, and prints min /
median / max wall times, peak memory and the ratio of each pair, and the same of the CPU seconds
each used (all threads). Both write their results:
SUMO its tripinfo file, tuntas its HDF5 file.

usage: compare_sumo_meso.py TUNTAS SUMO_NET SUMO_ROUTES TUNTAS_SCENARIO [--runs N] [--threads T]

SUMO_NET is the .net.xml SUMO reads; TUNTAS_SCENARIO is a scenario whose district was imported
from the same network with `tuntas import sumo` and whose [traffic] routes is SUMO_ROUTES
(tests/tools/sumo_grid_validation.py writes one). Needs Debian's `sumo` package.

Both simulate the same span: SUMO, given no end, stops when its last vehicle arrives; tuntas
runs for its scenario's duration. An untimed run of each first finds both last arrivals, and
tuntas's timed runs last until the later one, rounded up to the minute (`--set duration=`),
so neither simulates empty roads the other does not. `--scenario-span` keeps the scenario's
duration instead.
"""
import argparse
import math
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def timed_run(command):
    """Wall seconds of one child process, from its start to its exit, and the CPU seconds (user
    and system, every thread) it used."""
    start = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise subprocess.CalledProcessError(os.waitstatus_to_exitcode(status), command)
    return wall, usage.ru_utime + usage.ru_stime


def summary(values):
    return f"{min(values):.3f} / {statistics.median(values):.3f} / {max(values):.3f}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("tuntas")
    parser.add_argument("sumo_net")
    parser.add_argument("sumo_routes")
    parser.add_argument("scenario")
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--scenario-span", action="store_true",
                        help="run tuntas for its scenario's duration, not SUMO's span")
    args = parser.parse_args()
    os.environ.setdefault("SUMO_HOME", "/usr/share/sumo")

    with tempfile.TemporaryDirectory(prefix="tuntas-vs-sumo-") as scratch:
        out = Path(scratch)
        sumo = ["sumo", "--mesosim", "true", "--meso-junction-control", "true",
                "-n", args.sumo_net, "-r", args.sumo_routes, "--no-step-log",
                "--tripinfo-output", str(out / "tripinfo.xml")]
        tuntas = [args.tuntas, "run", args.scenario, "-o", str(out / "result.h5"), "--force",
                  "--threads", str(args.threads), "--quiet"]
        if not args.scenario_span:
            span_s = common_span_s(sumo, tuntas, out)
            tuntas += ["--set", f"duration={span_s}s"]
            print(f"both simulate {span_s} s (the later last arrival, rounded up to the minute)")
        sumo_s, tuntas_s, sumo_cpu, tuntas_cpu = [], [], [], []
        for _ in range(args.runs):
            wall, cpu = timed_run(sumo)
            sumo_s.append(wall)
            sumo_cpu.append(cpu)
            wall, cpu = timed_run(tuntas)
            tuntas_s.append(wall)
            tuntas_cpu.append(cpu)
        peak_mb = {"sumo": peak_memory_mb(sumo), "tuntas": peak_memory_mb(tuntas)}

    ratios = [s / t for s, t in zip(sumo_s, tuntas_s)]
    print(f"{args.runs} runs in alternation, wall seconds min / median / max (peak memory)")
    print(f"  sumo --mesosim --meso-junction-control  {summary(sumo_s)}  ({peak_mb['sumo']:.0f} MB)")
    print(f"  tuntas run --threads {args.threads}                  {summary(tuntas_s)}  "
          f"({peak_mb['tuntas']:.0f} MB)")
    print(f"  ratio sumo / tuntas, pairwise            {min(ratios):.1f} / "
          f"{statistics.median(ratios):.1f} / {max(ratios):.1f}   "
          f"(of medians {statistics.median(sumo_s) / statistics.median(tuntas_s):.1f})")
    # CPU seconds: the work each did, every thread counted (a host that slows both shows here
    # as well as in the wall times; tuntas's second thread and its writer count in full).
    cpu_ratios = [s / t for s, t in zip(sumo_cpu, tuntas_cpu)]
    print("CPU seconds (user + system, all threads) min / median / max")
    print(f"  sumo                                    {summary(sumo_cpu)}")
    print(f"  tuntas                                  {summary(tuntas_cpu)}")
    print(f"  ratio sumo / tuntas, pairwise            {min(cpu_ratios):.1f} / "
          f"{statistics.median(cpu_ratios):.1f} / {max(cpu_ratios):.1f}")


def common_span_s(sumo, tuntas, out):
    """Seconds from the start to the later of SUMO's and tuntas's last arrivals, rounded up to
    the minute: one untimed run of each."""
    subprocess.run(sumo, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    text = (out / "tripinfo.xml").read_text()
    sumo_last = max(float(v) for v in re.findall(r'<tripinfo [^>]*?arrival="([0-9.]+)"', text))
    subprocess.run(tuntas, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    import h5py  # only here: the timed runs do not need it
    with h5py.File(out / "result.h5", "r") as f:
        trips = f["events/traffic/trips"][:]
    arrived = trips["arrive_s"][trips["status"] == 0]  # 1: en route, 2: not departed at the end
    if len(arrived) < len(trips):
        sys.exit(f"tuntas: {len(trips) - len(arrived)} trips did not arrive within the "
                 "scenario's duration; make it longer")
    return int(60 * math.ceil(max(sumo_last, float(arrived.max())) / 60.0))


def peak_memory_mb(command):
    """Peak resident memory of one run, in a fresh child process so earlier runs don't mask it."""
    probe = ("import resource, subprocess, sys; "
             "subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL, "
             "stderr=subprocess.DEVNULL); "
             "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    result = subprocess.run([sys.executable, "-c", probe, *command], check=True,
                            capture_output=True, text=True)
    return int(result.stdout.strip()) / 1024.0


if __name__ == "__main__":
    main()
