r"""Data-centre facilities: cooling technology and PUE, rack density, PUE policy targets, waste-heat
reuse, water use and load flexibility.

One function per equation, vectorised over numpy arrays (and pandas objects where a table is the
natural input). Shares are fractions in [0, 1] and their argument names end in ``_share``; powers
are in kW or MW, energy in kWh or MWh, as the argument names say.

The defaults live in ``data/``: ``cooling_technologies`` (PUE, WUE and rack density per cooling
technology), ``pue_policy_targets``, ``pue_observed`` and ``facility_parameters`` (water, heating
season, heat indices, heat-pump case). The convenience loaders at the end of this module read them;
the model functions themselves do no file I/O.
"""

from __future__ import annotations

import numpy as np

from greenimpact.checks import (
    at_most,
    fractions,
    integer,
    nonnegative,
    number,
    positive,
    share,
)

__all__ = [
    "TECHNOLOGIES",
    "check_pue_targets",
    "cooling_mix_path",
    "energy_reuse_factor",
    "fleet_pue",
    "harbin_case",
    "heat_pump_electricity_kw",
    "heat_pump_output_kw",
    "heated_area_m2",
    "heating_cost_saved",
    "load_cooling_technologies",
    "load_pue_targets",
    "mean_rack_density_kw",
    "net_water_use_m3",
    "racks_needed",
    "recoverable_heat_kw",
    "shift_load",
    "waste_heat_case",
    "water_reuse_m3",
    "water_use_m3",
]

#: Cooling technologies, in the column order used by :func:`cooling_mix_path`.
TECHNOLOGIES = ("air", "cold_plate", "immersion")

_SHARE_SUM_TOL = 1e-9


# --------------------------------------------------------------------------------------------
# helpers


def _float_or_array(x):
    return float(x) if np.ndim(x) == 0 else x


# --------------------------------------------------------------------------------------------
# PUE and cooling mix


def fleet_pue(it_share_by_tech, pue_by_tech):
    r"""IT-energy-weighted PUE of a fleet that mixes cooling technologies.

    Parameters
    ----------
    it_share_by_tech : array_like or pandas.DataFrame
        Share of the fleet's IT energy served by each technology [-], fractions in [0, 1] along
        the last axis (one column per technology) summing to 1 (within 1e-9). A DataFrame (for
        example the output of :func:`cooling_mix_path`, one row per year) is matched to
        ``pue_by_tech`` by column name.
    pue_by_tech : array_like, dict or pandas.Series
        Power usage effectiveness of each technology [-], >= 1. With a DataFrame of shares, a dict
        or Series keyed by technology.

    Returns
    -------
    numpy.ndarray, float or pandas.Series
        Fleet PUE [-] (a Series indexed like ``it_share_by_tech`` when that is a DataFrame).

    Notes
    -----
    With :math:`E_{fac} = \sum_k E_{IT,k}\,\mathrm{PUE}_k` and :math:`s_k = E_{IT,k}/E_{IT}`,

    .. math:: \mathrm{PUE}_{fleet} = \frac{E_{fac}}{E_{IT}} = \sum_k s_k\,\mathrm{PUE}_k

    which is exact for total facility energy. Weighting by facility energy or by floor area, or
    averaging PUEs without weights, is not.

    References
    ----------
    .. [1] The Green Grid, "PUE: a comprehensive examination of the metric", White Paper 49
       (2012): PUE = total facility energy / IT equipment energy.

    See also
    --------
    cooling_mix_path, mean_rack_density_kw, check_pue_targets

    Examples
    --------
    70 % of IT energy air-cooled at PUE 1.46, 25 % cold plate at 1.20, 5 % immersion at 1.07:

    >>> round(float(fleet_pue([0.70, 0.25, 0.05], [1.46, 1.20, 1.07])), 4)
    1.3755
    """
    import pandas as pd

    if isinstance(it_share_by_tech, pd.DataFrame):
        frame = it_share_by_tech
        pue_map = pd.Series(pue_by_tech) if not isinstance(pue_by_tech, pd.Series) else pue_by_tech
        missing = [c for c in frame.columns if c not in pue_map.index]
        if missing:
            raise ValueError(f"pue_by_tech has no value for technologies {missing}")
        shares = share(frame.to_numpy(dtype=float), "it_share_by_tech", fraction=True)
        pue = number(pue_map.loc[list(frame.columns)].to_numpy(dtype=float), "pue_by_tech", low=1)
        fractions(shares, "it_share_by_tech", atol=_SHARE_SUM_TOL, along="the technology axis")
        return pd.Series(shares @ pue, index=frame.index, name="pue")
    shares = share(it_share_by_tech, "it_share_by_tech", fraction=True)
    pue = number(pue_by_tech, "pue_by_tech", low=1)
    if shares.ndim == 0:
        raise ValueError("it_share_by_tech needs one share per technology along its last axis")
    fractions(shares, "it_share_by_tech", atol=_SHARE_SUM_TOL, along="the technology axis")
    try:
        out = np.sum(shares * pue, axis=-1)
    except ValueError:
        raise ValueError(
            f"pue_by_tech (shape {pue.shape}) does not match it_share_by_tech (shape {shares.shape})"
        ) from None
    return _float_or_array(out)


def cooling_mix_path(years, liquid_share_path, immersion_share_path=None, *, extrapolate=True):
    r"""Per-year IT-energy shares of air, cold-plate and immersion cooling from adoption paths.

    Parameters
    ----------
    years : array_like of int
        Years to evaluate [yr].
    liquid_share_path : dict or pandas.Series
        ``{year: share}`` of IT energy served by liquid cooling of any kind (cold plate plus
        immersion) [-], fractions in [0, 1]. Linear between the given years.
    immersion_share_path : dict or pandas.Series, optional
        ``{year: share}`` of IT energy served by immersion cooling [-], part of the liquid share
        (must not exceed it in any year). Default: no immersion.
    extrapolate : bool, default True
        Outside the years of a path, hold its first or last value. With False, years outside
        a path raise ``ValueError``.

    Returns
    -------
    pandas.DataFrame
        Index ``year``, columns ``air``, ``cold_plate``, ``immersion`` [-]; rows sum to 1.

    Notes
    -----
    .. math:: s_{imm}(t),\quad s_{cp}(t) = s_{liq}(t) - s_{imm}(t),\quad s_{air}(t) = 1 - s_{liq}(t)

    with :math:`s(t)` linearly interpolated between the path's years.

    See also
    --------
    fleet_pue, mean_rack_density_kw

    Examples
    --------
    >>> mix = cooling_mix_path([2024, 2027, 2030], {2024: 0.1, 2030: 0.4}, {2024: 0.0, 2030: 0.1})
    >>> mix.round(3)
            air  cold_plate  immersion
    year
    2024  0.90        0.10       0.00
    2027  0.75        0.20       0.05
    2030  0.60        0.30       0.10
    """
    import pandas as pd

    years_arr = integer(years, "years")
    if years_arr.ndim != 1 or years_arr.size == 0:
        raise ValueError("years must be a non-empty one-dimensional sequence of years")
    liquid = _interp_path(years_arr, liquid_share_path, "liquid_share_path", extrapolate)
    if immersion_share_path is None:
        immersion = np.zeros_like(liquid)
    else:
        immersion = _interp_path(years_arr, immersion_share_path, "immersion_share_path", extrapolate)
    over = immersion > liquid + _SHARE_SUM_TOL
    if np.any(over):
        y = years_arr[over][0]
        raise ValueError(
            f"immersion_share_path exceeds liquid_share_path in {y:g} "
            "(immersion is part of the liquid share)"
        )
    frame = pd.DataFrame(
        {"air": 1 - liquid, "cold_plate": np.maximum(liquid - immersion, 0.0), "immersion": immersion},
        index=pd.Index(years_arr.astype(int), name="year"),
    )
    return frame


def _interp_path(years: np.ndarray, path, name: str, extrapolate: bool) -> np.ndarray:
    try:
        items = sorted(dict(path).items())
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a mapping {{year: share}} or a pandas Series") from None
    if not items:
        raise ValueError(f"{name} is empty; give at least one {{year: share}}")
    xs = number([k for k, _ in items], f"{name} years")
    ys = share([v for _, v in items], name, fraction=True)
    if not extrapolate and np.any((years < xs[0]) | (years > xs[-1])):
        raise ValueError(
            f"years outside {name}'s range {xs[0]:g}-{xs[-1]:g} (pass extrapolate=True to hold the ends)"
        )
    return np.interp(years, xs, ys)


def racks_needed(it_load_kw, density_kw):
    r"""Number of racks that carry an IT load at a given power density per rack.

    Parameters
    ----------
    it_load_kw : array_like
        IT load [kW], >= 0.
    density_kw : array_like
        Average IT power per rack [kW/rack], > 0.

    Returns
    -------
    numpy.ndarray or float
        Racks [-] (rounded up to whole racks).

    Notes
    -----
    .. math:: N = \lceil P_{IT} / p_{rack} \rceil

    References
    ----------
    .. [1] Tencent News (2025). 绿色算力的发展趋势分析与建议 (seed article of this product).
       https://new.qq.com/rain/a/20250208A027RP00

    See also
    --------
    mean_rack_density_kw, load_cooling_technologies

    Examples
    --------
    1 MW of IT load needs 100-125 racks at 8-10 kW (air cooling, as the seed article puts it)
    but 31 at 33 kW (cold-plate liquid cooling):

    >>> racks_needed(1000, [8, 10, 33])
    array([125., 100.,  31.])
    """
    load = nonnegative(it_load_kw, "it_load_kw", "kW")
    density = positive(density_kw, "density_kw", "kW per rack")
    return _float_or_array(np.ceil(np.round(load / density, 9)))


def mean_rack_density_kw(it_share_by_tech, density_kw_by_tech):
    r"""Average power per rack of a fleet that mixes cooling technologies.

    Parameters
    ----------
    it_share_by_tech : array_like
        Share of IT load per technology [-] along the last axis, summing to 1.
    density_kw_by_tech : array_like
        Power per rack of each technology [kW/rack], > 0.

    Returns
    -------
    numpy.ndarray or float
        Fleet-average IT power per rack [kW/rack].

    Notes
    -----
    Racks add up, so the average density is the load-weighted harmonic mean:

    .. math:: \bar p = \frac{P_{IT}}{\sum_k P_{IT} s_k / p_k} = \Big(\sum_k s_k / p_k\Big)^{-1}

    See also
    --------
    racks_needed, fleet_pue

    Examples
    --------
    >>> round(float(mean_rack_density_kw([0.7, 0.3], [9, 33])), 2)
    11.51
    """
    shares = share(it_share_by_tech, "it_share_by_tech", fraction=True)
    density = positive(density_kw_by_tech, "density_kw_by_tech", "kW per rack")
    fractions(shares, "it_share_by_tech", atol=_SHARE_SUM_TOL, along="the technology axis")
    return _float_or_array(1.0 / np.sum(shares / density, axis=-1))


def check_pue_targets(years, pue, targets, *, all_years=True):
    r"""Compare a PUE trajectory with policy targets.

    Parameters
    ----------
    years : array_like of int
        Years of the trajectory [yr].
    pue : array_like or dict
        Modelled PUE per year [-], >= 1, aligned with ``years``; or a dict ``{scope: trajectory}``
        when different groups of data centres (national average, hub nodes, ...) are modelled
        separately. A target whose ``scope`` has no trajectory in the dict is skipped.
    targets : pandas.DataFrame
        One row per target with columns ``target_id``, ``scope``, ``applies_to``, ``year`` (the
        deadline or the year from which the cap applies), ``comparison`` (``"<"`` or ``"<="``)
        and ``pue_max`` [-]; :func:`load_pue_targets` gives the embedded table.
    all_years : bool, default True
        A cap keeps binding after its year: check every trajectory year from ``year`` on. With
        False, only the target's own year.

    Returns
    -------
    pandas.DataFrame
        Columns ``target_id``, ``scope``, ``applies_to``, ``year``, ``comparison``,
        ``pue_target``, ``pue_model`` [-], ``met`` (boolean; missing when the trajectory does
        not reach the target year) and ``gap`` = ``pue_model - pue_target`` [-] (positive: above
        the cap).

    Notes
    -----
    ``met`` is :math:`\mathrm{PUE}_{model}(t) < \mathrm{PUE}_{max}` for ``"<"`` and
    :math:`\le` for ``"<="``, for :math:`t \ge t_{target}`. A national-average trajectory checked
    against a hub-node or procurement cap only says how far the average is from that group's
    standard; the ``applies_to`` column states which data centres each target covers.

    References
    ----------
    .. [1] NDRC, MIIT, NEA and National Data Administration (2024). 数据中心绿色低碳发展专项行动计划
       (special action plan for green and low-carbon data centres): national average PUE < 1.5
       by end-2025. Further targets and their sources: ``data/pue_policy_targets.csv``.

    See also
    --------
    load_pue_targets, fleet_pue

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"target_id": ["avg"], "scope": ["national_average"],
    ...                   "applies_to": ["all data centres"], "year": [2025],
    ...                   "comparison": ["<"], "pue_max": [1.5]})
    >>> check_pue_targets([2024, 2025, 2026], [1.52, 1.48, 1.45], t)[["year", "met", "gap"]]
       year   met   gap
    0  2025  True -0.02
    1  2026  True -0.05
    """
    import pandas as pd

    years_arr = integer(years, "years").astype(int)
    if years_arr.ndim != 1:
        raise ValueError("years must be one-dimensional")
    need = {"target_id", "scope", "applies_to", "year", "comparison", "pue_max"}
    missing = need - set(targets.columns)
    if missing:
        raise ValueError(f"targets lacks columns {sorted(missing)}")
    if isinstance(pue, dict):
        paths = {k: number(v, f"pue[{k!r}]", low=1) for k, v in pue.items()}
    else:
        paths = None
        single = number(pue, "pue", low=1)
    for key, path in ({"": single} if paths is None else paths).items():
        if np.shape(path) != years_arr.shape:
            label = "pue" if paths is None else f"pue[{key!r}]"
            raise ValueError(f"{label} has shape {np.shape(path)}, years has {years_arr.shape}")
    bad_cmp = sorted(set(targets["comparison"]) - {"<", "<="})
    if bad_cmp:
        raise ValueError(f"targets column 'comparison' must be '<' or '<=', got {bad_cmp}")
    rows = []
    for t in targets.itertuples(index=False):
        if paths is None:
            path = single
        elif t.scope in paths:
            path = paths[t.scope]
        else:
            continue
        ty = int(t.year)
        sel = years_arr >= ty if all_years else years_arr == ty
        base = {
            "target_id": t.target_id,
            "scope": t.scope,
            "applies_to": t.applies_to,
            "comparison": t.comparison,
            "pue_target": float(t.pue_max),
        }
        if not np.any(sel):
            rows.append({**base, "year": ty, "pue_model": np.nan, "met": pd.NA})
            continue
        for y, v in zip(years_arr[sel], path[sel], strict=True):
            met = v < t.pue_max if t.comparison == "<" else v <= t.pue_max + 1e-12
            rows.append({**base, "year": int(y), "pue_model": float(v), "met": bool(met)})
    cols = ["target_id", "scope", "applies_to", "year", "comparison", "pue_target", "pue_model", "met", "gap"]
    if not rows:
        return pd.DataFrame(columns=cols)
    out = pd.DataFrame(rows)
    out["met"] = out["met"].astype("boolean")
    out["gap"] = (out["pue_model"] - out["pue_target"]).round(12)
    return out[cols].reset_index(drop=True)


# --------------------------------------------------------------------------------------------
# waste heat


def recoverable_heat_kw(it_load_kw, capture_fraction):
    r"""Heat that a heat-recovery system can capture from the IT load.

    Parameters
    ----------
    it_load_kw : array_like
        IT electrical load [kW], >= 0. Practically all of it leaves the equipment as heat.
    capture_fraction : array_like
        Fraction of that heat the recovery loop captures [-], in [0, 1] (higher for liquid
        cooling, whose coolant carries most of the heat at a useful temperature).

    Returns
    -------
    numpy.ndarray or float
        Recoverable heat [kW] (thermal).

    Notes
    -----
    .. math:: Q_{rec} = f_{cap}\,P_{IT}

    See also
    --------
    heat_pump_output_kw, heated_area_m2, energy_reuse_factor

    Examples
    --------
    >>> float(recoverable_heat_kw(12_000, 0.8))
    9600.0
    """
    load = nonnegative(it_load_kw, "it_load_kw", "kW")
    f = share(capture_fraction, "capture_fraction", fraction=True)
    return _float_or_array(load * f)


def heat_pump_output_kw(source_heat_kw, cop):
    r"""Heat delivered by a heat pump that lifts a given amount of low-temperature source heat.

    Parameters
    ----------
    source_heat_kw : array_like
        Heat taken from the source (the data centre's cooling water or exhaust air) [kW], >= 0.
    cop : array_like
        Heating coefficient of performance [-], > 1.

    Returns
    -------
    numpy.ndarray or float
        Heat delivered to the heating loop [kW].

    Notes
    -----
    Energy balance :math:`Q_{out} = Q_{in} + W` with :math:`\mathrm{COP} = Q_{out}/W`:

    .. math:: Q_{out} = Q_{in}\,\frac{\mathrm{COP}}{\mathrm{COP} - 1}, \qquad W = Q_{out}/\mathrm{COP}

    See also
    --------
    heat_pump_electricity_kw, recoverable_heat_kw, heating_cost_saved

    Examples
    --------
    Tencent Tianjin's magnetic-bearing heat pumps have a rated heating COP of 4.9: 1,000 kW of
    recovered heat becomes about 1,256 kW of heating with 256 kW of electricity.

    >>> round(float(heat_pump_output_kw(1000, 4.9)), 1)
    1256.4
    """
    q_in = nonnegative(source_heat_kw, "source_heat_kw", "kW")
    c = number(cop, "cop", low=1, low_open=True)
    return _float_or_array(q_in * c / (c - 1))


def heat_pump_electricity_kw(heat_output_kw, cop):
    r"""Electricity a heat pump draws to deliver a given heat output.

    Parameters
    ----------
    heat_output_kw : array_like
        Heat delivered [kW], >= 0.
    cop : array_like
        Heating coefficient of performance [-], > 1.

    Returns
    -------
    numpy.ndarray or float
        Electrical power [kW].

    Notes
    -----
    .. math:: W = Q_{out} / \mathrm{COP}

    See also
    --------
    heat_pump_output_kw, heating_cost_saved

    Examples
    --------
    >>> round(float(heat_pump_electricity_kw(1256.41, 4.9)), 1)
    256.4
    """
    q_out = nonnegative(heat_output_kw, "heat_output_kw", "kW")
    c = number(cop, "cop", low=1, low_open=True)
    return _float_or_array(q_out / c)


def heated_area_m2(heat_kw, design_load_w_per_m2):
    r"""Floor area that a heat supply can keep warm at the design outdoor temperature.

    Parameters
    ----------
    heat_kw : array_like
        Heat supply available at design conditions [kW], >= 0.
    design_load_w_per_m2 : array_like
        Design heat load per unit floor area (area heat index, 面积热指标) [W/m2], > 0.

    Returns
    -------
    numpy.ndarray or float
        Heated floor area [m2].

    Notes
    -----
    .. math:: A = 1000\,Q / q_A

    References
    ----------
    .. [1] CJJ 34-2010 城镇供热管网设计规范 (design code for city heating networks), area heat
       indices by building type; see ``data/facility_parameters.csv`` for the values used and
       their confidence.

    See also
    --------
    waste_heat_case, recoverable_heat_kw

    Examples
    --------
    >>> round(float(heated_area_m2(10_327, 80)))
    129088
    """
    q = nonnegative(heat_kw, "heat_kw", "kW")
    load = positive(design_load_w_per_m2, "design_load_w_per_m2", "W/m2")
    return _float_or_array(1000.0 * q / load)


def heating_cost_saved(
    heat_kw,
    hours,
    heat_price_cny_per_kwh,
    heat_pump_electricity_kw=0.0,
    electricity_price_cny_per_kwh=0.0,
):
    r"""Yearly heating bill avoided by recovered heat, net of the heat pump's electricity.

    Parameters
    ----------
    heat_kw : array_like
        Average recovered heat delivered over the operating hours [kW], >= 0.
    hours : array_like
        Operating hours per year (the heating season, or its full-load equivalent) [h/yr], >= 0.
    heat_price_cny_per_kwh : array_like
        Price of the heat it replaces [CNY/kWh] (thermal), >= 0.
    heat_pump_electricity_kw : array_like, default 0
        Average electricity drawn by heat pumps over the same hours [kW], >= 0.
    electricity_price_cny_per_kwh : array_like, default 0
        Electricity price [CNY/kWh], >= 0.

    Returns
    -------
    numpy.ndarray or float
        Net saving [CNY/yr].

    Notes
    -----
    .. math:: S = (Q\,p_{heat} - W\,p_{el})\,h

    See also
    --------
    heat_pump_electricity_kw, waste_heat_case

    Examples
    --------
    >>> round(float(heating_cost_saved(10_327, 4392, 0.0461)))
    2090920
    """
    q = nonnegative(heat_kw, "heat_kw", "kW")
    h = nonnegative(hours, "hours", "h/yr")
    p_heat = nonnegative(heat_price_cny_per_kwh, "heat_price_cny_per_kwh", "CNY/kWh")
    w = nonnegative(heat_pump_electricity_kw, "heat_pump_electricity_kw", "kW")
    p_el = nonnegative(electricity_price_cny_per_kwh, "electricity_price_cny_per_kwh", "CNY/kWh")
    return _float_or_array((q * p_heat - w * p_el) * h)


def energy_reuse_factor(reused_energy_kwh, facility_energy_kwh):
    r"""Energy reuse factor: the share of a data centre's energy reused outside it.

    Parameters
    ----------
    reused_energy_kwh : array_like
        Energy (for example heat) reused outside the data centre [kWh/yr], >= 0.
    facility_energy_kwh : array_like
        Total data-centre energy [kWh/yr], > 0.

    Returns
    -------
    numpy.ndarray or float
        ERF [-], in [0, 1].

    Notes
    -----
    .. math:: \mathrm{ERF} = E_{reuse} / E_{DC}

    References
    ----------
    .. [1] ISO/IEC 30134-6, Key performance indicators — Energy reuse factor (ERF); the
       definition is restated from the research notes and was not checked against the standard.

    See also
    --------
    recoverable_heat_kw, heating_cost_saved

    Examples
    --------
    >>> float(energy_reuse_factor(2.0e6, 10.0e6))
    0.2
    """
    reused = nonnegative(reused_energy_kwh, "reused_energy_kwh", "kWh")
    total = positive(facility_energy_kwh, "facility_energy_kwh", "kWh")
    at_most(reused, "reused_energy_kwh", total, "facility_energy_kwh", "kWh")
    return _float_or_array(reused / total)


def waste_heat_case(heat_kw, area_m2, saving_cny_per_yr, season_h, load_factor=1.0):
    r"""The heat intensity and heat price implied by a published waste-heat reuse case.

    Parameters
    ----------
    heat_kw : float
        Recovered heat capacity stated by the case [kW].
    area_m2 : float
        Floor area it heats [m2].
    saving_cny_per_yr : float
        Heating cost saved per year [CNY/yr].
    season_h : float
        Length of the heating season [h/yr].
    load_factor : float, default 1.0
        Average heat delivered as a fraction of ``heat_kw`` over the season [-], in (0, 1]. 1
        assumes the full capacity is used all season, which gives the lowest implied price.

    Returns
    -------
    dict
        ``design_load_w_per_m2`` [W/m2], ``heat_delivered_mwh`` [MWh/yr],
        ``price_cny_per_kwh`` [CNY/kWh], ``price_cny_per_gj`` [CNY/GJ] and
        ``saving_cny_per_m2`` [CNY/(m2 yr)], the saving per heated square metre and season.

    Notes
    -----
    .. math:: q_A = 1000\,Q/A, \qquad E = Q\,\lambda\,h, \qquad p = S / E

    References
    ----------
    .. [1] Tencent News (2025). 绿色算力的发展趋势分析与建议 (seed article of this product):
       the China Mobile Harbin case, claims C029-C031 of ``data/claims.csv``.
       https://new.qq.com/rain/a/20250208A027RP00

    See also
    --------
    harbin_case, heated_area_m2, heating_cost_saved

    Examples
    --------
    >>> case = waste_heat_case(10_327, 87_117, 2.09e6, 4392)
    >>> round(case["design_load_w_per_m2"], 1), round(case["price_cny_per_kwh"], 4)
    (118.5, 0.0461)
    """
    q = float(positive(heat_kw, "heat_kw", "kW"))
    area = float(positive(area_m2, "area_m2", "m2"))
    saving = float(nonnegative(saving_cny_per_yr, "saving_cny_per_yr", "CNY/yr"))
    hours = float(positive(season_h, "season_h", "h/yr"))
    lf = float(number(load_factor, "load_factor", low=0, high=1, low_open=True))
    energy_kwh = q * lf * hours
    price = saving / energy_kwh
    return {
        "design_load_w_per_m2": 1000.0 * q / area,
        "heat_delivered_mwh": energy_kwh / 1000.0,
        "price_cny_per_kwh": price,
        "price_cny_per_gj": price / 0.0036,
        "saving_cny_per_m2": saving / area,
    }


# --------------------------------------------------------------------------------------------
# water


def water_use_m3(energy_mwh, wue_l_per_kwh):
    r"""On-site water use of a data centre from its water usage effectiveness.

    Parameters
    ----------
    energy_mwh : array_like
        Electricity on the basis the WUE is defined against [MWh/yr], >= 0: IT equipment energy
        for The Green Grid's WUE. (The LBNL fleet figures restated in the research notes only
        reproduce LBNL's total water when applied to total data-centre electricity; see
        ``tests/compute/test_facilities.py``.)
    wue_l_per_kwh : array_like
        Water usage effectiveness [L/kWh], >= 0.

    Returns
    -------
    numpy.ndarray or float
        Water use [m3/yr].

    Notes
    -----
    .. math:: V = E \cdot \mathrm{WUE}, \qquad
              1\,\mathrm{MWh} \times 1\,\mathrm{L/kWh} = 1000\,\mathrm{L} = 1\,\mathrm{m^3}

    References
    ----------
    .. [1] The Green Grid, "Water Usage Effectiveness (WUE)", White Paper 35 (2011).
    .. [2] Shehabi et al., 2024 United States Data Center Energy Usage Report, LBNL (2024):
       US average WUE 0.36 -> 0.38 L/kWh (secondary restatement in the research notes).

    See also
    --------
    water_reuse_m3, net_water_use_m3

    Examples
    --------
    176 TWh at 0.38 L/kWh is about 66.9 million m3 (17.7 billion US gallons):

    >>> round(float(water_use_m3(176e6, 0.38)) / 1e6, 2)
    66.88
    """
    e = nonnegative(energy_mwh, "energy_mwh", "MWh")
    w = nonnegative(wue_l_per_kwh, "wue_l_per_kwh", "L/kWh")
    return _float_or_array(e * w)


def water_reuse_m3(water_use_m3, reuse_share):
    r"""Water volume met by reused (recycled or recovered) water.

    Parameters
    ----------
    water_use_m3 : array_like
        Water use [m3/yr], >= 0.
    reuse_share : array_like
        Share of that use met by reused water [-], in [0, 1].

    Returns
    -------
    numpy.ndarray or float
        Reused water [m3/yr].

    Notes
    -----
    .. math:: V_{reuse} = r\,V

    See also
    --------
    water_use_m3, net_water_use_m3

    Examples
    --------
    >>> float(water_reuse_m3(1000.0, 0.25))
    250.0
    """
    v = nonnegative(water_use_m3, "water_use_m3", "m3")
    r = share(reuse_share, "reuse_share", fraction=True)
    return _float_or_array(v * r)


def net_water_use_m3(water_use_m3, reuse_share):
    r"""Water drawn from outside after reuse.

    Parameters
    ----------
    water_use_m3 : array_like
        Water use [m3/yr], >= 0.
    reuse_share : array_like
        Share of that use met by reused water [-], in [0, 1].

    Returns
    -------
    numpy.ndarray or float
        Fresh (withdrawn) water [m3/yr].

    Notes
    -----
    .. math:: V_{net} = (1 - r)\,V

    See also
    --------
    water_use_m3, water_reuse_m3

    Examples
    --------
    >>> float(net_water_use_m3(1000.0, 0.25))
    750.0
    """
    v = nonnegative(water_use_m3, "water_use_m3", "m3")
    r = share(reuse_share, "reuse_share", fraction=True)
    return _float_or_array(v * (1 - r))


# --------------------------------------------------------------------------------------------
# load flexibility


def shift_load(
    load_mw,
    tariff_cny_per_mwh,
    grid_intensity_kg_per_kwh,
    deferrable_share,
    max_power_mw=None,
    window_h=24,
    objective="cost",
):
    r"""Move the deferrable part of each day's compute load into the cheapest (or cleanest) hours.

    Parameters
    ----------
    load_mw : array_like
        Hourly electrical load [MW] (1-hour steps), >= 0; its length must be a multiple of
        ``window_h`` (for example 24 or 8760 h).
    tariff_cny_per_mwh : array_like
        Hourly energy price [CNY/MWh] (a time-of-use tariff or spot prices), same length as
        ``load_mw`` or a scalar.
    grid_intensity_kg_per_kwh : array_like
        Hourly grid CO2 intensity [kg CO2/kWh] (= t CO2/MWh), >= 0, same length or a scalar.
    deferrable_share : float
        Share of each window's energy that can be moved within the window [-], in [0, 1]
        (batch training, indexing, backups; not interactive inference).
    max_power_mw : array_like, optional
        Power limit per hour [MW] (connection or IT capacity), scalar or per hour. Default: the
        window's original peak, so shifting never raises the site's peak demand.
    window_h : int, default 24
        Length of the window within which energy may move [h].
    objective : {"cost", "co2"}, default "cost"
        Fill the cheapest hours first (ties broken by lower intensity), or the lowest-carbon
        hours first (ties broken by lower tariff).

    Returns
    -------
    dict
        ``load_mw`` (shifted profile [MW]), ``energy_mwh`` [MWh], ``cost_before_cny``,
        ``cost_after_cny`` [CNY], ``co2_before_t``, ``co2_after_t`` [t CO2],
        ``cost_saving_share`` and ``co2_saving_share`` [-], ``peak_before_mw`` and
        ``peak_after_mw`` [MW].

    Notes
    -----
    In each window :math:`w` the fixed load :math:`(1-s)L_h` stays; the deferrable energy
    :math:`D_w = s\sum_{h\in w} L_h` is placed into hours in ascending order of the objective
    price :math:`c_h`, each filled up to its headroom :math:`P_{max,h} - (1-s)L_h`. This greedy
    fill solves the linear programme

    .. math:: \min_x \sum_h c_h x_h \;\; \text{s.t.} \;\; \sum_{h\in w} x_h = D_w,\;
              0 \le x_h \le P_{max,h} - (1-s)L_h

    exactly (a fractional knapsack), and conserves each window's energy. Cost
    :math:`\sum_h L_h\,p_h` and CO2 :math:`\sum_h L_h\,e_h` use 1-hour steps. Storage losses,
    ramp limits and rebound are not modelled.

    The seed article's ABB Xiamen figure (electricity cost down about 22.98 %) comes from a
    whole-site "source-grid-load-storage" system with PV, storage, charging and HVAC control; it
    is an order-of-magnitude reference for what flexibility can do, not a like-for-like check of
    load shifting alone.

    See also
    --------
    greenimpact.compute.carbon.location_based_mt

    Examples
    --------
    A flat 10 MW day, a two-level tariff (300 CNY/MWh from 00:00 to 08:00, 900 otherwise) and
    30 % deferrable load with a 15 MW limit:

    >>> tariff = [300.0] * 8 + [900.0] * 16
    >>> r = shift_load([10.0] * 24, tariff, 0.55, 0.3, max_power_mw=15)
    >>> round(r["cost_saving_share"], 4), r["load_mw"][[0, 8, 9]].tolist()
    (0.1429, [15.0, 15.0, 7.0])
    """
    if objective not in ("cost", "co2"):
        raise ValueError(f"objective must be 'cost' or 'co2', got {objective!r}")
    load = nonnegative(load_mw, "load_mw", "MW")
    if load.ndim != 1:
        raise ValueError("load_mw must be a one-dimensional hourly profile")
    n = load.size
    if not isinstance(window_h, int | np.integer):
        raise ValueError(f"window_h must be a whole number of hours (an int), got {window_h!r}")
    integer(window_h, "window_h", low=1)
    if n == 0 or n % window_h:
        raise ValueError(f"load_mw has {n} hours, not a positive multiple of window_h={window_h}")
    tariff = _hourly(number(tariff_cny_per_mwh, "tariff_cny_per_mwh", unit="CNY/MWh"), n, "tariff_cny_per_mwh")
    intensity = _hourly(nonnegative(grid_intensity_kg_per_kwh, "grid_intensity_kg_per_kwh", "kg CO2/kWh"), n,
                        "grid_intensity_kg_per_kwh")
    deferrable = share(deferrable_share, "deferrable_share", fraction=True)
    if deferrable.ndim:
        raise ValueError("deferrable_share must be a single fraction")
    s = float(deferrable)

    windows = load.reshape(-1, window_h)
    if max_power_mw is None:
        cap = np.repeat(windows.max(axis=1, keepdims=True), window_h, axis=1)
    else:
        cap = _hourly(nonnegative(max_power_mw, "max_power_mw", "MW"), n, "max_power_mw").reshape(-1, window_h)
    fixed = (1 - s) * windows
    headroom = cap - fixed
    tol = 1e-9 * max(1.0, float(np.max(windows)))
    if np.any(headroom < -tol):
        w, h = np.argwhere(headroom < -tol)[0]
        raise ValueError(
            f"max_power_mw ({cap[w, h]:g} MW) is below the non-deferrable load "
            f"({fixed[w, h]:g} MW) in hour {w * window_h + h}"
        )
    headroom = np.maximum(headroom, 0.0)
    deferrable = s * windows.sum(axis=1)
    short = headroom.sum(axis=1) < deferrable - tol * window_h
    if np.any(short):
        w = int(np.flatnonzero(short)[0])
        raise ValueError(
            f"max_power_mw leaves {headroom[w].sum():g} MWh of headroom in window {w} "
            f"(hours {w * window_h}-{(w + 1) * window_h - 1}) for {deferrable[w]:g} MWh of deferrable energy"
        )
    primary, secondary = (tariff, intensity) if objective == "cost" else (intensity, tariff)
    primary = primary.reshape(-1, window_h)
    secondary = secondary.reshape(-1, window_h)
    hour = np.broadcast_to(np.arange(window_h), windows.shape)
    shifted = np.empty_like(windows)
    for w in range(windows.shape[0]):
        order = np.lexsort((hour[w], secondary[w], primary[w]))
        room = headroom[w, order]
        before = np.cumsum(room) - room
        alloc = np.clip(deferrable[w] - before, 0.0, room)
        shifted[w] = fixed[w]
        shifted[w, order] += alloc
    new = shifted.reshape(-1)
    cost_before, cost_after = float(load @ tariff), float(new @ tariff)
    co2_before, co2_after = float(load @ intensity), float(new @ intensity)
    return {
        "load_mw": new,
        "energy_mwh": float(load.sum()),
        "cost_before_cny": cost_before,
        "cost_after_cny": cost_after,
        "co2_before_t": co2_before,
        "co2_after_t": co2_after,
        "cost_saving_share": 1 - cost_after / cost_before if cost_before else 0.0,
        "co2_saving_share": 1 - co2_after / co2_before if co2_before else 0.0,
        "peak_before_mw": float(load.max()),
        "peak_after_mw": float(new.max()),
    }


def _hourly(arr: np.ndarray, n: int, name: str) -> np.ndarray:
    """A checked scalar or hourly array as one value per hour (shape check only)."""
    if arr.ndim == 0:
        return np.full(n, float(arr))
    if arr.shape != (n,):
        raise ValueError(f"{name} must be a scalar or have one value per hour ({n}), got shape {arr.shape}")
    return arr


# --------------------------------------------------------------------------------------------
# convenience loaders (file I/O lives here, not in the model functions above)


def load_cooling_technologies(parameter=None, bound="central", series=None):
    """The embedded cooling-technology table, or one parameter of it by technology.

    Parameters
    ----------
    parameter : {"pue", "wue", "rack_density"}, optional
        Without it, the whole validated table (``data/cooling_technologies.csv``).
    bound : {"low", "central", "high", "max"}, default "central"
        Which value of the range.
    series : str, optional
        Which source series when several give the same parameter and bound (for example the
        seed article's rack densities next to industry rules of thumb).

    Returns
    -------
    pandas.DataFrame or pandas.Series
        The table, or values indexed by technology (PUE [-], WUE [L/kWh], rack density
        [kW/rack]). Check the ``confidence`` column: the liquid cooling PUE ranges are unverified
        industry rules of thumb and the central values are assumptions (midpoints), not
        measurements.

    See also
    --------
    fleet_pue, racks_needed, water_use_m3

    Examples
    --------
    >>> load_cooling_technologies("pue").round(2).to_dict()
    {'air': 1.46, 'cold_plate': 1.2, 'immersion': 1.07}
    """
    from greenimpact import data

    frame = data.load("cooling_technologies")
    if parameter is None:
        return frame
    sel = frame[(frame["parameter"] == parameter) & (frame["bound"] == bound)]
    if series is not None:
        sel = sel[sel["series"] == series]
    if sel.empty:
        raise ValueError(f"no rows for parameter={parameter!r}, bound={bound!r}, series={series!r}")
    dupes = sel["technology"][sel["technology"].duplicated()].unique().tolist()
    if dupes:
        raise ValueError(
            f"several series give {parameter!r} {bound!r} for {dupes}: choose one with series= "
            f"(one of {sorted(sel['series'].unique())})"
        )
    out = sel.set_index("technology")["value"]
    order = [t for t in TECHNOLOGIES if t in out.index]
    return out.loc[order].rename(parameter)


def load_pue_targets():
    """The embedded PUE policy targets (``data/pue_policy_targets.csv``), ready for
    :func:`check_pue_targets`.

    Returns
    -------
    pandas.DataFrame
        One row per target: ``target_id``, ``scope``, ``applies_to``, ``year`` [yr],
        ``comparison``, ``pue_max`` [-], plus ``policy``, ``kind``, ``source``, ``confidence``
        and ``note``.

    See also
    --------
    check_pue_targets
    """
    from greenimpact import data

    return data.load("pue_policy_targets")


def harbin_case(load_factor=1.0):
    """The seed article's China Mobile Harbin waste-heat case, with its implied heat intensity and
    heat price.

    Reads the article's stated heat (claim C029, 10,327 kW), heated area (C030, 87,117 m2) and
    saving (C031, 2.09 million CNY/yr) from ``data/claims.csv`` and Harbin's heating season
    (``data/facility_parameters.csv``) and calls :func:`waste_heat_case`.

    Parameters
    ----------
    load_factor : float, default 1.0
        Average heat delivered as a fraction of the stated capacity over the season [-], in (0, 1].

    Returns
    -------
    dict
        The inputs (``heat_kw`` [kW], ``area_m2`` [m2], ``saving_cny_per_yr`` [CNY/yr],
        ``season_h`` [h/yr]) and the implied values of :func:`waste_heat_case`.

    See also
    --------
    waste_heat_case, heated_area_m2

    Examples
    --------
    >>> case = harbin_case()
    >>> round(case["design_load_w_per_m2"], 1), round(case["price_cny_per_gj"], 1)
    (118.5, 12.8)
    """
    from greenimpact import data

    claims = data.load("claims").set_index("claim_id")
    heat_kw = float(claims.loc["C029", "value"])
    area_m2 = float(claims.loc["C030", "value"])
    saving = float(claims.loc["C031", "value"]) * 1e6  # million CNY/yr
    params = data.load("facility_parameters")
    days = params.query("parameter == 'heating_season_length' and series == 'Harbin'")["value"]
    season_h = float(days.iloc[0]) * 24.0
    implied = waste_heat_case(heat_kw, area_m2, saving, season_h, load_factor)
    return {"heat_kw": heat_kw, "area_m2": area_m2, "saving_cny_per_yr": saving, "season_h": season_h, **implied}
