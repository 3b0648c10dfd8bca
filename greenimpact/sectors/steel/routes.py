r"""Steel production routes: route-weighted intensities and the cuts measures make in them.

One function per equation, vectorised over numpy arrays:

* :func:`route_mix_intensity` — worldsteel's production-weighted mean of BF-BOF, scrap-EAF and
  DRI-EAF intensities; :func:`route_mix_steps` shows the same sum as waterfall steps.
* :func:`eaf_shift_cut` — the cut of a mean intensity when output moves from BF-BOF to
  scrap-EAF.
* :func:`combined_cut` — several measures acting one after the other on the same intensity.

Boundaries are kept apart (:data:`BOUNDARIES`): worldsteel's route values cover Scope 1 +
Scope 2 + upstream Scope 3 (ISO 14404); company figures often do not state theirs.

>>> round(float(route_mix_intensity([2.33, 0.68, 1.37], [0.72, 0.21, 0.07])), 4)
1.9163
"""

from __future__ import annotations

import numpy as np

from greenimpact import checks

__all__ = ["BOUNDARIES", "ROUTES", "combined_cut", "eaf_shift_cut", "route_mix_intensity", "route_mix_steps"]

#: Production routes in worldsteel's weighting.
ROUTES = ("BF-BOF", "scrap-EAF", "DRI-EAF")

#: Emission boundaries used in the steel datasets.
BOUNDARIES = {
    "worldsteel_iso14404": "Scope 1 + Scope 2 + upstream Scope 3 (worldsteel methodology, ISO 14404)",
    "scope1": "Scope 1 only (direct emissions)",
    "scope1_2": "Scope 1 + Scope 2",
    "not_stated": "boundary not stated by the source",
}

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
       (secondary: kydy.com.cn summary),
       https://worldsteel.org/steel-topics/sustainability/sustainability-indicators/

    See also
    --------
    route_mix_steps : the same mean as waterfall steps.
    eaf_shift_cut : the change of a two-route mean when the shares move.

    Examples
    --------
    >>> round(float(route_mix_intensity([2.33, 0.68, 1.37], [0.72, 0.21, 0.07])), 3)
    1.916
    >>> round(float(route_mix_intensity([23.98, 10.20, 22.37], [0.72, 0.21, 0.07])), 2)
    20.97
    """
    intensity = checks.nonnegative(route_intensity_tco2_per_t, "route_intensity_tco2_per_t", "t CO2/t")
    share = checks.fractions(route_share, "route_share")
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
        ``step, delta, total`` rows: the reference route's intensity [t CO2/t], one step per
        other route (its share times its difference to the reference) [t CO2/t], and the
        weighted mean [t CO2/t]; ``total`` marks the bars that start from zero.

    Notes
    -----
    .. math:: I = I_0 + \sum_{r \ne 0} s_r (I_r - I_0)

    References
    ----------
    .. [1] worldsteel, Sustainability Indicators 2023 report (data year 2022),
       https://worldsteel.org/steel-topics/sustainability/sustainability-indicators/

    See also
    --------
    route_mix_intensity : the weighted mean itself.

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


def eaf_shift_cut(shift_pp, bf_bof_tco2_per_t, eaf_tco2_per_t):
    r"""Intensity cut from moving output from BF-BOF to scrap-EAF.

    Parameters
    ----------
    shift_pp : array_like
        Percentage points of output moved [%-points], >= 0.
    bf_bof_tco2_per_t : array_like
        Intensity of the BF-BOF route [t CO2/t].
    eaf_tco2_per_t : array_like
        Intensity of the scrap-EAF route [t CO2/t].

    Returns
    -------
    numpy.ndarray
        Cut of the plant's mean intensity [t CO2/t] (positive = lower intensity).

    Notes
    -----
    The two-route case of :func:`route_mix_intensity` with the EAF share raised by
    :math:`\Delta s`:

    .. math:: \Delta I = \frac{\Delta s}{100} (I_{BF-BOF} - I_{EAF})

    References
    ----------
    .. [1] worldsteel, Sustainability Indicators 2023 report: BF-BOF 2.33 and scrap-EAF
       0.68 t CO2/t (data year 2022),
       https://worldsteel.org/steel-topics/sustainability/sustainability-indicators/

    See also
    --------
    route_mix_intensity : the route-weighted mean.
    combined_cut : relative cuts of measures acting on the same intensity.

    Examples
    --------
    >>> round(float(eaf_shift_cut(1.0, 2.33, 0.68)), 4)
    0.0165
    """
    shift = checks.nonnegative(shift_pp, "shift_pp", "percentage points")
    bf = checks.nonnegative(bf_bof_tco2_per_t, "bf_bof_tco2_per_t", "t CO2/t")
    eaf = checks.nonnegative(eaf_tco2_per_t, "eaf_tco2_per_t", "t CO2/t")
    return shift / 100.0 * (bf - eaf)


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

    The cut sizes of the steel scenarios are assumptions with their reasons and ranges in
    ``data/scenarios/steel.yaml`` (no audited source located).

    See also
    --------
    eaf_shift_cut : an absolute cut from a change of route shares.

    Examples
    --------
    >>> round(float(combined_cut(1.5, 1.0, 1.0)), 4)
    0.0346
    """
    if not cuts_pct:
        raise ValueError("cuts_pct: give at least one cut in %")
    keep = 1.0
    for i, cut in enumerate(cuts_pct):
        c = checks.number(cut, f"cuts_pct[{i}]", low=0, high=100, high_open=True, unit="%")
        keep = keep * (1.0 - c / 100.0)
    return 1.0 - np.asarray(keep, dtype=float)
