#!/usr/bin/python3
"""Mean travel time of tuntas against SUMO's microscopic model on a SUMO network, same demand.

For each network: random trips at a fixed seed (SUMO's randomTrips.py, a car every PERIOD s for
an hour, fringe factor 5), routed by duarouter; SUMO micro runs them (default car, default
step, tripinfo output); tuntas imports the .net.xml (`tuntas import sumo`) and runs the same
route file (turn times on, priority rules off and on). Prints SUMO's mean duration, its time
loss and teleports, and tuntas's mean travel time and its difference from SUMO.

usage: compare_sumo_micro.py TUNTAS OUT_DIR NET.net.xml:PERIOD [NET.net.xml:PERIOD ...]

Needs Debian's `sumo` and `sumo-tools` (SUMO_HOME=/usr/share/sumo). SUMO's own real-world
networks are under $SUMO_HOME/tools/sumolib/scenario/scenarios/RealWorld/ and tools/game/.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path


def run(command, **kwargs):
    return subprocess.run(command, check=True, capture_output=True, text=True, **kwargs)


def sumo_micro(net, routes, out):
    """SUMO micro's trips: mean duration, mean time loss, count, teleports."""
    tripinfo = out / "tripinfo.xml"
    result = run(["sumo", "-n", str(net), "-r", str(routes), "--tripinfo-output", str(tripinfo),
                  "--no-step-log", "--duration-log.disable"])
    teleports = result.stderr.count("Teleporting")
    trips = ET.parse(tripinfo).getroot().findall("tripinfo")
    durations = [float(t.get("duration")) for t in trips]
    losses = [float(t.get("timeLoss")) for t in trips]
    return statistics.mean(durations), statistics.mean(losses), len(trips), teleports


def tuntas_mean(tuntas, district, routes, out, priority_rules):
    """tuntas's mean travel time of arrived trips and its unfinished trips."""
    scenario = out / f"tuntas-{priority_rules}.toml"
    scenario.write_text(f'name = "{district.name}"\ndistrict = "{district.resolve()}"\n'
                        f'duration = "3h"\nseed = 42\nsample_interval = "1min"\n'
                        f'[traffic]\nroutes = "{routes.resolve()}"\n'
                        f'priority_rules = {"true" if priority_rules else "false"}\n')
    result = run([tuntas, "run", str(scenario), "-o", str(out / f"tuntas-{priority_rules}.h5"),
                  "--force", "--threads", "2", "--json"])
    kpis = json.loads(result.stdout)["kpis"]
    return (kpis["traffic.mean_travel_time_s"]["value"],
            kpis["traffic.unfinished_trips"]["value"])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("tuntas")
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("cases", nargs="+", help="NET.net.xml:PERIOD")
    args = parser.parse_args()
    os.environ.setdefault("SUMO_HOME", "/usr/share/sumo")
    tools = Path(os.environ["SUMO_HOME"]) / "tools"
    print("| network | a car every | trips | SUMO micro | time loss | teleports | tuntas | "
          "difference | with priority rules |")
    print("|---|---|---|---|---|---|---|---|---|")
    for case in args.cases:
        net_text, period = case.rsplit(":", 1)
        net = Path(net_text)
        out = args.out_dir / f"{net.name.removesuffix('.net.xml')}-{period}"
        out.mkdir(parents=True, exist_ok=True)
        trips, routes = out / "trips.xml", out / "routes.rou.xml"
        run([sys.executable, str(tools / "randomTrips.py"), "-n", str(net), "-e", "3600",
             "-p", period, "--seed", "42", "--fringe-factor", "5", "--vehicle-class",
             "passenger", "--validate", "-o", str(trips)])
        run(["duarouter", "-n", str(net), "-r", str(trips), "-o", str(routes), "--seed", "42",
             "--ignore-errors"])
        sumo_s, loss_s, count, teleports = sumo_micro(net, routes, out)
        district = out / "district"
        run([args.tuntas, "import", "sumo", str(net), "-o", str(district), "--force"])
        plain_s, _ = tuntas_mean(args.tuntas, district, routes, out, False)
        priority_s, _ = tuntas_mean(args.tuntas, district, routes, out, True)
        print(f"| {net.name} | {period} s | {count} | {sumo_s:.1f} s | {loss_s:.1f} s | "
              f"{teleports} | {plain_s:.1f} s | {100 * (plain_s / sumo_s - 1):+.1f} % | "
              f"{priority_s:.1f} s ({100 * (priority_s / sumo_s - 1):+.1f} %) |")


if __name__ == "__main__":
    main()
