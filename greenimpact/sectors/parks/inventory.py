"""A park's inventory and what follows from it: enterprise ranking, emissions by carrier, the
zero-carbon park scorecard, the trajectory to net zero under the platform's levers, and the
monthly panel for the fixed-effects estimate.

Composers over pandas frames built on the equations of :mod:`.accounting`. They read no file:
the coefficients, grid factors and indicator thresholds are arguments; when one is left out
(``None``) the catalogue's default is taken from :mod:`.metering`, the module that reads data.
"""

from __future__ import annotations

import numpy as np

from greenimpact.checks import at_most, nonnegative, positive, share
from greenimpact.sectors.parks.accounting import (
    CANONICAL_UNITS,
    CARRIERS,
    ENERGY_CARRIERS,
    FUELS,
    GJ_PER_TCE,
    INSTRUMENTS,
    carbon_per_energy,
    core_indicator_threshold,
    electricity_co2_t,
    fuel_co2_t,
    standard_coal_tce,
)

__all__ = [
    "emissions_by_carrier",
    "enterprise_summary",
    "inventory",
    "net_zero_year",
    "panel_frame",
    "scorecard",
    "trajectory",
]


def _factors(factors=None) -> dict:
    """``factors``, or the catalogue's default conversion factors."""
    if factors:
        return factors
    from greenimpact.sectors.parks.metering import conversion_factors

    return conversion_factors()


def _grid(average=None, residual=None) -> tuple[float, float]:
    """(average, residual) grid factors [kg CO2/kWh], the latest national ones where not given."""
    if average is None or residual is None:
        from greenimpact.sectors.parks.metering import grid_factors

        avg0, res0 = grid_factors()
        average = avg0 if average is None else average
        residual = res0 if residual is None else residual
    return (
        float(nonnegative(average, "grid_factor_kg_per_kwh", "kg CO2/kWh")),
        float(nonnegative(residual, "residual_factor_kg_per_kwh", "kg CO2/kWh")),
    )


def _kgce_electricity(electricity_kgce_per_kwh=None, factors=None) -> float:
    """Standard coal of electricity per MWh [kgce/MWh]: the given value per kWh, or the factors'."""
    if electricity_kgce_per_kwh is None:
        return _factors(factors)["kgce"]["electricity"]
    return float(positive(electricity_kgce_per_kwh, "electricity_kgce_per_kwh", "kgce/kWh")) * 1000.0


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
        national average (0.5306 for 2023).
    residual_factor_kg_per_kwh : float, optional
        Grid factor excluding market-traded non-fossil power, for market-based Scope 2 with
        green power and certificates [kg CO2/kWh]; default the latest MEE/NBS value (0.6096 for 2023).
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

    References
    ----------
    .. [1] GB/T 2589-2020 综合能耗计算通则, SAMR/SAC, 2020.
    .. [2] WRI/WBCSD (2015). GHG Protocol Scope 2 Guidance.
       https://ghgprotocol.org/scope-2-guidance

    See Also
    --------
    enterprise_summary, emissions_by_carrier, scorecard, trajectory
    """
    import pandas as pd

    factors = _factors(factors)
    kgce = dict(factors["kgce"])
    if electricity_kgce_per_kwh is not None:
        kgce["electricity"] = kgce["pv_onsite"] = _kgce_electricity(electricity_kgce_per_kwh)
    avg, res = _grid(grid_factor_kg_per_kwh, residual_factor_kg_per_kwh)
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
    is_fuel = np.isin(carrier, FUELS)
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

    See Also
    --------
    inventory, emissions_by_carrier
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

    See Also
    --------
    inventory, enterprise_summary
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

    References
    ----------
    .. [1] NDRC, MIIT, NEA (2025). 关于开展零碳园区建设的通知 (发改环资〔2025〕910号).

    See Also
    --------
    greenimpact.sectors.parks.accounting.carbon_per_energy,
    greenimpact.sectors.parks.accounting.core_indicator_threshold, trajectory
    """
    import pandas as pd

    if basis not in ("market", "location"):
        raise ValueError(f"basis must be 'market' or 'location', not {basis!r}")
    if thresholds is None:
        from greenimpact.sectors.parks.metering import indicator_thresholds

        thresholds = indicator_thresholds()
    th = thresholds
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

    See Also
    --------
    inventory, net_zero_year, greenimpact.sectors.parks.park_trajectory
    """
    import pandas as pd

    share(ems_saving_pct, "ems_saving_pct")
    share(multi_energy_saving_pct, "multi_energy_saving_pct")
    nonnegative(electrification_pct_per_yr, "electrification_pct_per_yr", "percentage points/yr")
    nonnegative(green_power_pct_per_yr, "green_power_pct_per_yr", "percentage points/yr")
    nonnegative(pv_kwp_per_enterprise, "pv_kwp_per_enterprise", "kWp")
    nonnegative(pv_yield_kwh_per_kwp, "pv_yield_kwh_per_kwp", "kWh/kWp")
    positive(heat_pump_cop, "heat_pump_cop")
    at_most(start_year, "start_year", end_year, "end_year")
    _, res = _grid(None, residual_factor_kg_per_kwh)
    k_el = _kgce_electricity(electricity_kgce_per_kwh)
    part, months = _period(inv, year)
    scale = 12.0 / len(months)
    piv = part.pivot_table(
        index="enterprise", columns="carrier", values="quantity", aggfunc="sum", fill_value=0.0
    )
    by = part.groupby("enterprise")
    fuel_mask = part["carrier"].isin(list(FUELS) + ["steam_heat"])
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

    See Also
    --------
    trajectory, scorecard

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"enterprise": "A", "year": [2025, 2026, 2027],
    ...                   "co2_t": [100.0, 10.0, 0.0], "energy_tce": [500.0, 500.0, 500.0]})
    >>> net_zero_year(t, threshold_t_per_tce=0.05)[["net_zero_year", "indicator_year"]].iloc[0].tolist()
    [2027.0, 2026.0]
    """
    import pandas as pd

    nonnegative(residual_pct, "residual_pct", "%")
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

