"""One home for the input checks of every model function.

Every equation module validates its array arguments with these functions, so bad input is
refused the same way everywhere: a :class:`ValueError` whose message names the argument, the
expectation with its unit, the first offending value and its position::

    flow_vph must be >= 0 veh/h, got -5 (first at position 2)
    renewable_share_pct must be <= 100 %, got 120 (scalar input)
    pue must not contain NaN (first at position (1, 0))

The functions return the input as a float :class:`numpy.ndarray` (broadcasting is left to the
caller) and import nothing but numpy, so equation modules stay light.

Examples
--------
>>> number([1.0, 2.0], "cycle_s", low=0, low_open=True, unit="s").tolist()
[1.0, 2.0]
>>> number([1.0, -2.0], "cycle_s", low=0, low_open=True, unit="s")
Traceback (most recent call last):
...
ValueError: cycle_s must be > 0 s, got -2 (first at position 1)
"""

from __future__ import annotations

import numpy as np

__all__ = [
    "at_most",
    "fractions",
    "integer",
    "like",
    "nonnegative",
    "number",
    "position",
    "positive",
    "share",
]


def position(mask) -> str:
    """Where the first ``True`` of ``mask`` is, for an error message.

    >>> position(np.array([False, True, True]))
    'first at position 1'
    >>> position(np.array(True))
    'scalar input'
    """
    mask = np.asarray(mask)
    if mask.ndim == 0:
        return "scalar input"
    idx = np.unravel_index(int(np.argmax(mask)), mask.shape)
    return f"first at position {int(idx[0]) if len(idx) == 1 else tuple(int(i) for i in idx)}"


def _unit(unit: str | None) -> str:
    return f" {unit}" if unit and unit != "1" else ""


def number(value, name: str, *, unit: str | None = None, low=None, high=None,
           low_open: bool = False, high_open: bool = False, finite: bool = True) -> np.ndarray:
    """``value`` as a float array, checked; :class:`ValueError` naming ``name`` otherwise.

    Parameters
    ----------
    value : array_like
        The argument to check (scalar, sequence, numpy array or pandas object).
    name : str
        The argument's name, as the caller spells it (e.g. ``"flow_vph"``).
    unit : str, optional
        Unit shown after a bound in the message (e.g. ``"veh/h"``, ``"%"``).
    low, high : float, optional
        Bounds; inclusive unless ``low_open`` / ``high_open``.
    low_open, high_open : bool
        Make the bound exclusive (``> low`` / ``< high``).
    finite : bool
        Refuse NaN and infinities (default). With ``False`` only NaN is refused.

    Returns
    -------
    numpy.ndarray
        ``value`` as float.

    Raises
    ------
    ValueError
        Non-numeric input, NaN, infinities (with ``finite``), or a value outside the bounds;
        the message names the argument, the bound with its unit, the first offending value
        and its position.
    """
    try:
        a = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be numeric, got {value!r}") from None
    nan = np.isnan(a)
    if np.any(nan):
        raise ValueError(f"{name} must not contain NaN ({position(nan)})")
    if finite:
        inf = np.isinf(a)
        if np.any(inf):
            raise ValueError(f"{name} must be finite, got {a[inf].flat[0]:g} ({position(inf)})")
    u = _unit(unit)
    if low is not None:
        bad = a <= low if low_open else a < low
        if np.any(bad):
            op = ">" if low_open else ">="
            raise ValueError(f"{name} must be {op} {low:g}{u}, got {a[bad].flat[0]:g} ({position(bad)})")
    if high is not None:
        bad = a >= high if high_open else a > high
        if np.any(bad):
            op = "<" if high_open else "<="
            raise ValueError(f"{name} must be {op} {high:g}{u}, got {a[bad].flat[0]:g} ({position(bad)})")
    return a


def nonnegative(value, name: str, unit: str | None = None) -> np.ndarray:
    """``value`` checked to be numeric and ``>= 0`` (see :func:`number`)."""
    return number(value, name, unit=unit, low=0)


def positive(value, name: str, unit: str | None = None) -> np.ndarray:
    """``value`` checked to be numeric and ``> 0`` (see :func:`number`)."""
    return number(value, name, unit=unit, low=0, low_open=True)


def share(value, name: str, *, fraction: bool = False) -> np.ndarray:
    """A share: within 0-100 [%], or within 0-1 with ``fraction=True``.

    >>> share(1.5, "utilisation", fraction=True)
    Traceback (most recent call last):
    ...
    ValueError: utilisation must be <= 1 (a fraction, not a percentage), got 1.5 (scalar input)
    """
    if fraction:
        return number(value, name, low=0, high=1, unit="(a fraction, not a percentage)")
    return number(value, name, low=0, high=100, unit="%")


def fractions(value, name: str, *, axis: int = -1, atol: float = 1e-6, along: str = "the last axis") -> np.ndarray:
    """Fractions within [0, 1] that sum to 1 along ``axis`` (e.g. a route or technology mix).

    >>> fractions([[0.5, 0.5], [0.9, 0.2]], "route_share")
    Traceback (most recent call last):
    ...
    ValueError: route_share must sum to 1 along the last axis, got 1.1 (first at position 1)
    """
    a = share(value, name, fraction=True)
    total = a.sum(axis=axis)
    bad = ~np.isclose(total, 1.0, rtol=0.0, atol=atol)
    if np.any(bad):
        raise ValueError(
            f"{name} must sum to 1 along {along}, got {np.asarray(total)[bad].flat[0]:.6g} ({position(bad)})"
        )
    return a


def integer(value, name: str, *, low=None) -> np.ndarray:
    """Whole numbers (ints, or floats without a fraction), optionally ``>= low``."""
    a = number(value, name, low=low)
    frac = a != np.round(a)
    if np.any(frac):
        raise ValueError(f"{name} must be a whole number, got {a[frac].flat[0]:g} ({position(frac)})")
    return a


def at_most(value, name: str, limit, limit_name: str, unit: str | None = None) -> None:
    """Refuse ``value > limit`` elementwise (e.g. green time longer than the cycle).

    >>> at_most([30, 50], "green_s", [60, 40], "cycle_s", "s")
    Traceback (most recent call last):
    ...
    ValueError: green_s must not exceed cycle_s, got green_s = 50 s with cycle_s = 40 s (first at position 1)
    """
    v, lim = np.broadcast_arrays(np.asarray(value, dtype=float), np.asarray(limit, dtype=float))
    bad = v > lim
    if np.any(bad):
        u = _unit(unit)
        raise ValueError(
            f"{name} must not exceed {limit_name}, got {name} = {v[bad].flat[0]:g}{u} with "
            f"{limit_name} = {lim[bad].flat[0]:g}{u} ({position(bad)})"
        )


def like(result, *inputs):
    """``result`` as a pandas Series with the index of the first Series among ``inputs``.

    Equation functions compute on numpy arrays; this hands a Series back to a caller who passed
    one, without importing pandas otherwise.
    """
    for x in inputs:
        if getattr(x, "ndim", None) == 1 and hasattr(x, "index") and hasattr(x, "to_numpy"):
            import pandas as pd

            return pd.Series(np.asarray(result, dtype=float), index=x.index)
    return result
