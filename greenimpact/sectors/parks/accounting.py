"""Carbon accounting of an industrial park: standard coal, CO2 of fuels and electricity, the
zero-carbon park core indicator and platform adoption.

Pure functions, one per equation, vectorised over numpy arrays; no file is read here (the
coefficients come in as arguments: :func:`greenimpact.sectors.parks.conversion_factors` loads
the catalogue's GB/T 2589-2020 and IPCC 2006 rows and hands them to :func:`factors_from_table`).

References
----------
.. [1] GB/T 2589-2020 综合能耗计算通则 (General principles for calculation of the comprehensive
   energy consumption), SAMR/SAC, 2020.
.. [2] IPCC (2006). 2006 IPCC Guidelines for National Greenhouse Gas Inventories, Vol. 2
   Energy, ch. 2 Stationary Combustion. https://www.ipcc-nggip.iges.or.jp/public/2006gl/vol2.html
.. [3] WRI/WBCSD (2015). GHG Protocol Scope 2 Guidance.
   https://ghgprotocol.org/scope-2-guidance
.. [4] NDRC, MIIT, NEA (2025). 关于开展零碳园区建设的通知 (发改环资〔2025〕910号).
"""

from __future__ import annotations

import numpy as np

from greenimpact.checks import nonnegative, number, positive, share

__all__ = [
    "CANONICAL_UNITS",
    "CARRIERS",
    "ENERGY_CARRIERS",
    "FUELS",
    "GJ_PER_TCE",
    "INSTRUMENTS",
    "adoption_pct",
    "carbon_per_energy",
    "core_indicator_threshold",
    "electricity_co2_t",
    "factors_from_table",
    "fuel_co2_t",
    "standard_coal_tce",
]

#: GJ per tonne of coal equivalent (1 kgce = 7000 kcal = 29.3076 MJ; GB/T 2589-2020).
GJ_PER_TCE = 29.3076

#: Energy carriers counted in the park's energy consumption.
ENERGY_CARRIERS = ("electricity", "pv_onsite", "natural_gas", "coal", "steam_heat", "oil")
#: Market instruments: MWh of grid electricity covered by green-power contracts or certificates
#: (a part of ``electricity``, not extra consumption).
INSTRUMENTS = ("green_power", "gec")
CARRIERS = ENERGY_CARRIERS + INSTRUMENTS
#: Fuels burned on site (Scope 1).
FUELS = ("natural_gas", "coal", "oil")
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
    GB/T 2589-2020 (综合能耗计算通则):

    .. math:: E = \sum_i q_i k_i, \qquad E\,[\mathrm{tce}] = q\,k / 1000

    with :math:`1\,\mathrm{kgce} = 7000\,\mathrm{kcal} = 29.3076\,\mathrm{MJ}`.

    References
    ----------
    .. [1] GB/T 2589-2020 综合能耗计算通则 (General principles for calculation of the
       comprehensive energy consumption), SAMR/SAC, 2020.

    See Also
    --------
    fuel_co2_t, electricity_co2_t, carbon_per_energy

    Examples
    --------
    One GWh (10^6 kWh) at the calorific equivalent 0.1229 kgce/kWh:

    >>> float(standard_coal_tce(1e6, 0.1229))
    122.9
    """
    q = nonnegative(quantity, "quantity")
    k = positive(kgce_per_unit, "kgce_per_unit", "kgce per unit")
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
    .. math:: CO_2 = E_{tce} \cdot 29.3076\,\mathrm{GJ/tce} \cdot EF / 1000

    with oxidation factor 1, the IPCC 2006 default.

    References
    ----------
    .. [1] IPCC (2006). 2006 IPCC Guidelines for National Greenhouse Gas Inventories, Vol. 2
       Energy, ch. 2 Stationary Combustion, Table 2.2 (default emission factors).
       https://www.ipcc-nggip.iges.or.jp/public/2006gl/vol2.html

    See Also
    --------
    standard_coal_tce, electricity_co2_t

    Examples
    --------
    1000 tce of natural gas at 56.1 kg CO2/GJ:

    >>> round(float(fuel_co2_t(1000, 56.1)), 1)
    1644.2
    """
    e = nonnegative(energy_tce, "energy_tce", "tce")
    ef = nonnegative(co2_kg_per_gj, "co2_kg_per_gj", "kg CO2/GJ")
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
    Location-based with the average factor, market-based with contractual instruments and the
    residual mix:

    .. math:: CO_2 = \left(E_{grid} - \min(E_{covered}, E_{grid})\right) \cdot EF

    References
    ----------
    .. [1] WRI/WBCSD (2015). GHG Protocol Scope 2 Guidance.
       https://ghgprotocol.org/scope-2-guidance
    .. [2] MEE & NBS (2024). 2022 electricity CO2 emission factors: national average 0.5366,
       excluding market-traded non-fossil electricity 0.5856 kg CO2/kWh.

    See Also
    --------
    fuel_co2_t, greenimpact.compute.carbon.market_based_mt

    Examples
    --------
    >>> float(electricity_co2_t(1000, 0.5856, covered_mwh=250))
    439.2
    """
    g = nonnegative(grid_mwh, "grid_mwh", "MWh")
    ef = nonnegative(factor_kg_per_kwh, "factor_kg_per_kwh", "kg CO2/kWh")
    c = nonnegative(covered_mwh, "covered_mwh", "MWh")
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
    .. math:: I = CO_2 / E

    The national zero-carbon park notice sets :math:`I \le 0.20` for parks using 0.2-1 Mtce a
    year and :math:`I \le 0.30` above (see :func:`core_indicator_threshold`).

    References
    ----------
    .. [1] NDRC, MIIT, NEA (2025). 关于开展零碳园区建设的通知 (发改环资〔2025〕910号),
       annex: zero-carbon park indicator system.

    See Also
    --------
    core_indicator_threshold, standard_coal_tce

    Examples
    --------
    >>> float(carbon_per_energy(90_000, 500_000))
    0.18
    """
    c = number(co2_t, "co2_t", unit="t CO2")
    e = positive(energy_tce, "energy_tce", "tce")
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
    .. math::

        T(E) = \begin{cases} 0.20 & 0.2 \le E < 1\ \mathrm{Mtce/yr} \\
                             0.30 & E \ge 1\ \mathrm{Mtce/yr} \end{cases}

    (values passed in from ``data/zero_carbon_park_indicators.csv``, see
    :func:`greenimpact.sectors.parks.indicator_thresholds`).

    References
    ----------
    .. [1] NDRC, MIIT, NEA (2025). 关于开展零碳园区建设的通知 (发改环资〔2025〕910号).

    See Also
    --------
    carbon_per_energy

    Examples
    --------
    >>> core_indicator_threshold([150e3, 5e5, 1e6, 3e6], 2e5, 1e6, 0.2, 0.3).tolist()
    [nan, 0.2, 0.3, 0.3]
    """
    e = nonnegative(energy_tce_per_yr, "energy_tce_per_yr", "tce/yr")
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
        Coverage in 2025 and 2030 [%], 0-100.
    start_year : int
        First year counted (the zero-carbon park programme's base year, 2025).

    Returns
    -------
    numpy.ndarray
        Coverage [%]: 0 before ``start_year``, linear from 2025 to 2030, flat afterwards.

    Notes
    -----
    .. math::

        a(y) = a_{2025} + (a_{2030} - a_{2025}) \cdot \mathrm{clip}\left(\frac{y - 2025}{5},
        0, 1\right), \qquad a(y) = 0 \text{ for } y < y_0

    References
    ----------
    .. [1] NDRC, MIIT, NEA (2025). 关于开展零碳园区建设的通知 (发改环资〔2025〕910号): the
       programme that sets the 2025 base year.

    See Also
    --------
    greenimpact.sectors.parks.impact_terms

    Examples
    --------
    >>> adoption_pct([2024, 2025, 2027, 2030, 2035], 2.0, 4.0).tolist()
    [0.0, 2.0, 2.8, 4.0, 4.0]
    """
    y = number(year, "year")
    a25 = share(adoption_2025_pct, "adoption_2025_pct")
    a30 = share(adoption_2030_pct, "adoption_2030_pct")
    w = np.clip((y - 2025.0) / 5.0, 0.0, 1.0)
    return np.where(y < start_year, 0.0, a25 + (a30 - a25) * w)


def factors_from_table(table, *, natural_gas="gas_field", coal="raw_coal", oil="diesel") -> dict:
    """Standard-coal and CO2 coefficients per carrier from the rows of a factor table.

    Parameters
    ----------
    table : pandas.DataFrame
        Rows of the ``energy_conversion_factors`` schema (carrier, basis, quantity, value, unit,
        default).
    natural_gas, coal, oil : str
        The ``basis`` row to use for each fuel (``gas_field``, ``oil_field`` or ``mrv_default``
        — China's enterprise MRV defaults, NCV 389.31 GJ per 10^4 Nm3 and 15.3 t C/TJ at 99 %
        oxidation, 21.62 t CO2 per 10^4 m3, 7.7 % above the ``gas_field`` pair; ``raw_coal``;
        ``diesel`` or ``fuel_oil``); the other carriers use their ``default`` row.

    Returns
    -------
    dict
        ``{"kgce": {carrier: kgce per canonical unit}, "co2": {carrier: kg CO2/GJ}}``, with the
        canonical units of :data:`CANONICAL_UNITS` (electricity per MWh, gas per m3, coal and
        oil per t, heat per GJ).

    See Also
    --------
    greenimpact.sectors.parks.conversion_factors : the same, read from the catalogue.
    """
    from greenimpact.units import convert

    chosen = {"natural_gas": natural_gas, "coal": coal, "oil": oil}
    out: dict[str, dict[str, float]] = {"kgce": {}, "co2": {}}
    for carrier in ENERGY_CARRIERS:
        rows = table[table["carrier"] == carrier]
        if carrier in chosen:
            rows = rows[rows["basis"] == chosen[carrier]]
            if rows.empty:
                known = sorted(set(table.loc[table["carrier"] == carrier, "basis"]))
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
