"""Result frames in the IAMC long format, the variable code list, and saving results.

Every model returns a :class:`pandas.DataFrame` with the columns of :data:`IAMC_COLUMNS`
(pyam's data model): ``model, scenario, region, variable, unit, year, value``. Variables are
``|``-separated paths listed with their unit in the code list (``greenimpact/codelist/*.yaml``,
one file per model so models register their variables independently). :func:`validate` fails
loudly on an unlisted variable, a unit that differs from the code list, a non-integer year, a
missing or non-finite value or a duplicate row.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from greenimpact.fileio import (
    OUTPUT_DIR_ENV,
    STDOUT_PATHS,
    OutputPathError,
    YAMLFileError,
    atomic_path,
    check_output_path,
    load_yaml,
)

__all__ = [
    "IAMC_COLUMNS",
    "OutputPathError",
    "ResultError",
    "codelist",
    "frame",
    "output_dir",
    "records",
    "save",
    "table_suffixes",
    "validate",
    "write_table",
]

IAMC_COLUMNS = ["model", "scenario", "region", "variable", "unit", "year", "value"]
_CODELIST_DIR = Path(__file__).resolve().parent / "codelist"


class ResultError(ValueError):
    """A result frame breaks the IAMC contract or the code list."""


@lru_cache(maxsize=1)
def _codelist() -> dict[str, dict]:
    from greenimpact.units import UnitError, parse_unit

    merged: dict[str, dict] = {}
    for path in sorted(_CODELIST_DIR.glob("*.yaml")):
        try:
            entries = load_yaml(path) or {}
        except YAMLFileError as exc:
            raise ResultError(str(exc)) from None
        if not isinstance(entries, dict):
            raise ResultError(f"{path.name}: expected a mapping of variable to unit and description")
        for variable, spec in entries.items():
            where = f"{path.name}: variable {variable!r}"
            if variable in merged:
                raise ResultError(f"{where} is already defined in {merged[variable]['file']}")
            if not isinstance(spec, dict) or "unit" not in spec or "description" not in spec:
                raise ResultError(f"{where} needs 'unit' and 'description'")
            try:
                parse_unit(spec["unit"])
            except UnitError as exc:
                raise ResultError(f"{where}: {exc}") from None
            merged[variable] = {**spec, "file": path.name}
    return merged


def codelist():
    """The variable code list as a DataFrame: variable, unit, description, defining file."""
    import pandas as pd

    rows = [{"variable": v, **spec} for v, spec in _codelist().items()]
    return pd.DataFrame(rows, columns=["variable", "unit", "description", "file"])


def frame(records, *, model: str = "greenimpact", scenario: str | None = None, region: str | None = None):
    """Build a validated IAMC frame from records (dicts or a DataFrame).

    Missing ``model``, ``scenario`` or ``region`` columns are filled from the keyword arguments;
    a missing ``unit`` is taken from the code list.

    Examples
    --------
    >>> f = frame([{"variable": "Electricity|Total", "year": 2024, "value": 9852.1}],
    ...           scenario="historical", region="CN")
    >>> f.iloc[0].to_dict()["unit"]
    'TWh/yr'
    """
    import pandas as pd

    df = pd.DataFrame(records).copy()
    for col, default in (("model", model), ("scenario", scenario), ("region", region)):
        if col not in df:
            if default is None:
                raise ResultError(f"records have no {col!r} column and no {col}= was given")
            df[col] = default
    if "unit" not in df and "variable" in df:
        known = _codelist()
        df["unit"] = [known.get(v, {}).get("unit") for v in df["variable"]]
    return validate(df)


def records(terms: dict, variables: dict, years, region: str):
    """IAMC records from arrays: one row per variable and year, units from the code list.

    Parameters
    ----------
    terms : dict of str to array_like
        Model outputs keyed by name; each broadcasts to ``years``.
    variables : dict of str to str
        IAMC variable -> key of ``terms``. Keys missing from ``terms`` and non-finite values
        (e.g. years a path does not cover) are skipped.
    years : array_like of int
    region : str

    Returns
    -------
    pandas.DataFrame
        ``region, variable, unit, year, value`` (``model`` and ``scenario`` are filled in by
        :func:`greenimpact.api.run`).
    """
    import numpy as np
    import pandas as pd

    years = np.asarray(years, dtype=int)
    known = _codelist()
    frames = []
    for variable, key in variables.items():
        if key not in terms:
            continue
        if variable not in known:
            raise ResultError(f"variable {variable!r} is not in the code list (greenimpact/codelist/*.yaml)")
        values = np.broadcast_to(np.asarray(terms[key], dtype=float), years.shape)
        keep = np.isfinite(values)
        frames.append(pd.DataFrame({"region": region, "variable": variable, "unit": known[variable]["unit"],
                                    "year": years[keep], "value": values[keep]}))
    return pd.concat(frames, ignore_index=True)


def validate(df):
    """Check an IAMC frame against the contract and the code list; return it normalised.

    Returns the frame with columns in :data:`IAMC_COLUMNS` order, ``year`` as int64 and
    ``value`` as float64, sorted by variable, scenario, region and year.

    Raises
    ------
    ResultError
        Naming the offending variable, unit, row or column.
    """
    import numpy as np

    missing = [c for c in IAMC_COLUMNS if c not in df.columns]
    if missing:
        raise ResultError(f"result frame lacks columns {missing}; IAMC columns are {IAMC_COLUMNS}")
    df = df[IAMC_COLUMNS].copy()
    known = _codelist()
    for variable, unit in df[["variable", "unit"]].drop_duplicates().itertuples(index=False):
        if variable not in known:
            raise ResultError(
                f"variable {variable!r} is not in the code list (greenimpact/codelist/*.yaml)"
            )
        if unit != known[variable]["unit"]:
            raise ResultError(
                f"variable {variable!r} has unit {unit!r}; the code list says {known[variable]['unit']!r}"
            )
    years = df["year"].to_numpy()
    if df["year"].isna().any() or not np.all(np.mod(years.astype(float), 1) == 0):
        raise ResultError("column 'year' must hold whole years")
    df["year"] = df["year"].astype("int64")
    df["value"] = df["value"].astype("float64")
    bad = ~np.isfinite(df["value"].to_numpy())
    if bad.any():
        row = df[bad].iloc[0]
        raise ResultError(
            f"non-finite value for {row['variable']!r}, scenario {row['scenario']!r}, year {row['year']}"
        )
    for col in ("model", "scenario", "region"):
        if df[col].isna().any() or (df[col].astype(str).str.strip() == "").any():
            raise ResultError(f"column {col!r} has empty entries")
    keys = ["model", "scenario", "region", "variable", "year"]
    dup = df.duplicated(keys, keep=False)
    if dup.any():
        row = df[dup].iloc[0]
        raise ResultError(
            f"duplicate rows for {row['variable']!r}, scenario {row['scenario']!r}, "
            f"region {row['region']!r}, year {row['year']}"
        )
    return df.sort_values(["model", "scenario", "region", "variable", "year"]).reset_index(drop=True)


def output_dir() -> Path:
    """Where :func:`save` writes: ``$GREENIMPACT_OUTPUT_DIR`` (set by ``greenimpact render``)
    or ``./results`` (a notebook run in JupyterLab writes next to the notebook)."""
    return Path(os.environ.get(OUTPUT_DIR_ENV) or "results")


def save(df, name: str, *, iamc: bool = True) -> Path:
    """Write a result table as ``<output_dir>/<name>.csv`` atomically and return the path.

    With ``iamc=True`` (the default) the frame is validated against the IAMC contract first.
    """
    if not name or any(ch in name for ch in "/\\\0") or name.startswith("."):
        raise ResultError(f"result name {name!r} must be a plain file name")
    if iamc:
        df = validate(df)
    out = output_dir()
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"{name}.csv"
    with atomic_path(path) as tmp:
        df.to_csv(tmp, index=False, lineterminator="\n")
    return path


def table_suffixes() -> tuple[str, ...]:
    """Extensions :func:`write_table` accepts: ``.csv``, ``.xlsx`` and, when pyarrow can be
    imported, ``.parquet``."""
    import importlib.util

    return (".csv", ".xlsx") + ((".parquet",) if importlib.util.find_spec("pyarrow") else ())


def check_table_path(path) -> Path:
    """Check an output path for :func:`write_table` before any work is done; return it.

    Raises
    ------
    OutputPathError
        One line naming the path: an extension that names no table format (``x.json``), a
        ``.parquet`` file without pyarrow, a missing folder, or a FIFO, folder or device
        (``/dev/full``). ``-`` and ``/dev/stdout`` are accepted (CSV on standard output).
    """
    if Path(os.fspath(path)).suffix.lower() == ".parquet" and ".parquet" not in table_suffixes():
        raise OutputPathError(
            f"cannot write {os.fspath(path)}: Parquet needs pyarrow, which is not installed; "
            "use .csv or .xlsx"
        )
    return check_output_path(path, suffixes=table_suffixes())


def write_table(df, path) -> Path:
    """Write a table to ``path`` in the format its extension names, atomically.

    ``.csv`` (UTF-8, ``\\n`` line ends), ``.xlsx`` (an Excel workbook with one sheet ``data``,
    the layout pyam reads) or ``.parquet`` (if pyarrow is installed); ``-`` or ``/dev/stdout``
    print CSV. The file is written to a temporary file in the same folder and moved into
    place with :func:`os.replace` (:func:`greenimpact.fileio.atomic_path`), so a failure (disk
    full, permission, Ctrl-C) leaves any previous file untouched and no temporary file behind.

    Parameters
    ----------
    df : pandas.DataFrame
    path : str or path-like

    Returns
    -------
    pathlib.Path

    Raises
    ------
    OutputPathError
        See :func:`check_table_path`; also a write that fails (``cannot write out.csv: No
        space left on device; nothing was written``).
    """
    import sys

    import pandas as pd

    target = check_table_path(path)
    if os.fspath(path) in STDOUT_PATHS:
        df.to_csv(sys.stdout, index=False, lineterminator="\n")
        return target
    suffix = target.suffix.lower()
    try:
        with atomic_path(target) as tmp:
            if suffix == ".xlsx":
                with pd.ExcelWriter(tmp, engine="openpyxl") as xl:
                    df.to_excel(xl, sheet_name="data", index=False)
            elif suffix == ".parquet":
                df.to_parquet(tmp, index=False)
            else:
                df.to_csv(tmp, index=False, lineterminator="\n")
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise OutputPathError(
            f"cannot write {os.fspath(path)}: {reason}; nothing was written (a previous file is unchanged)"
        ) from None
    return target
