"""A generated district of a million people is a city, not a jam: a day of its traffic and
telecom (waste at Paser's fleet too) runs with every trip done and load like Paser's.

Paser's own week is the reference (README, the baseline): 99.98 % of its vehicle trips complete,
its P95 sector utilisation is 72.6 %. Here: at least 99 % of the day's vehicle trips complete,
fewer than 0.1 % are squeezed through gridlock, and the P95 sector utilisation is within 15
points of Paser's. Not yet checked: waste's proportions (README: not met at this scale).

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


if __name__ == "__main__":
    main()
