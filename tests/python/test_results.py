"""tuntas.Result and the h5py-level readers: KPIs, labelled series (pandas and xarray),
tables, static tables, edits and provenance, as the run wrote them."""
import h5py
import numpy as np
import pandas as pd
import pytest

import tuntas
from tuntas import results


@pytest.fixture(scope="module")
def rush(tmp_path_factory, mm1_rush_file):
    out = tmp_path_factory.mktemp("results") / "rush.h5"
    return tuntas.run(mm1_rush_file, {"duration": "26h"}, output=out, threads=2)


def test_provenance_and_scenario(rush, mm1_rush_file):
    assert rush.complete and rush.seed == 42 and len(rush.fingerprint) == 16
    assert rush.name == "M/M/1 with a rush at queue 0"
    assert rush.start == pd.Timestamp("2025-03-03T00:00:00")
    assert rush.attrs["scenario_file"] == str(mm1_rush_file)
    assert rush.scenario["duration"] == "26h" and "[[edits]]" in rush.scenario_text
    assert "complete" in repr(rush)


def test_kpis_and_one_kpi(rush):
    kpis = rush.kpis
    assert list(kpis.columns) == ["value", "unit", "description"]
    assert rush.kpi("mm1.utilisation") == kpis.loc["mm1.utilisation", "value"]
    with pytest.raises(KeyError, match="no KPI"):
        rush.kpi("mm1.no_such_kpi")


def test_series_are_labelled_by_local_time_and_entity(rush):
    assert rush.series_names() == ["mm1/in_system", "mm1/started"]
    frame = rush.series("mm1/in_system")
    # Every 5 minutes over 26 h, from the start on.
    assert len(frame) == 26 * 12 + 1
    assert frame.index[0] == pd.Timestamp("2025-03-03T00:00:00")
    assert frame.index[-1] == pd.Timestamp("2025-03-04T02:00:00")
    assert list(frame.columns) == [f"queue {q}" for q in range(8)]
    assert frame.columns.name == "queue" and frame.attrs["units"] == "customers"
    # The same values as h5py reads, and series("series/...") is the same series.
    with h5py.File(rush.path, "r") as f:
        assert np.array_equal(frame.to_numpy(), f["series/mm1/in_system"][:])
    assert rush.series("series/mm1/in_system").equals(frame)


def test_the_rush_shows_in_queue_0_only_after_the_edit(rush):
    # Customers started since the start: per 5 minutes lambda = 0.5/s gives 150, x1.6 from
    # the 24th hour.
    started = rush.series("mm1/started").diff().iloc[1:]
    before = started.loc["2025-03-03T02:00":"2025-03-03T23:55"]
    after = started.loc["2025-03-04T00:05":]
    sd = np.sqrt(150.0 / len(before))  # Poisson: the mean of n counts of mean 150
    assert abs(before["queue 0"].mean() - 150.0) < 5 * sd
    assert after["queue 0"].mean() > 1.4 * 150.0
    assert abs(after["queue 1"].mean() - 150.0) < 5 * np.sqrt(150.0 / len(after))


def test_xarray_has_the_same_values_and_labels(rush):
    array = rush.xarray("mm1/in_system")
    frame = rush.series("mm1/in_system")
    assert array.dims == ("time", "queue") and array.attrs["units"] == "customers"
    assert np.array_equal(array.sel(queue="queue 3").to_numpy(), frame["queue 3"].to_numpy())
    assert pd.Timestamp(array["time"].values[0]) == frame.index[0]


def test_tables_and_static_tables(rush):
    assert rush.table_names() == ["mm1/customers"] and rush.static_names() == ["mm1/queues"]
    customers = rush.table("mm1/customers")
    assert len(customers) > 0 and "units" in customers.attrs
    queues = rush.static("mm1/queues")
    assert len(queues) == 8
    text_columns = [c for c in queues.columns if queues[c].dtype == object]
    assert all(isinstance(v, str) for c in text_columns for v in queues[c])


def test_edits_list_the_scenario_edits_with_their_times(rush):
    edits = rush.edits
    assert list(edits["kind"]) == ["mm1.scale_arrivals"] and list(edits["source"]) == ["scenario"]
    assert edits.loc[0, "at"] == "24h" and edits.loc[0, "at_s"] == 24 * 3600.0 and edits.loc[0, "factor"] == 1.6


def test_the_h5py_level_readers(rush):
    with results.open_result(rush.path) as f:
        assert results.attribute(f["series/mm1/in_system"], "units") == "customers"
        assert results.kpis(f).equals(rush.kpis)
        assert results.series(f, "series/mm1/started").equals(rush.series("mm1/started"))
        assert results.table(f, "static/mm1/queues").equals(rush.static("mm1/queues"))


def test_a_missing_result_is_file_not_found(tmp_path):
    with pytest.raises(FileNotFoundError):
        tuntas.Result(tmp_path / "none.h5")


def test_a_partial_left_open_for_writing_is_named_as_such(tmp_path):
    # Superblocks by hand (HDF5's format: signature, version, offset and length sizes, then the
    # file consistency flags; bit 0 write access, bit 2 SWMR write access): only a version 3
    # superblock written to outside SWMR mode is a .partial of a run that never flushed.
    signature = b"\x89HDF\r\n\x1a\n"
    cases = {"plain-write": (3, 0x1, True), "swmr-write": (3, 0x5, False), "closed": (3, 0x0, False),
             "old-superblock": (2, 0x1, False)}
    for name, (version, flags, expected) in cases.items():
        path = tmp_path / f"{name}.h5.partial"
        path.write_bytes(signature + bytes([version, 8, 8, flags]) + bytes(36))
        assert results._left_open_for_writing(path) == expected, name
    after_user_block = tmp_path / "user-block.h5.partial"
    after_user_block.write_bytes(bytes(512) + signature + bytes([3, 8, 8, 0x1]) + bytes(36))
    assert results._left_open_for_writing(after_user_block)
    not_hdf5 = tmp_path / "text.h5.partial"
    not_hdf5.write_text("not HDF5 at all\n" * 100)
    assert not results._left_open_for_writing(not_hdf5)
    with pytest.raises(OSError, match="before its first flush"):
        results.open_result(tmp_path / "plain-write.h5.partial")
