"""The one door for scripts and notebooks: ``greenimpact.run(model, scenario, **overrides)``.

Models are registered by their scenario file ``data/scenarios/<model>.yaml`` (see
:mod:`greenimpact.scenarios`), whose ``entry`` names the function that computes the model::

    def run(params: dict, *, scenario: str) -> pandas.DataFrame   # IAMC records

The function gets the validated parameter values as a :class:`greenimpact.scenarios.Params`
(a dict of plain values that also carries each value's provenance) and returns IAMC records; ``run``
sets ``model`` to ``greenimpact <model>`` (``greenimpact compute``; the same in ``run``, ``export``
and the command line), fills ``scenario`` when missing and validates the frame against the code
list, so every model's results share one contract.
"""

from __future__ import annotations

import importlib

from greenimpact.scenarios import (
    ParameterError,
    ScenarioError,
    load_model_spec,
    model_names,
    resolve,
    values,
)

__all__ = ["ParameterError", "ScenarioError", "export", "model_label", "models", "parameters", "run", "scenarios"]


def model_label(model: str) -> str:
    """The ``model`` column of ``model``'s results: ``greenimpact <model>``."""
    return f"greenimpact {model}"


def models() -> list[str]:
    """Names of the registered models."""
    return model_names()


def _entry(model: str):
    spec = load_model_spec(model)
    module_name, attr = spec["entry"].split(":")
    return getattr(importlib.import_module(module_name), attr)


def run(model: str, scenario: str = "baseline", **overrides):
    """Run ``model`` for a named ``scenario`` with optional parameter ``overrides``.

    Parameters
    ----------
    model : str
        A registered model (:func:`models`), e.g. ``"compute"``.
    scenario : str
        A named scenario of that model (:func:`scenarios`).
    **overrides
        Parameter values that replace the scenario's; checked against the parameter's
        declaration (type, unit bounds, allowed values) exactly like the scenario file.

    Returns
    -------
    pandas.DataFrame
        IAMC long frame (``model, scenario, region, variable, unit, year, value``); ``model``
        is ``greenimpact <model>`` (e.g. ``greenimpact compute``), as in :func:`export`.

    Raises
    ------
    ScenarioError
        Unknown model or scenario (with close matches). The model name is checked against the
        registered models before any file is read or module imported.
    ParameterError
        Unknown parameter name or invalid value; the message names the parameter.
    """
    from greenimpact import results

    frame = _entry(model)(values(model, scenario, overrides), scenario=scenario)
    frame = frame.assign(model=model_label(model))
    if "scenario" not in frame:
        frame = frame.assign(scenario=scenario)
    return results.validate(frame)


def scenarios(model: str | None = None):
    """Named scenarios with their one-line descriptions (of one model or all)."""
    import pandas as pd

    rows = []
    for name in [model] if model else model_names():
        spec = load_model_spec(name)
        for sname, body in spec["scenarios"].items():
            rows.append(
                {
                    "model": name,
                    "scenario": sname,
                    "inherits": body.get("inherits") or "",
                    "description": " ".join(str(body["description"]).split()),
                }
            )
    return pd.DataFrame(rows, columns=["model", "scenario", "inherits", "description"])


def parameters(model: str, scenario: str = "baseline", **overrides):
    """Every parameter value of a scenario with its unit, range and source (the report's list of
    assumptions). Sources are catalogue ids, ``assumption`` (with the reason) or ``override``."""
    import pandas as pd

    rows = []
    for v in resolve(model, scenario, overrides).values():
        rows.append(
            {
                "parameter": v.name,
                "value": v.value,
                "unit": v.unit or "",
                "low": v.low,
                "high": v.high,
                "source": v.source,
                "set_in": v.scenario,
                "reason_or_note": v.reason or v.note or "",
                "description": v.description or "",
            }
        )
    return pd.DataFrame(rows)


def export(path=None, *, models_: list[str] | None = None, progress=None):
    """Every named scenario of every model as one IAMC table; optionally written to ``path``.

    The ``model`` column names the greenimpact model (``greenimpact compute``, ``greenimpact
    steel`` ...; the same as :func:`run`), so (model, scenario) pairs stay unique across models
    whose scenarios share a name. The format follows the extension of ``path``
    (:func:`greenimpact.results.write_table`: ``.csv``, ``.xlsx`` with a ``data`` sheet, the
    layout pyam reads, or ``.parquet`` with pyarrow); the path is checked before any model runs
    and the file is written atomically.

    Parameters
    ----------
    path : str or path-like, optional
    models_ : list of str, optional
        Restrict to these models (default: all).
    progress : callable, optional
        Called with ``(model, scenario)`` before each run.

    Returns
    -------
    pandas.DataFrame
        Long IAMC frame (``model, scenario, region, variable, unit, year, value``).

    Raises
    ------
    ScenarioError
        An unknown model (with close matches).
    greenimpact.fileio.OutputPathError
        ``path`` cannot be written (see :func:`greenimpact.results.check_table_path`).
    """
    import pandas as pd

    from greenimpact import results
    from greenimpact.scenarios import check_model_name

    names = [check_model_name(name) for name in (models_ or models())]
    if path is not None:
        results.check_table_path(path)
    frames = []
    for name in names:
        for scen in load_model_spec(name)["scenarios"]:
            if progress is not None:
                progress(name, scen)
            frames.append(run(name, scen))
    table = pd.concat(frames, ignore_index=True)[results.IAMC_COLUMNS]
    if path is not None:
        results.write_table(table, path)
    return table
