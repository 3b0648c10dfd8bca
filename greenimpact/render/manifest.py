"""The report manifest: which notebook is rendered with which parameters.

Schema of ``reports/reports.yaml`` (every key except ``reports`` and ``notebook`` is optional)::

    root: ..                     # project root, relative to this file's folder (default "..");
                                 # notebook paths below are relative to the root
    defaults:
      timeout: 600               # per-cell execution timeout in seconds (default 600)
    reports:
      data_catalogue:            # report name = folder name in the build
        notebook: notebooks/00_data_catalogue.ipynb
        title: Data catalogue    # shown in the site index
        description: ...
        parameters: {}           # values for the notebook's declared parameters
        timeout: 900             # overrides defaults.timeout
        validate:                # optional: a function that checks the parameters against
          function: "greenimpact.data:check_report_parameters"   # a domain model before any
          parameter: dataset     # kernel starts; other keys are passed as keyword arguments
      data_catalogue_by_dataset:
        notebook: notebooks/00_data_catalogue.ipynb
        matrix:                  # one report per combination of these values
          dataset: [claims, dc_electricity]
        parameters: {}           # fixed values merged into every combination

A matrix report expands into reports named ``<name>-<key>=<value>[,<key>=<value>...]``
(for example ``data_catalogue_by_dataset-dataset=claims``); values are made name-safe with
:func:`~greenimpact.render.names.slug`, and two combinations that would get the same name are
an error. Selecting the matrix report's own name selects all of its expansions.

Dates in YAML stay strings, duplicate keys are errors, and every error names the manifest
file, the report and the key.
"""

from __future__ import annotations

import itertools
import os
from dataclasses import dataclass, field
from pathlib import Path

from greenimpact import fileio
from greenimpact.render.errors import ManifestError, ParameterError, ReportNameError
from greenimpact.render.names import check_report_name, matrix_name
from greenimpact.render.params import check_parameter_name, plain_value_problem

__all__ = [
    "DEFAULT_TIMEOUT",
    "MANIFEST_NAME",
    "ReportSpec",
    "Manifest",
    "load_manifest",
    "find_manifest",
    "load_yaml",
    "load_params_file",
]

#: Default per-cell execution timeout (seconds).
DEFAULT_TIMEOUT = 600.0
#: Where :func:`find_manifest` looks, relative to the current directory and its parents.
MANIFEST_NAME = Path("reports") / "reports.yaml"

_TOP_KEYS = ("root", "defaults", "reports")
_DEFAULT_KEYS = ("timeout",)
_REPORT_KEYS = ("notebook", "title", "description", "parameters", "matrix", "timeout", "validate")


@dataclass(frozen=True)
class ReportSpec:
    """One report to render (a matrix report contributes one per combination).

    Attributes
    ----------
    name : str
        Report name, also its folder name in the build.
    notebook : Path
        Absolute path of the notebook.
    notebook_label : str
        The notebook path as written in the manifest (for messages and the site index).
    parameters : dict
        Parameter values from the manifest (fixed values merged with the matrix combination);
        validated against the notebook before rendering.
    group : str or None
        Name of the matrix report this one was expanded from.
    title, description : str
        Shown in the site index.
    timeout : float
        Per-cell execution timeout in seconds.
    validate : tuple or None
        ``("module:function", {keyword arguments})`` of the report's validator: called as
        ``function(values, **keywords)`` with the report's parameter values before any kernel
        starts; a ``ValueError`` it raises refuses the report. The builder stays free of domain
        code: the manifest names the domain's check.
    """

    name: str
    notebook: Path
    notebook_label: str
    parameters: dict = field(default_factory=dict)
    group: str | None = None
    title: str = ""
    description: str = ""
    timeout: float = DEFAULT_TIMEOUT
    validate: tuple | None = None


@dataclass(frozen=True)
class Manifest:
    """A parsed manifest: reports (matrix reports expanded) and matrix groups, in file order."""

    path: Path
    root: Path
    reports: dict[str, ReportSpec]
    groups: dict[str, tuple[str, ...]]

    @property
    def default_out(self) -> Path:
        """Default build folder: ``_build`` next to the manifest (``reports/_build``)."""
        return self.path.parent / "_build"

    def select(self, names=()) -> list[ReportSpec]:
        """Reports named by ``names`` (report or matrix-group names), in manifest order.

        No names selects every report.

        Raises
        ------
        ManifestError
            For an unknown name: the close matches, then the reports and matrix groups (not
            every expansion; ``greenimpact list`` shows those).
        """
        if not names:
            return list(self.reports.values())
        chosen: set[str] = set()
        unknown = []
        for name in names:
            if name in self.reports:
                chosen.add(name)
            elif name in self.groups:
                chosen.update(self.groups[name])
            else:
                unknown.append(name)
        if unknown:
            from greenimpact.literals import close_matches

            top = [*self.groups, *(n for n, r in self.reports.items() if r.group is None)]
            lines = []
            for name in unknown:
                close = close_matches(name, top) or close_matches(name, self.reports)
                hint = f"; did you mean {' or '.join(map(repr, close))}?" if close else ""
                lines.append(f"unknown report {name!r}{hint}")
            if len(self.reports) <= 12:
                groups = f"; matrix groups: {', '.join(self.groups)}" if self.groups else ""
                known = f"known reports: {', '.join(self.reports)}{groups}"
            else:
                known = (f"reports and matrix groups: {', '.join(top)}; "
                         "`greenimpact list` shows every expansion")
            raise ManifestError(f"{_display(self.path)}: {'; '.join(lines)} ({known})")
        return [spec for name, spec in self.reports.items() if name in chosen]


def find_manifest(start=None) -> Path:
    """Find ``reports/reports.yaml`` in ``start`` (default: the current directory) or a parent.

    Raises
    ------
    ManifestError
        If there is none.
    """
    here = Path(start or os.getcwd()).resolve()
    for folder in (here, *here.parents):
        candidate = folder / MANIFEST_NAME
        if candidate.is_file():
            return candidate
    raise ManifestError(
        f"no {MANIFEST_NAME} in {here} or its parents; run from the project folder or pass "
        "--manifest PATH"
    )


def load_manifest(path) -> Manifest:
    """Read and check a manifest, expanding matrix reports.

    Parameters
    ----------
    path : str or Path
        The YAML manifest.

    Raises
    ------
    ManifestError, ReportNameError
        Naming the file, the report and the key at fault.
    """
    path = Path(path).resolve()
    where = _display(path)
    if not path.is_file():
        raise ManifestError(f"manifest {where} does not exist")
    data = load_yaml(path, what="manifest")
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ManifestError(f"{where}: the manifest must be a mapping with a 'reports' key")
    _check_keys(data, _TOP_KEYS, f"{where}:", "top-level key")

    root_text = data.get("root", "..")
    if not isinstance(root_text, str) or not root_text:
        raise ManifestError(f"{where}: 'root' must be a path relative to the manifest's folder")
    root = (path.parent / root_text).resolve()
    if not root.is_dir():
        raise ManifestError(f"{where}: 'root' ({root_text!r}) is not a folder: {root}")

    defaults = data.get("defaults") or {}
    if not isinstance(defaults, dict):
        raise ManifestError(f"{where}: 'defaults' must be a mapping (allowed keys: timeout)")
    _check_keys(defaults, _DEFAULT_KEYS, f"{where}: defaults:", "key")
    default_timeout = _timeout(
        defaults.get("timeout", DEFAULT_TIMEOUT), f"{where}: defaults: timeout"
    )

    entries = data.get("reports")
    if not isinstance(entries, dict) or not entries:
        raise ManifestError(
            f"{where}: 'reports' must be a non-empty mapping of report name to settings"
        )

    reports: dict[str, ReportSpec] = {}
    groups: dict[str, tuple[str, ...]] = {}
    for name, entry in entries.items():
        try:
            check_report_name(name)
        except ReportNameError as exc:
            raise ReportNameError(f"{where}: {exc}") from None
        here = f"{where}: report {name!r}:"
        if not isinstance(entry, dict):
            raise ManifestError(f"{here} settings must be a mapping with at least 'notebook'")
        _check_keys(entry, _REPORT_KEYS, here, "key")
        notebook_label = entry.get("notebook")
        if not isinstance(notebook_label, str) or not notebook_label.strip():
            raise ManifestError(
                f"{here} 'notebook' is required: the notebook's path relative to {root}"
            )
        notebook = (root / notebook_label).resolve()
        title = _text(entry.get("title", ""), f"{here} title")
        description = _text(entry.get("description", ""), f"{here} description")
        timeout = _timeout(entry.get("timeout", default_timeout), f"{here} timeout")
        fixed = entry.get("parameters") or {}
        if not isinstance(fixed, dict):
            raise ManifestError(f"{here} 'parameters' must be a mapping of parameter name to value")
        for key, value in fixed.items():
            _check_param(key, value, f"{here} parameters:")
        common = dict(
            notebook=notebook,
            notebook_label=notebook_label,
            title=title,
            description=description,
            timeout=timeout,
            validate=_validator(entry.get("validate"), f"{here} validate:"),
        )
        matrix = entry.get("matrix")
        if matrix is None:
            _add(reports, groups, ReportSpec(name=name, parameters=dict(fixed), **common), where)
            continue
        if not isinstance(matrix, dict) or not matrix:
            raise ManifestError(
                f"{here} 'matrix' must be a mapping of parameter name to a list of values"
            )
        for key, values in matrix.items():
            _check_param(key, None, f"{here} matrix:")
            if key in fixed:
                raise ManifestError(
                    f"{here} parameter {key!r} is in both 'parameters' and 'matrix'"
                )
            if not isinstance(values, list) or not values:
                raise ManifestError(f"{here} matrix: {key!r} must be a non-empty list of values")
            for value in values:
                _check_param(key, value, f"{here} matrix:")
        if name in reports or name in groups:
            raise ManifestError(f"{here} the name is already used by another report")
        members = []
        first_cell: dict[str, dict] = {}
        for combo in itertools.product(*matrix.values()):
            cell = dict(zip(matrix, combo, strict=True))
            expanded = matrix_name(name, cell)
            try:
                check_report_name(expanded, what="expanded report name")
            except ReportNameError as exc:
                raise ReportNameError(f"{here} matrix: {exc}") from None
            if expanded in first_cell:
                raise ManifestError(
                    f"{here} matrix: combinations {first_cell[expanded]} and {cell} both give the "
                    f"report name {expanded!r}; make the values differ in letters or digits"
                )
            first_cell[expanded] = cell
            spec = ReportSpec(name=expanded, parameters={**fixed, **cell}, group=name, **common)
            _add(reports, groups, spec, where)
            members.append(expanded)
        groups[name] = tuple(members)
    return Manifest(path=path, root=root, reports=reports, groups=groups)


def _add(reports, groups, spec: ReportSpec, where: str) -> None:
    if spec.name in reports or spec.name in groups:
        raise ManifestError(
            f"{where}: report name {spec.name!r} is used twice"
            + (f" (an expansion of matrix report {spec.group!r})" if spec.group else "")
        )
    reports[spec.name] = spec


def _check_keys(mapping: dict, allowed, here: str, what: str) -> None:
    for key in mapping:
        if key not in allowed:
            raise ManifestError(
                f"{here} {what} {key!r} is not allowed (allowed: {', '.join(allowed)})"
            )


def _check_param(key, value, here: str) -> None:
    why = check_parameter_name(key)
    if why:
        raise ManifestError(f"{here} parameter name {key!r} {why}")
    problem = plain_value_problem(value)
    if problem:
        raise ManifestError(f"{here} the value of {key!r} {problem}")


def _validator(value, here: str) -> tuple | None:
    """``validate: "module:function"`` or ``{function: "module:function", key: value ...}``."""
    if value is None:
        return None
    options = {}
    if isinstance(value, dict):
        options = {k: v for k, v in value.items() if k != "function"}
        value = value.get("function")
    module, sep, attr = value.partition(":") if isinstance(value, str) else ("", "", "")
    if not (sep and all(part.isidentifier() for part in module.split(".")) and attr.isidentifier()):
        raise ManifestError(
            f"{here} expected 'package.module:function' (or a mapping with 'function:'), "
            f"got {value!r}"
        )
    for key, option in options.items():
        _check_param(key, option, here)
    return (value, options)


def _timeout(value, here: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not value > 0:
        raise ManifestError(f"{here} must be a positive number of seconds, got {value!r}")
    return float(value)


def _text(value, here: str) -> str:
    if not isinstance(value, str):
        raise ManifestError(f"{here} must be text, got {value!r}")
    return value


def _display(path: Path) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:  # pragma: no cover - other drive on Windows
        return str(path)


# ------------------------------------------------------------------------------------------
# YAML


def load_yaml(path, *, what: str = "file"):
    """Load a YAML file with :func:`greenimpact.fileio.load_yaml` (safe loader, dates kept as
    strings, duplicate keys rejected).

    Raises
    ------
    ManifestError
        If the file cannot be read or parsed (naming the file and line), or repeats a key.
    """
    path = Path(path)
    try:
        return fileio.load_yaml(path, display=_display(path))
    except fileio.YAMLFileError as exc:
        message = str(exc)
        if exc.kind == "unreadable":  # "cannot read <file>: ..." -> "cannot read <what> <file>: ..."
            message = f"cannot read {what} {message.removeprefix('cannot read ')}"
        raise ManifestError(message) from None


def load_params_file(path) -> dict:
    """Read a YAML (or JSON) parameters file: a mapping of parameter name to value.

    The values are validated later, against each report's notebook, like ``-p`` values.

    Raises
    ------
    ParameterError
        If the file cannot be read or is not a mapping.
    """
    try:
        data = load_yaml(path, what="params file")
    except ManifestError as exc:
        raise ParameterError(str(exc)) from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ParameterError(
            f"params file {_display(Path(path))} must be a mapping of parameter name to value, "
            f"not a {type(data).__name__}"
        )
    return data
