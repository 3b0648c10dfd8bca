"""Drawing parameter values from the ranges in the scenario files.

Every uncertain scenario value carries ``low`` and ``high`` (see :mod:`greenimpact.scenarios`);
it is drawn from a triangular distribution with its scenario value as the mode. One sampler
serves the sector models' own uncertainty figures and the net-impact Monte Carlo
(:mod:`greenimpact.impact`), so all of them draw the same way.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["Ranges", "draw", "ranges", "sample", "triangular"]


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


def draw(values: dict, n: int, seed: int, *, column: bool = False) -> dict:
    """Parameter dict for a model: ``n`` seeded draws of every ranged value, the rest fixed.

    Parameters
    ----------
    values : dict of greenimpact.scenarios.Value
        Output of :func:`greenimpact.scenarios.resolve` (overridden values stay fixed).
    n, seed : int
    column : bool
        Shape ``(n, 1)`` instead of ``(n,)``.
    """
    if n < 1:
        raise ValueError(f"n must be >= 1, got {n}")
    base = {k: v.value for k, v in values.items()}
    return sample(base, ranges(values), np.random.default_rng(seed), n, column=column)
