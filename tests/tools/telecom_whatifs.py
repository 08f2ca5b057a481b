"""Telecom on a Paser evening: data is conserved at every sample (offered = carried + shed + in
flight), the sector and link series add up to the totals, and the what-ifs move the KPIs the
expected way: a fibre cut on a hub reroutes its sessions over the protection hop and leaves more
data unserved; a site in the blank-spot village Selengot shrinks the blank-spot hours and the
unserved data; twice the sector capacity lowers utilisation, measured against the new capacity;
a fibre moved into a duct fails at the duct's rate, and a duct edit naming no fibre link is refused.

usage: telecom_whatifs.py TUNTAS SCENARIO_DIR OUT_DIR
"""
import subprocess
import sys
from pathlib import Path

import h5py
import numpy as np

WINDOW = ["--set", "start=2025-03-04T16:00:00", "--set", "duration=8h", "--set", "sample_interval=5min",
          "--set", "warmup=0s"]


def run(tuntas, scenario, result):
    subprocess.run([tuntas, "run", str(scenario), "-o", str(result), "--force", "--quiet", "--threads", "2",
                    *WINDOW], check=True, stdout=subprocess.DEVNULL)
    with h5py.File(result, "r") as f:
        kpis = {row["name"].decode(): row["value"] for row in f["kpi"][:]}
        bits = f["series/telecom/bits"][:]
        carried = f["series/telecom/sector_carried_mbps"][:]
        times = f["time"][:]
    return kpis, bits, carried, times


def main():
    tuntas, scenarios, out = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
    out.mkdir(parents=True, exist_ok=True)
    baseline = (scenarios / "paser" / "baseline.toml").resolve()
    base, bits, carried, _ = run(tuntas, baseline, out / "base.h5")

    # Conservation at every sample, Gbit: offered = carried + shed + in flight.
    offered, carried_total, shed, in_flight, no_service = bits.T
    np.testing.assert_allclose(carried_total + shed + in_flight, offered, rtol=1e-9, atol=1e-6)
    assert offered[-1] > 1000.0, f"an evening of Paser offers {offered[-1]} Gbit?"
    for name, term in (("offered", offered), ("carried", carried_total), ("shed", shed),
                       ("no service", no_service)):
        assert np.all(np.diff(term) >= -1e-9), f"{name} fell"
    # The sectors' carried rates integrate to the total carried (5-min samples, Mb/s -> Gbit).
    per_sample_gbit = carried.sum(axis=1) * 300.0 / 1000.0
    np.testing.assert_allclose(per_sample_gbit[1:].sum(), carried_total[-1], rtol=1e-6)
    assert base["telecom.conservation_error_gbit"] < 1e-3

    # A cut of the Long Ikis hub fibre from 17:00 to 23:00 (1 h to 7 h into the window).
    cut_file = out / "cut.toml"
    cut_file.write_text(f'extends = "{baseline}"\n[[edits]]\nkind = "telecom.cut_link"\n'
                        'link = "bh-site-64.01.06.1001-0"\nat = "1h"\nuntil = "7h"\n')
    cut, _, _, _ = run(tuntas, cut_file, out / "cut.h5")
    print("baseline", {k: round(v, 4) for k, v in base.items() if k.startswith("telecom.")})
    print("fibre cut", {k: round(v, 4) for k, v in cut.items() if k.startswith("telecom.")})
    assert cut["telecom.sessions_rerouted"] > 100, "the hub's sessions should move to the protection hop"
    assert cut["telecom.unserved_gb"] > base["telecom.unserved_gb"]
    assert cut["telecom.mean_session_throughput_mbps"] < base["telecom.mean_session_throughput_mbps"]
    assert cut["telecom.sessions_refused_share"] > base["telecom.sessions_refused_share"]

    # The shipped new-site what-if, in the same window.
    site, _, _, _ = run(tuntas, scenarios / "paser" / "new-site-selengot.toml", out / "site.h5")
    print("new site", {k: round(v, 4) for k, v in site.items() if k.startswith("telecom.")})
    assert site["telecom.blank_spot_subscriber_hours"] < base["telecom.blank_spot_subscriber_hours"]
    assert site["telecom.unserved_gb"] < base["telecom.unserved_gb"]
    assert site["telecom.carried_gb"] > base["telecom.carried_gb"]
    # Twice the capacity on every site from 19:00: utilisation is over the new capacity, so it
    # stays at or below 1 and the busy hour's is lower than the baseline's.
    more_file = out / "capacity.toml"
    more_file.write_text(f'extends = "{baseline}"\n[[edits]]\nkind = "telecom.set_capacity"\n'
                         'site = "*"\ncapacity_mbps_per_sector = 108.0\nat = "3h"\n')
    subprocess.run([tuntas, "run", str(more_file), "-o", str(out / "capacity.h5"), "--force", "--quiet",
                    "--threads", "2", *WINDOW], check=True, stdout=subprocess.DEVNULL)
    with h5py.File(out / "capacity.h5", "r") as f:
        doubled = f["series/telecom/sector_utilisation"][:]
    with h5py.File(out / "base.h5", "r") as f:
        plain = f["series/telecom/sector_utilisation"][:]
    assert doubled.max() <= 1.0 + 1e-9, f"utilisation {doubled.max()} over the set capacity"
    late = slice(3 * 12 + 1, None)  # the samples after 19:00
    assert doubled[late].mean() < plain[late].mean()

    # The hub fibre in a duct: its failure rate is the duct rate per 100 km times its length.
    duct_file = out / "duct.toml"
    duct_file.write_text(f'extends = "{baseline}"\n[[edits]]\nkind = "telecom.duct"\n'
                         'link = "bh-site-64.01.06.1001-0"\n')
    short = ["--set", "duration=1h", "--set", "warmup=0s", "--set", "telecom.duct_cuts_per_100km_per_year=0.5",
             "--set", "telecom.fibre_cuts_per_100km_per_year=5"]
    subprocess.run([tuntas, "run", str(duct_file), "-o", str(out / "duct.h5"), "--force", "--quiet", *short],
                   check=True, stdout=subprocess.DEVNULL)
    with h5py.File(out / "duct.h5", "r") as f:
        links = f["static/telecom/links"][:]
    ids = [i.decode() for i in links["id"]]
    hub = ids.index("bh-site-64.01.06.1001-0")
    assert links["duct"][hub] == 1 and links["duct"].sum() == 1
    np.testing.assert_allclose(links["failures_per_year"][hub], 0.5 * links["length_m"][hub] / 1e5, rtol=1e-12)
    fibre = (links["medium"] == b"fibre") & (links["duct"] == 0)
    np.testing.assert_allclose(links["failures_per_year"][fibre], 5.0 * links["length_m"][fibre] / 1e5, rtol=1e-12)
    bad_file = out / "bad-duct.toml"
    bad_file.write_text(f'extends = "{baseline}"\n[[edits]]\nkind = "telecom.duct"\nlink = "no-such-link"\n')
    bad = subprocess.run([tuntas, "run", str(bad_file), "-o", str(out / "bad.h5"), "--force", "--quiet", *short],
                         capture_output=True, text=True)
    assert bad.returncode == 2 and "telecom.duct: no backhaul link 'no-such-link'" in bad.stderr, bad.stderr
    print("telecom what-ifs: conservation holds; cut and new site move the KPIs as expected; ducts as stated")


if __name__ == "__main__":
    main()
