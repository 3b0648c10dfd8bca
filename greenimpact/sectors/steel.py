r"""Steel: route intensities, plant carbon management and what sector-wide adoption delivers.

The seed article credits Baosteel's digital carbon-management platform (a cloud-edge data
centre that integrates production, energy, emission and transport data and runs carbon models
per production unit) with lowering the emission intensity from about 2.16 to below 1.98 t CO2
per tonne of steel. This module turns that into numbers that can be checked:

* **Route intensities** (one function per equation, vectorised): :func:`route_mix_intensity`
  (worldsteel's production-weighted mean of BF-BOF, scrap-EAF and DRI-EAF),
  :func:`route_mix_steps` (the same as waterfall steps), :func:`plant_intensity` (from energy
  carriers, electricity and process emissions), :func:`eaf_shift_cut`.
* **Plant carbon management**: monitoring enables measures (energy efficiency, by-product gas
  recovery, scheduling optimisation, a change in EAF share), each a cut of the intensity,
  combined by :func:`combined_cut`, phased in by :func:`ramp`, on top of a background trend
  (:func:`background_factor`): :func:`plant_terms`.
* **Measured effect**: :func:`plant_series` prepares a monthly plant series (the catalogue's
  ``steel_plant_series`` schema; the embedded file is SYNTHETIC) for
  :func:`greenimpact.stats.interrupted_time_series`; :func:`effect_comparison` puts the estimate
  next to the company's and the article's figures.
* **Sector scale-up and compute**: :func:`impact_terms` (China's output x adoption x effect, and
  the platform's edge and cloud footprint; vectorised over parameter draws for the net-impact
  Monte Carlo), :func:`platform_devices` (the same platform as a device table for
  :func:`greenimpact.compute.platform.platform_footprint`), :func:`monte_carlo`,
  :func:`sector_range`, and the composer :func:`run` that ``greenimpact.run("steel", ...)``
  calls.
* **Figures**: :func:`plot_route_waterfall`, :func:`plot_trajectory`, :func:`plot_sector_range`,
  :func:`plot_net`.

Boundaries are kept apart. worldsteel's intensities (``steel_intensity``,
``steel_route_intensity``) cover Scope 1 + Scope 2 + the upstream part of Scope 3 (ISO 14404);
the sector model (region CN) uses them. Baosteel's reported 2.13 / 2.04 / 2.00 t CO2/t and the
article's 2.16 -> 1.98 do not state their boundary; the plant case (region Baosteel) starts from
the company figure and is never compared like for like with worldsteel's route values.

>>> round(float(route_mix_intensity([2.33, 0.68, 1.37], [0.72, 0.21, 0.07])), 4)
1.9163
"""

from __future__ import annotations

import numpy as np

from greenimpact.compute.platform import device_energy_mwh

__all__ = [
    "BOUNDARIES",
    "ROUTES",
    "YEARS",
    "adoption_share",
    "background_factor",
    "baosteel_figures",
    "combined_cut",
    "eaf_shift_cut",
    "effect_comparison",
    "impact_terms",
    "monte_carlo",
    "output_path",
    "plan_comparison",
    "plant_intensity",
    "plant_series",
    "plant_terms",
    "platform_devices",
    "plot_net",
    "plot_route_waterfall",
    "plot_sector_range",
    "plot_trajectory",
    "ramp",
    "relative_change",
    "route_mix_intensity",
    "route_mix_steps",
    "route_table",
    "run",
    "sector_range",
    "targets",
    "trajectory_table",
]

#: Production routes in worldsteel's weighting.
ROUTES = ("BF-BOF", "scrap-EAF", "DRI-EAF")

#: Emission boundaries used in the steel datasets.
BOUNDARIES = {
    "worldsteel_iso14404": "Scope 1 + Scope 2 + upstream Scope 3 (worldsteel methodology, ISO 14404)",
    "scope1": "Scope 1 only (direct emissions)",
    "scope1_2": "Scope 1 + Scope 2",
    "not_stated": "boundary not stated by the source",
}

#: Years reported by :func:`run` for the sector (the plant case starts at its base year).
YEARS = tuple(range(2019, 2036))

_ADOPTION_KNOTS = (2024, 2030, 2035)


# --------------------------------------------------------------------------------------------
# route and plant intensities


def route_mix_intensity(route_intensity_tco2_per_t, route_share):
    r"""Production-weighted intensity of a mix of steel routes.

    Parameters
    ----------
    route_intensity_tco2_per_t : array_like, shape (..., r)
        Intensity of each route [t CO2/t] (or energy [GJ/t]: the weighting is the same).
    route_share : array_like, shape (..., r)
        Share of each route in production [-]; each set of shares must sum to 1.

    Returns
    -------
    numpy.ndarray
        Weighted intensity [t CO2/t], shape (...).

    Raises
    ------
    ValueError
        If a share is outside [0, 1], the shares do not sum to 1, or an intensity is negative.

    Notes
    -----
    .. math:: I = \sum_r s_r I_r, \qquad \sum_r s_r = 1

    worldsteel computes its global indicator this way from route-specific values and each
    route's share of global production.

    References
    ----------
    .. [1] worldsteel, Sustainability Indicators 2023 report (data year 2022): BF-BOF 2.33,
       scrap-EAF 0.68, DRI-EAF 1.37 t CO2/t with shares 72 / 21 / 7 %; headline 1.91 t CO2/t
       (secondary: kydy.com.cn summary).

    Examples
    --------
    >>> round(float(route_mix_intensity([2.33, 0.68, 1.37], [0.72, 0.21, 0.07])), 3)
    1.916
    >>> round(float(route_mix_intensity([23.98, 10.20, 22.37], [0.72, 0.21, 0.07])), 2)
    20.97
    """
    intensity = np.asarray(route_intensity_tco2_per_t, dtype=float)
    share = np.asarray(route_share, dtype=float)
    if np.any(intensity < 0):
        raise ValueError("route_intensity_tco2_per_t must be >= 0")
    if np.any((share < 0) | (share > 1)):
        raise ValueError("route_share must be within [0, 1] (fractions, not %)")
    total = share.sum(axis=-1)
    if not np.allclose(total, 1.0, atol=1e-6):
        raise ValueError(f"route_share must sum to 1 over the routes, got {np.round(total, 6).tolist()}")
    return np.sum(intensity * share, axis=-1)


def route_mix_steps(route_intensity_tco2_per_t, route_share, routes=ROUTES):
    r"""The route-weighted mean as waterfall steps from an all-BF-BOF start.

    Parameters
    ----------
    route_intensity_tco2_per_t : sequence of float
        Intensity of each route [t CO2/t]; the first route is the reference (BF-BOF).
    route_share : sequence of float
        Share of each route [-], summing to 1.
    routes : sequence of str
        Route names, in the same order.

    Returns
    -------
    pandas.DataFrame
        ``step, delta, total`` rows: the reference route's intensity, one step per other route
        (its share times its difference to the reference), and the weighted mean.

    Notes
    -----
    .. math:: I = I_0 + \sum_{r \ne 0} s_r (I_r - I_0)

    Examples
    --------
    >>> steps = route_mix_steps([2.33, 0.68, 1.37], [0.72, 0.21, 0.07])
    >>> steps["delta"].round(4).tolist()
    [2.33, -0.3465, -0.0672, 1.9163]
    """
    import pandas as pd

    intensity = np.asarray(route_intensity_tco2_per_t, dtype=float)
    share = np.asarray(route_share, dtype=float)
    if intensity.shape != share.shape or intensity.ndim != 1 or len(routes) != intensity.size:
        raise ValueError("route_intensity_tco2_per_t, route_share and routes must be 1-d and of equal length")
    mean = float(route_mix_intensity(intensity, share))
    rows = [(f"all {routes[0]}", intensity[0], True)]
    rows += [
        (f"{share[i]:.0%} {routes[i]}", share[i] * (intensity[i] - intensity[0]), False)
        for i in range(1, intensity.size)
    ]
    rows.append(("route mix", mean, True))
    return pd.DataFrame(rows, columns=["step", "delta", "total"])


def plant_intensity(
    energy_gj_per_t,
    carrier_share,
    carrier_factor_tco2_per_gj,
    process_tco2_per_t=0.0,
    electricity_mwh_per_t=0.0,
    grid_factor_kg_per_kwh=0.0,
):
    r"""Plant CO2 intensity from its fuel mix, purchased electricity and process emissions.

    Parameters
    ----------
    energy_gj_per_t : array_like
        Fuel energy per tonne of crude steel [GJ/t] (excluding purchased electricity).
    carrier_share : array_like, shape (..., c)
        Share of each fuel carrier in that energy [-], summing to 1.
    carrier_factor_tco2_per_gj : array_like, shape (..., c)
        CO2 emission factor of each carrier [t CO2/GJ] (net of gases exported or credited, as
        the boundary requires).
    process_tco2_per_t : array_like, default 0
        Process emissions not tied to fuel combustion (e.g. flux calcination, electrode
        consumption) [t CO2/t].
    electricity_mwh_per_t : array_like, default 0
        Purchased electricity per tonne [MWh/t].
    grid_factor_kg_per_kwh : array_like, default 0
        Grid emission factor [kg CO2/kWh] (= t CO2/MWh); 0 for a Scope-1-only boundary.

    Returns
    -------
    numpy.ndarray
        Intensity [t CO2/t].

    Notes
    -----
    .. math:: I = E \sum_c s_c f_c + P + e \cdot EF_{grid}

    With ``grid_factor_kg_per_kwh=0`` the result is a Scope 1 figure; with the grid factor it
    is Scope 1 + 2. worldsteel's boundary adds upstream Scope 3 (purchased pellets, coke, lime),
    which this function leaves to ``process_tco2_per_t`` when wanted: say which in the report.
    No default numbers: carrier factors depend on the plant's fuels and gas balance.

    Examples
    --------
    Illustrative numbers (not defaults): 18 GJ/t of fuel, 90 % coal/coke at 0.1 t CO2/GJ and
    10 % natural gas at 0.056 t CO2/GJ, 0.1 t/t process CO2, 0.4 MWh/t at 0.5366 kg/kWh:

    >>> round(float(plant_intensity(18, [0.9, 0.1], [0.1, 0.056], 0.1, 0.4, 0.5366)), 3)
    2.035
    """
    energy = np.asarray(energy_gj_per_t, dtype=float)
    share = np.asarray(carrier_share, dtype=float)
    factor = np.asarray(carrier_factor_tco2_per_gj, dtype=float)
    process = np.asarray(process_tco2_per_t, dtype=float)
    elec = np.asarray(electricity_mwh_per_t, dtype=float)
    grid = np.asarray(grid_factor_kg_per_kwh, dtype=float)
    for name, arr in (("energy_gj_per_t", energy), ("carrier_factor_tco2_per_gj", factor),
                      ("electricity_mwh_per_t", elec), ("grid_factor_kg_per_kwh", grid)):
        if np.any(arr < 0):
            raise ValueError(f"{name} must be >= 0")
    if np.any((share < 0) | (share > 1)) or not np.allclose(share.sum(axis=-1), 1.0, atol=1e-6):
        raise ValueError("carrier_share must be fractions within [0, 1] that sum to 1 over the carriers")
    return energy * np.sum(share * factor, axis=-1) + process + elec * grid


def eaf_shift_cut(shift_pp, bf_bof_tco2_per_t, eaf_tco2_per_t):
    r"""Intensity cut from moving output from BF-BOF to scrap-EAF.

    Parameters
    ----------
    shift_pp : array_like
        Percentage points of output moved [%-points], >= 0.
    bf_bof_tco2_per_t, eaf_tco2_per_t : array_like
        Route intensities [t CO2/t].

    Returns
    -------
    numpy.ndarray
        Cut of the plant's mean intensity [t CO2/t] (positive = lower intensity).

    Notes
    -----
    .. math:: \Delta I = \frac{\Delta s}{100} (I_{BF-BOF} - I_{EAF})

    Examples
    --------
    >>> round(float(eaf_shift_cut(1.0, 2.33, 0.68)), 4)
    0.0165
    """
    shift = np.asarray(shift_pp, dtype=float)
    if np.any(shift < 0):
        raise ValueError("shift_pp must be >= 0 percentage points")
    return shift / 100.0 * (np.asarray(bf_bof_tco2_per_t, dtype=float) - np.asarray(eaf_tco2_per_t, dtype=float))


def combined_cut(*cuts_pct):
    r"""Combined relative cut of several measures acting on the same intensity.

    Parameters
    ----------
    *cuts_pct : array_like
        Each measure's cut of the intensity [%], in [0, 100).

    Returns
    -------
    numpy.ndarray
        Combined cut as a fraction [-].

    Notes
    -----
    Measures act one after the other on what is left, so they combine multiplicatively rather
    than additively:

    .. math:: c = 1 - \prod_m (1 - c_m / 100)

    Examples
    --------
    >>> round(float(combined_cut(1.5, 1.0, 1.0)), 4)
    0.0346
    """
    if not cuts_pct:
        raise ValueError("give at least one cut in %")
    keep = 1.0
    for i, cut in enumerate(cuts_pct):
        c = np.asarray(cut, dtype=float)
        if np.any((c < 0) | (c >= 100)):
            raise ValueError(f"cut #{i + 1} must be within [0, 100) %")
        keep = keep * (1.0 - c / 100.0)
    return 1.0 - np.asarray(keep, dtype=float)


def ramp(year, start_year, ramp_years):
    r"""Share of a measure's full effect reached in ``year`` [-].

    Notes
    -----
    Linear from the first year of operation: :math:`r = \min(1, \max(0, (y - y_0 + 1)/T))`,
    so half the effect in the first year when ``ramp_years`` is 2.

    Examples
    --------
    >>> ramp(np.array([2020, 2021, 2022, 2023]), 2021, 2.0).tolist()
    [0.0, 0.5, 1.0, 1.0]
    """
    ramp_years = np.asarray(ramp_years, dtype=float)
    if np.any(ramp_years <= 0):
        raise ValueError("ramp_years must be > 0")
    year = np.asarray(year, dtype=float)
    return np.clip((year - np.asarray(start_year, dtype=float) + 1.0) / ramp_years, 0.0, 1.0)


def background_factor(year, reference_year, pct_per_yr):
    r"""Intensity relative to ``reference_year`` from a steady background improvement [-].

    Notes
    -----
    .. math:: b = (1 - g/100)^{y - y_{ref}}

    Examples
    --------
    >>> round(float(background_factor(2024, 2020, 0.7)), 4)
    0.9723
    """
    g = np.asarray(pct_per_yr, dtype=float)
    if np.any(g >= 100):
        raise ValueError("pct_per_yr must be < 100 %")
    return (1.0 - g / 100.0) ** (np.asarray(year, dtype=float) - np.asarray(reference_year, dtype=float))


def _piecewise(x, knots_x, knots_y):
    """Piecewise-linear through (knots_x, knots_y), flat outside; broadcasts over knots_y."""
    out = np.asarray(knots_y[0], dtype=float) + 0.0 * np.asarray(x, dtype=float)
    for k in range(len(knots_x) - 1):
        span = float(knots_x[k + 1]) - float(knots_x[k])
        w = np.clip((np.asarray(x, dtype=float) - float(knots_x[k])) / span, 0.0, 1.0)
        out = out + w * (np.asarray(knots_y[k + 1], dtype=float) - np.asarray(knots_y[k], dtype=float))
    return out


def adoption_share(year, start_year, pct_2024, pct_2030, pct_2035):
    r"""Share of output made in plants running a carbon-management platform [%].

    Notes
    -----
    Piecewise linear through (start_year, 0), (2024, a), (2030, b), (2035, c); 0 before
    ``start_year`` and flat after 2035.

    Examples
    --------
    >>> adoption_share(np.array([2019, 2024, 2027, 2040]), 2019, 15.0, 50.0, 70.0).tolist()
    [0.0, 15.0, 32.5, 70.0]
    """
    start = float(np.asarray(start_year, dtype=float))
    if start >= _ADOPTION_KNOTS[0]:
        raise ValueError(f"start_year must be before {_ADOPTION_KNOTS[0]}, got {start_year}")
    for name, v in (("pct_2024", pct_2024), ("pct_2030", pct_2030), ("pct_2035", pct_2035)):
        if np.any((np.asarray(v, dtype=float) < 0) | (np.asarray(v, dtype=float) > 100)):
            raise ValueError(f"{name} must be within [0, 100] %")
    return _piecewise(year, (start, *_ADOPTION_KNOTS), (0.0, pct_2024, pct_2030, pct_2035))


def output_path(year, history_mt: dict, growth_pct):
    r"""Crude-steel output by year from a reported history and a growth rate [Mt/yr].

    Parameters
    ----------
    year : array_like
        Years.
    history_mt : dict of int to float
        Reported output by year [Mt/yr] (linear between years, flat before the first).
    growth_pct : array_like
        Annual change after the last reported year [%].

    Examples
    --------
    >>> output_path(np.array([2023, 2024, 2026]), {2023: 1019.1, 2024: 1005.1}, -1.0).round(1).tolist()
    [1019.1, 1005.1, 985.1]
    """
    if not history_mt:
        raise ValueError("history_mt must give at least one year")
    xs = np.array(sorted(history_mt), dtype=float)
    ys = np.array([history_mt[k] for k in sorted(history_mt)], dtype=float)
    y = np.asarray(year, dtype=float)
    g = np.asarray(growth_pct, dtype=float)
    hist = np.interp(y, xs, ys)
    grown = ys[-1] * (1.0 + g / 100.0) ** np.maximum(y - xs[-1], 0.0)
    return np.where(y > xs[-1], grown, hist)


# --------------------------------------------------------------------------------------------
# the platform: edge and cloud footprint


def _compute(covered_mt, p):
    """Electricity [MWh/yr] and operational / embodied CO2 [t/yr] of the platform covering
    ``covered_mt`` Mt/yr of output (numpy only; same numbers as :func:`platform_devices`)."""
    edge = np.asarray(p["edge_servers_per_mt"], dtype=float) * covered_mt
    cloud = np.asarray(p["cloud_servers_per_mt"], dtype=float) * covered_mt
    sensors = np.asarray(p["sensors_per_mt"], dtype=float) * covered_mt
    energy = (
        device_energy_mwh(edge, p["edge_server_w"])
        + device_energy_mwh(cloud, p["cloud_server_w"], 1.0, p["cloud_pue"])
        + device_energy_mwh(sensors, p["sensor_w"])
    )
    operational = energy * np.asarray(p["grid_factor_kg_per_kwh"], dtype=float)  # MWh x kg/kWh = t
    embodied = (edge + cloud) * np.asarray(p["server_embodied_kg"], dtype=float) / np.asarray(
        p["server_lifetime_yr"], dtype=float
    ) / 1000.0
    return energy, operational, embodied


def platform_devices(params: dict, covered_mt: float):
    """The carbon-management platform as a device table for
    :func:`greenimpact.compute.platform.platform_footprint`.

    Parameters
    ----------
    params : dict
        Resolved steel parameters (``greenimpact.api.parameters`` or the scenario values).
    covered_mt : float
        Crude-steel output covered by the platform [Mt/yr] (e.g. 51 for Baosteel).

    Returns
    -------
    pandas.DataFrame
        ``name, count, power_w, duty, pue, embodied_kg, lifetime_yr`` for edge servers and
        gateways (plant side), data-centre servers (cloud side, with the data centre's PUE) and
        metering points / sensors (embodied emissions not counted).
    """
    import pandas as pd

    if covered_mt < 0:
        raise ValueError(f"covered_mt must be >= 0 Mt/yr, got {covered_mt}")
    life = float(params["server_lifetime_yr"])
    rows = [
        ("edge servers and gateways", params["edge_servers_per_mt"] * covered_mt, params["edge_server_w"], 1.0, 1.0,
         params["server_embodied_kg"], life),
        ("data-centre servers (cloud)", params["cloud_servers_per_mt"] * covered_mt, params["cloud_server_w"], 1.0,
         params["cloud_pue"], params["server_embodied_kg"], life),
        ("metering points and sensors", params["sensors_per_mt"] * covered_mt, params["sensor_w"], 1.0, 1.0, 0.0, life),
    ]
    cols = ["name", "count", "power_w", "duty", "pue", "embodied_kg", "lifetime_yr"]
    return pd.DataFrame(rows, columns=cols).astype({c: float for c in cols[1:]})


# --------------------------------------------------------------------------------------------
# impact terms: sector (vectorised over draws) and plant


_SECTOR_KEYS = (
    "crude_steel_output_mt", "output_growth_pct", "route_year", "bf_bof_tco2_per_t",
    "scrap_eaf_tco2_per_t", "eaf_share_pct", "background_pct_per_yr", "adoption_start_year",
    "adoption_2024_pct", "adoption_2030_pct", "adoption_2035_pct", "energy_efficiency_pct",
    "gas_recovery_pct", "scheduling_pct", "eaf_shift_pp",
)
_COMPUTE_KEYS = (
    "edge_servers_per_mt", "edge_server_w", "cloud_servers_per_mt", "cloud_server_w", "cloud_pue",
    "sensors_per_mt", "sensor_w", "server_embodied_kg", "server_lifetime_yr", "grid_factor_kg_per_kwh",
)
_PLANT_KEYS = (
    "plant_output_mt", "plant_base_intensity_tco2_per_t", "plant_base_year", "go_live_year",
    "ramp_years", "background_pct_per_yr", "energy_efficiency_pct", "gas_recovery_pct",
    "scheduling_pct", "eaf_shift_pp", "bf_bof_tco2_per_t", "scrap_eaf_tco2_per_t",
)


def _need(params: dict, keys) -> None:
    missing = [k for k in keys if k not in params]
    if missing:
        raise ValueError(
            f"params lacks {', '.join(repr(k) for k in missing)} (declared in data/scenarios/steel.yaml; "
            "use greenimpact.scenarios.resolve('steel') for a complete set)"
        )


def _finish(output, without, cut_per_t, coverage_effect, coverage_compute, params):
    avoided = output * coverage_effect * cut_per_t
    with_ = without - coverage_effect * cut_per_t
    energy, operational, embodied = _compute(output * coverage_compute, params)
    compute = (operational + embodied) / 1e6
    return {
        "output_mt": output,
        "intensity_without": without,
        "intensity_with": with_,
        "emissions_without_mt": output * without,
        "emissions_with_mt": output * with_,
        "avoided_mt": avoided,
        "compute_mt": compute,
        "compute_operational_mt": operational / 1e6,
        "compute_embodied_mt": embodied / 1e6,
        "electricity_twh": energy / 1e6,
        "net_mt": avoided - compute,
    }


def impact_terms(params: dict, year) -> dict:
    r"""Sector-scale (China) avoided CO2 and compute footprint of carbon-management platforms.

    Vectorised: any numeric parameter may be a numpy array of draws (e.g. shape ``(n, 1)``)
    and ``year`` an int or an array (e.g. shape ``(m,)``); results broadcast (``(n, m)``).
    No pandas and no Python loop over draws, so 10^6 draws take well under a second.

    Parameters
    ----------
    params : dict
        The steel parameters (``data/scenarios/steel.yaml``); ``crude_steel_output_mt`` is a
        year -> Mt/yr mapping, the others numbers or arrays.
    year : int or array_like
        Year(s).

    Returns
    -------
    dict of numpy.ndarray
        ``avoided_mt`` and ``compute_mt`` [Mt CO2/yr], ``net_mt`` (their difference),
        ``compute_operational_mt``, ``compute_embodied_mt`` [Mt CO2/yr], ``electricity_twh``
        [TWh/yr] of the platforms, ``output_mt`` [Mt/yr], ``adoption_pct`` [%],
        ``intensity_without`` / ``intensity_with`` [t CO2/t] and ``emissions_without_mt`` /
        ``emissions_with_mt`` [Mt CO2/yr] (worldsteel boundary: Scope 1 + 2 + upstream Scope 3).

    Notes
    -----
    With output :math:`Q_y`, EAF share :math:`f`, route intensities :math:`I_{BF}, I_{EAF}`,
    background improvement :math:`g`, adoption :math:`a_y`, measure cuts :math:`c_m` and an
    EAF shift :math:`\Delta s` in adopting plants:

    .. math::
        I^{0}_y &= \big((1-f) I_{BF} + f I_{EAF}\big)(1 - g)^{y - y_{route}} \\
        \delta_y &= I^{0}_y \Big(1 - \prod_m (1 - c_m)\Big) + \Delta s (I_{BF} - I_{EAF}) \\
        A_y &= Q_y\, a_y\, \delta_y, \qquad I_y = I^{0}_y - a_y \delta_y

    The compute footprint scales the platform (edge servers, data-centre servers with PUE,
    sensors; :func:`platform_devices`) with the covered output :math:`Q_y a_y`: electricity
    times the grid factor plus servers' embodied emissions over their lifetime.

    Examples
    --------
    >>> from greenimpact.scenarios import resolve
    >>> p = {k: v.value for k, v in resolve("steel").items()}
    >>> t = impact_terms(p, 2030)
    >>> round(float(t["avoided_mt"]), 1), round(float(t["compute_mt"]), 4)
    (33.5, 0.0152)
    >>> p["adoption_2030_pct"] = np.array([25.0, 50.0, 80.0])
    >>> impact_terms(p, 2030)["avoided_mt"].round(1).tolist()
    [16.8, 33.5, 53.6]
    """
    _need(params, _SECTOR_KEYS + _COMPUTE_KEYS)
    p = params
    y = np.asarray(year, dtype=float)
    output = output_path(y, p["crude_steel_output_mt"], p["output_growth_pct"])
    bf = np.asarray(p["bf_bof_tco2_per_t"], dtype=float)
    eaf = np.asarray(p["scrap_eaf_tco2_per_t"], dtype=float)
    f = np.asarray(p["eaf_share_pct"], dtype=float) / 100.0
    if np.any((f < 0) | (f > 1)):
        raise ValueError("eaf_share_pct must be within [0, 100] %")
    without = ((1.0 - f) * bf + f * eaf) * background_factor(y, p["route_year"], p["background_pct_per_yr"])
    cut = without * combined_cut(p["energy_efficiency_pct"], p["gas_recovery_pct"], p["scheduling_pct"])
    cut = cut + eaf_shift_cut(p["eaf_shift_pp"], bf, eaf)
    adoption = adoption_share(y, p["adoption_start_year"], p["adoption_2024_pct"], p["adoption_2030_pct"],
                              p["adoption_2035_pct"]) / 100.0
    out = _finish(output, without, cut, adoption, adoption, p)
    out["adoption_pct"] = 100.0 * adoption
    return out


def plant_terms(params: dict, year) -> dict:
    r"""Plant case (e.g. Baosteel): intensity with and without the platform, avoided CO2 and
    the platform's footprint. Vectorised like :func:`impact_terms`.

    Returns
    -------
    dict of numpy.ndarray
        The keys of :func:`impact_terms` except ``adoption_pct``, plus ``ramp`` [-] (share of
        the measures' full effect reached). Intensities are in the boundary of
        ``plant_base_intensity_tco2_per_t`` (Baosteel: not stated by the company).

    Notes
    -----
    .. math::
        I^{0}_y &= I_{base} (1 - g)^{y - y_{base}} \\
        I_y &= I^{0}_y - r_y \Big[I^{0}_y \Big(1 - \prod_m (1 - c_m)\Big)
               + \Delta s (I_{BF} - I_{EAF})\Big]

    with :math:`r_y` = :func:`ramp` from the go-live year. The compute footprint counts from the
    go-live year at the plant's full output.

    Examples
    --------
    Baosteel with the baseline scenario reproduces the company's 2.00 t CO2/t for 2024:

    >>> from greenimpact.scenarios import resolve
    >>> p = {k: v.value for k, v in resolve("steel").items()}
    >>> round(float(plant_terms(p, 2024)["intensity_with"]), 3)
    2.0
    """
    _need(params, _PLANT_KEYS + _COMPUTE_KEYS)
    p = params
    y = np.asarray(year, dtype=float)
    output = np.asarray(p["plant_output_mt"], dtype=float) + 0.0 * y
    without = np.asarray(p["plant_base_intensity_tco2_per_t"], dtype=float) * background_factor(
        y, p["plant_base_year"], p["background_pct_per_yr"]
    )
    cut = without * combined_cut(p["energy_efficiency_pct"], p["gas_recovery_pct"], p["scheduling_pct"])
    cut = cut + eaf_shift_cut(p["eaf_shift_pp"], p["bf_bof_tco2_per_t"], p["scrap_eaf_tco2_per_t"])
    r = ramp(y, p["go_live_year"], p["ramp_years"])
    live = (y >= np.asarray(p["go_live_year"], dtype=float)).astype(float)
    out = _finish(output, without, cut, r, live, p)
    out["ramp"] = r + 0.0 * out["avoided_mt"]
    return out


# --------------------------------------------------------------------------------------------
# data views: worldsteel routes, Baosteel figures, targets


def route_table(edition: int = 2023):
    """Route intensities, energy and shares of one worldsteel report edition (from the
    ``steel_route_intensity`` dataset), in :data:`ROUTES` order."""
    from greenimpact import data

    df = data.load("steel_route_intensity")
    editions = sorted(set(df["edition"]))
    sel = df[df["edition"] == edition]
    if sel.empty:
        raise ValueError(f"edition {edition} is not in steel_route_intensity (editions: {editions})")
    order = {r: i for i, r in enumerate(ROUTES)}
    return sel.sort_values("route", key=lambda s: s.map(order)).reset_index(drop=True)


def baosteel_figures():
    """Baosteel's reported intensities and the seed article's claim (``baosteel_intensity``
    dataset) with the boundary spelled out."""
    from greenimpact import data

    df = data.load("baosteel_intensity")
    df["boundary_text"] = df["boundary"].map(BOUNDARIES)
    return df


def targets(region: str = "Baosteel"):
    """Targets of ``region`` from the ``steel_targets`` dataset."""
    from greenimpact import data

    df = data.load("steel_targets")
    sel = df[df["region"] == region].reset_index(drop=True)
    if sel.empty:
        raise ValueError(f"no targets for region {region!r} (regions: {sorted(set(df['region']))})")
    return sel


def relative_change(before, after):
    r"""Relative change from ``before`` to ``after`` [%].

    Examples
    --------
    The seed article's 2.16 -> 1.98 and Baosteel's 2.13 (2020) -> 2.00 (2024):

    >>> round(float(relative_change(2.16, 1.98)), 1), round(float(relative_change(2.13, 2.00)), 1)
    (-8.3, -6.1)
    """
    before = np.asarray(before, dtype=float)
    if np.any(before == 0):
        raise ValueError("before must not be 0")
    return 100.0 * (np.asarray(after, dtype=float) - before) / before


# --------------------------------------------------------------------------------------------
# measured effect: the plant series and the comparison with reported figures


def plant_series(frame, plant: str | None = None):
    """A plant's monthly series, ready for :func:`greenimpact.stats.interrupted_time_series`.

    Parameters
    ----------
    frame : pandas.DataFrame
        Rows of the ``steel_plant_series`` schema (``greenimpact.data.load("steel_plant_series",
        path=...)`` validates a user's file).
    plant : str, optional
        Plant to select; required when the frame holds several.

    Returns
    -------
    pandas.DataFrame
        ``month`` (monthly periods), ``value`` [t CO2/t], ``crude_steel_mt``, ``boundary``,
        ``synthetic``, sorted by month; ``attrs`` carry ``plant``, ``boundary`` and ``synthetic``.

    Raises
    ------
    ValueError
        Missing columns, an unknown or ambiguous plant, a month outside 1-12, or a plant whose
        rows mix emission boundaries (analyse one boundary at a time).
    """
    import pandas as pd

    need = ["plant", "year", "month", "value", "boundary"]
    missing = [c for c in need if c not in frame.columns]
    if missing:
        raise ValueError(f"plant series lacks columns {missing} (schema: greenimpact.data.describe('steel_plant_series'))")
    plants = sorted(set(frame["plant"]))
    if plant is None:
        if len(plants) != 1:
            raise ValueError(f"the series holds {len(plants)} plants {plants}; choose one with plant=")
        plant = plants[0]
    if plant not in plants:
        raise ValueError(f"plant {plant!r} is not in the series (plants: {plants})")
    sel = frame[frame["plant"] == plant]
    bad_month = ~sel["month"].astype(int).between(1, 12)
    if bad_month.any():
        raise ValueError(f"column 'month' must be 1-12; rows {list(np.flatnonzero(bad_month.to_numpy())[:5] + 1)}")
    bounds = sorted(set(sel["boundary"].dropna()))
    if len(bounds) > 1:
        raise ValueError(
            f"plant {plant!r} mixes emission boundaries {bounds} in column 'boundary'; "
            "analyse one boundary at a time"
        )
    month = pd.PeriodIndex.from_fields(year=sel["year"].astype(int), month=sel["month"].astype(int), freq="M")
    out = pd.DataFrame(
        {
            "month": month,
            "value": sel["value"].to_numpy(dtype=float),
            "crude_steel_mt": sel["crude_steel_mt"].to_numpy(dtype=float) if "crude_steel_mt" in sel else np.nan,
            "boundary": bounds[0] if bounds else "not_stated",
            "synthetic": sel["synthetic"].fillna(False).to_numpy(dtype=bool) if "synthetic" in sel else False,
        }
    ).sort_values("month", kind="stable").reset_index(drop=True)
    out.attrs.update({"plant": plant, "boundary": bounds[0] if bounds else "not_stated",
                      "synthetic": bool(out["synthetic"].any())})
    return out


def effect_comparison(its_result, *, label: str = "ITS estimate", boundary: str | None = None,
                      scenario: str = "baseline"):
    """The platform effect estimated from a plant series next to the reported and assumed ones.

    Parameters
    ----------
    its_result : greenimpact.stats.its.ITSResult
        Fit of a plant's monthly intensity (:func:`plant_series` then
        :func:`greenimpact.stats.interrupted_time_series`).
    label : str
        Row label of the estimate (say "SYNTHETIC" when it is).
    boundary : str, optional
        Boundary of the plant series (``plant_series(...).attrs["boundary"]``).
    scenario : str
        Steel scenario whose assumed platform effect (combined measure cuts, with the range of
        their low and high values) is shown for comparison.

    Returns
    -------
    pandas.DataFrame
        ``figure, change_pct, ci95_low, ci95_high, period, boundary, source``: the estimate's
        relative effect at the end of the series with its confidence interval, the seed
        article's 2.16 -> 1.98, Baosteel's reported changes vs 2020 (all causes, not only the
        platform) and the scenario's assumed platform effect (low-high in the interval columns).
    """
    import pandas as pd

    from greenimpact.scenarios import resolve

    eff = its_result.effect()
    pct = int(round(100 * (1 - its_result.alpha)))
    rows = [
        (
            label,
            100 * eff["relative"],
            100 * eff["relative_ci"][0],
            100 * eff["relative_ci"][1],
            f"{its_result.frame['time'].iloc[-1]}, {eff['steps']} months after {its_result.intervention}; vs pre-period trend",
            boundary or "not given",
            "interrupted time series",
        )
    ]
    figs = baosteel_figures()
    art = figs[figs["series"] == "Seed article"].set_index("period")
    rows.append(
        (
            "seed article",
            float(relative_change(art.loc["before platform", "value"], art.loc["after platform", "value"])),
            np.nan,
            np.nan,
            "before -> after the platform (undated)",
            "not_stated",
            "seed_article (unverified)",
        )
    )
    rep = figs[figs["kind"] == "reported"].sort_values("year")
    base = rep.iloc[0]
    for _, r in rep.iloc[1:].iterrows():
        rows.append(
            (
                "Baosteel reported",
                float(relative_change(base["value"], r["value"])),
                np.nan,
                np.nan,
                f"{int(base['year'])} -> {int(r['year'])} (all causes)",
                r["boundary"],
                r["source"],
            )
        )
    v = resolve("steel", scenario)
    names = ("energy_efficiency_pct", "gas_recovery_pct", "scheduling_pct")

    def cut(attr):
        return -100 * float(combined_cut(*[getattr(v[n], attr) if getattr(v[n], attr) is not None else v[n].value
                                           for n in names]))

    rows.append(
        (
            f"scenario {scenario!r} assumption",
            cut("value"),
            cut("high"),
            cut("low"),
            "full platform effect (energy efficiency, gas recovery, scheduling)",
            "as the plant's base intensity",
            "assumption",
        )
    )
    return pd.DataFrame(
        rows, columns=["figure", "change_pct", f"ci{pct}_low", f"ci{pct}_high", "period", "boundary", "source"]
    )


# --------------------------------------------------------------------------------------------
# uncertainty: draws from the scenario ranges


def monte_carlo(scenario: str = "baseline", *, years=(2025, 2030), n: int = 5000, seed: int = 0, **overrides):
    """Draws of the sector terms from the scenario's ranges.

    Every parameter with ``low`` < ``high`` is drawn from a triangular distribution (low, value,
    high), independently; overridden parameters are held fixed.

    Returns
    -------
    pandas.DataFrame
        One row per draw and year: ``draw``, ``year``, ``avoided_mt``, ``compute_mt``,
        ``net_mt``, ``electricity_twh``, ``intensity_with``.
    """
    import pandas as pd

    from greenimpact.scenarios import resolve
    from greenimpact.uncertainty import draw

    draws = draw(resolve("steel", scenario, overrides), n, seed, column=True)
    yrs = np.atleast_1d(np.asarray(years, dtype=int))
    terms = impact_terms(draws, yrs[None, :])
    out = {"draw": np.repeat(np.arange(n), yrs.size), "year": np.tile(yrs, n)}
    for key in ("avoided_mt", "compute_mt", "net_mt", "electricity_twh", "intensity_with"):
        out[key] = np.broadcast_to(terms[key], (n, yrs.size)).ravel()
    return pd.DataFrame(out)


def sector_range(scenario: str = "baseline", *, years=YEARS, n: int = 20000, seed: int = 0, **overrides):
    """Central value and 5-50-95 % range of the sector's avoided CO2, compute footprint and net.

    Returns
    -------
    pandas.DataFrame
        ``year, term, central, p05, p50, p95`` with term in ``avoided_mt``, ``compute_mt``,
        ``net_mt`` [Mt CO2/yr]; central = the scenario's own values.
    """
    import pandas as pd

    from greenimpact.scenarios import resolve

    draws = monte_carlo(scenario, years=years, n=n, seed=seed, **overrides)
    central = impact_terms({k: v.value for k, v in resolve("steel", scenario, overrides).items()},
                           np.asarray(years, dtype=int))
    rows = []
    for term in ("avoided_mt", "compute_mt", "net_mt"):
        q = draws.groupby("year")[term].quantile([0.05, 0.5, 0.95]).unstack()
        for i, yr in enumerate(np.asarray(years, dtype=int)):
            rows.append({"year": int(yr), "term": term, "central": float(central[term][i]),
                         "p05": float(q.loc[yr, 0.05]), "p50": float(q.loc[yr, 0.5]), "p95": float(q.loc[yr, 0.95])})
    return pd.DataFrame(rows)


def plan_comparison(ranges, *, year: int = 2025):
    """The sector's avoided CO2 in ``year`` against the NDRC 2024 steel action plan's cut.

    Parameters
    ----------
    ranges : pandas.DataFrame
        :func:`sector_range` output.
    year : int
        Year of the plan's target (2025).

    Returns
    -------
    pandas.DataFrame
        ``item, central, p05, p95, unit``: the plan's cut, the platforms' avoided CO2, their
        share of the plan's cut, and the platforms' compute footprint (central scenario and the
        5 % / 95 % quantiles of the Monte Carlo).
    """
    import pandas as pd

    plan = targets("CN")
    plan = plan[(plan["metric"] == "emission_reduction") & (plan["year"] == year)]
    if plan.empty:
        raise ValueError(f"no NDRC emission-reduction target for {year} in steel_targets")
    cut = float(plan["value"].iloc[0])
    sel = ranges[ranges["year"] == year].set_index("term")
    if "avoided_mt" not in sel.index:
        raise ValueError(f"year {year} is not in the ranges (years {sorted(set(ranges['year']))})")
    a, c = sel.loc["avoided_mt"], sel.loc["compute_mt"]
    rows = [
        (f"NDRC 2024 steel action plan: CO2 cut by {year} (all measures)", cut, np.nan, np.nan, "Mt CO2/yr"),
        ("avoided by carbon-management platforms", a["central"], a["p05"], a["p95"], "Mt CO2/yr"),
        ("platforms' share of the plan's cut", 100 * a["central"] / cut, 100 * a["p05"] / cut, 100 * a["p95"] / cut, "%"),
        ("compute footprint of the platforms", c["central"], c["p05"], c["p95"], "Mt CO2/yr"),
    ]
    return pd.DataFrame(rows, columns=["item", "central", "p05", "p95", "unit"])


def trajectory_table(frame, *, plant: str = "Baosteel"):
    """The plant's modelled intensity next to reported values and targets, by year.

    Returns
    -------
    pandas.DataFrame
        Indexed by year: ``without_platform``, ``with_platform``, ``reported`` (company figures,
        Baosteel only), ``target`` [t CO2/t] and ``change_vs_base_pct`` of the modelled
        intensity, for the base year, reported years and target years.
    """
    import pandas as pd

    sel = frame[frame["region"] == plant].pivot(index="year", columns="variable", values="value")
    if sel.empty:
        raise ValueError(f"no results for plant {plant!r} (regions: {sorted(set(frame['region']))})")
    out = pd.DataFrame(
        {
            "without_platform": sel["Intensity|CO2|Steel|Without Platform"],
            "with_platform": sel["Intensity|CO2|Steel|With Platform"],
        }
    )
    out["target"] = sel["Intensity|CO2|Steel|Target"] if "Intensity|CO2|Steel|Target" in sel else np.nan
    out["reported"] = np.nan
    if plant == "Baosteel":
        rep = baosteel_figures().query("kind == 'reported'").set_index("year")["value"]
        out.loc[rep.index.astype(int), "reported"] = rep.to_numpy()
    base = out["with_platform"].iloc[0]
    out["change_vs_base_pct"] = 100 * (out["with_platform"] / base - 1)
    keep = out.index[(out.index == out.index[0]) | out["reported"].notna() | out["target"].notna()]
    return out.loc[keep, ["without_platform", "with_platform", "reported", "target", "change_vs_base_pct"]]


# --------------------------------------------------------------------------------------------
# the composer


_VARIABLES = {
    "output_mt": "Production|Steel|Crude Steel",
    "intensity_without": "Intensity|CO2|Steel|Without Platform",
    "intensity_with": "Intensity|CO2|Steel|With Platform",
    "emissions_without_mt": "Emissions|CO2|Steel|Without Platform",
    "emissions_with_mt": "Emissions|CO2|Steel|With Platform",
    "avoided_mt": "Emissions|CO2|Avoided|Steel|Carbon Management",
    "net_mt": "Emissions|CO2|Avoided|Steel|Carbon Management|Net of Compute",
    "compute_mt": "Emissions|CO2|Compute|Steel|Carbon Management",
    "compute_operational_mt": "Emissions|CO2|Compute|Steel|Carbon Management|Operational",
    "compute_embodied_mt": "Emissions|CO2|Compute|Steel|Carbon Management|Embodied",
    "electricity_twh": "Electricity|Steel|Carbon Management|Platform",
    "adoption_pct": "Share|Steel|Carbon Management|Adoption",
}


def run(params: dict, *, scenario: str):
    """Composer for ``greenimpact.run("steel", ...)``: IAMC records for China (region ``CN``,
    worldsteel boundary, 2019-2035) and the plant case (region ``plant_name``, from its base
    year; boundary of the company figure), with the plant's targets as intensities.

    Totals come from :func:`impact_terms` and :func:`plant_terms`, the functions the net-impact
    Monte Carlo calls, so the two cannot disagree.
    """
    import pandas as pd

    from greenimpact import results

    years = np.array(YEARS)
    variables = {v: k for k, v in _VARIABLES.items()}
    frames = [results.records(impact_terms(params, years), variables, years, "CN")]
    plant = str(params["plant_name"])
    pyears = np.arange(int(params["plant_base_year"]), years[-1] + 1)
    frames.append(results.records(plant_terms(params, pyears), variables, pyears, plant))
    if plant == "Baosteel":
        base = float(params["plant_base_intensity_tco2_per_t"])
        goals = [(int(t["year"]), base * (1 + t["value"] / 100)) for _, t in targets("Baosteel").iterrows()
                 if t["metric"] == "intensity_change" and int(t["base_year"]) == int(params["plant_base_year"])]
        if goals:
            yrs, vals = zip(*goals, strict=True)
            frames.append(results.records({"target": np.array(vals)}, {"Intensity|CO2|Steel|Target": "target"}, yrs, plant))
    return pd.concat(frames, ignore_index=True)


# --------------------------------------------------------------------------------------------
# figures


def plot_route_waterfall(edition: int = 2023, *, ax=None, reported: float | None = None):
    """Waterfall from an all-BF-BOF intensity to worldsteel's route mix (one report edition),
    with the published headline value as a marker when given."""
    from greenimpact import plots

    routes = route_table(edition)
    if routes["share_pct"].isna().any():
        raise ValueError(f"edition {edition} gives no route shares; the waterfall needs them (edition 2023 does)")
    steps = route_mix_steps(routes["value"], routes["share_pct"] / 100.0, tuple(routes["route"]))
    ax = plots.waterfall(
        steps, x="step", y="delta", ax=ax,
        title=f"worldsteel route mix, {int(routes['year'].iloc[0])} (report {edition})",
        ylabel="t CO2 / t crude steel (Scope 1+2+upstream 3)",
    )
    if reported is not None:
        ax.axhline(reported, color="k", ls=":", lw=1, label=f"published {reported:.2f}")
        ax.legend(loc="upper right", fontsize="small")
    return ax


def plot_trajectory(frame, *, plant: str = "Baosteel", ax=None):
    """The plant's modelled intensity with and without the platform, the company-reported
    values, the article's undated claim and the targets."""
    import matplotlib.pyplot as plt

    ax = ax if ax is not None else plt.figure().add_subplot()
    sel = frame[frame["region"] == plant]
    for variable, style, label in (
        ("Intensity|CO2|Steel|Without Platform", dict(color="0.5", ls="--"), "model: without platform"),
        ("Intensity|CO2|Steel|With Platform", dict(color="C0"), "model: with platform"),
    ):
        s = sel[sel["variable"] == variable]
        ax.plot(s["year"], s["value"], label=label, **style)
    tgt = sel[sel["variable"] == "Intensity|CO2|Steel|Target"]
    if len(tgt):
        ax.plot(tgt["year"], tgt["value"], "v", color="C3", ms=9, ls="none", label="company target (vs 2020)")
    if plant == "Baosteel":
        figs = baosteel_figures()
        rep = figs[figs["kind"] == "reported"]
        ax.plot(rep["year"], rep["value"], "o", color="k", label="company reported (boundary not stated)")
        art = figs[figs["series"] == "Seed article"].set_index("period")["value"]
        for period, ls in (("before platform", ":"), ("after platform", "-.")):
            ax.axhline(art[period], color="C1", ls=ls, lw=1, label=f"article, {period} (undated)")
        lo, hi = ax.get_ylim()
        ax.set_ylim(lo, max(hi, float(art.max()) + 0.03))
    ax.set_title(f"{plant}: CO2 intensity, model vs reported figures and targets")
    ax.set_xlabel("year")
    ax.set_ylabel("t CO2 / t crude steel")
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize="small")
    return ax


def plot_sector_range(ranges, *, ax=None, plan_mt: float | None = None, plan_year: int = 2025):
    """Sector avoided CO2: central path and 5-95 % band, with the NDRC plan's cut as a marker."""
    import matplotlib.pyplot as plt

    ax = ax if ax is not None else plt.figure().add_subplot()
    a = ranges[ranges["term"] == "avoided_mt"]
    ax.fill_between(a["year"], a["p05"], a["p95"], color="C0", alpha=0.25, label="5-95 % range")
    ax.plot(a["year"], a["central"], color="C0", label="central scenario")
    if plan_mt is not None:
        ax.plot([plan_year], [plan_mt], "D", color="C3", ms=8, label=f"NDRC 2024 plan: {plan_mt:g} Mt CO2 by {plan_year} (all measures)")
    ax.set_title("China steel: CO2 avoided by carbon-management platforms")
    ax.set_xlabel("year")
    ax.set_ylabel("Mt CO2 / yr (worldsteel boundary)")
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize="small")
    return ax


def plot_net(frame, *, year: int, region: str = "CN", ax=None):
    """Avoided CO2, the platform's compute footprint and the net for one year (log scale)."""
    import matplotlib.pyplot as plt

    ax = ax if ax is not None else plt.figure().add_subplot()
    sel = frame[(frame["region"] == region) & (frame["year"] == year)].set_index("variable")["value"]
    if sel.empty:
        raise ValueError(f"no results for region {region!r} in {year}")
    items = [
        ("avoided", sel["Emissions|CO2|Avoided|Steel|Carbon Management"], "#4f9a5a"),
        ("compute: operational", sel["Emissions|CO2|Compute|Steel|Carbon Management|Operational"], "#c0504d"),
        ("compute: embodied", sel["Emissions|CO2|Compute|Steel|Carbon Management|Embodied"], "#d99694"),
        ("net of compute", sel["Emissions|CO2|Avoided|Steel|Carbon Management|Net of Compute"], "0.4"),
    ]
    labels = [i[0] for i in items]
    values = [float(i[1]) for i in items]
    ax.barh(labels[::-1], values[::-1], color=[i[2] for i in items][::-1])
    ax.set_xscale("log")
    positive = [v for v in values if v > 0]
    if positive:
        ax.set_xlim(min(positive) / 3, max(positive) * 8)
    for lab, val in zip(labels[::-1], values[::-1], strict=True):
        ax.annotate(f"{val:.3g}", (val, lab), textcoords="offset points", xytext=(4, 0), va="center", fontsize="small")
    ax.set_title(f"{region} {year}: avoided vs compute footprint (Mt CO2/yr, log scale)")
    ax.set_xlabel("Mt CO2 / yr")
    return ax

