"""Named scenarios as data: one YAML file per model in ``data/scenarios/``.

A scenario file declares the model's parameters (type, unit, bounds, description) and named
scenarios that give every parameter a value *with its source*: a catalogue source id, or the
word ``assumption`` with a reason. Scenarios may inherit from another scenario and change only
some values. Overrides from scripts, notebooks or the command line go through the same checks.

File layout (``data/scenarios/<model>.yaml``)::

    model: compute
    entry: greenimpact.compute.model:run        # function(params: dict, scenario: str) -> IAMC frame
    description: Data-centre electricity, facilities, green power and carbon.
    parameters:
      pue_2030:
        type: float          # float | int | str | bool | series (year -> float) | list
        unit: "1"
        min: 1.0
        description: Fleet-average PUE reached in 2030.
    scenarios:
      baseline:
        description: One line shown by `greenimpact scenarios`.
        values:
          pue_2030: {value: 1.35, source: iea_2025_energy_ai, low: 1.25, high: 1.45}
      efficiency:
        inherits: baseline
        description: ...
        values:
          pue_2030: {value: 1.2, source: assumption, reason: "policy targets met on time"}

``low`` / ``high`` (optional, numeric parameters) give the uncertainty range used by the
Monte Carlo and sensitivity analysis of the net-impact model.
"""

from __future__ import annotations

import keyword
import math
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

__all__ = [
    "ParameterError",
    "Params",
    "ScenarioError",
    "Value",
    "check_model_name",
    "check_report_parameters",
    "check_value",
    "interpolate",
    "load_model_spec",
    "model_names",
    "resolve",
    "scenario_dir",
    "values",
]

PARAM_TYPES = {"float", "int", "str", "bool", "series", "list"}
_PARAM_KEYS = {"type", "unit", "min", "max", "allowed", "description", "years"}
_VALUE_KEYS = {"value", "source", "reason", "note", "low", "high", "confidence"}


class ScenarioError(ValueError):
    """A scenario file is malformed, or a model or scenario name is unknown."""


class ParameterError(ValueError):
    """A parameter value (from a scenario file or an override) breaks its declaration."""


@dataclass(frozen=True)
class Value:
    """A resolved parameter value with its provenance."""

    name: str
    value: object
    source: str
    scenario: str  # the scenario that set it (after inheritance) or "override"
    reason: str | None = None
    note: str | None = None
    low: float | None = None
    high: float | None = None
    unit: str | None = None
    description: str | None = None
    extra: dict = field(default_factory=dict)


class Params(dict):
    """Plain parameter values by name (a ``dict``) that keep where each value came from.

    Composers read values as from any dict (``params["pue_2030"]``); ``provenance`` holds the
    :class:`Value` of each (its source, the scenario that set it or ``"override"``, its range),
    so a model that draws uncertain values (the net model's Monte Carlo) knows which values the
    user fixed without re-resolving the scenario. Copies made with ``dict(params)`` or
    ``{**params}`` are plain dicts without provenance.
    """

    def __init__(self, resolved: dict[str, Value]):
        super().__init__((k, v.value) for k, v in resolved.items())
        self.provenance: dict[str, Value] = dict(resolved)

    def overrides(self) -> dict:
        """The values the user set for this run (source ``"override"``), by name."""
        return {k: self[k] for k, v in self.provenance.items() if v.source == "override"}


def values(model: str, scenario: str = "baseline", overrides: dict | None = None) -> Params:
    """Plain values of :func:`resolve` (a dict of name -> value) that keep their provenance.

    >>> p = values("compute", "baseline", {"utilisation": 0.6})
    >>> p["utilisation"], p.provenance["utilisation"].source, list(p.overrides())
    (0.6, 'override', ['utilisation'])
    """
    return Params(resolve(model, scenario, overrides))


def scenario_dir() -> Path:
    """``data/scenarios`` under the data directory (see :func:`greenimpact.data.data_dir`)."""
    from greenimpact.data import data_dir

    return data_dir() / "scenarios"


def model_names() -> list[str]:
    """Models that have a scenario file, sorted."""
    return sorted(p.stem for p in scenario_dir().glob("*.yaml"))


def check_model_name(model) -> str:
    """``model`` if it is a registered model (a scenario file in :func:`scenario_dir`).

    The name is looked up in the list of scenario files before any file is opened, so a name
    such as ``../../elsewhere/evil`` never reads a file outside the data folder (nor imports the
    module such a file's ``entry`` would name).

    Raises
    ------
    ScenarioError
        ``unknown model 'comput'; did you mean 'compute'? (models: ...)``.
    """
    from greenimpact.literals import unknown_name

    names = model_names()
    if not isinstance(model, str) or model not in names:
        raise ScenarioError(unknown_name("model", model, names))
    return model


def load_model_spec(model: str) -> dict:
    """The parsed and checked scenario file of ``model`` (a name checked by
    :func:`check_model_name` first)."""
    path = scenario_dir() / f"{check_model_name(model)}.yaml"
    stat = path.stat()
    spec = _read_spec(str(path), stat.st_mtime_ns, stat.st_size)
    from greenimpact.data import record_input

    record_input(f"scenarios/{model}.yaml", _file_digest(str(path), stat.st_mtime_ns, stat.st_size))
    return spec


@lru_cache(maxsize=32)
def _file_digest(path: str, _mtime: int, _size: int) -> str:
    import hashlib

    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


@lru_cache(maxsize=32)
def _read_spec(path: str, _mtime: int, _size: int) -> dict:
    from greenimpact.data import DataError, catalogue, read_yaml

    try:
        spec = read_yaml(path)
    except DataError as exc:
        raise ScenarioError(str(exc)) from None
    name = Path(path).stem

    def fail(msg):
        raise ScenarioError(f"{path}: {msg}")

    if not isinstance(spec, dict) or not {"model", "entry", "parameters", "scenarios"} <= set(spec):
        fail("expected keys model, entry, description, parameters, scenarios")
    if spec["model"] != name:
        fail(f"model is {spec['model']!r} but the file is named {name}.yaml")
    if ":" not in spec["entry"]:
        fail("entry must be 'module:function'")
    params = spec["parameters"]
    for pname, decl in params.items():
        if not (isinstance(pname, str) and pname.isidentifier() and not keyword.iskeyword(pname)):
            fail(f"parameter name {pname!r} is not a Python identifier")
        if not isinstance(decl, dict) or decl.get("type") not in PARAM_TYPES:
            fail(f"parameter {pname!r}: type must be one of {sorted(PARAM_TYPES)}")
        unknown = set(decl) - _PARAM_KEYS
        if unknown:
            fail(f"parameter {pname!r}: unknown keys {sorted(unknown)}")
        if not decl.get("description"):
            fail(f"parameter {pname!r}: needs a description")
        if decl.get("unit") is not None:
            from greenimpact.units import UnitError, parse_unit

            try:
                parse_unit(str(decl["unit"]))
            except UnitError as exc:
                fail(f"parameter {pname!r}: {exc}")
    sources = set(catalogue()["sources"])
    scen = spec["scenarios"]
    if "baseline" not in scen:
        fail("a 'baseline' scenario is required")
    for sname, body in scen.items():
        if not isinstance(body, dict) or "description" not in body:
            fail(f"scenario {sname!r}: needs a description")
        parent = body.get("inherits")
        if parent is not None and parent not in scen:
            fail(f"scenario {sname!r} inherits from unknown scenario {parent!r}")
        for pname, entry in (body.get("values") or {}).items():
            where = f"scenario {sname!r}, parameter {pname!r}"
            if pname not in params:
                fail(f"{where}: not a declared parameter (declared: {', '.join(params)})")
            if not isinstance(entry, dict) or "value" not in entry or "source" not in entry:
                fail(f"{where}: give {{value: ..., source: ...}}")
            unknown = set(entry) - _VALUE_KEYS
            if unknown:
                fail(f"{where}: unknown keys {sorted(unknown)}")
            src = entry["source"]
            if src == "assumption":
                if not entry.get("reason"):
                    fail(f"{where}: an assumption needs a reason")
            elif src not in sources:
                fail(f"{where}: source {src!r} is not in data/catalogue.yaml (or write 'assumption' with a reason)")
            try:
                check_value(pname, entry["value"], params[pname])
                for bound in ("low", "high"):
                    if bound in entry:
                        check_value(pname, entry[bound], params[pname])
            except ParameterError as exc:
                fail(f"scenario {sname!r}: {exc}")
            if "low" in entry and "high" in entry:
                lo, hi, mid = entry["low"], entry["high"], entry["value"]
                if isinstance(mid, dict):
                    lo, hi, mid = (min(x.values()) for x in (lo, hi, mid))  # coarse check for paths
                elif not lo <= mid <= hi:
                    fail(f"{where}: value {mid} must lie within low {lo} and high {hi}")
                if not lo <= hi:
                    fail(f"{where}: low must not exceed high")
    # every parameter must get a value in baseline (after inheritance other scenarios are complete)
    missing = set(params) - set(scen["baseline"].get("values") or {})
    if scen["baseline"].get("inherits") is None and missing:
        fail(f"scenario 'baseline' gives no value for {sorted(missing)}")
    for sname in scen:
        _chain(scen, sname, fail)
    return spec


def _chain(scen: dict, name: str, fail) -> list[str]:
    chain, seen = [], set()
    while name is not None:
        if name in seen:
            fail(f"scenario inheritance loops through {name!r}")
        seen.add(name)
        chain.append(name)
        name = scen[name].get("inherits")
    return chain[::-1]  # root first


def check_value(name: str, value, decl: dict):
    """Check ``value`` against the declaration of parameter ``name`` and return it normalised.

    Raises
    ------
    ParameterError
        Naming the parameter and what was expected.
    """
    typ = decl["type"]

    def bad(expect):
        raise ParameterError(f"parameter {name!r}: expected {expect}, got {value!r}")

    def number(v, what="a number"):
        if isinstance(v, bool) or not isinstance(v, int | float):
            bad(what)
        if isinstance(v, float) and not math.isfinite(v):
            bad("a finite number")
        return v

    def bounds(v):
        unit = f" {decl['unit']}" if decl.get("unit") not in (None, "1") else ""
        if "min" in decl and v < decl["min"]:
            raise ParameterError(f"parameter {name!r}: {v}{unit} is below the minimum {decl['min']}{unit}")
        if "max" in decl and v > decl["max"]:
            raise ParameterError(f"parameter {name!r}: {v}{unit} is above the maximum {decl['max']}{unit}")
        return v

    if typ == "float":
        return bounds(float(number(value)))
    if typ == "int":
        if isinstance(value, bool) or not isinstance(value, int):
            bad("a whole number")
        return bounds(value)
    if typ == "bool":
        if not isinstance(value, bool):
            bad("true or false")
        return value
    if typ == "str":
        if not isinstance(value, str):
            bad("a string")
        if "allowed" in decl and value not in decl["allowed"]:
            raise ParameterError(
                f"parameter {name!r}: {value!r} is not one of {', '.join(map(str, decl['allowed']))}"
            )
        return value
    if typ == "series":
        if not isinstance(value, dict) or not value:
            bad("a mapping of year -> number")
        out = {}
        for year, v in value.items():
            if isinstance(year, str) and year.strip().isdigit():
                year = int(year)  # JSON (report parameters) has only string keys
            if isinstance(year, bool) or not isinstance(year, int):
                bad("whole-number years as keys")
            lo, hi = decl.get("years", [1900, 2200])
            if not lo <= year <= hi:
                raise ParameterError(f"parameter {name!r}: year {year} is outside {lo}-{hi}")
            out[year] = bounds(float(number(v)))
        return dict(sorted(out.items()))
    if typ == "list":
        if not isinstance(value, list):
            bad("a list")
        return [bounds(float(number(v))) if "min" in decl or "max" in decl else v for v in value]
    raise ParameterError(f"parameter {name!r}: unknown type {typ!r}")  # pragma: no cover


def unknown_parameter(model: str, name, params) -> str:
    """The message for a parameter ``name`` that ``model`` does not declare: close matches
    first, then the declared names (``greenimpact scenarios MODEL --parameters`` lists them)."""
    from greenimpact.literals import unknown_name

    return unknown_name("parameter", name, params, context=f"for model {model!r}", max_listed=20,
                        more=f"`greenimpact scenarios {model} --parameters` lists them")


def resolve(model: str, scenario: str = "baseline", overrides: dict | None = None) -> dict[str, Value]:
    """Resolve every parameter of ``model`` for ``scenario``, then apply ``overrides``.

    Returns
    -------
    dict of str to Value
        In declaration order; each :class:`Value` says which scenario (or ``"override"``) set it
        and its source.
    """
    from greenimpact.literals import unknown_name

    spec = load_model_spec(model)
    scen = spec["scenarios"]
    if scenario not in scen:
        raise ScenarioError(unknown_name("scenario", scenario, scen, context=f"for model {model!r}"))
    params = spec["parameters"]
    chosen: dict[str, tuple[str, dict]] = {}
    for sname in _chain(scen, scenario, lambda m: None):
        for pname, entry in (scen[sname].get("values") or {}).items():
            chosen[pname] = (sname, entry)
    out: dict[str, Value] = {}
    for pname, decl in params.items():
        sname, entry = chosen[pname]
        out[pname] = Value(
            name=pname,
            value=check_value(pname, entry["value"], decl),
            source=entry["source"],
            scenario=sname,
            reason=entry.get("reason"),
            note=entry.get("note"),
            low=entry.get("low"),
            high=entry.get("high"),
            unit=decl.get("unit"),
            description=decl.get("description"),
        )
    for pname, value in (overrides or {}).items():
        if pname not in params:
            raise ParameterError(unknown_parameter(model, pname, params))
        out[pname] = Value(
            name=pname,
            value=check_value(pname, value, params[pname]),
            source="override",
            scenario="override",
            reason="set by the user for this run",
            unit=params[pname].get("unit"),
            description=params[pname].get("description"),
        )
    return out


def check_report_parameters(values: dict, *, model: str, rename: dict | None = None,
                            scenario: str = "scenario") -> None:
    """Check a report's parameters against the declarations of ``model`` before any kernel starts.

    ``greenimpact render`` calls this when the manifest names it for a report::

        validate: {function: "greenimpact.scenarios:check_report_parameters", model: transport,
                   rename: {renewable_path: renewable_share_pct}}

    Parameters
    ----------
    values : dict
        The report's parameter values (the notebook's defaults with the manifest's, the params
        file's and ``-p`` values applied).
    model : str
        The model whose declarations apply (``data/scenarios/<model>.yaml``).
    rename : dict, optional
        Notebook parameter name -> model parameter name, where they differ.
    scenario : str
        The notebook parameter that names the model's scenario.

    Raises
    ------
    ParameterError
        Listing every problem: an unknown scenario (with the known ones), and each value that
        breaks its model parameter's declaration (type, bounds with unit, allowed values).
        ``None`` means "keep the scenario's value" and is not checked; notebook parameters that
        are not model parameters are left to the notebook's own declaration.
    """
    spec = load_model_spec(model)
    declared = spec["parameters"]
    rename = dict(rename or {})
    problems = []
    if scenario in values and values[scenario] not in spec["scenarios"]:
        from greenimpact.literals import close_matches

        close = close_matches(values[scenario], spec["scenarios"]) if isinstance(values[scenario], str) else []
        hint = f"; did you mean {' or '.join(map(repr, close))}?" if close else ""
        problems.append(
            f"parameter {scenario!r}: {values[scenario]!r} is not a scenario of model {model!r}{hint} "
            f"(scenarios: {', '.join(spec['scenarios'])})"
        )
    for name, value in values.items():
        target = rename.get(name, name)
        if name == scenario or value is None or target not in declared:
            continue
        try:
            check_value(target, value, declared[target])
        except ParameterError as exc:
            note = f" (model parameter {target!r} of {model!r})" if target != name else ""
            problems.append(str(exc).replace(f"parameter {target!r}", f"parameter {name!r}", 1) + note)
    if problems:
        raise ParameterError("; ".join(problems))


def interpolate(series: dict[int, float], years):
    """Linear interpolation of a year -> value mapping at ``years``, flat outside its range.

    >>> interpolate({2025: 1.5, 2030: 1.3}, [2020, 2025, 2027, 2035]).round(2).tolist()
    [1.5, 1.5, 1.42, 1.3]
    """
    import numpy as np

    xs = np.array(sorted(series), dtype=float)
    ys = np.array([series[k] for k in sorted(series)], dtype=float)
    return np.interp(np.asarray(years, dtype=float), xs, ys)
