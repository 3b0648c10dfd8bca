r"""Steel plants and the sector over time: intensity, phase-in, background trend, adoption, output.

One function per equation, vectorised over numpy arrays (parameter draws broadcast against
years):

* :func:`plant_intensity` — a plant's CO2 intensity from its fuel mix, purchased electricity
  and process emissions.
* :func:`ramp` — the share of a measure's full effect reached in a year after go-live.
* :func:`background_factor` — a steady intensity improvement from other measures.
* :func:`adoption_share` — the share of output made in plants running a platform.
* :func:`output_path` — crude-steel output from a reported history and a growth rate.
* :func:`relative_change` — the change between two reported intensities.
* :func:`refuse_negative_intensity` — stop parameter combinations whose intensity is below 0.

>>> round(float(relative_change(2.16, 1.98)), 1)
-8.3
"""

from __future__ import annotations

import numpy as np

from greenimpact import checks

__all__ = [
    "ADOPTION_KNOTS",
    "adoption_share",
    "background_factor",
    "output_path",
    "plant_intensity",
    "ramp",
    "refuse_negative_intensity",
    "relative_change",
]

#: Years through which :func:`adoption_share` interpolates (after its start year).
ADOPTION_KNOTS = (2024, 2030, 2035)


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

    References
    ----------
    .. [1] IPCC, 2006 IPCC Guidelines for National Greenhouse Gas Inventories, Volume 2
       (Energy: fuel emission factors) and Volume 3, Chapter 4 (Metal Industry Emissions: iron
       and steel), https://www.ipcc-nggip.iges.or.jp/public/2006gl/

    See also
    --------
    greenimpact.sectors.steel.routes.route_mix_intensity : a mean over production routes.
    background_factor : the intensity's trend over time.

    Examples
    --------
    Illustrative numbers (not defaults): 18 GJ/t of fuel, 90 % coal/coke at 0.1 t CO2/GJ and
    10 % natural gas at 0.056 t CO2/GJ, 0.1 t/t process CO2, 0.4 MWh/t at 0.5366 kg/kWh:

    >>> round(float(plant_intensity(18, [0.9, 0.1], [0.1, 0.056], 0.1, 0.4, 0.5366)), 3)
    2.035
    """
    energy = checks.nonnegative(energy_gj_per_t, "energy_gj_per_t", "GJ/t")
    factor = checks.nonnegative(carrier_factor_tco2_per_gj, "carrier_factor_tco2_per_gj", "t CO2/GJ")
    process = checks.number(process_tco2_per_t, "process_tco2_per_t")
    elec = checks.nonnegative(electricity_mwh_per_t, "electricity_mwh_per_t", "MWh/t")
    grid = checks.nonnegative(grid_factor_kg_per_kwh, "grid_factor_kg_per_kwh", "kg CO2/kWh")
    share = checks.fractions(carrier_share, "carrier_share")
    fuel = energy * np.sum(share * factor, axis=-1)
    return refuse_negative_intensity(
        fuel + process + elec * grid, "plant_intensity",
        fuel_tco2_per_t=fuel, process_tco2_per_t=process, electricity_tco2_per_t=elec * grid,
    )


def refuse_negative_intensity(intensity_tco2_per_t, what: str, **parts):
    r"""Return ``intensity_tco2_per_t`` as an array, or refuse it where it is below zero.

    Each parameter of a plant can lie inside its own bounds while their combination does not:
    a process credit larger than the fuel emissions, or cuts (efficiency, gas recovery, a shift
    to scrap-EAF) that together exceed the intensity they act on. A negative CO2 intensity of
    crude steel is not a physical outcome of these measures, so it is an error, not a result.

    Parameters
    ----------
    intensity_tco2_per_t : array_like
        CO2 intensity [t CO2/t] of crude steel.
    what : str
        Name of the quantity for the message (e.g. ``"plant_intensity"``).
    **parts : array_like
        The terms that make up the intensity [t CO2/t], shown in the message at the first
        offending position so the user sees which combination went wrong.

    Returns
    -------
    numpy.ndarray
        The intensity, unchanged, when it is >= 0 everywhere.

    Raises
    ------
    ValueError
        Where the intensity is negative (NaN passes through to the caller's own checks).

    Examples
    --------
    >>> float(refuse_negative_intensity(2.0, "intensity"))
    2.0
    >>> refuse_negative_intensity([1.9, -0.2], "intensity_with", cut_tco2_per_t=[0.1, 2.3])
    Traceback (most recent call last):
    ...
    ValueError: intensity_with is negative (-0.2 t CO2/t, first at position 1): the parameters combine to an impossible plant (cut_tco2_per_t=2.3); reduce the cuts or credits
    """
    value = np.asarray(intensity_tco2_per_t, dtype=float)
    bad = value < 0
    if np.any(bad):
        idx = np.unravel_index(int(np.argmax(bad)), bad.shape) if bad.ndim else ()
        detail = ", ".join(
            f"{k}={float(np.broadcast_to(np.asarray(v, dtype=float), bad.shape)[idx]):.4g}" for k, v in parts.items()
        )
        raise ValueError(
            f"{what} is negative ({float(value[idx]):.4g} t CO2/t, {checks.position(bad)}): the parameters combine "
            f"to an impossible plant{f' ({detail})' if detail else ''}; reduce the cuts or credits"
        )
    return value


def ramp(year, start_year, ramp_years):
    r"""Share of a measure's full effect reached in ``year`` [-].

    Parameters
    ----------
    year : array_like
        Year(s) [yr].
    start_year : array_like
        First year the measure operates (go-live) [yr].
    ramp_years : array_like
        Years until the full effect is reached [yr], > 0.

    Returns
    -------
    numpy.ndarray
        Share of the full effect [-], within [0, 1].

    Notes
    -----
    Linear from the first year of operation, so half the effect in the first year when
    ``ramp_years`` is 2:

    .. math:: r = \min\Big(1, \max\big(0, (y - y_0 + 1)/T\big)\Big)

    The ramp length is an assumption of the steel scenarios (``data/scenarios/steel.yaml``).

    See also
    --------
    adoption_share : the sector-wide spread of platforms.
    background_factor : the trend the measures act on.

    Examples
    --------
    >>> ramp(np.array([2020, 2021, 2022, 2023]), 2021, 2.0).tolist()
    [0.0, 0.5, 1.0, 1.0]
    """
    ramp_years = checks.positive(ramp_years, "ramp_years", "yr")
    year = checks.number(year, "year")
    return np.clip((year - checks.number(start_year, "start_year") + 1.0) / ramp_years, 0.0, 1.0)


def background_factor(year, reference_year, pct_per_yr):
    r"""Intensity relative to ``reference_year`` from a steady background improvement [-].

    Parameters
    ----------
    year : array_like
        Year(s) [yr].
    reference_year : array_like
        Year in which the factor is 1 [yr].
    pct_per_yr : array_like
        Annual improvement [%/yr], < 100 (negative = the intensity rises).

    Returns
    -------
    numpy.ndarray
        Intensity relative to the reference year [-].

    Notes
    -----
    .. math:: b = (1 - g/100)^{y - y_{ref}}

    The rate is an assumption of the steel scenarios, chosen so that the plant model reproduces
    Baosteel's reported 2.13 (2020) -> 2.00 (2024) t CO2/t with the central platform effect.

    References
    ----------
    .. [1] Baoshan Iron & Steel (600019), reply on the investor-interaction platform on carbon
       intensity and targets, 2025-11-11 (seen via ttm.financial; boundary not stated).

    See also
    --------
    ramp : the phase-in of the platform's measures.
    plant_intensity : a plant's intensity from its energy use.

    Examples
    --------
    >>> round(float(background_factor(2024, 2020, 0.7)), 4)
    0.9723
    """
    g = checks.number(pct_per_yr, "pct_per_yr", high=100, high_open=True, unit="%/yr")
    return (1.0 - g / 100.0) ** (checks.number(year, "year") - checks.number(reference_year, "reference_year"))


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

    Parameters
    ----------
    year : array_like
        Year(s) [yr].
    start_year : int
        Last year without platforms [yr], before 2024.
    pct_2024, pct_2030, pct_2035 : array_like
        Adoption share in 2024, 2030 and 2035 [%], within [0, 100].

    Returns
    -------
    numpy.ndarray
        Adoption share [%].

    Notes
    -----
    Piecewise linear through :math:`(y_0, 0), (2024, a), (2030, b), (2035, c)`; 0 before
    ``start_year`` and flat after 2035:

    .. math:: a_y = a_k + \frac{y - y_k}{y_{k+1} - y_k} (a_{k+1} - a_k), \quad y_k \le y \le y_{k+1}

    No survey of platform adoption was located: the shares are assumptions with ranges in
    ``data/scenarios/steel.yaml``.

    See also
    --------
    ramp : the phase-in within one plant.
    output_path : the output the share applies to.

    Examples
    --------
    >>> adoption_share(np.array([2019, 2024, 2027, 2040]), 2019, 15.0, 50.0, 70.0).tolist()
    [0.0, 15.0, 32.5, 70.0]
    """
    start = float(checks.number(start_year, "start_year", high=ADOPTION_KNOTS[0], high_open=True))
    for name, v in (("pct_2024", pct_2024), ("pct_2030", pct_2030), ("pct_2035", pct_2035)):
        checks.share(v, name)
    return _piecewise(year, (start, *ADOPTION_KNOTS), (0.0, pct_2024, pct_2030, pct_2035))


def output_path(year, history_mt: dict, growth_pct):
    r"""Crude-steel output by year from a reported history and a growth rate [Mt/yr].

    Parameters
    ----------
    year : array_like
        Year(s) [yr].
    history_mt : dict of int to float
        Reported output by year [Mt/yr] (linear between years, flat before the first).
    growth_pct : array_like
        Annual change after the last reported year [%/yr], >= -100.

    Returns
    -------
    numpy.ndarray
        Output [Mt/yr].

    Notes
    -----
    With the last reported year :math:`y_h` and its output :math:`Q_h`:

    .. math:: Q_y = Q_h (1 + g/100)^{y - y_h}, \quad y > y_h

    and the reported series (interpolated linearly) up to :math:`y_h`.

    References
    ----------
    .. [1] worldsteel crude steel production press releases (January releases, data years
       2019-2024), the history of the steel scenarios (``crude_steel_output`` dataset).

    See also
    --------
    adoption_share : the share of this output made with a platform.

    Examples
    --------
    >>> output_path(np.array([2023, 2024, 2026]), {2023: 1019.1, 2024: 1005.1}, -1.0).round(1).tolist()
    [1019.1, 1005.1, 985.1]
    """
    if not history_mt:
        raise ValueError("history_mt must give at least one year")
    xs = np.array(sorted(history_mt), dtype=float)
    ys = checks.nonnegative([history_mt[k] for k in sorted(history_mt)], "history_mt", "Mt/yr")
    y = checks.number(year, "year")
    g = checks.number(growth_pct, "growth_pct", low=-100, unit="%/yr")
    hist = np.interp(y, xs, ys)
    grown = ys[-1] * (1.0 + g / 100.0) ** np.maximum(y - xs[-1], 0.0)
    return np.where(y > xs[-1], grown, hist)


def relative_change(before, after):
    r"""Relative change from ``before`` to ``after`` [%].

    Parameters
    ----------
    before : array_like
        Reference value (e.g. an intensity [t CO2/t]), not 0.
    after : array_like
        Later value, in the unit of ``before``.

    Returns
    -------
    numpy.ndarray
        Change [%] (negative = a fall).

    Notes
    -----
    .. math:: \Delta = 100 \, \frac{x_{after} - x_{before}}{x_{before}}

    References
    ----------
    .. [1] Seed article, 绿色算力的发展趋势分析与建议 (Tencent News, 2025-02-08): Baosteel
       about 2.16 -> below 1.98 t CO2/t, https://new.qq.com/rain/a/20250208A027RP00
    .. [2] Baoshan Iron & Steel (600019), investor-platform reply, 2025-11-11: 2.13 (2020) ->
       2.04 (2023) -> 2.00 (2024) t CO2/t (seen via ttm.financial).

    See also
    --------
    background_factor : a steady relative change per year.

    Examples
    --------
    The seed article's 2.16 -> 1.98 and Baosteel's 2.13 (2020) -> 2.00 (2024):

    >>> round(float(relative_change(2.16, 1.98)), 1), round(float(relative_change(2.13, 2.00)), 1)
    (-8.3, -6.1)
    """
    before = checks.number(before, "before")
    zero = before == 0
    if np.any(zero):
        raise ValueError(f"before must not be 0 ({checks.position(zero)})")
    return 100.0 * (checks.number(after, "after") - before) / before
