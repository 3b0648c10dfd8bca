"""Statistical evaluation of measured effects (statsmodels/numpy), one module per design.

* :func:`difference_in_differences` (``stats.did``) — treated vs control, before vs after, with
  unit and period fixed effects and, with few clusters, the wild cluster bootstrap;
  :func:`event_study` — leads and lags with a joint pre-trend test.
* :func:`interrupted_time_series` (``stats.its``) — segmented regression with HAC errors and
  critical values simulated under the fitted AR(1) noise.
* :func:`panel_fixed_effects` (``stats.panel``) — two-way fixed effects (warns on staggered
  adoption).
* :func:`callaway_santanna`, :func:`bacon_decomposition` (``stats.staggered``) — staggered
  adoption with effects that change over time, and the weights TWFE gives each comparison.
* ``stats.bootstrap`` — multiplier weights and the restricted wild cluster bootstrap.

Each estimator returns its design diagnostics (clusters, treated clusters, pre-periods,
autocorrelation, the interval method) and refuses, with a message that says why, designs where
its interval cannot be trusted. statsmodels is imported only when one of them is called.
"""

from __future__ import annotations

import importlib

_FUNCTIONS = {
    "bacon_decomposition": "staggered",
    "callaway_santanna": "staggered",
    "difference_in_differences": "did",
    "event_study": "did",
    "interrupted_time_series": "its",
    "panel_fixed_effects": "panel",
}

__all__ = sorted(_FUNCTIONS)


def __getattr__(name):
    if name in _FUNCTIONS:
        return getattr(importlib.import_module(f"greenimpact.stats.{_FUNCTIONS[name]}"), name)
    raise AttributeError(f"module 'greenimpact.stats' has no attribute {name!r}")
