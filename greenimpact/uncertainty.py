"""Drawing parameter values from the ranges in the scenario files.

Every uncertain scenario value carries ``low`` and ``high`` (see :mod:`greenimpact.scenarios`);
it is drawn from a two-piece triangular distribution whose mode and median are the scenario
value (:func:`median_triangular`) -- in log space where the range spans a factor of two or more
(:func:`inverse_cdf`) -- so the scenario value is the central draw and a deterministic run sits
in the middle of the Monte Carlo. One sampler
serves the sector models' own uncertainty figures and the net-impact Monte Carlo
(:mod:`greenimpact.impact`), so all of them draw the same way.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["LOG_FACTOR", "PERCENTILES", "Ranges", "band", "draw", "inverse_cdf", "log_scaled",
           "median_triangular", "ranges", "sample"]

#: percentiles every uncertainty band reports (5 %, median, 95 %)
PERCENTILES = (5, 50, 95)


@dataclass
class Ranges:
    """Uncertain parameters: names, their (low, mode, high) and whether each is drawn in log space.

    A positive range spanning a factor of :data:`LOG_FACTOR` or more (e.g. 2-6-20 servers) is an
    order-of-magnitude uncertainty: it is drawn in log space (see :func:`inverse_cdf`), so that
    products of such parameters (devices x power x hours) keep the product of the scenario values
    as their median instead of drifting to the upper tail.
    """

    names: list[str]
    low: np.ndarray
    mode: np.ndarray
    high: np.ndarray
    log: np.ndarray | None = None

    def __post_init__(self):
        if self.log is None:
            self.log = log_scaled(self.low, self.high)


#: ranges whose high / low reaches this factor (with low > 0) are drawn in log space
LOG_FACTOR = 2.0


def log_scaled(low, high) -> np.ndarray:
    """Which ranges are drawn in log space: ``low > 0`` and ``high / low >= LOG_FACTOR``."""
    low, high = np.asarray(low, dtype=float), np.asarray(high, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return (low > 0) & (high >= LOG_FACTOR * low)


def ranges(values: dict, *, include=None, skip_overrides: bool = True) -> Ranges:
    """The numeric parameters of resolved scenario ``values`` that carry a range (low < high).

    Parameters
    ----------
    values : dict of greenimpact.scenarios.Value
        Output of :func:`greenimpact.scenarios.resolve`.
    include : callable, optional
        ``include(name) -> bool`` restricts the parameters considered.
    skip_overrides : bool
        Overridden values are held fixed (a sweep over one parameter keeps it exact).
    """
    values = getattr(values, "provenance", values)
    names, lo, mo, hi = [], [], [], []
    for name, v in values.items():
        if include is not None and not include(name):
            continue
        if isinstance(v.value, bool) or not isinstance(v.value, int | float):
            continue
        if skip_overrides and v.source == "override":
            continue
        if v.low is None or v.high is None or not float(v.low) < float(v.high):
            continue
        names.append(name)
        lo.append(float(v.low))
        mo.append(min(max(float(v.value), float(v.low)), float(v.high)))
        hi.append(float(v.high))
    return Ranges(names, np.array(lo), np.array(mo), np.array(hi))


def median_triangular(u, low, mid, high):
    r"""Inverse CDF of the two-piece triangular distribution whose mode *and median* are ``mid``.

    Half the probability lies on each side of the scenario value: the left piece rises linearly
    from ``low`` to ``mid``, the right piece falls linearly from ``mid`` to ``high``, each with
    mass 1/2. So the scenario value is the median of its draws, and a deterministic run at the
    scenario values sits in the middle of the Monte Carlo (a plain triangular distribution puts
    its median away from the mode whenever the range is lopsided, e.g. 2-4-20).

    .. math::

        x(u) = \begin{cases} a + (m - a)\sqrt{2u} & u < 1/2 \\
                              b - (b - m)\sqrt{2(1 - u)} & u \ge 1/2 \end{cases}

    with low :math:`a`, scenario value :math:`m`, high :math:`b`. Mean
    :math:`m + ((b - m) - (m - a))/6`. Where the value sits at a bound (e.g. an effect of 0 in
    0-15 %), half the draws take that bound.

    Works in the dtype of ``u`` (rows are parameters) and reuses its memory.

    Examples
    --------
    >>> median_triangular(np.array([[0.0, 0.125, 0.5, 0.875, 1.0]]), [2.0], [4.0], [20.0]).tolist()
    [[2.0, 3.0, 4.0, 12.0, 20.0]]
    """
    dt = u.dtype
    low, mid, high = (np.asarray(a, dtype=dt).reshape(-1)[:, None] for a in (low, mid, high))
    left_mask = u < 0.5
    left = np.multiply(u, 2, dtype=dt)
    np.sqrt(left, out=left)
    left *= mid - low
    left += low
    right = np.subtract(1, u, out=u)
    right *= 2
    np.sqrt(right, out=right)
    right *= high - mid
    np.subtract(high, right, out=right)
    return np.where(left_mask, left, right)


def inverse_cdf(u, low, mid, high, log=None):
    r"""Draws from uniform numbers ``u`` (rows are parameters): :func:`median_triangular`, in log
    space where ``log`` is true.

    In log space the two-piece triangle runs over :math:`[\ln a, \ln m, \ln b]`, so the scenario
    value :math:`m` stays the median, and a value at the geometric centre of its range
    (:math:`m = \sqrt{ab}`) is drawn symmetrically in ratio terms (as likely half as double).

    Examples
    --------
    >>> inverse_cdf(np.array([[0.0, 0.5, 1.0]]), [2.0], [6.0], [20.0], [True]).round(6).tolist()
    [[2.0, 6.0, 20.0]]
    """
    low, mid, high = (np.asarray(a, dtype=float).reshape(-1) for a in (low, mid, high))
    log = log_scaled(low, high) if log is None else np.asarray(log, dtype=bool).reshape(-1)
    if not log.any():
        return median_triangular(u, low, mid, high)
    t = np.log(np.where(log[:, None], np.stack([low, mid, high], axis=1), 1.0))
    lo_, mi_, hi_ = (np.where(log, t[:, i], x) for i, x in enumerate((low, mid, high)))
    out = median_triangular(u, lo_, mi_, hi_)
    out[log] = np.exp(out[log])
    return out


def sample(base: dict, rngs: Ranges, rng, n: int, *, dtype=np.float64, column: bool = False) -> dict:
    """``base`` with every parameter of ``rngs`` replaced by ``n`` draws (:func:`inverse_cdf`).

    With ``column=True`` the draws have shape ``(n, 1)``, to broadcast against a vector of years.
    """
    out = dict(base)
    if not rngs.names:
        return out
    values = inverse_cdf(rng.random((len(rngs.names), n), dtype=dtype), rngs.low, rngs.mode, rngs.high, rngs.log)
    for name, row in zip(rngs.names, values, strict=True):
        out[name] = row[:, None] if column else row
    return out


def draw(values: dict, draws: int, seed: int, *, column: bool = False) -> dict:
    """Parameter dict for a model: ``draws`` seeded draws of every ranged value, the rest fixed.

    Parameters
    ----------
    values : greenimpact.scenarios.Params or dict of greenimpact.scenarios.Value
        Output of :func:`greenimpact.scenarios.values` or :func:`~greenimpact.scenarios.resolve`
        (overridden values stay fixed).
    draws, seed : int
        Number of draws and the seed.
    column : bool
        Shape ``(draws, 1)`` instead of ``(draws,)``.
    """
    if isinstance(draws, bool) or not isinstance(draws, int | np.integer) or draws < 1:
        raise ValueError(f"draws must be a whole number >= 1, got {draws!r}")
    values = getattr(values, "provenance", values)
    base = {k: v.value for k, v in values.items()}
    return sample(base, ranges(values), np.random.default_rng(seed), int(draws), column=column)


def band(draws, *, central=None, years=None, percentiles=PERCENTILES):
    """Summary of Monte Carlo draws: one row per year and term, the same shape for every model.

    Parameters
    ----------
    draws : dict of str to array_like
        Term -> draws, shape ``(n,)`` (one year) or ``(n, len(years))``; NaN and infinite draws
        are left out of the mean and percentiles (and count as not positive).
    central : dict of str to array_like, optional
        Term -> the value with every parameter at its scenario value (scalar or one per year).
    years : array_like of int, optional
        The years of the draws' columns (default: a single year ``None``).
    percentiles : tuple of int
        Reported as columns ``p05``, ``p50``, ``p95`` ...

    Returns
    -------
    pandas.DataFrame
        ``year, term, central, mean, p05, p50, p95, prob_positive`` (share of draws > 0 [-]),
        ordered by term then year; ``attrs["draws"]`` is the number of draws.

    Examples
    --------
    >>> b = band({"net_mt": np.array([[1.0, 2.0], [3.0, 4.0], [5.0, -6.0]])}, years=[2025, 2030])
    >>> b[["year", "term", "p50", "prob_positive"]].to_dict("records")[0]
    {'year': 2025, 'term': 'net_mt', 'p50': 3.0, 'prob_positive': 1.0}
    """
    import pandas as pd

    yrs = [None] if years is None else [int(y) for y in np.atleast_1d(years)]
    rows, n = [], None
    for term, values in draws.items():
        a = np.asarray(values)
        a = a.reshape(a.shape[0], -1) if a.ndim else a.reshape(1, 1)
        if a.shape[1] == 1 and len(yrs) > 1:
            a = np.broadcast_to(a, (a.shape[0], len(yrs)))
        if a.shape[1] != len(yrs):
            raise ValueError(f"draws of {term!r} have {a.shape[1]} columns for {len(yrs)} years")
        if n is not None and a.shape[0] != n:
            raise ValueError(f"draws of {term!r} number {a.shape[0]}, the others {n}")
        n = a.shape[0]
        mid = None
        if central is not None and term in central:
            mid = np.broadcast_to(np.asarray(central[term], dtype=float).reshape(-1), (len(yrs),))
        for j, year in enumerate(yrs):
            col = a[:, j]
            finite = col[np.isfinite(col)]
            row = {"year": year, "term": term, "central": float(mid[j]) if mid is not None else np.nan,
                   "mean": float(finite.mean(dtype=np.float64)) if finite.size else np.nan}
            pcts = np.percentile(finite, percentiles) if finite.size else [np.nan] * len(percentiles)
            for p, v in zip(percentiles, pcts, strict=True):
                row[f"p{p:02d}"] = float(v)
            row["prob_positive"] = float(np.mean(col > 0))
            rows.append(row)
    cols = ["year", "term", "central", "mean", *(f"p{p:02d}" for p in percentiles), "prob_positive"]
    out = pd.DataFrame(rows, columns=cols)
    out.attrs["draws"] = n
    return out
