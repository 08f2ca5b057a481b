"""tuntas from Python: run scenarios, read their results, sweep what-ifs and compare them.

    import tuntas
    r = tuntas.run("scenarios/paser/baseline.toml", {"duration": "2h"}, output="r.h5")
    r.kpis                                            # DataFrame: value, unit, description
    r.series("traffic/link_flow")["Jl. Jenderal Sudirman"]   # labelled, local time index
    runs = tuntas.sweep("scenarios/paser/festival-sudirman.toml",
                        {"edits.festival.until": ["16h", "19h"]}, seeds=3, out_dir="sweep")
    tuntas.compare(runs)                              # paired differences with 95 % CIs
    tuntas.summarise(tuntas.replicate("scenarios/paser/baseline.toml", 10, out_dir="reps"))

Seeds are common random numbers: a seed gives every variant of a sweep the same demand and the
same random draws where the variants do not differ, so a paired comparison over seeds (what
compare() does) sees the effect of the change and not the noise between seeds.

A scenario is a file (str or Path), a dict (the keys of a scenario file, nested by section,
"edits" a list of dicts) or TOML text (a str with a line break or an "="). Relative paths in a
dict or text count from `base_dir` (default: the current folder); a district given by name
("paser") is found anywhere. Overrides are a dict {dotted key: value} or "key=value" strings,
as `tuntas run --set` takes them ("edits.festival.until" sets the edit labelled festival).

Problems in a scenario raise `tuntas.InputError` (a ValueError) with `.problems` (file, line,
column, key, message of each) and the first one's `.file`, `.line`, `.column` and `.key`; an
existing result is kept and FileExistsError raised unless force=True; anything else the engine
refuses is `tuntas.Error`.
"""
from __future__ import annotations

import os
import tempfile
import tomllib
from pathlib import Path
from typing import Callable, Mapping, Sequence, Union

from . import _core
from ._core import Error, InputError
from .batch import compare, replicate, summarise, sweep
from .results import Result, open_result

__all__ = ["run", "validate", "to_toml", "Result", "open_result", "sweep", "replicate",
           "summarise", "compare", "InputError", "Error"]

Scenario = Union[str, os.PathLike, Mapping]
Overrides = Union[None, Mapping[str, object], Sequence[str]]


def to_toml(scenario: Mapping) -> str:
    """A scenario dict as the TOML text of a scenario file."""
    return _core.to_toml(dict(scenario))


def _source(scenario: Scenario, base_dir) -> "_core.ScenarioSource":
    origin = str(Path(base_dir or Path.cwd()).resolve() / "<scenario text>")
    if isinstance(scenario, Mapping):
        return _core.ScenarioSource(to_toml(scenario), True, origin)
    if isinstance(scenario, str) and ("\n" in scenario or "=" in scenario):
        return _core.ScenarioSource(scenario, True, origin)
    if isinstance(scenario, (str, os.PathLike)):
        return _core.ScenarioSource(os.fspath(scenario), False, "")
    raise TypeError(f"a scenario is a file, a dict or TOML text, not a {type(scenario).__name__}")


def _value_text(value) -> str:
    """A Python value as `--set` takes it: text as written (read as TOML when it is TOML, so
    "2025-03-03T12:00:00" is a date-time and "2h" text, as on the command line), anything else
    as its TOML value (a float as Python writes it, the shortest text that reads back the same:
    0.6, not 0.59999999999999998)."""
    if isinstance(value, str):
        return value
    if isinstance(value, float):
        return repr(value)
    line = _core.to_toml({"v": value}).strip()
    return line.split("=", 1)[1].strip()


def overrides_list(overrides: Overrides) -> list[str]:
    """Overrides as "key=value" strings, the form `tuntas run --set` takes."""
    if overrides is None:
        return []
    if isinstance(overrides, Mapping):
        return [f"{key}={_value_text(value)}" for key, value in overrides.items()]
    if isinstance(overrides, str):
        raise TypeError("overrides are a dict or a list of 'key=value' strings, not one string")
    return [str(item) for item in overrides]


def validate(scenario: Scenario, overrides: Overrides = None, *, base_dir=None) -> dict:
    """Checks a scenario as `tuntas validate` does (every key, and every road, facility or site
    an edit names, against the district) and returns it resolved (base, variant and overrides
    merged) as a dict. Raises InputError with every problem found."""
    text = _core.validate(_source(scenario, base_dir), overrides_list(overrides))
    return tomllib.loads(text)


def run(scenario: Scenario, overrides: Overrides = None, *, output=None, force: bool = False,
        threads: int | None = None, progress: Callable[[float, int], None] | None = None,
        every_s: float = 3600.0, base_dir=None) -> Result:
    """Runs a scenario in this process and returns its Result.

    output: the result file (.h5); None writes to a temporary folder that lives as long as the
      Result. An existing file is kept (FileExistsError) unless force=True.
    threads: worker threads (default: the machine's cores); results are identical at any count.
    progress: called as progress(simulated_s, committed_events) every `every_s` of simulated
      time, on the calling thread's interpreter (other Python threads run meanwhile).
    """
    keep_alive = None
    if output is None:
        keep_alive = tempfile.TemporaryDirectory(prefix="tuntas-run-")
        output = Path(keep_alive.name) / "result.h5"
    outcome = _core.run(_source(scenario, base_dir), overrides_list(overrides), os.fspath(output),
                        int(threads or os.cpu_count() or 1), float(every_s), progress, bool(force))
    return Result(outcome["output"], _keep_alive=keep_alive)
