#!/usr/bin/python3
"""Renders the README's viewer pictures into viewer/ (run it after a change to what the viewer
draws, then commit the pictures).

    paser-peak.png           a replay of a baseline Monday at 07:30: roads by their degree of
                             saturation (LOS A-F), zones, collection points, trucks, cell load
    festival-live.png        a live view of the festival what-if at 17:30: the closed main street
                             drawn and listed
    fibre-cut.png            a replay of the Long Ikis fibre cut on Tuesday at 19:00: the cut
                             crossed, the hub's sites rerouted
    festival-difference.png  the festival run less the same afternoon without it, at 17:30

usage: /usr/bin/python3 tools/render_screenshots.py [BUILD_DIR] (default: build)
Needs xvfb-run (the set-up installs it). Results go to a temporary folder.
"""
import subprocess
import sys
import tempfile
from pathlib import Path

repo = Path(__file__).resolve().parents[1]
tuntas = str((Path(sys.argv[1]) if len(sys.argv) > 1 else repo / "build") / "bin" / "tuntas")
paser = repo / "scenarios" / "paser"
out = repo / "viewer"
afternoon = ["--set", "start=2025-03-03T12:00:00", "--set", "duration=12h", "--set", "warmup=0s",
             "--set", "edits.festival.at=3h", "--set", "edits.festival.until=10h"]


def run(scenario, result, *sets):
    subprocess.run([tuntas, "run", str(scenario), "-o", str(result), "--force", "--quiet", *sets],
                   check=True, stdout=subprocess.DEVNULL)


def view(*args):
    done = subprocess.run(["xvfb-run", "-a", tuntas, "view", *map(str, args)], check=True,
                          capture_output=True, text=True)
    print(done.stdout.strip())


with tempfile.TemporaryDirectory(prefix="tuntas-screenshots-") as scratch:
    tmp = Path(scratch)
    run(paser / "baseline.toml", tmp / "day.h5", "--set", "duration=1d")
    view(tmp / "day.h5", "--screenshot", out / "paser-peak.png", "--at", "07:30")
    view(paser / "festival-sudirman.toml", *afternoon, "-o", tmp / "live.h5", "--force",
         "--screenshot", out / "festival-live.png", "--at", "17:30")
    run(paser / "fibre-cut-long-ikis.toml", tmp / "cut.h5", "--set", "warmup=0s",
        "--set", "duration=1d20h")
    view(tmp / "cut.h5", "--screenshot", out / "fibre-cut.png", "--at", "Tue 19:00")
    run(paser / "festival-sudirman.toml", tmp / "festival.h5", *afternoon)
    run(paser / "baseline.toml", tmp / "afternoon.h5", *afternoon[:6])
    view(tmp / "festival.h5", "--vs", tmp / "afternoon.h5", "--screenshot",
         out / "festival-difference.png", "--at", "17:30")
