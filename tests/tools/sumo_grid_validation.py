"""tuntas against SUMO's microscopic model on SUMO's own 10 x 10 grid with 10,000 trips.

usage: sumo_grid_validation.py TUNTAS DATA_DIR OUT_DIR
"""
import json
import subprocess
import sys
from pathlib import Path

SUMO_MICRO_MEAN_TRAVEL_TIME_S = 247.366  # tests/data/sumo-grid/README.md
TOLERANCE = 0.10


def main():
    tuntas, data, out = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
    out.mkdir(parents=True, exist_ok=True)
    subprocess.run([tuntas, "import", "sumo", str(data / "grid"), "-o", str(out / "grid"), "--force"],
                   check=True, stdout=subprocess.DEVNULL)
    scenario = out / "grid.toml"
    scenario.write_text(f'''name = "SUMO 10x10 grid, 10,000 random trips"
district = "grid"
duration = "3h"
seed = 42
sample_interval = "1min"

[traffic]
routes = "{(data / 'grid.rou.xml').resolve()}"
''')
    result = subprocess.run([tuntas, "run", str(scenario), "-o", str(out / "grid.h5"), "--force",
                             "--threads", "2", "--json"], check=True, capture_output=True, text=True)
    summary = json.loads(result.stdout)
    kpis = summary["kpis"]
    assert kpis["traffic.vehicle_trips"]["value"] == 10_000, kpis["traffic.vehicle_trips"]
    assert kpis["traffic.completed_trips"]["value"] == 10_000, kpis["traffic.completed_trips"]
    mean = kpis["traffic.mean_travel_time_s"]["value"]
    deviation = mean / SUMO_MICRO_MEAN_TRAVEL_TIME_S - 1.0
    print(f"tuntas {mean:.1f} s vs SUMO micro {SUMO_MICRO_MEAN_TRAVEL_TIME_S:.1f} s: {100 * deviation:+.1f} % "
          f"(event loop {summary['wall_s']:.3f} s)")
    assert abs(deviation) <= TOLERANCE, f"{100 * deviation:+.1f} % is outside +-{100 * TOLERANCE:.0f} %"


if __name__ == "__main__":
    main()
