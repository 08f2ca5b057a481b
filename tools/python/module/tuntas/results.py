"""Reading tuntas results (HDF5) into pandas and xarray.

A result is one HDF5 file per run: /time, /series/<model>/<name> [sample, entity] (each linked
by dimension scales to /time and to its entities' labels), /events/<model>/<name> and
/static/<model>/<name> tables, /kpi, and provenance attributes (the resolved scenario, seed,
fingerprint). A run that died after its first flush leaves NAME.h5.partial, still open for
single-writer/multiple-reader (SWMR) access: it opens here too (h5py needs swmr=True for it);
one that died before (under a second of work) leaves one that does not open.

`Result` is the object to live in; the functions below it work on an open h5py.File.
"""
from __future__ import annotations

import tomllib
from pathlib import Path

import h5py
import numpy as np
import pandas as pd


def open_result(path) -> h5py.File:
    """Opens a finished result or the .partial file of a run that died, as an h5py.File."""
    try:
        return h5py.File(path, "r")
    except OSError:
        if _left_open_for_writing(path):
            raise OSError(f"{path}: left by a run that stopped before its first flush (written "
                          "outside SWMR mode, which starts there): nothing in it can be read; "
                          "run the scenario again") from None
        # The writer died in SWMR mode: its consistency flags are still set.
        return h5py.File(path, "r", swmr=True)


def _left_open_for_writing(path) -> bool:
    """True when the file's HDF5 superblock (version 3) says a writer has it open outside SWMR
    mode (consistency flags: bit 0 write access, bit 2 SWMR write access)."""
    with open(path, "rb") as f:
        at = 0
        while at <= 1 << 20:
            f.seek(at)
            head = f.read(12)
            if len(head) < 12:
                return False
            if head[:8] == b"\x89HDF\r\n\x1a\n":
                return head[8] >= 3 and head[11] & 0x1 != 0 and head[11] & 0x4 == 0
            at = 512 if at == 0 else 2 * at
    return False


def _text(value) -> str:
    return value.decode() if isinstance(value, (bytes, np.bytes_)) else str(value)


def attribute(obj, name: str) -> str:
    """A text attribute as str (tuntas writes fixed-length UTF-8 text, which h5py reads as
    bytes), e.g. attribute(f["series/traffic/link_flow"], "units")."""
    return _text(obj.attrs[name])


def kpis(f: h5py.File) -> pd.DataFrame:
    """The KPI table: name (index), value, unit, description."""
    table = f["kpi"][:]
    return pd.DataFrame(
        {
            "value": table["value"],
            "unit": [_text(u) for u in table["unit"]],
            "description": [_text(d) for d in table["description"]],
        },
        index=pd.Index([_text(n) for n in table["name"]], name="kpi"),
    )


def _local_times(f: h5py.File, dataset) -> pd.DatetimeIndex:
    # The series' own time axis (`time_15min` at a coarser output interval) or /time, in local
    # wall-clock time (WITA); the +08:00 offset is dropped so plots show local hours.
    axis = _text(dataset.attrs["time"]) if "time" in dataset.attrs else "time"
    times = dataset.parent[axis] if axis != "time" else f["time"]
    start = pd.Timestamp(_text(f["time"].attrs["start"])).tz_localize(None)
    return pd.DatetimeIndex(start + pd.to_timedelta(times[: dataset.shape[0]], unit="s"),
                            name="time")


def series(f: h5py.File, path: str) -> pd.DataFrame:
    """A time series as a DataFrame: one row per sample, or per output interval (indexed by
    local time: the end of the interval), one column per entity, named by its label
    (df["Jl. Jenderal Sudirman"]: that road's links); the unit is in df.attrs["units"] and what
    a value stands for in df.attrs["cell_methods"] ("time: mean" or "time: point")."""
    dataset = f[path]
    frame = pd.DataFrame(dataset[:], index=_local_times(f, dataset))
    # Columns by the entity axis the series is attached to (road names, zone names, ...; not
    # unique: a road has links both ways), when the result has one (written since 2026-12-01).
    if len(dataset.dims[1]) > 0:
        axis = dataset.dims[1][0]
        frame.columns = pd.Index([_text(label) for label in axis[:]],
                                 name=axis.name.rsplit("/", 1)[-1])
    frame.attrs["units"] = _text(dataset.attrs["units"])
    frame.attrs["description"] = _text(dataset.attrs["description"])
    if "cell_methods" in dataset.attrs:
        frame.attrs["cell_methods"] = _text(dataset.attrs["cell_methods"])
    return frame


def table(f: h5py.File, path: str) -> pd.DataFrame:
    """An event or static table as a DataFrame (text decoded); column units in
    df.attrs["units"]."""
    dataset = f[path]
    data = dataset[:]
    frame = pd.DataFrame({name: data[name] for name in data.dtype.names})
    for name in frame.columns:
        if frame[name].dtype.kind == "S":
            frame[name] = frame[name].map(_text)
    frame.attrs["units"] = dict(zip(data.dtype.names,
                                    [_text(u) for u in dataset.attrs["column_units"]]))
    return frame


def _names_under(f: h5py.File, group: str) -> list[str]:
    """"model/name" of every dataset under /group (the scale datasets of series groups left
    out), sorted."""
    if group not in f:
        return []
    names = []
    f[group].visititems(lambda name, obj: names.append(name)
                        if isinstance(obj, h5py.Dataset) and "CLASS" not in obj.attrs else None)
    return sorted(names)


class Result:
    """A run's result file. Everything is read on demand (the file is opened per call), so a
    Result is cheap to keep and safe to pass between processes.

        r = tuntas.Result("paser.h5")
        r.kpis.loc["traffic.mean_travel_time_min", "value"]
        r.series("traffic/link_flow")["Jl. Jenderal Sudirman"]   # that road's links
        r.xarray("traffic/link_flow").sel(time="2025-03-03T07:30")
    """

    def __init__(self, path, *, _keep_alive=None):
        self.path = Path(path)
        if not self.path.exists():
            raise FileNotFoundError(f"{self.path}: no such result")
        self._keep_alive = _keep_alive  # a temporary folder that lives as long as this Result

    def __repr__(self) -> str:
        return (f"tuntas.Result({str(self.path)!r}: {self.name!r}, seed {self.seed}, "
                f"{'complete' if self.complete else 'not complete'})")

    def _open(self) -> h5py.File:
        return open_result(self.path)

    @property
    def attrs(self) -> dict:
        """The root attributes (provenance): text as str, numbers as numbers."""
        with self._open() as f:
            return {name: (_text(value) if isinstance(value, (bytes, np.bytes_))
                           else value.item() if isinstance(value, np.generic) else value)
                    for name, value in f.attrs.items()}

    @property
    def complete(self) -> bool:
        """True once the run finished and closed its result (a .partial is never complete)."""
        return int(self.attrs.get("complete", 0)) == 1

    @property
    def name(self) -> str:
        return self.attrs.get("name", "")

    @property
    def seed(self) -> int:
        return int(self.attrs["seed"])

    @property
    def fingerprint(self) -> str:
        """The run's fingerprint: the same scenario and seed give the same at any thread count."""
        return self.attrs.get("fingerprint", "")

    @property
    def start(self) -> pd.Timestamp:
        """The local start time (WITA, offset dropped)."""
        return pd.Timestamp(self.attrs["start"]).tz_localize(None)

    @property
    def scenario_text(self) -> str:
        """The resolved scenario (base, variant and overrides merged) as TOML."""
        return self.attrs["scenario"]

    @property
    def scenario(self) -> dict:
        """The resolved scenario as a dict."""
        return tomllib.loads(self.scenario_text)

    @property
    def edits(self) -> pd.DataFrame:
        """The what-if edits of the run, one row each: those of the scenario file and those
        applied live in the viewer (source "live"). Columns: source, kind, at and until as
        written and in seconds from the start (at_s, until_s; a top-level warm-up comes before
        the start), label, and each edit's own keys."""
        attrs = self.attrs
        rows = []
        for source, text in (("scenario", attrs["scenario"]),
                             ("live", attrs.get("live_edits", ""))):
            for edit in tomllib.loads(text).get("edits", []) if text else []:
                row = {"source": source}
                row.update(edit)
                rows.append(row)
        frame = pd.DataFrame(rows, columns=None if rows else ["source", "kind", "at", "until"])
        for key in ("at", "until"):
            if key in frame.columns:
                frame[key + "_s"] = frame[key].map(_seconds_of)
        return frame

    @property
    def kpis(self) -> pd.DataFrame:
        """The KPIs: value, unit, description, indexed by name ("traffic.vehicle_hours")."""
        with self._open() as f:
            return kpis(f)

    def kpi(self, name: str) -> float:
        """One KPI's value."""
        table = self.kpis
        if name not in table.index:
            raise KeyError(f"{self.path}: no KPI {name!r} (there are {len(table)}: "
                           f"{', '.join(table.index[:5])}, ...)")
        return float(table.loc[name, "value"])

    def series_names(self) -> list[str]:
        """Every series as "model/name" (what series() and xarray() take)."""
        with self._open() as f:
            return _names_under(f, "series")

    def series(self, name: str) -> pd.DataFrame:
        """A series as a DataFrame: rows by local time, columns by entity label."""
        with self._open() as f:
            return series(f, _path("series", name))

    def xarray(self, name: str):
        """A series as an xarray.DataArray with dimensions (time, <entity axis>): local time
        and entity labels as coordinates, units and description as attributes."""
        import xarray as xr
        frame = self.series(name)
        axis = frame.columns.name or "entity"
        return xr.DataArray(frame.to_numpy(), dims=("time", axis),
                            coords={"time": frame.index.to_numpy(), axis: frame.columns.to_numpy()},
                            name=name.rsplit("/", 1)[-1], attrs=dict(frame.attrs))

    def table_names(self) -> list[str]:
        """Every event table as "model/name" (what table() takes)."""
        with self._open() as f:
            return _names_under(f, "events")

    def table(self, name: str) -> pd.DataFrame:
        """An event table ("traffic/trips") as a DataFrame."""
        with self._open() as f:
            return table(f, _path("events", name))

    def static_names(self) -> list[str]:
        """Every static table as "model/name" (what static() takes)."""
        with self._open() as f:
            return _names_under(f, "static")

    def static(self, name: str) -> pd.DataFrame:
        """A static table ("traffic/links": one row per entity of a series axis) as a
        DataFrame."""
        with self._open() as f:
            return table(f, _path("static", name))


def _path(group: str, name: str) -> str:
    name = name.strip("/")
    return name if name.startswith(group + "/") else f"{group}/{name}"


def _seconds_of(value) -> float:
    """Seconds of a duration as the resolved scenario writes it ("3600s", "2h30min")."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return np.nan
    if isinstance(value, (int, float)):
        return float(value)
    from . import _core  # the scenarios' own duration parser
    seconds = _core.duration_s(str(value))
    return np.nan if seconds is None else seconds
