"""Provenance shown in every report: package version, parameters and the inputs it read."""

from __future__ import annotations

__all__ = ["collect", "table"]


def collect(parameters: dict | None = None) -> dict:
    """What a result depends on: greenimpact version, parameters and the inputs read so far.

    Inputs are the data files, the catalogue entries of the datasets loaded and the scenario
    files read in this process (:func:`greenimpact.data.inputs_read`), so call this at the end
    of a notebook. Only stable facts are included (no timestamps, absolute paths or host
    names): a notebook showing this stays byte-identical when nothing it depends on changed,
    and changes when one of its own inputs does.
    """
    import greenimpact
    from greenimpact import data

    return {
        "greenimpact": greenimpact.__version__,
        "parameters": dict(parameters or {}),
        "inputs": {k: v[:12] for k, v in data.inputs_read().items()},
    }


def table(parameters: dict | None = None):
    """:func:`collect` as a two-column DataFrame (item, value) for display in a notebook."""
    import pandas as pd

    info = collect(parameters)
    rows = [("greenimpact version", info["greenimpact"])]
    rows += [(f"parameter {k}", repr(v)) for k, v in info["parameters"].items()]
    rows += [(f"input {k}", f"sha256 {v}") for k, v in info["inputs"].items()]
    return pd.DataFrame(rows, columns=["item", "value"])
