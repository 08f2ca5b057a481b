#!/usr/bin/python3
"""Viewer frame times under a software renderer: a still map and a map being dragged.

Runs `tuntas view RESULT --screenshot ... --at AT --size WxH [--pan PX]` under xvfb-run (Mesa's
llvmpipe) --runs times for each size, still and panning in alternation, and prints each run's
median frame time and, over the runs, the min / median / max of those medians with the frames
per second of the median. The viewer times 25 frames a run; the slowest of a panning run is its
last frame, which draws the map afresh. This is a benchmark, not a test: the machine's load
moves it.

usage: viewer_frames.py TUNTAS RESULT [--at 07:30] [--sizes 1920x1080 1280x720] [--runs 3]
                        [--pan 8]
"""
import argparse
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

FRAME_TIMES = re.compile(r"frame time min ([\d.]+) / median ([\d.]+) / max ([\d.]+) ms")


def median_frame_ms(tuntas, result, at, size, pan, picture):
    """One viewer run's median frame time, ms."""
    width, height = size.split("x")
    command = ["xvfb-run", "-a", "-s", f"-screen 0 {width}x{height}x24", tuntas, "view",
               str(result), "--screenshot", str(picture), "--at", at, "--size", size]
    if pan > 0:
        command += ["--pan", str(pan)]
    done = subprocess.run(command, check=True, capture_output=True, text=True)
    found = FRAME_TIMES.search(done.stdout)
    if not found:
        sys.exit(f"viewer_frames: no frame times in: {done.stdout}{done.stderr}")
    return float(found.group(2))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("tuntas")
    parser.add_argument("result", type=Path)
    parser.add_argument("--at", default="07:30")
    parser.add_argument("--sizes", nargs="+", default=["1920x1080", "1280x720"])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--pan", type=float, default=8.0, help="pixels dragged a frame")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="tuntas-frames-") as scratch:
        picture = Path(scratch) / "frame.png"
        for size in args.sizes:
            medians = {"still": [], "panning": []}
            for _ in range(args.runs):
                for kind, pan in (("still", 0.0), ("panning", args.pan)):
                    medians[kind].append(
                        median_frame_ms(args.tuntas, args.result, args.at, size, pan, picture))
            for kind, values in medians.items():
                middle = statistics.median(values)
                print(f"{size} {kind:8s} median frame ms per run {values}: min / median / max "
                      f"{min(values):.1f} / {middle:.1f} / {max(values):.1f} "
                      f"({1000.0 / middle:.0f} frames/s)")


if __name__ == "__main__":
    main()
