"""A park's data: metering and production files checked on load, and the factor tables.

Everything that reads a file for the parks model goes through :mod:`greenimpact.data` here:

* :func:`load_metering` and :func:`load_production` load a park's own CSV files (catalogue
  datasets ``park_metering`` and ``park_production``) and run :func:`check_metering` /
  :func:`check_production`, the checks beyond the catalogue schema (months, units per carrier,
  no missing month), naming the file, row and column of every problem;
* :func:`conversion_factors`, :func:`grid_factors` and :func:`indicator_thresholds` read the
  coefficients and thresholds the accounting needs (``energy_conversion_factors``,
  ``grid_emission_factors``, ``zero_carbon_park_indicators``).

The equations themselves are in :mod:`.accounting`; they get these numbers as arguments.
"""

from __future__ import annotations

import re

import numpy as np

from greenimpact.sectors.parks.accounting import CANONICAL_UNITS, factors_from_table

__all__ = [
    "check_metering",
    "check_production",
    "conversion_factors",
    "grid_factors",
    "indicator_thresholds",
    "load_metering",
    "load_production",
]

_MONTH_RE = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


# ---------------------------------------------------------------------------------------------
# factor tables


def conversion_factors(*, natural_gas="gas_field", coal="raw_coal", oil="diesel") -> dict:
    """Standard-coal and CO2 coefficients per carrier from ``energy_conversion_factors``.

    Parameters
    ----------
    natural_gas, coal, oil : str
        The ``basis`` row to use for each fuel (``gas_field`` or ``oil_field``; ``raw_coal``;
        ``diesel`` or ``fuel_oil``).

    Returns
    -------
    dict
        ``{"kgce": {carrier: kgce per canonical unit}, "co2": {carrier: kg CO2/GJ}}``, with the
        canonical units of :data:`~greenimpact.sectors.parks.CANONICAL_UNITS` (electricity per
        MWh, gas per m3, coal and oil per t, heat per GJ); see
        :func:`~greenimpact.sectors.parks.accounting.factors_from_table`.
    """
    from greenimpact import data

    return factors_from_table(
        data.load("energy_conversion_factors"), natural_gas=natural_gas, coal=coal, oil=oil
    )


def grid_factors() -> tuple[float, float]:
    """(average, residual) national grid factors for the latest year with both [kg CO2/kWh].

    The residual factor excludes market-traded non-fossil electricity (MEE/NBS 2023:
    0.5306 and 0.6096; 2022: 0.5366 and 0.5856).
    """
    from greenimpact import data

    ef = data.load("grid_emission_factors")
    ef = ef[(ef["region"] == "CN") & ef["factor"].isin(["average", "excl_traded_nonfossil"])]
    year = max(
        set(ef.loc[ef["factor"] == "average", "year"])
        & set(ef.loc[ef["factor"] == "excl_traded_nonfossil", "year"])
    )
    pick = ef[ef["year"] == year].set_index("factor")["value"]
    return float(pick["average"]), float(pick["excl_traded_nonfossil"])


def indicator_thresholds():
    """The zero-carbon park indicators (``data/zero_carbon_park_indicators.csv``) as a DataFrame."""
    from greenimpact import data

    return data.load("zero_carbon_park_indicators")


# ---------------------------------------------------------------------------------------------
# loading and checking metering data

def _display(path) -> str:
    from pathlib import Path

    from greenimpact.data import data_dir

    p = Path(path)
    try:
        return str(p.resolve().relative_to(data_dir().parent))
    except ValueError:
        return str(p)


def _month_problems(df, display, problems) -> bool:
    from greenimpact.data import Problem

    ok = True
    for i, month in zip(df.index, df["month"], strict=True):
        if not isinstance(month, str) or not _MONTH_RE.match(month):
            problems.append(
                Problem(
                    display,
                    f"{month!r} is not a month (YYYY-MM expected, e.g. 2024-03)",
                    int(i) + 1,
                    "month",
                )
            )
            ok = False
    return ok


def _missing_month_problems(df, group_cols, display, problems, what) -> None:
    """Every group (enterprise, carrier) must have a row for every month the file covers."""
    import pandas as pd

    from greenimpact.data import Problem

    periods = pd.PeriodIndex(df["month"], freq="M")
    span = pd.period_range(periods.min(), periods.max(), freq="M").strftime("%Y-%m").tolist()
    for keys, group in df.groupby(group_cols, sort=True):
        keys = keys if isinstance(keys, tuple) else (keys,)
        have = set(group["month"])
        missing = [m for m in span if m not in have]
        if not missing:
            continue
        later = group[group["month"] > missing[0]]
        row = int(later.index.min() if len(later) else group.index.max()) + 1
        label = ", ".join(f"{c} {k!r}" for c, k in zip(group_cols, keys, strict=True))
        shown = ", ".join(missing[:6]) + (
            f" and {len(missing) - 6} more" if len(missing) > 6 else ""
        )
        problems.append(
            Problem(
                display,
                f"{label}: no row for month {shown} (the file covers {span[0]} to {span[-1]}; "
                f"give {what} 0 for a month without consumption rather than leaving it out)",
                row,
                "month",
            )
        )


def check_metering(df, display: str = "metering data") -> None:
    """Checks of a metering table beyond its catalogue schema.

    Months must be ``YYYY-MM``; every unit must fit its carrier (energy for electricity and heat,
    volume for gas, mass for coal and oil); each carrier must use one unit throughout the file;
    and each enterprise must report each of its carriers for every month the file covers.

    Raises
    ------
    greenimpact.data.DataValidationError
        Listing every problem with the file, row, column and what was expected.
    """
    from greenimpact.data import DataValidationError, Problem
    from greenimpact.units import UnitError, convert, parse_unit

    problems: list = []
    months_ok = _month_problems(df, display, problems)
    first_unit: dict[str, tuple] = {}
    for i, carrier, unit in zip(df.index, df["carrier"], df["unit"], strict=True):
        row = int(i) + 1
        want = CANONICAL_UNITS.get(carrier)
        if want is None:
            continue  # unknown carriers are reported by the schema check
        try:
            convert(1.0, unit, want)
        except UnitError:
            problems.append(
                Problem(
                    display,
                    f"unit {unit!r} does not fit carrier {carrier!r} (expected a unit convertible to {want})",
                    row,
                    "unit",
                )
            )
            continue
        parsed = parse_unit(unit)
        if carrier not in first_unit:
            first_unit[carrier] = (parsed, unit, row)
        elif parsed != first_unit[carrier][0]:
            _, unit0, row0 = first_unit[carrier]
            problems.append(
                Problem(
                    display,
                    f"mixed units for carrier {carrier!r}: {unit!r} here but {unit0!r} in row {row0}; "
                    "use one unit per carrier throughout the file",
                    row,
                    "unit",
                )
            )
    if months_ok and len(df):
        _missing_month_problems(df, ["enterprise", "carrier"], display, problems, "quantity")
    if problems:
        raise DataValidationError(problems)


def check_production(df, display: str = "production data") -> None:
    """Checks of a production table beyond its catalogue schema: months ``YYYY-MM``, every
    enterprise reports every month the file covers, one product unit per enterprise.

    Raises
    ------
    greenimpact.data.DataValidationError
    """
    from greenimpact.data import DataValidationError, Problem

    problems: list = []
    months_ok = _month_problems(df, display, problems)
    seen: dict[str, tuple] = {}
    for i, ent, unit in zip(df.index, df["enterprise"], df["product_unit"], strict=True):
        if unit is None or (isinstance(unit, float) and np.isnan(unit)):
            continue
        if ent not in seen:
            seen[ent] = (unit, int(i) + 1)
        elif unit != seen[ent][0]:
            problems.append(
                Problem(
                    display,
                    f"mixed product units for enterprise {ent!r}: {unit!r} here but {seen[ent][0]!r} in row {seen[ent][1]}",
                    int(i) + 1,
                    "product_unit",
                )
            )
    if months_ok and len(df):
        _missing_month_problems(df, ["enterprise"], display, problems, "output_value")
    if problems:
        raise DataValidationError(problems)


def load_metering(path=None):
    """Load and validate a park's metering CSV (dataset ``park_metering``).

    Parameters
    ----------
    path : str or path-like, optional
        The CSV to check; default the embedded synthetic example (``data/park_metering_example.csv``).

    Returns
    -------
    pandas.DataFrame
        Columns enterprise, month, carrier, quantity, unit (and source, confidence, note).

    Raises
    ------
    greenimpact.data.DataValidationError
        For any problem (unknown carrier, negative or non-numeric quantity, duplicate
        enterprise-month-carrier rows, a missing month, a unit that does not fit its carrier,
        mixed units for one carrier), naming the file, row and column.
    """
    from greenimpact import data

    df = data.load("park_metering", path=path)
    check_metering(df, _display(df.attrs["path"]))
    return df


def load_production(path=None):
    """Load and validate a park's monthly production and platform-adoption CSV
    (dataset ``park_production``); same conventions as :func:`load_metering`."""
    from greenimpact import data

    df = data.load("park_production", path=path)
    check_production(df, _display(df.attrs["path"]))
    return df

