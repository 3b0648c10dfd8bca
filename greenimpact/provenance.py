"""Provenance shown in every report: package version, parameters and the data it read."""

from __future__ import annotations

__all__ = ["collect", "table"]


def collect(parameters: dict | None = None) -> dict:
    """What a result depends on: greenimpact version, parameters and data-file hashes.

    Only stable facts are included (no timestamps, paths or host names), so a notebook that
    shows this stays byte-identical when nothing it depends on changed.
    """
    import greenimpact
    from greenimpact import data

    return {
        "greenimpact": greenimpact.__version__,
        "parameters": dict(parameters or {}),
        "data_files": {k: v[:12] for k, v in data.file_hashes().items()},
    }


def table(parameters: dict | None = None):
    """:func:`collect` as a two-column DataFrame (item, value) for display in a notebook."""
    import pandas as pd

    info = collect(parameters)
    rows = [("greenimpact version", info["greenimpact"])]
    rows += [(f"parameter {k}", repr(v)) for k, v in info["parameters"].items()]
    rows += [(f"data/{k}", f"sha256 {v}") for k, v in info["data_files"].items()]
    return pd.DataFrame(rows, columns=["item", "value"])
