"""Builds data/paser/ (the default district) from the sourced figures in shared/data-sources.

    /usr/bin/python3 data/paser/build_paser.py ../shared/data-sources data/paser

What is measured and what is estimated is written down in data/paser/README.md; every feature
carries `source` and, where it is an assumption, `estimated: true`. Deterministic: the same
inputs give the same files.
"""
import csv
import json
import math
import random
import sys
from pathlib import Path

POPULATION_2025 = 312_223  # Dukcapil semester 1 2025 (paser-facts.md 1.1)
CAPITAL_WEIGHT = 3.0       # ESTIMATED: a kecamatan capital holds 3x an ordinary village's people
DETOUR = 1.3               # ESTIMATED: road km = straight line x 1.3 (paser-facts.md 1.3)
NATIONAL_ROAD_M = 224_710.0  # the national road's status length in Paser (paser-facts.md 4, 2019)
BLOCK_M = 300.0            # ESTIMATED: Tanah Grogot town block size
TOWN_BLOCKS = 8            # ESTIMATED: an 8 x 8 block grid (2.4 km square) around the kelurahan
PEOPLE_PER_SITE = 1_500    # paser-facts.md 3: model default, ~1 macro site per 1,500 people
BLANK_SPOTS = {"Selengot", "Harapan Baru"}  # paser-facts.md 3: blank-spot villages, 2023
SECTOR_MBPS = 20 * 2.7     # paser-facts.md 3: a 20 MHz carrier (the dimensioning example) at
                           # 2.7 bps/Hz/cell (Holma & Toskala, LTE-Advanced 11.4)
PROTECTION_MBPS = 1_000.0  # ASSUMPTION: a licensed long-haul microwave hop between hubs
M_PER_DEG = 111_320.0

FACTS = "shared/data-sources/paser-facts.md"
BOUNDARIES = ("github.com/cahyadsn/wilayah_boundaries, MIT License, Copyright (c) 2024 Cahya DSN "
              "(simplified polygons)")


def metres(a, b):
    """Straight-line distance between two (lon, lat) points, m (equirectangular, fine at this scale)."""
    cos_lat = math.cos(math.radians((a[1] + b[1]) / 2))
    return math.hypot((a[0] - b[0]) * M_PER_DEG * cos_lat, (a[1] - b[1]) * M_PER_DEG)


def offset(origin, east_m, north_m):
    cos_lat = math.cos(math.radians(origin[1]))
    return (round(origin[0] + east_m / (M_PER_DEG * cos_lat), 6), round(origin[1] + north_m / M_PER_DEG, 6))


def feature(geometry_type, coordinates, **properties):
    return {"type": "Feature", "properties": properties,
            "geometry": {"type": geometry_type, "coordinates": coordinates}}


def main(sources, out):
    sources, out = Path(sources), Path(out)
    out.mkdir(parents=True, exist_ok=True)
    kecamatan = {row["kecamatan"]: row for row in csv.DictReader(open(sources / "paser-kecamatan.csv"))}
    villages = list(csv.DictReader(open(sources / "paser-desa.csv")))
    boundaries = json.load(open(sources / "paser-boundaries.geojson"))
    polygon_of = {f["properties"]["kode"]: f["geometry"] for f in boundaries["features"]
                  if f["properties"]["level"] == "desa_kelurahan"}
    kecamatan_name = {f["properties"]["kode"]: f["properties"]["name"] for f in boundaries["features"]
                      if f["properties"]["level"] == "kecamatan"}
    position = {v["desa_kelurahan"]: (float(v["lon"]), float(v["lat"])) for v in villages}

    # ---- zones: 144 villages, population allocated from the kecamatan figures ----
    total_2020 = sum(int(k["population"]) for k in kecamatan.values())
    scale = POPULATION_2025 / total_2020
    zones = []
    for name, k in kecamatan.items():
        members = [v for v in villages if kecamatan_name[v["kecamatan_kode"]] == name]
        weights = [CAPITAL_WEIGHT if v["desa_kelurahan"] == k["capital"] else 1.0 for v in members]
        people = int(k["population"]) * scale
        for v, w in zip(members, weights):
            zones.append(feature(
                polygon_of[v["kode"]]["type"], polygon_of[v["kode"]]["coordinates"],
                id=v["kode"], name=v["desa_kelurahan"], kecamatan=name,
                population=round(people * w / sum(weights)),
                centroid_lon=float(v["lon"]), centroid_lat=float(v["lat"]),
                source=f"boundary: {BOUNDARIES}; population: Dukcapil 2020 kecamatan figure "
                       f"scaled to {POPULATION_2025:,} (2025) and split over its villages",
                estimated=True))

    # ---- roads ----
    roads = []

    def road(a, b, cls, name, source, length=None, lanes=None, estimated=True):
        props = {"class": cls, "name": name, "source": source, "estimated": estimated,
                 "length_m": round(length if length is not None else DETOUR * metres(a, b), 1)}
        if lanes:
            props["lanes"] = lanes
        roads.append(feature("LineString", [list(a), list(b)], **props))

    # Tanah Grogot town grid, centred on the kelurahan, main streets named after the sources.
    centre = position["Tanah Grogot"]
    half = TOWN_BLOCKS // 2
    grid = {(i, j): offset(centre, i * BLOCK_M, j * BLOCK_M)
            for i in range(-half, half + 1) for j in range(-half, half + 1)}
    street_ew = {0: "Jl. Jenderal Sudirman", 2: "Jl. Anden Noko", -2: "Jl. Padat Karya"}
    street_ns = {0: "Jl. Ahmad Yani", 2: "Jl. Sultan Hasanuddin"}
    town_source = f"{FACTS} 1.3 (street names); grid geometry ESTIMATED, no street map offline"
    for (i, j), p in grid.items():
        if (i + 1, j) in grid:
            main = j in street_ew
            road(p, grid[(i + 1, j)], "provincial" if main else "local",
                 street_ew.get(j, f"Gg. {j + half}"), town_source, BLOCK_M, 2 if main else None)
        if (i, j + 1) in grid:
            main = i in street_ns
            road(p, grid[(i, j + 1)], "provincial" if main else "local",
                 street_ns.get(i, f"Jl. Lingkungan {i + half}"), town_source, BLOCK_M, 2 if main else None)
    signals = [grid[(i, j)] for i in street_ns for j in street_ew]

    # Trans-Kalimantan national road: PPU border - Long Kali - Long Ikis - Kuaro (Simpang Empat)
    # - Batu Kajang - Muara Komam - South Kalimantan border.
    ppu_border = (116.47, -1.30)     # ESTIMATED: where the road leaves for Penajam Paser Utara
    kalsel_border = (115.62, -1.83)  # ESTIMATED: where it leaves for South Kalimantan
    national = [ppu_border, position["Long Kali"], position["Long Ikis"], position["Kuaro"],
                position["Batu Kajang"], position["Muara Komam"], kalsel_border]
    # Its length is the official status length (224.71 km, paser-facts 4, 2019) shared over the
    # segments in proportion to their straight lines: the winding the straight lines miss.
    straight = [metres(a, b) for a, b in zip(national, national[1:])]
    for (a, b), line in zip(zip(national, national[1:]), straight):
        road(a, b, "national", "Jalan Nasional Trans-Kalimantan",
             f"{FACTS} 1.3 (route Long Kali - Long Ikis - Kuaro), 4 (224.71 km in all); "
             "geometry and the split over segments ESTIMATED",
             length=NATIONAL_ROAD_M * line / sum(straight))
    # Provincial roads from Simpang Empat Kuaro to the town (about 25 km, sourced) and on.
    west_gate = grid[(-half, 0)]
    road(position["Kuaro"], west_gate, "provincial", "Jl. Kusuma Bangsa / Kuaro - Tanah Grogot",
         f"{FACTS} 1.3 (~25 km from Simpang Empat Kuaro)", length=25_000.0, estimated=False)
    south_gate, east_gate = grid[(0, -half)], grid[(half, 0)]
    provincial = [
        (south_gate, position["Pasir Belengkong"], "Jl. Tanah Grogot - Pasir Belengkong"),
        (position["Pasir Belengkong"], position["Kerang"], "Jl. Pasir Belengkong - Kerang"),
        (position["Pasir Belengkong"], position["Muser"], "Jl. Pasir Belengkong - Muser"),
        (east_gate, position["Tanjung Aru"], "Jl. pesisir Tanah Grogot - Tanjung Aru"),
    ]
    for a, b, name in provincial:
        road(a, b, "provincial", name, f"{FACTS} 1.3 (straight line x {DETOUR}); route ESTIMATED")

    # District roads: every other village joined to the nearest place already on the network.
    connected = [tuple(p) for p in grid.values()] + [tuple(p) for p in national]
    for a, b, _ in provincial:
        connected += [tuple(a), tuple(b)]
    waiting = sorted((v["desa_kelurahan"] for v in villages
                      if tuple(position[v["desa_kelurahan"]]) not in set(connected)),
                     key=lambda n: n)
    while waiting:
        best = min(((metres(position[n], c), n, c) for n in waiting for c in connected))
        _, name, via = best
        road(via, position[name], "district", f"Jl. Desa {name}",
             f"{FACTS} 1.3 (straight line x {DETOUR}); route ESTIMATED (a tree joining every village)")
        connected.append(tuple(position[name]))
        waiting.remove(name)
    for s in signals:
        roads.append(feature("Point", list(s), kind="signal", source=town_source, estimated=True))

    # ---- facilities ----
    facilities = []
    rng = random.Random(2025)

    def facility(fid, kind, name, where, source, estimated, **values):
        facilities.append(feature("Point", list(where), id=fid, kind=kind, name=name, source=source,
                                  estimated=estimated, **values))

    waste_source = f"{FACTS} 2"
    facility("tpa-janju", "landfill", "TPA Janju", position["Janju"],
             waste_source + " (Desa Janju, km 7; 20 ha, two ~1 ha cells); at the village centroid",
             False, site_area_ha=20.0, cells=2.0)
    facility("tpa-batu-sopang", "landfill", "TPA Batu Sopang", offset(position["Batu Kajang"], 2000, 0),
             waste_source + " (a second TPA in Kec. Batu Sopang, prokal 2020); position ESTIMATED "
             "(2 km east of the capital, Batu Kajang)", True)
    facility("tps3r-tapis", "tps3r", "TPS3R Tapis", position["Tapis"], waste_source, False)
    facility("depo-sudirman", "transfer_depot", "Depo Jl. Jenderal Sudirman", grid[(-1, 0)],
             waste_source + " (beside the cemetery); position on the street ESTIMATED", True)
    facility("depo-tanah-periuk", "transfer_depot", "Depo Tanah Periuk", position["Tanah Periuk"],
             waste_source, False)
    facility("depo-balai-benih", "transfer_depot", "Depo Gang Balai Benih", grid[(1, -3)],
             waste_source + "; position ESTIMATED", True)
    facility("depo-jone", "transfer_depot", "Depo Jone", position["Jone"], waste_source, False)
    facility("dlh-depot", "truck_depot", "DLH Paser fleet base", grid[(-3, 1)],
             waste_source + " (fleet of 20 assumed); position ESTIMATED", True,
             dump_trucks=12.0, arm_roll_trucks=8.0)
    # Town TPS: ~70 (half of 140 after the 2021 cut), none on Sudirman, Anden Noko or A. Yani.
    # Mid-block points of the local streets (not the main streets) hold them.
    mid_blocks = [((i + 0.5) * BLOCK_M, j * BLOCK_M) for (i, j) in sorted(grid)
                  if (i + 1, j) in grid and j not in street_ew]
    mid_blocks += [(i * BLOCK_M, (j + 0.5) * BLOCK_M) for (i, j) in sorted(grid)
                   if (i, j + 1) in grid and i not in street_ns]
    for n, (east, north) in enumerate(rng.sample(mid_blocks, 70)):
        facility(f"tps-tg-{n:02d}", "tps", f"TPS Tanah Grogot {n + 1}", offset(centre, east, north),
                 waste_source + " (~70 TPS in Kel. Tanah Grogot); positions ESTIMATED", True,
                 capacity_m3=6.0)
    for name, k in kecamatan.items():
        if k["capital"] != "Tanah Grogot":
            facility(f"tps-{k['capital'].lower().replace(' ', '-')}", "tps", f"TPS {k['capital']}",
                     position[k["capital"]], waste_source + "; one TPS site per kecamatan capital, "
                     "three 6 m3 containers (it takes the villages within 8 km), ESTIMATED",
                     True, capacity_m3=18.0)
    # Waste banks: one per village in the urban kecamatan (Tanah Grogot, Kuaro): ~30.
    for v in villages:
        if kecamatan_name[v["kecamatan_kode"]] in ("Tanah Grogot", "Kuaro"):
            facility(f"bank-{v['kode']}", "waste_bank", f"Bank Sampah {v['desa_kelurahan']}",
                     offset(position[v["desa_kelurahan"]], 150, 150),
                     waste_source + " (no count found: one per village in the urban kecamatan)", True)

    # Telecom: ~1 site per 1,500 people, none in the 2023 blank spots; fibre hubs at the
    # kecamatan capitals, microwave to the villages, aggregation in Tanah Grogot.
    telecom_source = f"{FACTS} 3"
    aggregation = grid[(1, 1)]
    facility("agg-tanah-grogot", "aggregation_node", "Aggregation Tanah Grogot", aggregation,
             telecom_source + " (fibre along the Trans-Kalimantan road); ESTIMATED", True)
    backhaul = []
    hub_of = {}
    population_of = {z["properties"]["name"]: z["properties"]["population"] for z in zones}
    for v in sorted(villages, key=lambda v: v["kode"]):
        name = v["desa_kelurahan"]
        if name in BLANK_SPOTS:
            continue
        k = kecamatan[kecamatan_name[v["kecamatan_kode"]]]
        sites = max(1, round(population_of[name] / PEOPLE_PER_SITE))
        for s in range(sites):
            fid = f"site-{v['kode']}-{s}"
            if name == "Tanah Grogot":
                where = grid[sorted(grid)[(s * 7) % len(grid)]]
            else:
                where = offset(position[name], rng.uniform(-600, 600), rng.uniform(-600, 600))
            facility(fid, "cell_site", f"BTS {name} {s + 1}", where,
                     telecom_source + " (site count, 3 sectors; 20 MHz LTE carrier x 2.7 bps/Hz, "
                     "Holma & Toskala); position ESTIMATED",
                     True, sectors=3.0, capacity_mbps_per_sector=SECTOR_MBPS)
            is_hub = name == k["capital"] and s == 0
            if name == "Tanah Grogot" or is_hub:
                target, medium, capacity = aggregation, "fibre", 10_000.0
                hub_of.setdefault(k["kecamatan"], fid)
                to = "agg-tanah-grogot"
            else:
                to = None
            if to:
                backhaul.append(feature("LineString", [list(where), list(target)], id=f"bh-{fid}",
                                        **{"from": fid}, to=to, medium=medium, capacity_mbps=capacity,
                                        length_m=round(DETOUR * metres(where, target)),
                                        source=telecom_source + " (backhaul model default)",
                                        estimated=True))
    for f in list(facilities):
        props = f["properties"]
        if props["kind"] != "cell_site" or any(b["properties"]["from"] == props["id"] for b in backhaul):
            continue
        village = next(v for v in villages if props["id"].startswith(f"site-{v['kode']}-"))
        hub = hub_of[kecamatan_name[village["kecamatan_kode"]]]
        hub_position = next(tuple(x["geometry"]["coordinates"]) for x in facilities
                            if x["properties"]["id"] == hub)
        where = tuple(f["geometry"]["coordinates"])
        backhaul.append(feature("LineString", [list(where), list(hub_position)], id=f"bh-{props['id']}",
                                **{"from": props["id"]}, to=hub, medium="microwave", capacity_mbps=100.0,
                                length_m=round(metres(where, hub_position)),
                                source=telecom_source + " (rural sites on ~100 Mbps microwave)",
                                estimated=True))

    # Protection: each kecamatan hub outside the town gets a microwave hop to the nearest other
    # hub (or the aggregation node), so a fibre cut reroutes instead of isolating (ASSUMPTION:
    # operators protect hub sites; no Paser routes were found).
    hub_positions = {hub: next(tuple(x["geometry"]["coordinates"]) for x in facilities
                               if x["properties"]["id"] == hub) for hub in hub_of.values()}
    pairs = set()
    for name, hub in sorted(hub_of.items()):
        if name == "Tanah Grogot":
            continue
        here = hub_positions[hub]
        others = [(metres(here, where), other) for other, where in hub_positions.items() if other != hub]
        others.append((metres(here, aggregation), "agg-tanah-grogot"))
        _, nearest = min(others)
        pair = tuple(sorted((hub, nearest)))
        if pair in pairs:
            continue
        pairs.add(pair)
        there = aggregation if nearest == "agg-tanah-grogot" else hub_positions[nearest]
        backhaul.append(feature("LineString", [list(here), list(there)], id=f"mw-protect-{hub}",
                                **{"from": hub}, to=nearest, medium="microwave", capacity_mbps=PROTECTION_MBPS,
                                length_m=round(metres(here, there)),
                                source=telecom_source + " (protection hop between hubs: ASSUMPTION)",
                                estimated=True))

    def write(name, features):
        with open(out / f"{name}.geojson", "w") as f:
            json.dump({"type": "FeatureCollection", "name": name, "features": features}, f,
                      separators=(",", ":"))
            f.write("\n")

    write("zones", zones)
    write("roads", roads)
    write("facilities", facilities)
    write("backhaul", backhaul)
    (out / "district.toml").write_text(f'''# Paser Regency, East Kalimantan: the default district. Built by build_paser.py; see README.md.
name = "Kabupaten Paser"
projection = "EPSG:32750"  # WGS 84 / UTM zone 50S
zones = "zones.geojson"
roads = "roads.geojson"
facilities = "facilities.geojson"
backhaul = "backhaul.geojson"

[sources]
boundaries = "{BOUNDARIES}"
licence = "village and kecamatan boundaries: MIT License, Copyright (c) 2024 Cahya DSN"
population = "Dukcapil 2020 per kecamatan (de.wikipedia table), scaled to {POPULATION_2025:,} (Dukcapil, first half of 2025)"
figures = "{FACTS}: every figure tagged F (sourced), D (derived) or E (estimated)"
''')
    print(f"{out}: {len(zones)} zones, {len(roads)} road features, {len(facilities)} facilities, "
          f"{len(backhaul)} backhaul links")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
