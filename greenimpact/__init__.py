"""greenimpact: is green computing paying off?

Models the electricity and carbon footprint of computing infrastructure, the decarbonisation that
computing enables in other sectors, and the net of the two, with every default number traceable to
a source in ``data/catalogue.yaml``.

``import greenimpact`` is kept light: pandas, statsmodels, seaborn and papermill are imported by
the submodules that need them, when they are first used.
"""

from __future__ import annotations

import importlib

try:
    from importlib.metadata import version as _version

    __version__ = _version("greenimpact")
except Exception:  # pragma: no cover - running from a source tree without installation
    __version__ = "0.0.0+unknown"

__all__ = ["__version__", "data", "units", "results", "plots", "run", "scenarios"]

_SUBMODULES = {
    "uncertainty",
    "api",
    "data",
    "units",
    "results",
    "render",
    "plots",
    "provenance",
    "scenarios",
    "stats",
    "views",
    "compute",
    "sectors",
    "impact",
}


def __getattr__(name):
    if name in _SUBMODULES:
        return importlib.import_module(f"greenimpact.{name}")
    if name == "run":
        from greenimpact.api import run

        return run
    raise AttributeError(f"module 'greenimpact' has no attribute {name!r}")
