"""Embedded datasets: the catalogue, validated loading and provenance hashes.

Every dataset is a CSV file in ``data/`` described by one entry of ``data/catalogue.yaml``
(title, description, columns with types and units, per-row sources and confidence tags). The
schema is documented in ``data/README.md``.

>>> from greenimpact import data
>>> df = data.load("electricity_consumption")
>>> df.query("series == 'NEA statistics' and year == 2024")[["value", "unit", "confidence"]]
     value    unit confidence
9   9852.1  TWh/yr   verified

A file of your own with the same schema is validated the same way::

    mine = data.load("electricity_consumption", path="my_file.csv")

Validation never guesses: a missing column, a unit that is not the catalogue's, a non-numeric
value, a negative or out-of-range number, an empty cell where one is not allowed, a duplicate
key or an unknown source id raises :class:`DataValidationError`, whose message names the file,
the row (1-based data row, with the CSV line number), the column and what was expected.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from greenimpact.fileio import (
    DATA_DIR_ENV,
    FileKindError,
    YAMLFileError,
    is_input_file,
    load_yaml,
    read_regular_bytes,
)

__all__ = [
    "CONFIDENCE_TAGS",
    "DataError",
    "DataValidationError",
    "Problem",
    "catalog",
    "catalogue",
    "check_report_parameters",
    "cited_sources",
    "data_dir",
    "describe",
    "file_hashes",
    "inputs_read",
    "load",
    "sources",
    "spread",
    "to_iamc",
]

#: Allowed confidence tags, strongest first.
CONFIDENCE_TAGS = ("verified", "partial", "unverified", "assumption")

_COLUMN_TYPES = {"str", "int", "float", "bool", "source", "confidence"}
_COLUMN_OPTIONS = {"type", "description", "nullable", "min", "max", "allowed", "unit", "unit_column"}
_DATASET_KEYS = {"file", "title", "description", "kind", "key", "columns", "plot", "iamc"}
_SOURCE_KEYS = {"title", "organisation", "year", "url", "note"}
_MAX_REPORTED = 20  # problems listed in one error message (all are counted)
_INT_RE = re.compile(r"^[+-]?\d+$")
_BOOL_VALUES = {"true": True, "false": False, "yes": True, "no": False, "1": True, "0": False}


class DataError(Exception):
    """A dataset or the catalogue cannot be used (unknown name, missing file, bad catalogue)."""


@dataclass(frozen=True)
class Problem:
    """One validation failure, located as precisely as possible."""

    file: str
    message: str
    row: int | None = None  # 1-based data row (the header is not a row)
    column: str | None = None

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"row {self.row} (line {self.row + 1})")
        if self.column is not None:
            where.append(f"column {self.column!r}")
        return f"{', '.join(where)}: {self.message}"


@dataclass
class DataValidationError(DataError):
    """A data file does not match its catalogue schema.

    ``problems`` lists the first failures found (at most 20 of each check, located by row and
    column); ``total`` counts every failure, listed or not (``None``: ``len(problems)``), so
    the message says "2,000,000 problems" when there are that many, listing the first 20.
    """

    problems: list[Problem] = field(default_factory=list)
    total: int | None = None

    def __post_init__(self):
        if self.total is None:
            self.total = len(self.problems)
        super().__init__(str(self))

    def __str__(self) -> str:
        n = self.total if self.total is not None else len(self.problems)
        head = f"{n:,} problem{'s' if n != 1 else ''} in {self.problems[0].file}" if self.problems else "invalid"
        shown = self.problems[:_MAX_REPORTED]
        lines = [str(p) for p in shown]
        if n > len(shown):
            lines.append(f"... and {n - len(shown):,} more")
        return head + ":\n  " + "\n  ".join(lines)


class _Problems:
    """Collects validation failures: keeps the first :data:`_MAX_REPORTED` of each check to
    list, counts all of them."""

    def __init__(self, display: str):
        self.display = display
        self.listed: list[Problem] = []
        self.total = 0

    def add(self, message: str, row: int | None = None, column: str | None = None) -> None:
        self.total += 1
        if len(self.listed) < _MAX_REPORTED:
            self.listed.append(Problem(self.display, message, row, column))

    def rows(self, mask, column: str, cells, message) -> None:
        """One failure per true entry of the boolean array ``mask``; ``message(cell)`` words
        the failure of a row from its cell of ``cells`` (called only for the rows listed)."""
        import numpy as np

        hits = np.flatnonzero(np.asarray(mask, dtype=bool))
        room = max(0, _MAX_REPORTED - len(self.listed))
        for i in hits[:room]:
            self.listed.append(Problem(self.display, message(cells[i]), int(i) + 1, column))
        self.total += len(hits)

    def error(self) -> DataValidationError | None:
        return DataValidationError(self.listed, total=self.total) if self.total else None


# --------------------------------------------------------------------------------------------
# locating and reading the catalogue


def data_dir() -> Path:
    """Directory holding the embedded datasets and ``catalogue.yaml``.

    ``$GREENIMPACT_DATA_DIR`` when set, otherwise the ``data/`` folder next to the package
    (the repository layout; the package is installed in editable mode by ``make``).
    """
    env = os.environ.get(DATA_DIR_ENV)
    path = Path(env) if env else Path(__file__).resolve().parent.parent / "data"
    if not (path / "catalogue.yaml").is_file():
        raise DataError(
            f"no catalogue.yaml in {path}; set {DATA_DIR_ENV} to the folder holding "
            "greenimpact's data/ (it ships with the repository, next to the package)"
        )
    return path


def _catalogue_path() -> Path:
    return data_dir() / "catalogue.yaml"


def catalogue() -> dict:
    """The parsed and checked ``catalogue.yaml`` (a dict with ``sources`` and ``datasets``)."""
    path = _catalogue_path()
    stat = path.stat()
    return _read_catalogue(str(path), stat.st_mtime_ns, stat.st_size)


def read_yaml(path: str | os.PathLike):
    """Parse a YAML file safely (:func:`greenimpact.fileio.load_yaml`: dates stay strings,
    duplicate keys are refused, where PyYAML would keep the last silently).

    Raises
    ------
    DataError
        Naming the file, line and key of a duplicate, or the YAML syntax error.
    """
    try:
        return load_yaml(path)
    except YAMLFileError as exc:
        raise DataError(str(exc)) from None


@lru_cache(maxsize=8)
def _read_catalogue(path: str, _mtime: int, _size: int) -> dict:
    cat = read_yaml(path)
    _check_catalogue(cat, path)
    return cat


def _check_catalogue(cat, path: str) -> None:
    def fail(msg):
        raise DataError(f"{path}: {msg}")

    if not isinstance(cat, dict) or not {"sources", "datasets"} <= set(cat):
        fail("expected top-level keys 'sources' and 'datasets'")
    for sid, src in cat["sources"].items():
        if not isinstance(src, dict) or not {"title", "organisation", "year"} <= set(src):
            fail(f"source {sid!r}: needs title, organisation and year")
        unknown = set(src) - _SOURCE_KEYS
        if unknown:
            fail(f"source {sid!r}: unknown keys {sorted(unknown)} (allowed: {sorted(_SOURCE_KEYS)})")
    for name, entry in cat["datasets"].items():
        where = f"dataset {name!r}"
        if not isinstance(entry, dict):
            fail(f"{where}: expected a mapping")
        missing = {"file", "title", "description", "kind", "key", "columns"} - set(entry)
        if missing:
            fail(f"{where}: missing keys {sorted(missing)}")
        unknown = set(entry) - _DATASET_KEYS
        if unknown:
            fail(f"{where}: unknown keys {sorted(unknown)} (allowed: {sorted(_DATASET_KEYS)})")
        if entry["kind"] not in ("timeseries", "table"):
            fail(f"{where}: kind must be 'timeseries' or 'table', not {entry['kind']!r}")
        cols = entry["columns"]
        for key_col in entry["key"]:
            if key_col not in cols:
                fail(f"{where}: key column {key_col!r} is not among its columns")
        for col, spec in cols.items():
            cwhere = f"{where}, column {col!r}"
            if not isinstance(spec, dict) or spec.get("type") not in _COLUMN_TYPES:
                fail(f"{cwhere}: type must be one of {sorted(_COLUMN_TYPES)}")
            unknown = set(spec) - _COLUMN_OPTIONS
            if unknown:
                fail(f"{cwhere}: unknown options {sorted(unknown)}")
            uc = spec.get("unit_column")
            if uc is not None and uc not in cols:
                fail(f"{cwhere}: unit_column {uc!r} is not a column")
            if uc is not None and spec.get("unit") is not None:
                fail(f"{cwhere}: give either unit or unit_column, not both")
        if "iamc" in entry:
            _check_iamc_spec(entry, fail, where)


def _check_iamc_spec(entry: dict, fail, where: str) -> None:
    spec = entry["iamc"]
    if not isinstance(spec, dict) or set(spec) != {"variable", "model", "scenario", "region"}:
        fail(f"{where}: iamc needs exactly variable, model, scenario and region")
    for key, value in spec.items():
        if isinstance(value, dict):
            col = value.get("column")
            if col not in entry["columns"]:
                fail(f"{where}: iamc {key} refers to unknown column {col!r}")
            if set(value) - {"column", "map"}:
                fail(f"{where}: iamc {key} allows only 'column' and 'map'")
        elif not isinstance(value, str):
            fail(f"{where}: iamc {key} must be a string or {{column: ..., map: ...}}")
    units = [s.get("unit_column") for s in entry["columns"].values() if s.get("unit_column")]
    if "value" not in entry["columns"] or "year" not in entry["columns"] or len(units) != 1:
        fail(f"{where}: iamc export needs 'year', 'value' and one unit column")


def sources():
    """All sources cited by the catalogue as a DataFrame indexed by source id."""
    import pandas as pd

    src = catalogue()["sources"]
    frame = pd.DataFrame.from_dict(src, orient="index")
    for col in ("title", "organisation", "year", "url", "note"):
        if col not in frame:
            frame[col] = None
    frame.index.name = "source"
    return frame[["title", "organisation", "year", "url", "note"]]


def _entry(name: str) -> dict:
    datasets = catalogue()["datasets"]
    if name not in datasets:
        from greenimpact.literals import unknown_name

        raise DataError(unknown_name("dataset", name, sorted(datasets), max_listed=20,
                                     more="`greenimpact data list` shows them"))
    return datasets[name]


def describe(name: str):
    """The columns of dataset ``name``: type, unit, constraints and description."""
    import pandas as pd

    rows = []
    for col, spec in _entry(name)["columns"].items():
        unit = spec.get("unit") or (f"from column {spec['unit_column']!r}" if spec.get("unit_column") else "")
        limits = []
        if "min" in spec:
            limits.append(f">= {spec['min']}")
        if "max" in spec:
            limits.append(f"<= {spec['max']}")
        if "allowed" in spec:
            limits.append("one of " + ", ".join(map(str, spec["allowed"])))
        rows.append(
            {
                "column": col,
                "type": spec["type"],
                "unit": unit,
                "required": not spec.get("nullable", False),
                "constraints": "; ".join(limits),
                "description": spec.get("description", ""),
            }
        )
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------------------------
# loading and validation


def load(name: str, path: str | os.PathLike | None = None):
    """Load dataset ``name`` as a validated DataFrame.

    Parameters
    ----------
    name : str
        Dataset name as listed by :func:`catalog`.
    path : str or path-like, optional
        A CSV file of the same schema to validate and load instead of the embedded one.

    Returns
    -------
    pandas.DataFrame
        Typed columns (``int`` columns as ``Int64``, ``float`` as ``float64``, text as ``object``
        strings). ``df.attrs`` holds ``dataset``, ``path`` and ``sha256`` of the file read.

    Raises
    ------
    DataError
        Unknown dataset or unreadable file.
    DataValidationError
        The file does not match the schema; the message names file, row, column and expectation.
    """
    entry = _entry(name)
    file = Path(path) if path is not None else data_dir() / entry["file"]
    try:
        raw_bytes = read_regular_bytes(file)
    except FileNotFoundError:
        raise DataError(f"dataset {name!r}: file {file} does not exist") from None
    except FileKindError as exc:
        raise DataError(f"dataset {name!r}: {file} is {exc.kind}, not a regular file") from None
    except OSError as exc:
        raise DataError(f"dataset {name!r}: cannot read {file}: {exc.strerror or exc}") from None
    digest = hashlib.sha256(raw_bytes).hexdigest()
    frame = _load_cached(name, str(file), digest)
    record_input(_display_path(file), digest)
    record_input(f"catalogue.yaml#{name}", _entry_digest(entry))
    return frame.copy()


#: inputs read in this process: display path -> sha256 (see :func:`inputs_read`)
_INPUTS: dict[str, str] = {}


def record_input(label: str, digest: str) -> None:
    """Remember that an input (a data file, a catalogue entry, a scenario file) was read."""
    _INPUTS[label] = digest


def inputs_read() -> dict[str, str]:
    """The inputs read so far in this process (data files, the catalogue entries of the datasets
    loaded, scenario files), with their sha256, sorted by name. A report's provenance lists
    exactly these, so its committed outputs change only when its own inputs change."""
    return dict(sorted(_INPUTS.items()))


def _entry_digest(entry: dict) -> str:
    import json

    return hashlib.sha256(json.dumps(entry, sort_keys=True, default=str).encode()).hexdigest()


@lru_cache(maxsize=64)
def _load_cached(name: str, file: str, digest: str):
    import io

    import pandas as pd

    entry = _entry(name)
    display = _display_path(Path(file))
    try:
        text = read_regular_bytes(file).decode("utf-8-sig")
        _check_header(text, display)
        raw = pd.read_csv(
            io.StringIO(text), dtype=str, keep_default_na=False, na_values=[], skipinitialspace=False
        )
    except UnicodeDecodeError as exc:
        raise DataError(f"{display}: not UTF-8 text ({exc})") from None
    except pd.errors.ParserError as exc:
        raise DataError(f"{display}: not a readable CSV file ({exc})") from None
    except pd.errors.EmptyDataError:
        raise DataError(f"{display}: the file is empty (expected a header row)") from None
    frame = _validate(raw, entry, display, catalogue()["sources"])
    frame.attrs.update({"dataset": name, "path": file, "sha256": digest})
    return frame


def _check_header(text: str, display: str) -> None:
    """Refuse a header that names a column twice (pandas would rename it ``value.1``)."""
    import csv
    import io

    header = next(csv.reader(io.StringIO(text)), [])
    header = [c.strip() for c in header]
    seen: dict[str, list[int]] = {}
    for i, col in enumerate(header, start=1):
        seen.setdefault(col, []).append(i)
    dupes = {c: pos for c, pos in seen.items() if len(pos) > 1}
    if dupes:
        raise DataValidationError(
            [
                Problem(display, f"column appears {len(pos)} times in the header (columns "
                        f"{', '.join(map(str, pos))}); each column must appear once", column=c)
                for c, pos in dupes.items()
            ]
        )


def _display_path(file: Path) -> str:
    try:
        return str(file.resolve().relative_to(data_dir().parent))
    except (ValueError, DataError):
        return str(file)


def _validate(raw, entry: dict, display: str, known_sources: dict):
    import numpy as np
    import pandas as pd

    found = _Problems(display)
    columns: dict = entry["columns"]
    header = [c.strip() for c in raw.columns]
    raw.columns = header
    missing = [c for c in columns if c not in header]
    for col in missing:
        found.add(f"missing column (expected columns: {', '.join(columns)})", column=col)
    if missing:
        raise found.error()
    dupes = {c for c in header if header.count(c) > 1}
    if dupes:
        raise DataValidationError([Problem(display, "column appears twice", column=c) for c in sorted(dupes)])

    out = pd.DataFrame(index=raw.index)
    for col, spec in columns.items():
        values = raw[col].str.strip()
        text = values.to_numpy()
        empty = (values == "").to_numpy()
        if not spec.get("nullable", False):
            found.rows(empty, col, text, lambda v: "empty value where one is required")
        typ = spec["type"]
        if typ in ("float", "int"):
            parsed = pd.to_numeric(values.where(~empty), errors="coerce")
            bad = parsed.isna().to_numpy() & ~empty
            found.rows(bad, col, text, lambda v, typ=typ: f"{v!r} is not a number ({typ} expected)")
            if typ == "int":
                notint = ~bad & ~empty & ~values.str.match(_INT_RE).to_numpy(dtype=bool)
                found.rows(notint, col, text, lambda v: f"{v!r} is not a whole number")
                parsed = parsed.where(~notint)
            number = parsed.to_numpy(dtype=float, na_value=np.nan)
            nonfinite = ~np.isnan(number) & ~np.isfinite(number)
            found.rows(nonfinite, col, text, lambda v: f"{v!r} is not finite")
            for bound, op, word in (("min", np.less, "below the minimum"), ("max", np.greater, "above the maximum")):
                if bound in spec:
                    with np.errstate(invalid="ignore"):
                        hit = op(number, spec[bound])
                    limit = spec[bound]
                    if bound == "min" and limit == 0:
                        found.rows(hit, col, text, lambda v: f"{v} is negative (must be >= 0)")
                    else:
                        found.rows(hit, col, text, lambda v, word=word, limit=limit: f"{v} is {word} {limit}")
            out[col] = parsed.astype("Int64") if typ == "int" else parsed.astype("float64")
        elif typ == "bool":
            lowered = values.str.lower()
            bad = ~lowered.isin(_BOOL_VALUES).to_numpy() & ~empty
            found.rows(bad, col, text, lambda v: f"{v!r} is not a boolean (true/false)")
            out[col] = lowered.map(_BOOL_VALUES).astype("boolean")
        else:
            if typ == "source":
                bad = ~values.isin(list(known_sources)).to_numpy() & ~empty
                found.rows(bad, col, text, lambda v: f"unknown source id {v!r} (not in catalogue.yaml 'sources')")
            elif typ == "confidence":
                bad = ~values.isin(CONFIDENCE_TAGS).to_numpy() & ~empty
                found.rows(bad, col, text, lambda v: f"{v!r} is not a confidence tag (one of {', '.join(CONFIDENCE_TAGS)})")
            out[col] = values.where(~empty, None).astype(object)
        if "allowed" in spec and typ not in ("float", "int") and not col_is_unit(columns, col):
            # units are compared after parsing, in _check_units
            allowed = [str(a) for a in spec["allowed"]]
            bad = ~values.isin(allowed).to_numpy() & ~empty
            found.rows(bad, col, text, lambda v, allowed=allowed: f"{v!r} is not allowed (one of {', '.join(allowed)})")
    _check_units(raw, columns, found)
    _check_key(raw, entry["key"], found)
    if found.total:
        raise found.error()
    extra = [c for c in header if c not in columns]
    for col in extra:  # a user's extra columns are kept, unvalidated
        out[col] = raw[col]
    return out


def col_is_unit(columns: dict, col: str) -> bool:
    """Whether ``col`` is named as the ``unit_column`` of another column."""
    return any(spec.get("unit_column") == col for spec in columns.values())


def _unit_problem(unit: str, col: str, allowed) -> str | None:
    """Why ``unit`` (of column ``col``'s values) is not a unit or not one of ``allowed``."""
    from greenimpact.units import UnitError, check_unit, parse_unit

    try:
        parse_unit(unit)
    except UnitError as exc:
        return str(exc)
    for candidate in allowed or ():
        try:
            check_unit(unit, str(candidate))
            return None
        except UnitError:
            continue
    if allowed:
        return f"unit {unit!r} of {col!r} is not the expected " + " or ".join(repr(a) for a in allowed)
    return None


def _check_units(raw, columns: dict, found: _Problems) -> None:
    """Check the catalogue's units and each distinct unit of a unit column (parsed once each)."""
    from greenimpact.units import UnitError, parse_unit

    for col, spec in columns.items():
        if spec.get("unit"):
            try:
                parse_unit(spec["unit"])
            except UnitError as exc:
                found.add(f"catalogue unit: {exc}", column=col)
        ucol = spec.get("unit_column")
        if not ucol:
            continue
        units = raw[ucol].str.strip()
        text = units.to_numpy()
        why = {u: _unit_problem(u, col, columns[ucol].get("allowed")) for u in units.unique() if u != ""}
        bad = units.map(why.get).notna().to_numpy()
        found.rows(bad, ucol, text, why.__getitem__)


def _check_key(raw, key: list[str], found: _Problems) -> None:
    """One failure per key value that appears on more than one row."""
    import numpy as np

    keyed = raw[key].apply(lambda s: s.str.strip())
    dup = keyed.duplicated(keep=False)
    if not dup.any():
        return
    groups = keyed[dup.to_numpy()].groupby(key, sort=False).indices
    for values, positions in groups.items():
        values = values if isinstance(values, tuple) else (values,)
        rows = [int(i) + 1 for i in np.flatnonzero(dup.to_numpy())[positions]]
        desc = ", ".join(f"{k}={v!r}" for k, v in zip(key, values, strict=True))
        found.add(
            f"duplicate key ({desc}) in rows {', '.join(map(str, rows[:10]))}"
            + (f" and {len(rows) - 10:,} more" if len(rows) > 10 else "")
            + f"; each ({', '.join(key)}) must appear once",
            rows[1],
        )


# --------------------------------------------------------------------------------------------
# overview and provenance


def check_report_parameters(values: dict, *, parameter: str = "dataset", allow=("all",)) -> None:
    """Check that a report's dataset parameter names a catalogue dataset, before any kernel starts.

    ``greenimpact render`` calls this when the manifest names it for a report::

        validate: {function: "greenimpact.data:check_report_parameters", parameter: dataset}

    Parameters
    ----------
    values : dict
        The report's parameter values.
    parameter : str
        The parameter that names a dataset.
    allow : sequence of str
        Other accepted values (``"all"``).

    Raises
    ------
    ValueError
        The value is not a dataset of ``data/catalogue.yaml``; the message lists the datasets.
    """
    if parameter not in values:
        return
    names = list(catalogue()["datasets"])
    value = values[parameter]
    if value not in names and value not in tuple(allow):
        from greenimpact.literals import close_matches

        close = close_matches(value, [*names, *allow]) if isinstance(value, str) else []
        hint = f"; did you mean {' or '.join(map(repr, close))}?" if close else ""
        raise ValueError(
            f"parameter {parameter!r}: {value!r} is not a dataset of the catalogue{hint} "
            f"(datasets: {', '.join(names)}; or {', '.join(map(repr, allow))})"
        )


def catalog():
    """One row per dataset: name, title, kind, file, rows, sources cited and confidence counts."""
    import pandas as pd

    rows = []
    for name, entry in catalogue()["datasets"].items():
        frame = load(name)
        conf = frame["confidence"].value_counts() if "confidence" in frame else pd.Series(dtype=int)
        src_col = next((c for c, s in entry["columns"].items() if s["type"] == "source"), None)
        cited = sorted(set(frame[src_col].dropna())) if src_col else []
        rows.append(
            {
                "dataset": name,
                "title": entry["title"],
                "kind": entry["kind"],
                "file": entry["file"],
                "rows": len(frame),
                "sources": len(cited),
                **{tag: int(conf.get(tag, 0)) for tag in CONFIDENCE_TAGS},
            }
        )
    return pd.DataFrame(rows)


def cited_sources(name: str):
    """The sources cited by dataset ``name`` with the number of rows citing each."""
    entry = _entry(name)
    frame = load(name)
    src_col = next(c for c, s in entry["columns"].items() if s["type"] == "source")
    counts = frame[src_col].value_counts().rename("rows")
    table = sources().join(counts, how="inner").sort_values("rows", ascending=False)
    return table


def file_hashes(directory: str | os.PathLike | None = None) -> dict[str, str]:
    """sha256 of every input file under the data directory (the datasets, the catalogue and the
    scenario files; see :func:`greenimpact.fileio.is_input_file`), keyed by relative path,
    sorted. Documentation such as ``README.md`` is not an input."""
    root = Path(directory) if directory is not None else data_dir()
    out = {}
    for p in sorted(root.rglob("*")):
        rel = p.relative_to(root)
        if is_input_file(rel) and p.is_file():
            out[rel.as_posix()] = hashlib.sha256(p.read_bytes()).hexdigest()
    return dict(sorted(out.items()))


def to_iamc(name: str, frame=None):
    """Dataset ``name`` as an IAMC long frame, using the catalogue's ``iamc`` mapping.

    ``model`` and ``scenario`` carry the source series and its kind (reported, estimate,
    projection), so conflicting estimates stay separate rows. The result is validated against
    the variable code list (:func:`greenimpact.results.validate`).
    """
    from greenimpact import results

    entry = _entry(name)
    if "iamc" not in entry:
        raise DataError(f"dataset {name!r} has no iamc mapping in catalogue.yaml")
    df = load(name) if frame is None else frame
    spec = entry["iamc"]
    out = {}
    for key in ("variable", "model", "scenario", "region"):
        value = spec[key]
        if isinstance(value, dict):
            col = df[value["column"]]
            if "map" in value:
                unmapped = sorted(set(col) - set(value["map"]))
                if unmapped:
                    raise DataError(f"dataset {name!r}: no iamc {key} for {value['column']} {unmapped}")
                col = col.map(value["map"])
            out[key] = col.to_numpy()
        else:
            out[key] = value
    unit_col = next(s["unit_column"] for s in entry["columns"].values() if s.get("unit_column"))
    import pandas as pd

    iamc = pd.DataFrame(
        {**out, "unit": df[unit_col].to_numpy(), "year": df["year"].to_numpy(), "value": df["value"].to_numpy()}
    )
    return results.validate(iamc)


def spread(name: str, by=("region", "year"), series: str = "series", value: str = "value"):
    """Where sources disagree: per ``by`` group with two or more series, the lowest and highest
    value, which series give them, and the ratio high / low.

    Examples
    --------
    >>> s = spread("dc_electricity")                         # doctest: +SKIP
    >>> s.query("year == 2018")[["low", "high", "ratio"]]    # doctest: +SKIP
    """
    import pandas as pd

    df = load(name)
    by = [c for c in by if c in df.columns]
    rows = []
    for keys, group in df.groupby(by, sort=True):
        if group[series].nunique() < 2:
            continue
        lo, hi = group.loc[group[value].idxmin()], group.loc[group[value].idxmax()]
        keys = keys if isinstance(keys, tuple) else (keys,)
        rows.append(
            {
                **dict(zip(by, keys, strict=True)),
                "series": int(group[series].nunique()),
                "low": lo[value],
                "low_series": lo[series],
                "high": hi[value],
                "high_series": hi[series],
                "ratio": hi[value] / lo[value] if lo[value] else float("inf"),
            }
        )
    return pd.DataFrame(rows)
