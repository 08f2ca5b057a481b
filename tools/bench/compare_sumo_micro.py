#!/usr/bin/python3
"""Mean travel time of tuntas against SUMO's microscopic model on a SUMO network, same demand.

For each network: random trips at a fixed seed (SUMO's randomTrips.py, a car every PERIOD s for
an hour, fringe factor 5), routed by duarouter; SUMO micro runs them (default car, default
step, tripinfo output); tuntas imports the .net.xml (`tuntas import sumo`) and runs the same
route file (priority rules off and on). Prints SUMO's mean duration, its time loss and
teleports, tuntas's mean travel time and its difference from SUMO, and both means over the trips
SUMO did not teleport (a car SUMO cannot get onto a lane for its next turn waits 300 s and then
jumps ahead: its duration is SUMO's artefact, not a travel time).

usage: compare_sumo_micro.py TUNTAS OUT_DIR NET.net.xml:PERIOD [NET.net.xml:PERIOD ...] [--seed S]

Needs Debian's `sumo` and `sumo-tools` (SUMO_HOME=/usr/share/sumo). SUMO's own real-world
networks are under $SUMO_HOME/tools/sumolib/scenario/scenarios/RealWorld/ and tools/game/.
"""
import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import h5py


def run(command, **kwargs):
    return subprocess.run(command, check=True, capture_output=True, text=True, **kwargs)


def sumo_micro(net, routes, out):
    """SUMO micro's trips: duration and time loss by vehicle id, and the teleported ids."""
    tripinfo = out / "tripinfo.xml"
    result = run(["sumo", "-n", str(net), "-r", str(routes), "--tripinfo-output", str(tripinfo),
                  "--no-step-log", "--duration-log.disable"])
    teleported = set(re.findall(r"Teleporting vehicle '([^']*)'", result.stderr))
    trips = ET.parse(tripinfo).getroot().findall("tripinfo")
    return ({t.get("id"): (float(t.get("duration")), float(t.get("timeLoss"))) for t in trips},
            teleported)


def tuntas_trips(tuntas, district, routes, out, priority_rules):
    """tuntas's travel time by vehicle id (arrived trips) and its mean over arrived trips."""
    scenario = out / f"tuntas-{priority_rules}.toml"
    result_file = out / f"tuntas-{priority_rules}.h5"
    scenario.write_text(f'name = "{district.name}"\ndistrict = "{district.resolve()}"\n'
                        f'duration = "3h"\nseed = 42\nsample_interval = "1min"\n'
                        f'[traffic]\nroutes = "{routes.resolve()}"\n'
                        f'priority_rules = {"true" if priority_rules else "false"}\n')
    result = run([tuntas, "run", str(scenario), "-o", str(result_file), "--force", "--threads",
                  "2", "--json"])
    mean = json.loads(result.stdout)["kpis"]["traffic.mean_travel_time_s"]["value"]
    # Trip k is the route file's k-th vehicle.
    ids = [v.get("id") for v in ET.parse(routes).getroot().findall("vehicle")]
    with h5py.File(result_file, "r") as f:
        rows = f["events/traffic/trips"][:]
    travel = {ids[int(r["trip"])]: float(r["travel_s"]) for r in rows if r["status"] == 0}
    return travel, mean


def percent(value, reference):
    return f"{100 * (value / reference - 1):+.1f} %"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("tuntas")
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("cases", nargs="+", help="NET.net.xml:PERIOD")
    parser.add_argument("--seed", type=int, default=42,
                        help="randomTrips.py's and duarouter's seed (default 42)")
    args = parser.parse_args()
    os.environ.setdefault("SUMO_HOME", "/usr/share/sumo")
    tools = Path(os.environ["SUMO_HOME"]) / "tools"
    print("| network | a car every | trips | SUMO micro | time loss | teleports | tuntas | "
          "difference | without SUMO's teleported trips | with priority rules |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for case in args.cases:
        net_text, period = case.rsplit(":", 1)
        net = Path(net_text).resolve()
        suffix = "" if args.seed == 42 else f"-seed{args.seed}"
        out = (args.out_dir / f"{net.name.removesuffix('.net.xml')}-{period}{suffix}").resolve()
        out.mkdir(parents=True, exist_ok=True)
        trips, routes = out / "trips.xml", out / "routes.rou.xml"
        # randomTrips.py --validate writes its own files into the working folder: run it there.
        run([sys.executable, str(tools / "randomTrips.py"), "-n", str(net), "-e", "3600",
             "-p", period, "--seed", str(args.seed), "--fringe-factor", "5", "--vehicle-class",
             "passenger", "--validate", "-o", str(trips)], cwd=out)
        run(["duarouter", "-n", str(net), "-r", str(trips), "-o", str(routes), "--seed", str(args.seed),
             "--ignore-errors"], cwd=out)
        sumo, teleported = sumo_micro(net, routes, out)
        district = out / "district"
        run([args.tuntas, "import", "sumo", str(net), "-o", str(district), "--force"])
        plain, plain_mean = tuntas_trips(args.tuntas, district, routes, out, False)
        _, priority_mean = tuntas_trips(args.tuntas, district, routes, out, True)
        sumo_mean = statistics.mean(d for d, _ in sumo.values())
        loss_mean = statistics.mean(loss for _, loss in sumo.values())
        kept = [v for v in sumo if v not in teleported and v in plain]
        sumo_kept = statistics.mean(sumo[v][0] for v in kept)
        tuntas_kept = statistics.mean(plain[v] for v in kept)
        print(f"| {net.name} (seed {args.seed}) | {period} s | {len(sumo)} | {sumo_mean:.1f} s | {loss_mean:.1f} s | "
              f"{len(teleported)} | {plain_mean:.1f} s | {percent(plain_mean, sumo_mean)} | "
              f"{sumo_kept:.1f} / {tuntas_kept:.1f} s ({percent(tuntas_kept, sumo_kept)}) | "
              f"{priority_mean:.1f} s ({percent(priority_mean, sumo_mean)}) |")


if __name__ == "__main__":
    main()
