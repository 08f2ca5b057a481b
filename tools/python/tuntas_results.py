"""Read tuntas result files (HDF5) into pandas.

A result is one HDF5 file per run: /time, /series/<model>/<name> [sample, entity],
/events/<model>/<name> and /static/<model>/<name> tables, /kpi, and provenance attributes.
A run that died leaves NAME.h5.partial, still open for single-writer/multiple-reader (SWMR)
access: it opens here the same way (h5py needs swmr=True for it).
"""
from __future__ import annotations

import h5py
import numpy as np
import pandas as pd


def open_result(path: str) -> h5py.File:
    """Opens a finished result or the .partial file of a run that died."""
    try:
        return h5py.File(path, "r")
    except OSError:
        # The writer died in SWMR mode: its consistency flags are still set.
        return h5py.File(path, "r", swmr=True)


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


def series(f: h5py.File, path: str) -> pd.DataFrame:
    """A time series as a DataFrame: one row per sample (indexed by local time), one column per
    entity, named by its label (df["Jl. Jenderal Sudirman"]: that road's links); the unit is in
    df.attrs["units"]."""
    dataset = f[path]
    # Local wall-clock time (WITA); the +08:00 offset is dropped so plots show local hours.
    start = pd.Timestamp(_text(f["time"].attrs["start"])).tz_localize(None)
    times = start + pd.to_timedelta(f["time"][: dataset.shape[0]], unit="s")
    frame = pd.DataFrame(dataset[:], index=pd.DatetimeIndex(times, name="time"))
    # Columns by the entity axis the series is attached to (road names, zone names, ...; not
    # unique: a road has links both ways), when the result has one (written since 2026-12-01).
    if len(dataset.dims[1]) > 0:
        axis = dataset.dims[1][0]
        frame.columns = pd.Index([_text(label) for label in axis[:]],
                                 name=axis.name.rsplit("/", 1)[-1])
    frame.attrs["units"] = _text(dataset.attrs["units"])
    frame.attrs["description"] = _text(dataset.attrs["description"])
    return frame


def table(f: h5py.File, path: str) -> pd.DataFrame:
    """An event or static table as a DataFrame; column units in df.attrs["units"]."""
    dataset = f[path]
    data = dataset[:]
    frame = pd.DataFrame({name: data[name] for name in data.dtype.names})
    for name in frame.columns:
        if frame[name].dtype.kind == "S":
            frame[name] = frame[name].map(_text)
    frame.attrs["units"] = dict(zip(data.dtype.names, [_text(u) for u in dataset.attrs["column_units"]]))
    return frame
