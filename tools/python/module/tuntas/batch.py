"""Sweeps and comparisons: `tuntas sweep` and `tuntas compare` from Python, as DataFrames.

Both run the command-line program the package was built with (or $TUNTAS_PROGRAM): a sweep
runs each of its runs as its own process, resumes what a sweep into the same folder finished,
and refuses a folder whose results came from another scenario.
"""
from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path
from typing import Iterable, Mapping, Sequence

import pandas as pd


def _program() -> str:
    if os.environ.get("TUNTAS_PROGRAM"):
        return os.environ["TUNTAS_PROGRAM"]
    from ._program import PROGRAM
    return PROGRAM


_LOCATED = re.compile(r"^(?P<file>.+?):(?P<line>\d+):(?P<column>\d+): (?:error: )?(?P<message>.*)$")


def _call(args: list[str]) -> str:
    """Runs the program; its stdout. Exit 2 (bad input) raises InputError with the located
    problems it printed; any other failure tuntas.Error."""
    from ._core import Error, InputError
    done = subprocess.run([_program(), *args], capture_output=True, text=True)
    if done.returncode == 0:
        return done.stdout
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    text = "\n".join(lines) or f"tuntas {args[0]} exited with {done.returncode}"
    if done.returncode != 2:
        raise Error(text)
    problems = []
    for line in lines:
        match = _LOCATED.match(line)
        fields = (match.groupdict() if match else
                  {"file": "", "line": 0, "column": 0, "message": line})
        key = re.search(r"key '([^']+)'", fields["message"])
        problems.append({"file": fields["file"], "line": int(fields["line"]),
                         "column": int(fields["column"]), "key": key.group(1) if key else "",
                         "message": fields["message"]})
    error = InputError(text)
    error.problems = problems
    for field in ("file", "line", "column", "key"):
        setattr(error, field, problems[0][field] if problems else None)
    raise error


def sweep(scenario, vary: Mapping[str, Sequence], *, out_dir, seeds: int = 1,
          overrides=None, jobs: int | None = None,
          threads: int | None = None) -> pd.DataFrame:
    """Runs every combination of the `vary` values ({dotted key: [values]}, the first key
    varying slowest), each with `seeds` replications from the scenario's seed on (common random
    numbers: a seed gives every variant the same demand), into `out_dir` (one NAME.h5 per run,
    named by the varied keys and the seed, and summary.csv). Runs already finished there are
    kept, not run again. `overrides` fix other keys for every run; `jobs` runs at a time (default
    half the cores), each with `threads` threads.

    The scenario is a file, or a dict / TOML text, which is written to out_dir/scenario.toml:
    relative paths in it then count from out_dir (give them absolute, or a district by name).

    Returns one row per run (index: its name): seed, each varied key, status ("done", "failed",
    "kept"), error, result (its file) and a column per KPI; df.attrs["directory"].
    """
    from . import _source, overrides_list, _value_text
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    source = _source(scenario, out)
    if source.is_text:
        scenario_file = out / "scenario.toml"
        scenario_file.write_text(source.file_or_text)
    else:
        scenario_file = Path(source.file_or_text)
    args = ["sweep", str(scenario_file), "-o", str(out), "--seeds", str(int(seeds)), "--json"]
    for key, values in vary.items():
        texts = [_value_text(v) for v in (values if _is_list(values) else [values])]
        if any("," in t for t in texts):
            raise ValueError(f"sweep key {key!r}: a value with a comma cannot be swept ({texts})")
        args += ["--set", f"{key}={','.join(texts)}"]
    for fixed in overrides_list(overrides):
        args += ["--set", fixed]
    if jobs:
        args += ["-j", str(int(jobs))]
    if threads:
        args += ["--threads", str(int(threads))]
    report = json.loads(_call(args))
    rows = []
    for entry in report["runs"]:
        row = {"run": entry["run"], "seed": entry["seed"]}
        row.update(entry["params"])
        row.update({"status": entry["status"], "error": entry["error"],
                    "result": str(Path(report["directory"]) / (entry["run"] + ".h5"))})
        row.update(entry["kpis"])
        rows.append(row)
    frame = pd.DataFrame(rows).set_index("run") if rows else pd.DataFrame()
    frame.attrs["directory"] = report["directory"]
    return frame


def compare(runs, *, kpis: Iterable[str] | None = None, force: bool = False) -> pd.DataFrame:
    """Compares variants with the baseline as `tuntas compare` does: paired differences over
    common seeds (Welch's test otherwise), 95 % confidence intervals, Holm's correction across
    each variant's KPIs. `runs` is a sweep's DataFrame or folder (the baseline: its first
    variant in name order), or a list of result files or Results (the first is the baseline).
    `kpis`: only KPIs whose name contains one of these.

    Returns one row per KPI and variant: kpi, unit, variant, runs, mean, half_width,
    baseline_mean, difference, low, high (the 95 % interval of the difference), relative, p,
    p_holm, significant, test; df.attrs["baseline"] names the baseline.
    """
    if isinstance(runs, pd.DataFrame):
        inputs = [runs.attrs["directory"]]
    elif isinstance(runs, (str, os.PathLike)):
        inputs = [os.fspath(runs)]
    else:
        inputs = [os.fspath(getattr(r, "path", r)) for r in runs]
    args = ["compare", *inputs, "--json"]
    for text in kpis or []:
        args += ["--kpi", text]
    if force:
        args.append("--force")
    report = json.loads(_call(args))
    frame = pd.DataFrame(report["rows"])
    frame.attrs["baseline"] = report["baseline"]
    frame.attrs["single_runs"] = report["single_runs"]
    return frame


def _is_list(values) -> bool:
    return isinstance(values, (list, tuple, range)) or hasattr(values, "tolist")



def replicate(scenario, seeds: int, *, out_dir, overrides=None, jobs: int | None = None,
              threads: int | None = None) -> pd.DataFrame:
    """Runs `seeds` replications of one scenario (seeds from the scenario's on) into `out_dir`:
    a sweep that varies nothing. Returns its runs as sweep() does; summarise() gives each KPI's
    mean and confidence interval."""
    return sweep(scenario, {}, seeds=seeds, out_dir=out_dir, overrides=overrides, jobs=jobs,
                 threads=threads)


def summarise(runs: pd.DataFrame, *, kpis: Iterable[str] | None = None,
              confidence: float = 0.95) -> pd.DataFrame:
    """Each KPI's mean over the finished runs of each variant of a sweep() or replicate() frame
    (its varied keys; one variant for replications), with the standard deviation between seeds
    and the `confidence` interval of the mean (Student's t over the seeds).

    Returns one row per variant and KPI: the varied keys, kpi, runs, mean, std, half_width,
    low, high. A single run has no interval (half_width NaN)."""
    from ._core import t_quantile
    import numpy as np
    fixed = {"seed", "status", "error", "result"}
    done = runs[runs["status"].isin(["done", "kept"])]
    kpi_columns = [c for c in done.columns if "." in c and c not in fixed
                   and pd.api.types.is_numeric_dtype(done[c])]
    keys = [c for c in done.columns if c not in fixed and c not in kpi_columns]
    if kpis is not None:
        kpi_columns = [c for c in kpi_columns if any(text in c for text in kpis)]
    rows = []
    for variant, group in (done.groupby(keys, sort=False) if keys else [((), done)]):
        variant = variant if isinstance(variant, tuple) else (variant,)
        for kpi in kpi_columns:
            values = group[kpi].dropna().to_numpy(dtype=float)
            n = len(values)
            mean = values.mean() if n else np.nan
            std = values.std(ddof=1) if n > 1 else np.nan
            half = (t_quantile(0.5 + confidence / 2.0, n - 1) * std / np.sqrt(n)
                    if n > 1 else np.nan)
            row = dict(zip(keys, variant))
            row.update({"kpi": kpi, "runs": n, "mean": mean, "std": std, "half_width": half,
                        "low": mean - half, "high": mean + half})
            rows.append(row)
    return pd.DataFrame(rows)
