"""A fleet too small for its plan says so, and a truck more takes the visits it had no room
for: on generated districts (three seeds) of 40,000 people with one dump truck, the fixed
schedule reports the visits a working day needs that no shift had room for (KPI
waste.unassigned_stops > 0, and a warning); with four dump trucks it has room for them all,
uses every truck, and lets less overflow.

(The threshold policy used to beat the fixed schedule on overflow when the fleet was short;
with a fleet planner that spreads visits and uses every truck it does on some districts and
not on others, so that claim is no longer made.)

usage: waste_policy_property.py TUNTAS OUT_DIR
"""
import json
import subprocess
import sys
from pathlib import Path

SCENARIO = """name = "waste fleet property"
district = "district"
start = 2025-03-03T00:00:00
duration = "4d"
seed = {seed}
sample_interval = "30min"
[traffic]
[waste]
dump_trucks = {trucks}
arm_roll_trucks = 0
policy = "fixed_schedule"
"""


def run(tuntas, folder, seed, trucks):
    scenario = folder / f"trucks-{trucks}.toml"
    scenario.write_text(SCENARIO.format(seed=seed, trucks=trucks))
    result = subprocess.run([tuntas, "run", str(scenario), "--no-output", "--json", "--threads", "2"],
                            check=True, capture_output=True, text=True)
    kpis = {name: k["value"] for name, k in json.loads(result.stdout)["kpis"].items()}
    return kpis, result.stderr


def main():
    tuntas, out = sys.argv[1], Path(sys.argv[2])
    for seed in (1, 2, 3):
        folder = out / f"seed-{seed}"
        folder.mkdir(parents=True, exist_ok=True)
        subprocess.run([tuntas, "district", "generate", "--population", "40000", "--seed", str(seed),
                        "-o", str(folder / "district"), "--force"], check=True, stdout=subprocess.DEVNULL)
        short, warned = run(tuntas, folder, seed, 1)
        enough, quiet = run(tuntas, folder, seed, 4)
        print(f"seed {seed}: one truck: {short['waste.unassigned_stops']:.0f} visits without room, "
              f"overflow {short['waste.overflowed_t_per_day']:.3f} t/day; four: "
              f"{enough['waste.unassigned_stops']:.0f}, {enough['waste.overflowed_t_per_day']:.3f} t/day, "
              f"{enough['waste.trucks_used']:.0f} trucks used")
        assert short["waste.unassigned_stops"] > 0, "one truck had room: the case tests nothing"
        assert "no room for" in warned, f"seed {seed}: no warning about the short fleet"
        assert enough["waste.unassigned_stops"] == 0 and "no room for" not in quiet
        assert enough["waste.trucks_used"] == 4, f"seed {seed}: a truck idled"
        assert enough["waste.overflowed_t_per_day"] < short["waste.overflowed_t_per_day"]


if __name__ == "__main__":
    main()
