"""Units: one pint registry for the whole package.

Every unit string in ``data/`` and in result frames must parse with :data:`ureg`. The registry
is pint's default one plus the units that energy and emissions accounting needs:

* ``CO2`` — a base dimension for carbon-dioxide mass, so ``Mt CO2/yr`` and ``kg CO2/kWh`` parse
  and convert (``1 Mt CO2 = 1e9 kg CO2``), but never convert to plain mass by accident.
* ``tce`` — tonne of coal equivalent, 29.3076 GJ (GB/T 2589-2020, 1 kgce = 7000 kcal);
  ``thousand``, ``million``, ``billion`` as plain multipliers (``million CNY/yr``).
* ``CNY`` (alias ``yuan``) and ``USD`` — currencies as independent dimensions (no exchange rate).
* counted things (``item`` and aliases such as ``request``, ``household``, ``vehicle``,
  ``server``, ``GPU``, ``GEC``, ``token``) as a ``[count]`` dimension; ``trillion`` = 1e12.
* ``carbon`` — a base dimension for carbon mass (``t C/TJ`` in emission-factor tables such as
  GB/T 32151 and the IPCC guidelines). It never converts to ``CO2``: going from carbon to CO2 is
  chemistry (x 44/12), not a change of unit, and must be written out.

Two symbols mean something else in pint than in emissions accounting, so :func:`parse_unit`
rewrites them as whole words before pint sees the string:

* ``kt`` is read as **kilotonne** (``1000 t``), not *knot*: ``convert(1, "Mt CO2", "kt CO2")``
  is 1000. (No unit in this package measures speed in knots.)
* ``C`` standing alone is read as **carbon**, not *coulomb*. ``°C``/``degC`` are untouched.
``%`` parses as percent.

pint is imported the first time :data:`ureg` is used, which keeps ``import greenimpact`` light.
"""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = ["ureg", "parse_unit", "check_unit", "convert", "UnitError"]

_DEFINITIONS = """
CO2 = [co2] = CO2 = CO2e = CO2eq
tce = 29.3076 * GJ = tce = tonne_coal_equivalent
kgce = 0.001 * tce = kgce
thousand = 1e3
million = 1e6
billion = 1e9
CNY = [currency_cny] = CNY = yuan = RMB
USD = [currency_usd] = USD
item = [count]
request = item
token = item
trillion = 1e12
household = item
vehicle = item = veh
server = item
GPU = item
rack = item
GEC = item = green_certificate
carbon = [carbon]
kilotonne = 1000 * t
intersection = item
enterprise = item
stop = item
"""


#: whole-word rewrites applied before pint parses a unit string (see the module docstring)
_REWRITES = (
    (re.compile(r"(?<![A-Za-z0-9_°])kt(?![A-Za-z0-9_])"), "kilotonne"),
    (re.compile(r"(?<![A-Za-z0-9_°])C(?![A-Za-z0-9_])"), "carbon"),
)


def _rewrite(text: str) -> str:
    for pattern, word in _REWRITES:
        text = pattern.sub(word, text)
    return text


class UnitError(ValueError):
    """A unit string that does not parse, or that does not match the expected unit."""


@lru_cache(maxsize=1)
def _registry():
    import pint

    reg = pint.UnitRegistry(autoconvert_offset_to_baseunit=True)
    for line in _DEFINITIONS.strip().splitlines():
        reg.define(line)
    reg.formatter.default_format = "~"
    return reg


class _LazyRegistry:
    """Proxy that builds the pint registry on first attribute access."""

    def __getattr__(self, name):
        return getattr(_registry(), name)

    def __call__(self, *args, **kwargs):
        return _registry()(*args, **kwargs)


#: The package's unit registry (pint), created on first use.
ureg = _LazyRegistry()


@lru_cache(maxsize=1024)
def parse_unit(unit: str):
    """Parse a unit string such as ``"Mt CO2/yr"`` and return a pint ``Unit``.

    Raises
    ------
    UnitError
        If ``unit`` is not a string or does not parse.
    """
    if not isinstance(unit, str) or not unit.strip():
        raise UnitError(f"unit must be a non-empty string, got {unit!r}")
    reg = _registry()
    text = unit.strip()
    if text in ("1", "dimensionless", "-"):
        return reg.dimensionless
    try:
        return reg.Unit(_rewrite(text))
    except Exception as exc:  # pint raises several error types
        raise UnitError(f"unit {unit!r} does not parse ({type(exc).__name__}: {exc})") from None


def check_unit(unit: str, expected: str) -> None:
    """Raise :class:`UnitError` unless ``unit`` is the same unit as ``expected``.

    Units are compared after parsing, so ``"kg CO2/kWh"`` equals ``"kg CO2 / kWh"``, but
    ``"g CO2/kWh"`` does not equal ``"kg CO2/kWh"`` (a different scale is a different unit here:
    data files must state the unit their numbers are in).
    """
    got, want = parse_unit(unit), parse_unit(expected)
    if got != want:
        raise UnitError(f"unit {unit!r} is not the expected {expected!r}")


def convert(value, from_unit: str, to_unit: str):
    """Convert a number or numpy array from one unit to another.

    Examples
    --------
    >>> float(convert(1.0, "tce", "GJ"))
    29.3076
    >>> float(convert(570.3, "g CO2/kWh", "kg CO2/kWh"))
    0.5703
    >>> float(convert(1, "Mt CO2", "kt CO2"))
    1000.0
    """
    reg = _registry()
    q = reg.Quantity(value, parse_unit(from_unit))
    try:
        return q.to(parse_unit(to_unit)).magnitude
    except Exception as exc:
        raise UnitError(f"cannot convert {from_unit!r} to {to_unit!r}: {exc}") from None
