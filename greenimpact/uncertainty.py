"""Drawing parameter values from the ranges in the scenario files.

Every uncertain scenario value carries ``low`` and ``high`` (see :mod:`greenimpact.scenarios`);
it is drawn from a triangular distribution with its scenario value as the mode. One sampler
serves the sector models' own uncertainty figures and the net-impact Monte Carlo
(:mod:`greenimpact.impact`), so all of them draw the same way.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["PERCENTILES", "Ranges", "band", "draw", "ranges", "sample", "triangular"]

#: percentiles every uncertainty band reports (5 %, median, 95 %)
PERCENTILES = (5, 50, 95)


@dataclass
class Ranges:
    """Uncertain parameters: names and their (low, mode, high)."""

    names: list[str]
    low: np.ndarray
    mode: np.ndarray
    high: np.ndarray


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


def triangular(u, low, mode, high):
    """Inverse CDF of triangular distributions, vectorised over the rows (parameters) of ``u``.

    Works in the dtype of ``u`` and reuses its memory.

    Examples
    --------
    >>> triangular(np.array([[0.0, 0.5, 1.0]]), [1.0], [2.0], [3.0]).tolist()
    [[1.0, 2.0, 3.0]]
    """
    dt = u.dtype
    low, mode, high = (np.asarray(a, dtype=dt).reshape(-1)[:, None] for a in (low, mode, high))
    width = high - low
    left_mask = u < (mode - low) / width
    left = np.multiply(u, width * (mode - low))
    np.sqrt(left, out=left)
    left += low
    right = np.subtract(1, u, out=u)
    right *= width * (high - mode)
    np.sqrt(right, out=right)
    np.subtract(high, right, out=right)
    return np.where(left_mask, left, right)


def sample(base: dict, rngs: Ranges, rng, n: int, *, dtype=np.float64, column: bool = False) -> dict:
    """``base`` with every parameter of ``rngs`` replaced by ``n`` triangular draws.

    With ``column=True`` the draws have shape ``(n, 1)``, to broadcast against a vector of years.
    """
    out = dict(base)
    if not rngs.names:
        return out
    values = triangular(rng.random((len(rngs.names), n), dtype=dtype), rngs.low, rngs.mode, rngs.high)
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
