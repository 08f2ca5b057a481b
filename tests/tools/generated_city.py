"""A generated district of a million people is a city, not a jam: a day of its traffic and
telecom runs with every trip done and load like Paser's, and its waste, with Paser's fleet per
person, is collected and landfilled in Paser's proportions.

Paser's own week is the reference for traffic and telecom (README, the baseline): 99.98 % of
its vehicle trips complete, its P95 sector utilisation is 72.6 %. Here: at least 99 % of the
day's vehicle trips complete, fewer than 0.1 % are squeezed through gridlock, and the P95 sector
utilisation is within 15 points of Paser's. Waste is compared with Paser run here the same way:
a Monday after two days of warm-up (containers part full, as a real Monday's are), Paser's
12 dump trucks and 8 arm-rolls against 38 and 26 for the million (the same trucks per person).
The share of the generated waste collected is no less than Paser's less 15 points (a town
denser than Paser's villages, with the same trucks per person, collects more: 75 % against 56 %
on 2026-12-01; before the generator put a landfill per 156,000 people on the town's edge, its
one landfill's weighbridge held 28 of 64 trucks idle and 20 % was collected), the share of the
collected waste landfilled is within 10 points of Paser's, and every truck works.

usage: generated_city.py TUNTAS OUT_DIR
"""
import json
import subprocess
import sys
from pathlib import Path


def main():
    tuntas, out = sys.argv[1], Path(sys.argv[2])
    out.mkdir(parents=True, exist_ok=True)
    district = out / "million"
    subprocess.run([tuntas, "district", "generate", "--population", "1000000", "-o",
                    str(district), "--force"], check=True, stdout=subprocess.DEVNULL)
    scenario = out / "million.toml"
    scenario.write_text(f'name = "a generated million"\ndistrict = "{district.resolve()}"\n'
                        'start = 2025-03-03T00:00:00\nduration = "1d"\nseed = 2025\n'
                        '[traffic]\n[waste]\n[telecom]\n')
    result = subprocess.run([tuntas, "run", str(scenario), "--no-output", "--threads", "2",
                             "--json"], check=True, capture_output=True, text=True)
    kpis = {name: kpi["value"] for name, kpi in json.loads(result.stdout)["kpis"].items()}
    trips = kpis["traffic.vehicle_trips"]
    completed = kpis["traffic.completed_trips"] / trips
    squeezed = kpis["traffic.squeezed"] / trips
    p95 = kpis["telecom.p95_sector_utilisation"]
    print(f"a generated million, one day: {trips:.0f} vehicle trips, {100 * completed:.2f} % "
          f"completed, {100 * squeezed:.3f} % squeezed, P95 sector utilisation {100 * p95:.1f} %")
    assert trips > 1e6, trips
    assert completed >= 0.99, completed
    assert squeezed < 0.001, squeezed
    assert abs(p95 - 0.726) <= 0.15, p95

    def waste_shares(scenario_file, extra):
        run = subprocess.run([tuntas, "run", str(scenario_file), "--no-output", "--threads", "2",
                              "--json"] + extra, check=True, capture_output=True, text=True)
        kpis = {name: kpi["value"] for name, kpi in json.loads(run.stdout)["kpis"].items()}
        generated = kpis["waste.generated_t_per_day"]
        collected = kpis["waste.collected_t_per_day"]
        return collected / generated, kpis["waste.landfilled_t_per_day"] / collected, kpis

    paser = Path(__file__).resolve().parents[2] / "scenarios" / "paser" / "baseline.toml"
    paser_collected, paser_landfilled, _ = waste_shares(paser, ["--set", "duration=1d"])
    waste = out / "million-waste.toml"
    waste.write_text(f'name = "a generated million, waste"\ndistrict = "{district.resolve()}"\n'
                     'start = 2025-03-03T00:00:00\nduration = "1d"\nwarmup = "2d"\nseed = 2025\n'
                     '[traffic]\n[waste]\ndump_trucks = 38\narm_roll_trucks = 26\n')
    collected, landfilled, kpis = waste_shares(waste, [])
    print(f"waste on a Monday: the million collects {100 * collected:.1f} % of what it generates "
          f"and landfills {100 * landfilled:.1f} % of that; Paser {100 * paser_collected:.1f} % "
          f"and {100 * paser_landfilled:.1f} %; {kpis['waste.trucks_used']:.0f} of 64 trucks work")
    assert collected >= paser_collected - 0.15, (collected, paser_collected)
    assert abs(landfilled - paser_landfilled) <= 0.10, (landfilled, paser_landfilled)
    assert kpis["waste.trucks_used"] == 64, kpis["waste.trucks_used"]


if __name__ == "__main__":
    main()
