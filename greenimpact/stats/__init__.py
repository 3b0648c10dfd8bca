"""Statistical evaluation of measured effects (statsmodels), one module per design.

* :func:`difference_in_differences` (``stats.did``) — treated vs control, before vs after.
* :func:`interrupted_time_series` (``stats.its``) — segmented regression with HAC errors.
* :func:`panel_fixed_effects` (``stats.panel``) — two-way fixed effects, staggered adoption.

statsmodels is imported only when one of them is called.
"""

from __future__ import annotations

import importlib

_FUNCTIONS = {
    "difference_in_differences": "did",
    "interrupted_time_series": "its",
    "panel_fixed_effects": "panel",
}

__all__ = sorted(_FUNCTIONS)


def __getattr__(name):
    if name in _FUNCTIONS:
        return getattr(importlib.import_module(f"greenimpact.stats.{_FUNCTIONS[name]}"), name)
    raise AttributeError(f"module 'greenimpact.stats' has no attribute {name!r}")
