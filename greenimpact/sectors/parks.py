"""Industrial parks: carbon accounting, zero-carbon park indicators and platform-enabled reductions.

A park's metering data (enterprises x energy carriers x months) becomes an inventory in tonnes of
standard coal equivalent (GB/T 2589-2020 coefficients) and CO2 (Scope 1 from fuels; Scope 2 from
electricity and heat, location-based and market-based with green power, certificates and on-site
PV); the inventory is scored against the national zero-carbon park indicators (发改环资〔2025〕
910号); the platform's levers (energy management, multi-energy coordination, rooftop PV, green
power) give a trajectory to net zero; and a national scale-up puts the platform's effect in the
national picture, next to the platform's own compute footprint.

Layers of this module:

* pure functions, one per equation, vectorised (:func:`standard_coal_tce`, :func:`fuel_co2_t`,
  :func:`electricity_co2_t`, :func:`carbon_per_energy`, :func:`core_indicator_threshold`,
  :func:`adoption_pct`);
* loaders with validation (:func:`load_metering`, :func:`load_production`, :func:`load_park`)
  and the factor tables (:func:`conversion_factors`, :func:`indicator_thresholds`);
* composers over pandas frames (:func:`inventory`, :func:`enterprise_summary`,
  :func:`emissions_by_carrier`, :func:`scorecard`, :func:`trajectory`, :func:`net_zero_year`);
* the national model: :func:`impact_terms` (numpy only, broadcasts over Monte Carlo draws),
  :func:`run` (the composer behind ``greenimpact.run("parks")``), :func:`national_scenarios`
  and :func:`national_range`.

The metering CSV schema is the catalogue dataset ``park_metering`` (``greenimpact.data.describe(
"park_metering")``); production and platform adoption are ``park_production``.
"""

from __future__ import annotations

import re

import numpy as np

from greenimpact.sectors.parks_synthetic import SyntheticPark, synthetic_park

__all__ = [
    "CANONICAL_UNITS",
    "CARRIERS",
    "ENERGY_CARRIERS",
    "GJ_PER_TCE",
    "INSTRUMENTS",
    "SyntheticPark",
    "adoption_pct",
    "carbon_per_energy",
    "check_metering",
    "check_production",
    "conversion_factors",
    "core_indicator_threshold",
    "draw_parameters",
    "electricity_co2_t",
    "emissions_by_carrier",
    "enterprise_summary",
    "fuel_co2_t",
    "impact_terms",
    "indicator_thresholds",
    "inventory",
    "load_metering",
    "load_park",
    "load_production",
    "national_range",
    "national_scenarios",
    "net_zero_year",
    "panel_frame",
    "platform_devices",
    "run",
    "scorecard",
    "standard_coal_tce",
    "synthetic_park",
    "trajectory",
    "VARIABLES",
]

#: GJ per tonne of coal equivalent (1 kgce = 7000 kcal = 29.3076 MJ; GB/T 2589-2020).
GJ_PER_TCE = 29.3076

#: Energy carriers counted in the park's energy consumption.
ENERGY_CARRIERS = ("electricity", "pv_onsite", "natural_gas", "coal", "steam_heat", "oil")
#: Market instruments: MWh of grid electricity covered by green-power contracts or certificates
#: (a part of ``electricity``, not extra consumption).
INSTRUMENTS = ("green_power", "gec")
CARRIERS = ENERGY_CARRIERS + INSTRUMENTS
#: Unit each carrier is converted to before accounting.
CANONICAL_UNITS = {
    "electricity": "MWh",
    "pv_onsite": "MWh",
    "green_power": "MWh",
    "gec": "MWh",
    "natural_gas": "m**3",
    "coal": "t",
    "oil": "t",
    "steam_heat": "GJ",
}
_FUELS = ("natural_gas", "coal", "oil")
_MONTH_RE = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
_YEARS = np.arange(2020, 2036)


# ---------------------------------------------------------------------------------------------
# pure functions


def standard_coal_tce(quantity, kgce_per_unit):
    r"""Energy in tonnes of standard coal equivalent.

    Parameters
    ----------
    quantity : array_like
        Consumption in the carrier's unit [kWh, m3, kg, MJ, ...], >= 0.
    kgce_per_unit : array_like
        Standard-coal coefficient [kgce per the same unit], > 0.

    Returns
    -------
    numpy.ndarray
        Energy [tce].

    Notes
    -----
    GB/T 2589-2020 (综合能耗计算通则): :math:`E = \sum_i q_i k_i` with
    :math:`1\,\mathrm{kgce} = 7000\,\mathrm{kcal} = 29.3076\,\mathrm{MJ}`; here
    :math:`E\,[\mathrm{tce}] = q\,k / 1000`.

    References
    ----------
    .. [1] GB/T 2589-2020 综合能耗计算通则 (General principles for calculation of the
       comprehensive energy consumption), SAMR/SAC, 2020.

    Examples
    --------
    One GWh (10^6 kWh) at the calorific equivalent 0.1229 kgce/kWh:

    >>> float(standard_coal_tce(1e6, 0.1229))
    122.9
    """
    q = np.asarray(quantity, dtype=float)
    k = np.asarray(kgce_per_unit, dtype=float)
    if np.any(q < 0):
        raise ValueError("quantity must be >= 0")
    if np.any(~(k > 0)):
        raise ValueError("kgce_per_unit must be > 0")
    return q * k / 1000.0


def fuel_co2_t(energy_tce, co2_kg_per_gj):
    r"""CO2 from burning a fuel (or from purchased heat), from its energy in tce.

    Parameters
    ----------
    energy_tce : array_like
        Energy [tce], >= 0.
    co2_kg_per_gj : array_like
        Emission factor on the net calorific value [kg CO2/GJ], >= 0.

    Returns
    -------
    numpy.ndarray
        CO2 [t].

    Notes
    -----
    :math:`CO_2 = E_{tce} \cdot 29.3076\,\mathrm{GJ/tce} \cdot EF / 1000` (oxidation factor 1,
    the IPCC 2006 default).

    Examples
    --------
    1000 tce of natural gas at 56.1 kg CO2/GJ:

    >>> round(float(fuel_co2_t(1000, 56.1)), 1)
    1644.2
    """
    e = np.asarray(energy_tce, dtype=float)
    ef = np.asarray(co2_kg_per_gj, dtype=float)
    if np.any(e < 0):
        raise ValueError("energy_tce must be >= 0")
    if np.any(ef < 0):
        raise ValueError("co2_kg_per_gj must be >= 0")
    return e * GJ_PER_TCE * ef / 1000.0


def electricity_co2_t(grid_mwh, factor_kg_per_kwh, covered_mwh=0.0):
    r"""Scope 2 CO2 of purchased grid electricity.

    Parameters
    ----------
    grid_mwh : array_like
        Grid electricity purchased [MWh], >= 0.
    factor_kg_per_kwh : array_like
        Grid emission factor [kg CO2/kWh = t CO2/MWh]: the average factor for location-based
        accounting, the residual factor (excluding market-traded non-fossil power) for
        market-based accounting.
    covered_mwh : array_like, default 0
        Electricity covered by green-power purchases or green certificates (GEC, 1 per MWh)
        [MWh]; only counted up to ``grid_mwh``. Leave 0 for location-based accounting.

    Returns
    -------
    numpy.ndarray
        CO2 [t].

    Notes
    -----
    :math:`CO_2 = (E_{grid} - \min(E_{covered}, E_{grid})) \cdot EF` (GHG Protocol Scope 2
    guidance: location-based with the average factor, market-based with contractual instruments
    and the residual mix).

    Examples
    --------
    >>> float(electricity_co2_t(1000, 0.5856, covered_mwh=250))
    439.2
    """
    g = np.asarray(grid_mwh, dtype=float)
    ef = np.asarray(factor_kg_per_kwh, dtype=float)
    c = np.asarray(covered_mwh, dtype=float)
    if np.any(g < 0):
        raise ValueError("grid_mwh must be >= 0")
    if np.any(ef < 0):
        raise ValueError("factor_kg_per_kwh must be >= 0")
    if np.any(c < 0):
        raise ValueError("covered_mwh must be >= 0")
    return (g - np.minimum(c, g)) * ef


def carbon_per_energy(co2_t, energy_tce):
    r"""The zero-carbon park core indicator: CO2 per unit of energy consumption.

    Parameters
    ----------
    co2_t : array_like
        Energy-related CO2 of the park in a year [t CO2].
    energy_tce : array_like
        Energy consumption of the park in the same year [tce], > 0.

    Returns
    -------
    numpy.ndarray
        Indicator [t CO2/tce].

    Notes
    -----
    :math:`I = CO_2 / E`. The national zero-carbon park notice (发改环资〔2025〕910号) sets
    :math:`I \le 0.20` for parks using 0.2-1 Mtce a year and :math:`I \le 0.30` above (see
    :func:`core_indicator_threshold`).

    Examples
    --------
    >>> float(carbon_per_energy(90_000, 500_000))
    0.18
    """
    c = np.asarray(co2_t, dtype=float)
    e = np.asarray(energy_tce, dtype=float)
    if np.any(~(e > 0)):
        raise ValueError("energy_tce must be > 0")
    return c / e


def core_indicator_threshold(
    energy_tce_per_yr, lower_tce, split_tce, small_t_per_tce, large_t_per_tce
):
    r"""Threshold of the core indicator for a park of a given size.

    Parameters
    ----------
    energy_tce_per_yr : array_like
        The park's annual energy consumption [tce/yr].
    lower_tce : float
        Lower bound of the smaller size class [tce/yr] (200,000 in the notice).
    split_tce : float
        Consumption from which the larger class applies [tce/yr] (1,000,000).
    small_t_per_tce, large_t_per_tce : float
        Thresholds of the two classes [t CO2/tce] (0.20 and 0.30).

    Returns
    -------
    numpy.ndarray
        Threshold [t CO2/tce]; NaN below ``lower_tce`` (no class stated).

    Notes
    -----
    :math:`T(E) = 0.20` for :math:`0.2 \le E < 1` Mtce/yr, :math:`0.30` for
    :math:`E \ge 1` Mtce/yr (values passed in from ``data/zero_carbon_park_indicators.csv``,
    see :func:`indicator_thresholds`).

    Examples
    --------
    >>> core_indicator_threshold([150e3, 5e5, 1e6, 3e6], 2e5, 1e6, 0.2, 0.3).tolist()
    [nan, 0.2, 0.3, 0.3]
    """
    e = np.asarray(energy_tce_per_yr, dtype=float)
    if np.any(e < 0):
        raise ValueError("energy_tce_per_yr must be >= 0")
    return np.where(
        e >= split_tce, large_t_per_tce, np.where(e >= lower_tce, small_t_per_tce, np.nan)
    )


def adoption_pct(year, adoption_2025_pct, adoption_2030_pct, start_year=2025):
    r"""Share of park CO2 covered by a digital energy-carbon platform, by year.

    Parameters
    ----------
    year : array_like
        Calendar years.
    adoption_2025_pct, adoption_2030_pct : array_like
        Coverage in 2025 and 2030 [%].
    start_year : int
        First year counted (the zero-carbon park programme's base year, 2025).

    Returns
    -------
    numpy.ndarray
        Coverage [%]: 0 before ``start_year``, linear from 2025 to 2030, flat afterwards.

    Examples
    --------
    >>> adoption_pct([2024, 2025, 2027, 2030, 2035], 2.0, 4.0).tolist()
    [0.0, 2.0, 2.8, 4.0, 4.0]
    """
    y = np.asarray(year, dtype=float)
    a25 = np.asarray(adoption_2025_pct, dtype=float)
    a30 = np.asarray(adoption_2030_pct, dtype=float)
    w = np.clip((y - 2025.0) / 5.0, 0.0, 1.0)
    return np.where(y < start_year, 0.0, a25 + (a30 - a25) * w)


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
        canonical units of :data:`CANONICAL_UNITS` (electricity per MWh, gas per m3, coal and
        oil per t, heat per GJ).
    """
    from greenimpact import data
    from greenimpact.units import convert

    df = data.load("energy_conversion_factors")
    chosen = {"natural_gas": natural_gas, "coal": coal, "oil": oil}
    out: dict[str, dict[str, float]] = {"kgce": {}, "co2": {}}
    for carrier in ENERGY_CARRIERS:
        rows = df[df["carrier"] == carrier]
        if carrier in chosen:
            rows = rows[rows["basis"] == chosen[carrier]]
            if rows.empty:
                known = sorted(set(df.loc[df["carrier"] == carrier, "basis"]))
                raise ValueError(
                    f"{carrier}={chosen[carrier]!r} is not a basis of {carrier} (one of {', '.join(known)})"
                )
        else:
            rows = rows[rows["default"].astype(bool)]
        for quantity, key in (("standard_coal", "kgce"), ("co2", "co2")):
            row = rows[rows["quantity"] == quantity]
            if row.empty:
                continue
            value, unit = float(row["value"].iloc[0]), row["unit"].iloc[0]
            if key == "kgce":  # kgce per canonical unit
                per = unit.split("/", 1)[1].strip()
                out[key][carrier] = value * float(convert(1.0, CANONICAL_UNITS[carrier], per))
            else:
                out[key][carrier] = float(convert(value, unit, "kg CO2/GJ"))
    return out


def _grid_factors() -> tuple[float, float]:
    """(average, residual) national grid factors for the latest year with both [kg CO2/kWh]."""
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


def load_park(metering="synthetic", production=None, *, seed=2025, n_enterprises=40, n_months=36):
    """The park to analyse: the seeded synthetic preset, or a park's own CSV files.

    Parameters
    ----------
    metering : str
        ``"synthetic"`` for :func:`synthetic_park`, or the path of a metering CSV.
    production : str, optional
        Path of the production CSV (required with a metering path; ``""`` or None otherwise).
    seed, n_enterprises, n_months : int
        Settings of the synthetic preset.

    Returns
    -------
    tuple
        ``(metering, production, truth)``; ``truth`` is the synthetic park's known effect
        (a dict) or None for real data.
    """
    if metering == "synthetic":
        park = synthetic_park(n_enterprises=n_enterprises, n_months=n_months, seed=seed)
        return park.metering, park.production, park.truth
    if not production:
        raise ValueError(
            "production: give the path of the production CSV (schema park_production) with a metering file"
        )
    return load_metering(metering), load_production(production), None


# ---------------------------------------------------------------------------------------------
# inventory and scorecard


def _canonical_quantity(df):
    from greenimpact.units import convert

    q = df["quantity"].to_numpy(dtype=float).copy()
    for (carrier, unit), idx in df.groupby(["carrier", "unit"]).indices.items():
        q[idx] = convert(q[idx], unit, CANONICAL_UNITS[carrier])
    return q


def inventory(
    metering,
    *,
    factors=None,
    grid_factor_kg_per_kwh=None,
    residual_factor_kg_per_kwh=None,
    electricity_kgce_per_kwh=None,
):
    """Energy and CO2 per enterprise, month and energy carrier.

    Parameters
    ----------
    metering : pandas.DataFrame
        Rows of the ``park_metering`` schema (enterprise, month, carrier, quantity, unit).
    factors : dict, optional
        :func:`conversion_factors` output; default the catalogue's default rows.
    grid_factor_kg_per_kwh : float, optional
        Average grid factor for location-based Scope 2 [kg CO2/kWh]; default the latest MEE/NBS
        national average (0.5366 for 2022).
    residual_factor_kg_per_kwh : float, optional
        Grid factor excluding market-traded non-fossil power, for market-based Scope 2 with
        green power and certificates [kg CO2/kWh]; default the MEE/NBS 2022 value 0.5856.
    electricity_kgce_per_kwh : float, optional
        Standard-coal coefficient of electricity [kgce/kWh]; default the calorific equivalent
        (当量值) 0.1229. Pass the year's coal-equivalent value (等价值, about 0.30) to count
        electricity by the coal used to generate it.

    Returns
    -------
    pandas.DataFrame
        One row per energy-carrier row of ``metering``: enterprise, month, carrier, quantity and
        unit (canonical: MWh, m**3, t, GJ), ``energy_tce``, ``scope1_t``, ``scope2_location_t``,
        ``scope2_market_t``, ``covered_mwh`` (electricity covered by green power and GEC) and
        ``clean_tce`` (energy from on-site PV and covered electricity) [t CO2, tce per month].

    Notes
    -----
    Fuels (natural gas, coal, oil) are Scope 1, :func:`fuel_co2_t`; purchased heat and grid
    electricity are Scope 2 (:func:`fuel_co2_t` with the heat factor; :func:`electricity_co2_t`);
    on-site PV emits nothing. Green power and certificates cover grid electricity of the same
    enterprise and month, up to that month's purchase.
    """
    import pandas as pd

    factors = factors or conversion_factors()
    kgce = dict(factors["kgce"])
    if electricity_kgce_per_kwh is not None:
        if not electricity_kgce_per_kwh > 0:
            raise ValueError("electricity_kgce_per_kwh must be > 0")
        kgce["electricity"] = kgce["pv_onsite"] = electricity_kgce_per_kwh * 1000.0  # per MWh
    avg, res = _grid_factors()
    avg = avg if grid_factor_kg_per_kwh is None else grid_factor_kg_per_kwh
    res = res if residual_factor_kg_per_kwh is None else residual_factor_kg_per_kwh
    if avg < 0 or res < 0:
        raise ValueError("grid factors must be >= 0")
    m = metering[["enterprise", "month", "carrier"]].copy()
    unknown = sorted(set(m["carrier"]) - set(CARRIERS))
    if unknown:
        raise ValueError(f"metering: unknown carriers {unknown} (known: {', '.join(CARRIERS)})")
    m["quantity"] = _canonical_quantity(metering)
    inst = m[m["carrier"].isin(INSTRUMENTS)].groupby(["enterprise", "month"])["quantity"].sum()
    out = m[m["carrier"].isin(ENERGY_CARRIERS)].reset_index(drop=True)
    carrier = out["carrier"].to_numpy()
    q = out["quantity"].to_numpy(float)
    out["unit"] = [CANONICAL_UNITS[c] for c in carrier]
    k = np.array([kgce[c] for c in carrier])
    out["energy_tce"] = standard_coal_tce(q, k)
    ef = np.array([factors["co2"].get(c, 0.0) for c in carrier])
    is_fuel = np.isin(carrier, _FUELS)
    is_heat = carrier == "steam_heat"
    is_el = carrier == "electricity"
    combustion = fuel_co2_t(out["energy_tce"].to_numpy(), ef)
    out["scope1_t"] = np.where(is_fuel, combustion, 0.0)
    covered_in = (
        pd.MultiIndex.from_frame(out[["enterprise", "month"]])
        .map(inst.to_dict())
        .to_numpy(dtype=float)
    )
    covered = np.where(is_el, np.minimum(np.nan_to_num(covered_in), q), 0.0)
    out["covered_mwh"] = covered
    out["scope2_location_t"] = np.where(is_heat, combustion, 0.0) + np.where(
        is_el, electricity_co2_t(q, avg), 0.0
    )
    out["scope2_market_t"] = np.where(is_heat, combustion, 0.0) + np.where(
        is_el, electricity_co2_t(q, res, covered), 0.0
    )
    out["clean_tce"] = np.where(carrier == "pv_onsite", out["energy_tce"], 0.0) + standard_coal_tce(
        covered, kgce["electricity"]
    )
    return out


def _period(frame, year=None):
    """Rows of the calendar ``year``, or of the latest 12 months when ``year`` is None."""
    months = sorted(set(frame["month"]))
    if year is None:
        chosen = months[-12:]
    else:
        chosen = [m for m in months if m.startswith(f"{int(year)}-")]
        if not chosen:
            raise ValueError(
                f"year={year!r}: no months of that year in the data ({months[0]} to {months[-1]})"
            )
    return frame[frame["month"].isin(chosen)], chosen


def enterprise_summary(inv, production=None, *, year=None):
    """Energy, CO2 and intensities per enterprise over a year, largest emitter first.

    Parameters
    ----------
    inv : pandas.DataFrame
        :func:`inventory` output.
    production : pandas.DataFrame, optional
        ``park_production`` rows, for intensity per output value and per product.
    year : int, optional
        Calendar year; default the latest 12 months in the data.

    Returns
    -------
    pandas.DataFrame
        Per enterprise: ``energy_tce``, ``scope1_t``, ``scope2_location_t``, ``scope2_market_t``,
        ``total_location_t``, ``total_market_t`` [per period], ``share_pct`` of the park's
        market-based total, ``cum_share_pct``, and with production ``output_mcny`` [million
        CNY], ``tco2_per_mcny``, ``tce_per_mcny``, ``product_output``, ``product_unit`` and
        ``tco2_per_product``. ``attrs["months"]`` lists the months covered.
    """
    part, months = _period(inv, year)
    cols = ["energy_tce", "scope1_t", "scope2_location_t", "scope2_market_t", "clean_tce"]
    s = part.groupby("enterprise")[cols].sum()
    s["total_location_t"] = s["scope1_t"] + s["scope2_location_t"]
    s["total_market_t"] = s["scope1_t"] + s["scope2_market_t"]
    s["share_pct"] = 100 * s["total_market_t"] / s["total_market_t"].sum()
    s = s.sort_values("total_market_t", ascending=False)
    s["cum_share_pct"] = s["share_pct"].cumsum()
    if production is not None:
        p = production[production["month"].isin(months)]
        agg = p.groupby("enterprise").agg(
            output_mcny=("output_value", "sum"),
            product_output=("product_output", "sum"),
            product_unit=("product_unit", "first"),
        )
        s = s.join(agg, how="left")
        s["tco2_per_mcny"] = s["total_market_t"] / s["output_mcny"]
        s["tce_per_mcny"] = s["energy_tce"] / s["output_mcny"]
        s["tco2_per_product"] = s["total_market_t"] / s["product_output"].where(
            s["product_output"] > 0
        )
        if "sector" in production:
            s = s.join(production.groupby("enterprise")["sector"].first(), how="left")
    s = s.reset_index()
    s.attrs["months"] = months
    return s


def emissions_by_carrier(inv, *, year=None, basis="market", top=None):
    """CO2 per enterprise and carrier over a year (Scope 1 + Scope 2, ``basis`` ``market`` or
    ``location``), enterprises ordered by their total, largest first.

    Parameters
    ----------
    top : int, optional
        Keep the ``top`` largest emitters and sum the rest into one row per carrier named
        ``"others (k)"``.

    Returns
    -------
    pandas.DataFrame
        enterprise, carrier, co2_t [t CO2 per period], with ``attrs["order"]`` the enterprises
        (and the others row) by total.
    """
    if basis not in ("market", "location"):
        raise ValueError(f"basis must be 'market' or 'location', not {basis!r}")
    part, months = _period(inv, year)
    part = part.assign(co2_t=part["scope1_t"] + part[f"scope2_{basis}_t"])
    out = part.groupby(["enterprise", "carrier"], as_index=False)["co2_t"].sum()
    order = out.groupby("enterprise")["co2_t"].sum().sort_values(ascending=False).index.tolist()
    if top is not None and len(order) > top:
        rest = order[top:]
        label = f"others ({len(rest)})"
        out["enterprise"] = out["enterprise"].where(~out["enterprise"].isin(rest), label)
        out = out.groupby(["enterprise", "carrier"], as_index=False)["co2_t"].sum()
        order = order[:top] + [label]
    rank = {e: i for i, e in enumerate(order)}
    out = (
        out.assign(_r=out["enterprise"].map(rank)).sort_values(["_r", "carrier"]).drop(columns="_r")
    )
    out = out.reset_index(drop=True)
    out.attrs.update(order=order, months=months)
    return out


def scorecard(inv, *, year=None, guiding=None, thresholds=None, basis="market"):
    """The park against the zero-carbon park indicators: value, threshold, pass/fail and gap.

    Parameters
    ----------
    inv : pandas.DataFrame
        :func:`inventory` output for the whole park.
    year : int, optional
        Calendar year; default the latest 12 months.
    guiding : dict, optional
        Values of guiding indicators the metering data cannot give, e.g.
        ``{"waste_heat_use": 42.0, "solid_waste_use": 85.0, "water_reuse": 70.0,
        "product_energy_level": 2}`` [% or level]; missing ones are reported as "no data".
    thresholds : pandas.DataFrame, optional
        Default :func:`indicator_thresholds`.
    basis : str
        ``market`` (counts green power, certificates and on-site PV; default) or ``location``.

    Returns
    -------
    pandas.DataFrame
        indicator, kind (core / guiding), value, unit, threshold, direction, status (pass, fail,
        no data, or "below size classes"), attainment_pct (how far the value goes towards the
        threshold, 100 = met), gap (shortfall in the indicator's unit, > 0 when failing),
        gap_t_co2 (for the core indicator: CO2 to cut per year to meet it) and note.
        ``attrs`` holds energy_tce, co2_t and months.

    Notes
    -----
    Core: :func:`carbon_per_energy` of the park's Scope 1 + 2 CO2 over its energy in tce, against
    :func:`core_indicator_threshold` for its size. Clean-energy share: energy from on-site PV
    and from grid electricity covered by green power or certificates over the total, in tce (our
    reading of the indicator; grid electricity's average non-fossil share is not counted). Parks
    below 0.2 Mtce/yr have no size class in the notice: they are scored against the smaller
    class's 0.20 with the status "below size classes".
    """
    import pandas as pd

    if basis not in ("market", "location"):
        raise ValueError(f"basis must be 'market' or 'location', not {basis!r}")
    th = indicator_thresholds() if thresholds is None else thresholds
    part, months = _period(inv, year)
    scale = 12.0 / len(months)  # annualise a partial year
    energy = float(part["energy_tce"].sum()) * scale
    co2 = float((part["scope1_t"] + part[f"scope2_{basis}_t"]).sum()) * scale
    clean = float(part["clean_tce"].sum()) * scale
    core = th[th["indicator"] == "carbon_per_energy"].sort_values("energy_min_tce")
    small, large = core.iloc[0], core.iloc[-1]
    value = float(carbon_per_energy(co2, energy))
    threshold = float(
        core_indicator_threshold(
            energy,
            small["energy_min_tce"],
            large["energy_min_tce"],
            small["threshold"],
            large["threshold"],
        )
    )
    status_core = None
    if np.isnan(threshold):
        threshold, status_core = float(small["threshold"]), "below size classes"
    gap = value - threshold
    rows = [
        {
            "indicator": "carbon_per_energy",
            "kind": "core",
            "value": value,
            "unit": "t CO2/tce",
            "threshold": threshold,
            "direction": "at_most",
            "status": status_core or ("pass" if gap <= 0 else "fail"),
            "gap": max(gap, 0.0),
            "gap_t_co2": max(gap, 0.0) * energy,
            "note": f"{energy / 1e6:.3f} Mtce/yr, {co2 / 1e6:.3f} Mt CO2/yr ({basis}-based); veto criterion",
        }
    ]
    values = {"clean_energy_share": 100 * clean / energy, **(guiding or {})}
    for _, t in th[th["kind"] == "guiding"].iterrows():
        v = values.get(t["indicator"])
        if v is None:
            status, g = "no data", np.nan
        else:
            v = float(v)
            g = (t["threshold"] - v) if t["direction"] == "at_least" else (v - t["threshold"])
            status = "pass" if g <= 0 else "fail"
            g = max(g, 0.0)
        note = (
            "from the metering data"
            if t["indicator"] == "clean_energy_share"
            else ("given" if v is not None else "not in the data; pass guiding={...}")
        )
        rows.append(
            {
                "indicator": t["indicator"],
                "kind": "guiding",
                "value": np.nan if v is None else v,
                "unit": t["unit"],
                "threshold": float(t["threshold"]),
                "direction": t["direction"],
                "status": status,
                "gap": g,
                "gap_t_co2": np.nan,
                "note": note,
            }
        )
    out = pd.DataFrame(rows)
    value, thr = out["value"].to_numpy(float), out["threshold"].to_numpy(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(out["direction"] == "at_most", thr / value, value / thr)
    out.insert(out.columns.get_loc("status") + 1, "attainment_pct", np.minimum(100 * ratio, 100.0))
    out.attrs.update(energy_tce=energy, co2_t=co2, months=months)
    return out


# ---------------------------------------------------------------------------------------------
# levers and the trajectory to net zero


def trajectory(
    inv,
    *,
    start_year,
    end_year=2060,
    ems_saving_pct=0.0,
    multi_energy_saving_pct=0.0,
    electrification_pct_per_yr=0.0,
    heat_pump_cop=3.0,
    pv_kwp_per_enterprise=0.0,
    pv_yield_kwh_per_kwp=1000.0,
    green_power_pct_per_yr=0.0,
    year=None,
    residual_factor_kg_per_kwh=None,
    electricity_kgce_per_kwh=None,
):
    r"""Emissions per enterprise and year as the platform's levers take effect.

    Parameters
    ----------
    inv : pandas.DataFrame
        :func:`inventory` output; its latest 12 months (or ``year``) are the baseline year.
    start_year : int
        Baseline year; levers act from the year after.
    end_year : int
        Last year of the trajectory.
    ems_saving_pct : float
        Energy-management saving on all energy [%].
    multi_energy_saving_pct : float
        Extra saving on fuel and heat from multi-energy coordination (CHP, storage, cascading
        heat use) [%].
    electrification_pct_per_yr : float
        Share of the remaining fuel and heat demand switched to heat pumps each year
        [percentage points/yr].
    heat_pump_cop : float
        Effective coefficient of performance: GJ of fuel or purchased heat replaced per GJ of
        electricity [-], > 0.
    pv_kwp_per_enterprise : float
        Rooftop PV added per enterprise in the first lever year [kWp].
    pv_yield_kwh_per_kwp : float
        Annual PV yield [kWh/kWp]; self-consumed up to the enterprise's electricity demand.
    green_power_pct_per_yr : float
        Growth of the share of grid electricity covered by green power or certificates
        [percentage points/yr], from the baseline share up to 100 %.
    year : int, optional
        Calendar year of the baseline (default the latest 12 months).
    residual_factor_kg_per_kwh, electricity_kgce_per_kwh : float, optional
        As in :func:`inventory`.

    Returns
    -------
    pandas.DataFrame
        enterprise, year, co2_t [t CO2/yr, market-based Scope 1 + 2], energy_tce [tce/yr] and
        clean_tce [tce/yr].

    Notes
    -----
    For :math:`\Delta = y - y_0 \ge 1`: demand falls by the savings, a share
    :math:`f = \min(1, r_e \Delta/100)` of fuel and heat becomes heat-pump electricity
    (:math:`E_{hp} = Q_{GJ} f / (3.6\,\mathrm{GJ/MWh} \cdot COP)`), PV covers electricity first,
    and the covered share of grid electricity grows to :math:`\min(1, g_0 + r_g\Delta/100)`:

    .. math:: CO_2(y) = (1-s)(1-s_m)(1-f)\,CO_2^{fuel,heat} + G(y)\,(1-g(y))\,EF_{res}

    The baseline year reproduces the inventory's market-based total. The grid factor is held at
    its latest value (no grid decarbonisation assumed).
    """
    import pandas as pd

    for name, v in (
        ("ems_saving_pct", ems_saving_pct),
        ("multi_energy_saving_pct", multi_energy_saving_pct),
    ):
        if not 0 <= v <= 100:
            raise ValueError(f"{name} must be within [0, 100], got {v!r}")
    for name, v in (
        ("electrification_pct_per_yr", electrification_pct_per_yr),
        ("green_power_pct_per_yr", green_power_pct_per_yr),
        ("pv_kwp_per_enterprise", pv_kwp_per_enterprise),
        ("pv_yield_kwh_per_kwp", pv_yield_kwh_per_kwp),
    ):
        if v < 0:
            raise ValueError(f"{name} must be >= 0, got {v!r}")
    if not heat_pump_cop > 0:
        raise ValueError(f"heat_pump_cop must be > 0, got {heat_pump_cop!r}")
    if end_year < start_year:
        raise ValueError("end_year must not be before start_year")
    _, res = _grid_factors()
    res = res if residual_factor_kg_per_kwh is None else residual_factor_kg_per_kwh
    k_el = (
        conversion_factors()["kgce"]["electricity"]
        if electricity_kgce_per_kwh is None
        else electricity_kgce_per_kwh * 1000
    )
    part, months = _period(inv, year)
    scale = 12.0 / len(months)
    piv = part.pivot_table(
        index="enterprise", columns="carrier", values="quantity", aggfunc="sum", fill_value=0.0
    )
    by = part.groupby("enterprise")
    fuel_mask = part["carrier"].isin(list(_FUELS) + ["steam_heat"])
    thermal_tce = (
        part[fuel_mask]
        .groupby("enterprise")["energy_tce"]
        .sum()
        .reindex(piv.index, fill_value=0.0)
        .to_numpy()
        * scale
    )
    thermal_co2 = (
        part["scope1_t"] + np.where(part["carrier"] == "steam_heat", part["scope2_market_t"], 0.0)
    )[fuel_mask]
    thermal_co2 = (
        thermal_co2.groupby(part.loc[fuel_mask, "enterprise"])
        .sum()
        .reindex(piv.index, fill_value=0.0)
        .to_numpy()
        * scale
    )
    el = piv["electricity"].to_numpy() * scale if "electricity" in piv else np.zeros(len(piv))
    pv0 = piv["pv_onsite"].to_numpy() * scale if "pv_onsite" in piv else np.zeros(len(piv))
    cov = by["covered_mwh"].sum().reindex(piv.index).to_numpy() * scale
    g0 = np.divide(cov, el, out=np.zeros_like(el), where=el > 0)

    years = np.arange(int(start_year), int(end_year) + 1)
    dt = (years - int(start_year))[None, :]  # (1, Y)
    on = dt >= 1
    s = np.where(on, ems_saving_pct / 100.0, 0.0)
    sm = np.where(on, multi_energy_saving_pct / 100.0, 0.0)
    f = np.clip(electrification_pct_per_yr * dt / 100.0, 0.0, 1.0)
    keep = (1 - s) * (1 - sm)
    thermal_gj = thermal_tce[:, None] * GJ_PER_TCE * keep
    hp_mwh = thermal_gj * f / (3.6 * heat_pump_cop)
    demand = (el + pv0)[:, None] * (1 - s) + hp_mwh
    pv = pv0[:, None] + np.where(on, pv_kwp_per_enterprise * pv_yield_kwh_per_kwp / 1000.0, 0.0)
    pv_used = np.minimum(pv, demand)
    grid = demand - pv_used
    g = np.clip(g0[:, None] + green_power_pct_per_yr * np.maximum(dt, 0) / 100.0, 0.0, 1.0)
    co2 = thermal_co2[:, None] * keep * (1 - f) + grid * (1 - g) * res
    energy = (grid + pv_used) * k_el / 1000.0 + thermal_tce[:, None] * keep * (1 - f)
    clean = (pv_used + grid * g) * k_el / 1000.0
    ent = np.repeat(piv.index.to_numpy(), len(years))
    return pd.DataFrame(
        {
            "enterprise": ent,
            "year": np.tile(years, len(piv)),
            "co2_t": co2.ravel(),
            "energy_tce": energy.ravel(),
            "clean_tce": clean.ravel(),
        }
    )


def net_zero_year(traj, *, residual_pct=0.0, by="enterprise", threshold_t_per_tce=None):
    """First year each enterprise (or the park, ``by=None``) reaches net zero.

    Parameters
    ----------
    traj : pandas.DataFrame
        :func:`trajectory` output.
    residual_pct : float
        Emissions still counted as net zero, as % of the baseline year's (0: none left, up to a
        rounding tolerance of 1e-9 of the baseline).
    by : str or None
        ``"enterprise"`` for each enterprise, None for the park total.
    threshold_t_per_tce : float, optional
        Also give the first year CO2 per tce is at or below this core-indicator threshold
        [t CO2/tce] (``indicator_year``).

    Returns
    -------
    pandas.DataFrame
        (enterprise,) baseline_t [t CO2/yr], net_zero_year and, with a threshold,
        baseline_t_per_tce and indicator_year (NaN when not reached by the last year).

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"enterprise": "A", "year": [2025, 2026, 2027],
    ...                   "co2_t": [100.0, 10.0, 0.0], "energy_tce": [500.0, 500.0, 500.0]})
    >>> net_zero_year(t, threshold_t_per_tce=0.05)[["net_zero_year", "indicator_year"]].iloc[0].tolist()
    [2027.0, 2026.0]
    """
    import pandas as pd

    if residual_pct < 0:
        raise ValueError("residual_pct must be >= 0")
    t = (
        traj
        if by
        else traj.groupby("year", as_index=False)[["co2_t", "energy_tce"]]
        .sum()
        .assign(enterprise="park")
    )
    rows = []
    for ent, g in t.sort_values("year").groupby("enterprise", sort=True):
        base = float(g["co2_t"].iloc[0])
        tol = max(base * residual_pct / 100.0, base * 1e-9)
        hit = g.loc[g["co2_t"] <= tol, "year"]
        row = {
            "enterprise": ent,
            "baseline_t": base,
            "net_zero_year": float(hit.iloc[0]) if len(hit) else np.nan,
        }
        if threshold_t_per_tce is not None:
            ratio = g["co2_t"] / g["energy_tce"]
            row["baseline_t_per_tce"] = float(ratio.iloc[0])
            met = g.loc[ratio <= threshold_t_per_tce, "year"]
            row["indicator_year"] = float(met.iloc[0]) if len(met) else np.nan
        rows.append(row)
    out = pd.DataFrame(rows)
    return out if by else out.drop(columns="enterprise")


def panel_frame(inv, production):
    """Monthly enterprise panel for the fixed-effects estimate: enterprise, month, energy_tce,
    log_energy, output_mcny, log_output and platform (0/1)."""
    e = inv.groupby(["enterprise", "month"], as_index=False)["energy_tce"].sum()
    p = production[["enterprise", "month", "output_value", "platform"]].rename(
        columns={"output_value": "output_mcny"}
    )
    df = e.merge(p, on=["enterprise", "month"], how="inner")
    df = df[(df["energy_tce"] > 0) & (df["output_mcny"] > 0)].copy()
    df["log_energy"] = np.log(df["energy_tce"])
    df["log_output"] = np.log(df["output_mcny"])
    df["platform"] = df["platform"].astype(bool).astype(int)
    return df.reset_index(drop=True)


# ---------------------------------------------------------------------------------------------
# national scale-up and the platform's compute footprint


def platform_devices(params: dict, n_enterprises=None):
    """The device table of one park's platform for
    :func:`greenimpact.compute.platform.platform_footprint`: meters (``n_enterprises`` x
    ``meters_per_enterprise``; default the scenario's ``enterprises_per_park``) and the data-centre
    servers attributable to the park, with the scenario's power, duty, PUE, embodied CO2 and
    lifetimes."""
    import pandas as pd

    n = params["enterprises_per_park"] if n_enterprises is None else n_enterprises
    return pd.DataFrame(
        {
            "name": ["meters and gateways", "data-centre servers"],
            "count": [n * params["meters_per_enterprise"], params["servers_per_park"]],
            "power_w": [params["meter_power_w"], params["server_power_w"]],
            "duty": [1.0, params["server_duty"]],
            "pue": [1.0, params["dc_pue"]],
            "embodied_kg": [params["meter_embodied_kg"], params["server_embodied_kg"]],
            "lifetime_yr": [params["meter_lifetime_yr"], params["server_lifetime_yr"]],
        }
    )


def impact_terms(params: dict, year) -> dict:
    r"""National avoided CO2 and platform compute footprint; numpy only, broadcasts over draws.

    Parameters
    ----------
    params : dict
        Parameter values of ``data/scenarios/parks.yaml`` (numbers or numpy arrays of draws;
        ``park_share_basis`` is ``"published"`` or ``"article"``).
    year : array_like
        Calendar year(s); must broadcast with the parameter arrays.

    Returns
    -------
    dict of numpy.ndarray
        ``avoided_mt`` and ``compute_mt`` [Mt CO2/yr], ``net_mt`` = avoided - compute,
        ``park_co2_mt`` [Mt CO2/yr], ``share_pct`` and ``adoption_pct`` [%],
        ``parks_covered`` [-] and ``compute_twh`` [TWh/yr].

    Notes
    -----
    .. math::

        A(y) = C_{nat} \cdot \frac{s}{100} \cdot \frac{a(y)}{100}
               \cdot \left[1 - (1 - \tfrac{e_{ems}}{100})(1 - \tfrac{e_{me}}{100})\right]

    with :math:`s` the parks' share of national CO2 (published 31 % or the article's 40 %),
    :math:`a(y)` the platform coverage (:func:`adoption_pct`). The compute footprint is
    :math:`N_{parks} a(y)/100` times one park's metering devices and data-centre servers
    (:func:`greenimpact.compute.platform.device_energy_mwh`) at the grid factor, plus their
    embodied CO2 spread over their lifetimes. Coverage is by share of park CO2; the number of
    parks covered assumes parks of equal size (Guo et al.'s homogeneity assumption).

    Examples
    --------
    >>> from greenimpact.scenarios import resolve
    >>> p = {k: v.value for k, v in resolve("parks").items()}
    >>> t = impact_terms(p, 2030)
    >>> bool(t["avoided_mt"] > t["compute_mt"] > 0)
    True
    """
    from greenimpact.compute.platform import device_energy_mwh

    p = params
    y = np.asarray(year, dtype=float)
    basis = p["park_share_basis"]
    if basis not in ("published", "article"):
        raise ValueError(f"park_share_basis must be 'published' or 'article', not {basis!r}")
    share = np.asarray(
        p["park_share_article_pct"] if basis == "article" else p["park_share_published_pct"],
        dtype=float,
    )
    park_co2 = np.asarray(p["national_co2_mt"], dtype=float) * share / 100.0
    adopt = adoption_pct(y, p["adoption_2025_pct"], p["adoption_2030_pct"])
    effect = 1.0 - (1.0 - np.asarray(p["ems_saving_pct"], float) / 100.0) * (
        1.0 - np.asarray(p["multi_energy_saving_pct"], float) / 100.0
    )
    avoided = park_co2 * adopt / 100.0 * effect
    parks = np.asarray(p["parks_count"], dtype=float) * adopt / 100.0
    meters = np.asarray(p["enterprises_per_park"], float) * np.asarray(
        p["meters_per_enterprise"], float
    )
    servers = np.asarray(p["servers_per_park"], dtype=float)
    e_meter = device_energy_mwh(meters, p["meter_power_w"])
    e_server = device_energy_mwh(servers, p["server_power_w"], p["server_duty"], p["dc_pue"])
    per_park_mwh = e_meter + e_server
    embodied_t = (
        meters
        * np.asarray(p["meter_embodied_kg"], float)
        / np.asarray(p["meter_lifetime_yr"], float)
        + servers
        * np.asarray(p["server_embodied_kg"], float)
        / np.asarray(p["server_lifetime_yr"], float)
    ) / 1000.0
    per_park_t = per_park_mwh * np.asarray(p["grid_factor_kg_per_kwh"], float) + embodied_t
    compute = parks * per_park_t / 1e6
    zeros = np.zeros(np.broadcast(avoided, compute).shape)
    return {
        "avoided_mt": avoided + zeros,
        "compute_mt": compute + zeros,
        "net_mt": avoided - compute,
        "park_co2_mt": park_co2 + zeros,
        "share_pct": share + zeros,
        "adoption_pct": adopt + zeros,
        "parks_covered": parks + zeros,
        "compute_twh": parks * per_park_mwh / 1e6 + zeros,
    }


#: IAMC variables of :func:`run` and the :func:`impact_terms` key each comes from.
VARIABLES = {
    "Emissions|CO2|Avoided|Industrial Parks": "avoided_mt",
    "Emissions|CO2|Avoided|Industrial Parks|Net of Compute": "net_mt",
    "Emissions|CO2|Compute|Industrial Parks": "compute_mt",
    "Emissions|CO2|Industrial Parks": "park_co2_mt",
    "Share|Industrial Parks|National CO2": "share_pct",
    "Share|Industrial Parks|Platform Coverage": "adoption_pct",
    "Electricity|Industrial Parks|Platform": "compute_twh",
}


def run(params: dict, *, scenario: str):
    """The parks model behind ``greenimpact.run("parks", ...)``: national IAMC records.

    Parameters
    ----------
    params : dict
        Resolved parameter values (see ``data/scenarios/parks.yaml``).
    scenario : str
        Scenario name (the api fills the ``scenario`` column).

    Returns
    -------
    pandas.DataFrame
        region CN, years 2020-2035, the variables of :data:`VARIABLES` with their code-list units;
        every number comes from :func:`impact_terms`.
    """
    from greenimpact import results

    return results.records(impact_terms(params, _YEARS), VARIABLES, _YEARS, "CN")


_FRAMING_LABELS = {"published": "published share", "article": "article claim"}


def national_scenarios(scenario="baseline", framings=("published", "article"), **overrides):
    """:func:`run` for each framing of the parks' national share, as one validated IAMC frame.

    The ``scenario`` column reads e.g. ``"baseline (published share)"`` and
    ``"baseline (article claim)"``; parameter overrides are validated as in ``greenimpact.run``.
    """
    import pandas as pd

    from greenimpact import results
    from greenimpact.scenarios import resolve

    frames = []
    for framing in framings:
        values = resolve("parks", scenario, {**overrides, "park_share_basis": framing})
        frame = run({k: v.value for k, v in values.items()}, scenario=scenario)
        frames.append(
            frame.assign(model="greenimpact", scenario=f"{scenario} ({_FRAMING_LABELS[framing]})")
        )
    return results.validate(pd.concat(frames, ignore_index=True))


def draw_parameters(values: dict, n_draws: int, seed: int) -> dict:
    """Monte Carlo draws: each parameter with a low/high range is drawn from a triangular
    distribution (low, value, high); the others stay fixed (:func:`greenimpact.uncertainty.draw`).

    Parameters
    ----------
    values : dict of greenimpact.scenarios.Value
        Output of :func:`greenimpact.scenarios.resolve`.
    """
    from greenimpact.uncertainty import draw

    return draw(values, n_draws, seed)


def national_range(
    scenario="baseline",
    year=2030,
    *,
    n_draws=20_000,
    seed=2025,
    framings=("published", "article"),
    **overrides,
):
    """Central value and Monte Carlo range of the national terms in ``year``, per framing.

    Every parameter with ``low``/``high`` in the scenario file is drawn from a triangular
    distribution with its value as the mode (:func:`draw_parameters`), independently.

    Returns
    -------
    pandas.DataFrame
        framing, term (avoided_mt, compute_mt, net_mt, compute_twh), central (all parameters at
        their values), low (5th percentile), median, high (95th percentile).
    """
    import pandas as pd

    from greenimpact.scenarios import resolve

    rows = []
    for i, framing in enumerate(framings):
        values = resolve("parks", scenario, {**overrides, "park_share_basis": framing})
        central = impact_terms({k: v.value for k, v in values.items()}, year)
        draws = impact_terms(draw_parameters(values, n_draws, seed + i), year)
        for term in ("avoided_mt", "compute_mt", "net_mt", "compute_twh"):
            lo, med, hi = np.percentile(draws[term], [5, 50, 95])
            rows.append(
                {
                    "framing": _FRAMING_LABELS[framing],
                    "share_pct": float(central["share_pct"]),
                    "term": term,
                    "central": float(central[term]),
                    "low": float(lo),
                    "median": float(med),
                    "high": float(hi),
                }
            )
    return pd.DataFrame(rows)
