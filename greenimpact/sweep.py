"""Sweeps: one model over a grid of scenarios and parameter values, on any executor.

A grid file uses the report manifest's ``matrix`` / ``parameters`` syntax::

    matrix:                            # one run per combination of these values
      scenario: [baseline, ai_surge]   # named scenarios of the model (default: baseline)
      utilisation: [0.5, 0.6, 0.7]     # a list of values ...
      pue_cold_plate: {start: 1.1, stop: 1.3, step: 0.05}   # ... or a range, stop included
    parameters:                        # fixed for every combination
      end_year: 2035

Every key is ``scenario`` or a parameter the model declares, and every value passes the
parameter's declaration (:func:`greenimpact.scenarios.check_value`); the whole grid is checked,
and every problem listed, before any run starts (:func:`load_grid`). Runs are numbered in the
order of ``itertools.product`` over the matrix (the last key varies fastest), grouped in
batches, and the batches handed to a ``concurrent.futures`` executor
(:mod:`greenimpact.executors`: this process, a local process pool, a Dask LocalCluster or a Dask
scheduler). Output folder (:func:`run_sweep`)::

    iamc-<scenario>.csv     IAMC rows of that scenario's runs, with a ``run`` column first
                            (``.parquet`` instead when pyarrow is installed)
    runs.csv                run, scenario, the swept values, status (ok / failed)
    failures.csv            run, scenario, parameters, error (header only when none failed)
    provenance.json         model, grid, combinations, package version, data hashes, executor

Each file is written atomically, in run order, and does not depend on the executor, so a
sweep's files are byte-identical whether it ran in this process, on a process pool or on a
cluster. :func:`summarise` and :func:`figure` describe one variable across the grid.
"""

from __future__ import annotations

import itertools
import json
import math
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

__all__ = [
    "DEFAULT_BATCH",
    "Grid",
    "GridError",
    "SweepResult",
    "figure",
    "load_grid",
    "load_results",
    "run_sweep",
    "summarise",
]

#: Runs per task handed to the executor.
DEFAULT_BATCH = 200
#: Largest grid accepted (combinations).
MAX_COMBINATIONS = 10_000_000
#: Keys of a grid file.
GRID_KEYS = ("matrix", "parameters")
#: Keys of a range.
RANGE_KEYS = ("start", "stop", "step")
#: Variable and year :func:`summarise` describes by default, per model.
DEFAULT_SUMMARY = {
    "net": ("Emissions|CO2|Net Enabled", 2030),
    "transport": ("Emissions|CO2|Avoided|Transport|Signal Control", 2030),
    "compute": ("Emissions|CO2|Data Centres|Location-based", 2030),
}
#: Name of the sweep's provenance file; its ``kind`` marks a folder a sweep wrote.
PROVENANCE = "provenance.json"
KIND = "greenimpact sweep"


class GridError(ValueError):
    """A grid file or grid that cannot be swept; the message lists every problem."""


@dataclass(frozen=True)
class Grid:
    """A validated grid of one model.

    Attributes
    ----------
    model : str
    matrix : dict of str to list
        Swept values by key (``scenario`` included when swept), in file order.
    fixed : dict
        Values set for every combination (``scenario`` included when fixed).
    source : dict
        The grid as written (ranges unexpanded), for provenance.
    """

    model: str
    matrix: dict
    fixed: dict
    source: dict = field(default_factory=dict)

    def __len__(self) -> int:
        return math.prod(len(v) for v in self.matrix.values())

    def combinations(self):
        """``(run, scenario, overrides)`` for every combination, in run order."""
        keys = list(self.matrix)
        for run, combo in enumerate(itertools.product(*self.matrix.values())):
            cell = {**self.fixed, **dict(zip(keys, combo, strict=True))}
            scenario = cell.pop("scenario", "baseline")
            yield run, scenario, cell

    def scenarios(self) -> list[str]:
        """Scenario names in the order their runs first appear."""
        if "scenario" in self.matrix:
            return list(dict.fromkeys(self.matrix["scenario"]))
        return [self.fixed.get("scenario", "baseline")]


@dataclass
class SweepResult:
    """What :func:`run_sweep` did: counts, the files written and the summary."""

    out: Path
    runs: int
    failed: int
    seconds: float
    files: list[str]
    summary: dict | None = None


# ---------------------------------------------------------------------------------- the grid


def _expand_range(key: str, spec: dict, here: str) -> list:
    """``{start, stop, step}`` -> the values from start to stop inclusive (floats rounded to
    12 significant digits, so 0.1 steps give 0.3, not 0.30000000000000004)."""
    from greenimpact.literals import unknown_name

    bad = [k for k in spec if k not in RANGE_KEYS]
    if bad:
        raise GridError(f"{here} range of {key!r}: " + unknown_name("key", bad[0], RANGE_KEYS))
    missing = [k for k in RANGE_KEYS if k not in spec]
    if missing:
        raise GridError(f"{here} range of {key!r} needs {', '.join(RANGE_KEYS)} (missing: {', '.join(missing)})")
    nums = {k: spec[k] for k in RANGE_KEYS}
    for k, v in nums.items():
        if isinstance(v, bool) or not isinstance(v, int | float) or not math.isfinite(v):
            raise GridError(f"{here} range of {key!r}: {k} must be a finite number, got {v!r}")
    start, stop, step = nums["start"], nums["stop"], nums["step"]
    if step <= 0:
        raise GridError(f"{here} range of {key!r}: step must be > 0, got {step!r}")
    if stop < start:
        raise GridError(f"{here} range of {key!r}: stop {stop!r} is below start {start!r}")
    count = math.floor((stop - start) / step + 1e-9) + 1
    if count > MAX_COMBINATIONS:
        raise GridError(f"{here} range of {key!r} has {count:,} values (at most {MAX_COMBINATIONS:,})")
    if all(isinstance(v, int) for v in nums.values()):
        return [start + i * step for i in range(count)]
    return [float(f"{start + i * step:.12g}") for i in range(count)]


def load_grid(model: str, grid) -> Grid:
    """Read and check a grid completely: every problem is listed before anything runs.

    Parameters
    ----------
    model : str
        A registered model (``greenimpact.api.models()``).
    grid : str, Path or dict
        A YAML grid file (see the module docstring), or its parsed content.

    Returns
    -------
    Grid

    Raises
    ------
    GridError
        Naming the file, key and value of every problem: an unknown top-level key, an unknown
        parameter or scenario (with close matches), a value outside the parameter's declaration
        (type, bounds with unit, allowed values), an empty list, a bad range, a key both fixed and
        swept, or a grid of more than :data:`MAX_COMBINATIONS` combinations.
    ScenarioError
        An unknown model.
    """
    from greenimpact import fileio
    from greenimpact.literals import unknown_name
    from greenimpact.scenarios import (
        ParameterError,
        check_value,
        load_model_spec,
        unknown_parameter,
    )

    spec = load_model_spec(model)
    if isinstance(grid, dict):
        where, data = "grid", grid
    else:
        where = str(grid)
        try:
            data = fileio.load_yaml(grid, display=where)
        except (OSError, ValueError) as exc:
            raise GridError(f"cannot read grid file {where}: {exc}") from None
    if not isinstance(data, dict):
        raise GridError(f"{where}: a grid is a mapping with 'matrix' (and optionally 'parameters')")
    problems: list[str] = []
    for key in data:
        if key not in GRID_KEYS:
            problems.append(f"{where}: " + unknown_name("top-level key", key, GRID_KEYS))
    matrix_in, fixed_in = data.get("matrix"), data.get("parameters") or {}
    if not isinstance(matrix_in, dict) or not matrix_in:
        problems.append(f"{where}: 'matrix' must be a non-empty mapping of parameter (or "
                        "'scenario') to a list of values or a range {start, stop, step}")
        matrix_in = {}
    if not isinstance(fixed_in, dict):
        problems.append(f"{where}: 'parameters' must be a mapping of parameter name to value")
        fixed_in = {}
    declared = spec["parameters"]
    scenarios = spec["scenarios"]

    def checked(section: str, key, value):
        here = f"{where}: {section}: {key!r}:"
        if key == "scenario":
            if not isinstance(value, str) or value not in scenarios:
                problems.append(f"{where}: {section}: " + unknown_name(
                    "scenario", value, scenarios, context=f"for model {model!r}"))
            return value
        try:
            return check_value(key, value, declared[key])
        except ParameterError as exc:
            problems.append(f"{here} {exc}")
            return value

    def known(section: str, key) -> bool:
        if key == "scenario" or key in declared:
            return True
        problems.append(f"{where}: {section}: " + unknown_parameter(model, key, declared))
        return False

    matrix: dict[str, list] = {}
    for key, values in matrix_in.items():
        if not known("matrix", key):
            continue
        if key in fixed_in:
            problems.append(f"{where}: {key!r} is in both 'matrix' and 'parameters'")
        if isinstance(values, dict):
            try:
                values = _expand_range(key, values, f"{where}: matrix:")
            except GridError as exc:
                problems.append(str(exc))
                continue
        if not isinstance(values, list) or not values:
            problems.append(f"{where}: matrix: {key!r} must be a non-empty list of values or a "
                            "range {start, stop, step}")
            continue
        matrix[key] = [checked("matrix", key, v) for v in values]
        if len(set(map(repr, matrix[key]))) != len(matrix[key]):
            problems.append(f"{where}: matrix: {key!r} lists a value twice")
    fixed = {key: checked("parameters", key, value) for key, value in fixed_in.items()
             if known("parameters", key)}
    if problems:
        raise GridError("; ".join(problems) if len(problems) < 2
                        else f"{len(problems)} problems in the grid: " + "; ".join(problems))
    out = Grid(model=model, matrix=matrix, fixed=fixed, source=json.loads(json.dumps(data, default=str)))
    if len(out) > MAX_COMBINATIONS:
        raise GridError(f"{where}: {len(out):,} combinations (at most {MAX_COMBINATIONS:,}); "
                        "split the grid into several sweeps")
    return out


# ---------------------------------------------------------------------------------- running


def _run_batch(model: str, batch: list) -> tuple:
    """Run one batch of combinations (in a worker): the IAMC rows of the runs that succeeded,
    with a ``run`` column first, and ``(run, error)`` of those that failed."""
    import pandas as pd

    from greenimpact import api

    frames, failures = [], []
    for run, scenario, overrides in batch:
        try:
            frame = api.run(model, scenario, **overrides)
        except Exception as exc:  # a failed combination is recorded, the batch goes on
            failures.append((run, f"{type(exc).__name__}: {exc}"))
            continue
        frames.append(frame.assign(run=run))
    rows = pd.concat(frames, ignore_index=True) if frames else None
    return rows, failures


def _batches(grid: Grid, size: int):
    batch = []
    for item in grid.combinations():
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


class Progress:
    """Progress with an ETA, one line on stderr (rewritten in place on a terminal, otherwise
    printed at most every 5 seconds and at the end)."""

    def __init__(self, total: int, stream=None, every: float = 5.0):
        self.total, self.stream, self.every = total, stream or sys.stderr, every
        self.start = self.last = time.perf_counter()
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)())

    def __call__(self, done: int, failed: int) -> None:
        now = time.perf_counter()
        final = done >= self.total
        if not final and now - self.last < (0.2 if self.tty else self.every):
            return
        self.last = now
        rate = done / max(now - self.start, 1e-9)
        eta = (self.total - done) / rate if rate > 0 else float("inf")
        line = (f"sweep: {done:,}/{self.total:,} runs ({100 * done / self.total:.0f} %), "
                f"{failed:,} failed, {rate:,.1f} runs/s, "
                + (f"done in {now - self.start:,.1f} s" if final else f"ETA {_duration(eta)}"))
        if self.tty:
            self.stream.write("\r" + line + ("\n" if final else ""))
        else:
            self.stream.write(line + "\n")
        self.stream.flush()


def _duration(seconds: float) -> str:
    if not math.isfinite(seconds):
        return "unknown"
    seconds = int(round(seconds))
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    return f"{h}h{m:02d}m{s:02d}s" if h else f"{m}m{s:02d}s" if m else f"{s}s"


def _parquet() -> bool:
    import importlib.util

    return importlib.util.find_spec("pyarrow") is not None


def check_out(out) -> Path:
    """The output folder, if it is new, empty or written by an earlier sweep; else
    :class:`GridError` (nothing is written)."""
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise GridError(f"output {out} exists and is not a folder")
    if out.is_dir() and any(out.iterdir()):
        prov = out / PROVENANCE
        try:
            ok = json.loads(prov.read_text(encoding="utf-8")).get("kind") == KIND
        except (OSError, ValueError, AttributeError):
            ok = False
        if not ok:
            raise GridError(f"output folder {out} is not empty and holds no sweep "
                            f"({PROVENANCE} of a sweep); choose a new or empty folder")
    elif not out.parent.is_dir():
        raise GridError(f"the folder {out.parent} of output {out} does not exist")
    return out


def run_sweep(model: str, grid, out, *, executor=None, batch: int = DEFAULT_BATCH,
              workers: int | None = None, progress=None, summary: bool = True) -> SweepResult:
    """Run ``model`` for every combination of ``grid`` and write the results to ``out``.

    Parameters
    ----------
    model : str
        A registered model.
    grid : str, Path, dict or Grid
        The grid (checked completely by :func:`load_grid` before any run).
    out : str or Path
        Output folder: new, empty, or one an earlier sweep wrote (its files are replaced; files
        of the earlier sweep that this one does not write are removed).
    executor : None, str or concurrent.futures.Executor
        ``None``/``"inprocess"``, ``"processes"``, ``"dask"``, ``"dask://HOST:PORT"`` or an
        executor (:func:`greenimpact.executors.opened`).
    batch : int
        Runs per task (default :data:`DEFAULT_BATCH`).
    workers : int, optional
        Processes of a local pool or LocalCluster (default: the CPU count).
    progress : callable, optional
        Called as ``progress(done, failed)`` after each batch (default: :class:`Progress` on stderr;
        ``False`` for none).
    summary : bool
        Compute :func:`summarise` of the model's default variable.

    Returns
    -------
    SweepResult
    """
    import pandas as pd

    import greenimpact
    from greenimpact import data, executors, fileio
    from greenimpact.render.names import slug

    if isinstance(batch, bool) or not isinstance(batch, int) or batch < 1:
        raise GridError(f"batch must be a whole number >= 1, got {batch!r}")
    grid = grid if isinstance(grid, Grid) else load_grid(model, grid)
    executors.check(executor)
    out = check_out(out)
    total = len(grid)
    report = Progress(total) if progress is None else (progress or (lambda done, failed: None))
    t0 = time.perf_counter()
    hashes = data.file_hashes()  # before any run: what the runs read
    results: dict[int, tuple] = {}
    done = failed = 0
    batches = list(_batches(grid, batch))
    with executors.opened(executor, workers) as pool:
        if pool is None:
            pending = ((i, None) for i in range(len(batches)))
        else:
            from concurrent.futures import as_completed

            futures = {pool.submit(_run_batch, model, b): i for i, b in enumerate(batches)}
            pending = ((futures[f], f) for f in as_completed(futures))
        for i, future in pending:
            try:
                results[i] = _run_batch(model, batches[i]) if future is None else future.result()
            except Exception as exc:  # the whole task died (a worker lost): record its runs
                results[i] = (None, [(run, f"{type(exc).__name__}: {exc}") for run, _, _ in batches[i]])
            done += len(batches[i])
            failed += len(results[i][1])
            report(done, failed)
    seconds = time.perf_counter() - t0

    out.mkdir(exist_ok=True)
    frames = [results[i][0] for i in range(len(batches)) if results[i][0] is not None]
    errors = dict(e for i in range(len(batches)) for e in results[i][1])
    rows = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(
        columns=["model", "scenario", "region", "variable", "unit", "year", "value", "run"])
    rows = rows[["run", *[c for c in rows.columns if c != "run"]]]
    ext = ".parquet" if _parquet() else ".csv"
    written = []
    for scenario in grid.scenarios():
        name = f"iamc-{slug(scenario)}{ext}"
        part = rows[rows["scenario"] == scenario].reset_index(drop=True)
        with fileio.atomic_path(out / name) as tmp:
            if ext == ".parquet":
                part.to_parquet(tmp, index=False)
            else:
                part.to_csv(tmp, index=False)
        written.append(name)
    swept = [k for k in grid.matrix if k != "scenario"]
    runs = pd.DataFrame(
        [{"run": run, "scenario": scenario, **{k: _cell(overrides[k]) for k in swept},
          "status": "failed" if run in errors else "ok"}
         for run, scenario, overrides in grid.combinations()],
        columns=["run", "scenario", *swept, "status"])
    with fileio.atomic_path(out / "runs.csv") as tmp:
        runs.to_csv(tmp, index=False)
    fails = pd.DataFrame(
        [{"run": run, "scenario": scenario, "parameters": json.dumps(overrides, sort_keys=True, default=str),
          "error": errors[run]} for run, scenario, overrides in grid.combinations() if run in errors],
        columns=["run", "scenario", "parameters", "error"])
    with fileio.atomic_path(out / "failures.csv") as tmp:
        fails.to_csv(tmp, index=False)
    written += ["runs.csv", "failures.csv", PROVENANCE]
    previous = _previous_files(out)
    provenance = {
        "kind": KIND,
        "model": model,
        "grid": grid.source,
        "expanded": {"matrix": grid.matrix, "parameters": grid.fixed},
        "combinations": total,
        "failed": len(errors),
        "batch": batch,
        "executor": executors.describe(executor, workers),
        "greenimpact": greenimpact.__version__,
        "data": hashes,
        "files": written,
    }
    changed = sorted(k for k, v in data.file_hashes().items() if hashes.get(k) != v)
    if changed:  # runs may have read either version: say so rather than hide it
        provenance["data_changed_during_sweep"] = changed
    fileio.atomic_write_text(out / PROVENANCE, json.dumps(provenance, indent=2, default=str) + "\n")
    for stale in sorted(set(previous) - set(written)):
        if "/" not in stale and (out / stale).is_file():
            (out / stale).unlink()
    result = SweepResult(out=out, runs=total, failed=len(errors), seconds=seconds, files=written)
    if summary and not rows.empty:
        variable, year = default_summary(model, rows)
        result.summary = summarise(rows, runs, variable=variable, year=year)
    return result


def _cell(value):
    """A swept value as one CSV cell (lists and series as JSON)."""
    return json.dumps(value, sort_keys=True) if isinstance(value, dict | list) else value


def _previous_files(out: Path) -> list[str]:
    try:
        return list(json.loads((out / PROVENANCE).read_text(encoding="utf-8")).get("files", []))
    except (OSError, ValueError, AttributeError):
        return []


def default_summary(model: str, rows) -> tuple[str, int]:
    variable, year = DEFAULT_SUMMARY.get(model, (None, 2030))
    variables = rows["variable"].unique().tolist()
    if variable not in variables:
        variable = variables[0]
    years = rows.loc[rows["variable"] == variable, "year"].unique()
    if year not in years:
        year = int(max(years))
    return variable, int(year)


# ---------------------------------------------------------------------------------- summaries


def load_results(out):
    """``(rows, runs)``: the IAMC rows of every scenario of a sweep folder (with ``run``) and
    its runs table."""
    import pandas as pd

    out = Path(out)
    prov = json.loads((out / PROVENANCE).read_text(encoding="utf-8"))
    parts = []
    for name in prov["files"]:
        if name.startswith("iamc-"):
            parts.append(pd.read_parquet(out / name) if name.endswith(".parquet")
                         else pd.read_csv(out / name))
    return pd.concat(parts, ignore_index=True), pd.read_csv(out / "runs.csv")


def summarise(rows, runs, *, variable: str, year: int, negative: int = 20) -> dict:
    """The distribution of ``variable`` in ``year`` across a sweep's runs, and the runs where
    it is negative.

    Parameters
    ----------
    rows : pandas.DataFrame
        IAMC rows with a ``run`` column (:func:`load_results`).
    runs : pandas.DataFrame
        The runs table (``run, scenario``, the swept values, ``status``).
    variable : str
        An IAMC variable of the rows, e.g. ``Emissions|CO2|Net Enabled``.
    year : int
    negative : int
        Number of negative runs listed (the most negative first).

    Returns
    -------
    dict
        ``variable``, ``unit``, ``year``, ``runs`` (runs with a value), ``distribution`` (count,
        mean, min, p05, p25, p50, p75, p95, max), ``negative_count``, ``negative_share`` [-],
        ``negative`` (a DataFrame: run, scenario, swept values, value; the most negative first)
        and ``values`` (run, scenario, swept values, value for every run).

    Raises
    ------
    ValueError
        ``variable`` or ``year`` not in the rows (with close matches).
    """
    import numpy as np

    from greenimpact.literals import unknown_name

    variables = rows["variable"].unique().tolist()
    if variable not in variables:
        raise ValueError(unknown_name("variable", variable, variables, max_listed=8))
    sel = rows[(rows["variable"] == variable) & (rows["year"] == year)]
    if sel.empty:
        years = sorted(rows.loc[rows["variable"] == variable, "year"].unique().tolist())
        raise ValueError(f"no values of {variable!r} in {year} (years: {years[0]}-{years[-1]})")
    values = runs.drop(columns=["status"]).merge(sel[["run", "value"]], on="run", how="inner")
    v = values["value"].to_numpy(dtype=float)
    q = np.percentile(v, [5, 25, 50, 75, 95])
    dist = {"count": int(v.size), "mean": float(v.mean()), "min": float(v.min()),
            **{f"p{p:02d}": float(x) for p, x in zip((5, 25, 50, 75, 95), q, strict=True)},
            "max": float(v.max())}
    neg = values[values["value"] < 0].sort_values(["value", "run"]).reset_index(drop=True)
    return {"variable": variable, "unit": str(sel["unit"].iloc[0]), "year": int(year),
            "runs": int(v.size), "distribution": dist, "negative_count": int(len(neg)),
            "negative_share": float(len(neg) / v.size), "negative": neg.head(negative),
            "values": values}


def format_summary(summary: dict) -> str:
    """:func:`summarise` as lines of text for the terminal."""
    d = summary["distribution"]
    unit = summary["unit"]
    lines = [f"{summary['variable']} in {summary['year']} [{unit}] across {summary['runs']:,} runs:",
             "  " + "  ".join(f"{k} {_fmt(d[k])}" for k in ("mean", "min", "p05", "p50", "p95", "max")),
             f"  negative in {summary['negative_count']:,} runs ({100 * summary['negative_share']:.1f} %)"]
    neg = summary["negative"]
    if len(neg):
        lines.append("  most negative:")
        lines += ["    " + line for line in neg.to_string(index=False, float_format=_fmt).splitlines()]
    return "\n".join(lines)


def _fmt(x: float) -> str:
    return f"{x:.3g}"


def figure(summary: dict, *, by: str | None = None, ax=None):
    """Histogram of :func:`summarise`'s variable across the grid, coloured by ``by`` (a swept
    column, default the scenario), with zero marked; returns the matplotlib Figure."""
    import matplotlib.pyplot as plt

    values = summary["values"]
    by = by or "scenario"
    if by not in values:
        raise ValueError(f"cannot colour by {by!r}: columns are {', '.join(values.columns)}")
    if ax is None:
        _, ax = plt.subplots(figsize=(7, 4))
    groups = [(str(k), g["value"].to_numpy(dtype=float)) for k, g in values.groupby(by, sort=False)]
    ax.hist([g for _, g in groups], bins=40, stacked=True, label=[k for k, _ in groups])
    ax.axvline(0, color="black", linewidth=1)
    ax.set_xlabel(f"{summary['variable']} in {summary['year']} [{summary['unit']}]")
    ax.set_ylabel("runs")
    share = 100 * summary["negative_share"]
    ax.set_title(f"{summary['runs']:,} runs; negative in {share:.1f} %")
    if len(groups) > 1:
        ax.legend(title=by, fontsize="small")
    return ax.figure
