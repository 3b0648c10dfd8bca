"""Seeded simulated designs with known effects, for the tests and the coverage study.

Each generator returns a frame in the shape the estimators take and, where the truth is not a
constant, the true average effect. ``benchmarks/bench_coverage.py`` runs the estimators on
them hundreds of times; ``tests/stats`` a few dozen times.

>>> df = did_panel(0, n_treated=2, n_control=2, periods=(3, 3))
>>> len(df), int(df["treated"].sum())
(24, 12)
"""

from __future__ import annotations

import numpy as np

__all__ = ["EFFECT", "did_panel", "its_series", "staggered_panel"]

#: True effect of :func:`did_panel` [outcome units].
EFFECT = -5.0


def did_panel(seed, n_treated, n_control, periods=(10, 10), rho=0.5, drop_busiest=0):
    """A difference-in-differences panel with true effect :data:`EFFECT`.

    Parameters
    ----------
    seed : int
        Seed of ``numpy.random.default_rng``.
    n_treated, n_control : int
        Treated and control units (each its own cluster).
    periods : tuple of int
        Periods before and after the common intervention.
    rho : float
        AR(1) coefficient of the noise within a unit (innovation sd 2).
    drop_busiest : int
        Treated units with the highest level that lose their post-period (an unbalanced panel
        whose composition changes with treatment).

    Returns
    -------
    pandas.DataFrame
        ``unit, period, treated, post, y``; unit levels N(50, 8), common period shocks N(0, 1).
    """
    import pandas as pd

    rng = np.random.default_rng(seed)
    n_units, n_pre, n_post = n_treated + n_control, *periods
    n_t = n_pre + n_post
    level = rng.normal(50, 8, n_units)
    treated = np.arange(n_units) < n_treated
    shock = rng.normal(0, 1.0, n_t)
    e = np.empty((n_units, n_t))
    e[:, 0] = rng.normal(0, 2 / np.sqrt(1 - rho**2), n_units)
    for t in range(1, n_t):
        e[:, t] = rho * e[:, t - 1] + rng.normal(0, 2, n_units)
    post = np.arange(n_t) >= n_pre
    y = level[:, None] + shock[None, :] + e + EFFECT * (treated[:, None] & post[None, :])
    u, t = np.meshgrid(np.arange(n_units), np.arange(n_t), indexing="ij")
    df = pd.DataFrame({"unit": u.ravel(), "period": t.ravel(), "treated": treated[u].ravel(),
                       "post": post[t].ravel(), "y": y.ravel()})
    if drop_busiest:
        busiest = np.argsort(-np.where(treated, level, -np.inf))[:drop_busiest]
        df = df[~(df["unit"].isin(busiest) & df["post"])]
    return df.reset_index(drop=True)


def staggered_panel(seed, n_units=60, n_t=10, dynamic=True, cohorts=(3, 5, 7, 0)):
    """A balanced staggered-adoption panel.

    Parameters
    ----------
    seed : int
    n_units, n_t : int
        Units (assigned to ``cohorts`` in turn) and periods 1..n_t.
    dynamic : bool
        Effect 0.1 x (periods since adoption + 1) if True, else a constant 0.3.
    cohorts : tuple of int
        First treated period of each cohort; 0 = never treated.

    Returns
    -------
    (pandas.DataFrame, float)
        ``unit, period, first, d, y`` (unit effects N(0, 1), trend 0.1/period, noise sd 0.3) and
        the true average effect over treated observations.
    """
    import pandas as pd

    rng = np.random.default_rng(seed)
    g = np.asarray(cohorts)[np.arange(n_units) % len(cohorts)]
    u, t = np.meshgrid(np.arange(n_units), np.arange(1, n_t + 1), indexing="ij")
    first = g[u]
    d = (first > 0) & (t >= first)
    eff = np.where(d, 0.1 * (t - first + 1) if dynamic else 0.3, 0.0)
    y = rng.normal(0, 1, n_units)[u] + 0.1 * t + eff + rng.normal(0, 0.3, u.shape)
    df = pd.DataFrame({"unit": u.ravel(), "period": t.ravel(), "first": first.ravel(),
                       "d": d.ravel().astype(int), "y": y.ravel()})
    return df, float(eff[d].mean())


def its_series(seed, n, rho, level=-1.0, slope=-0.05):
    """Monthly series of ``n`` points, trend 0.1/month, AR(1) noise (innovation sd 1), the
    intervention at the middle with ``level`` and ``slope`` changes; returns (frame, intervention)."""
    import pandas as pd

    rng = np.random.default_rng(seed)
    e = np.empty(n)
    e[0] = rng.normal() / np.sqrt(1 - rho**2)
    for i in range(1, n):
        e[i] = rho * e[i - 1] + rng.normal()
    t = np.arange(n)
    t0 = n // 2
    y = 0.1 * t + level * (t >= t0) + slope * np.maximum(t - t0, 0) + e
    months = pd.period_range("2019-01", periods=n, freq="M")
    return pd.DataFrame({"month": months, "y": y}), str(months[t0])
