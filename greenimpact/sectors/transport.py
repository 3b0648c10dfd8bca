r"""Traffic-signal control: what smarter signals save in fuel and CO2, and what the compute
behind them costs.

The module has four layers, each usable on its own:

* **Intersection models** (one function per published equation, vectorised over numpy arrays
  and pandas Series): :func:`webster_delay`, :func:`webster_optimal_cycle`,
  :func:`webster_green_splits`, :func:`hcm_uniform_delay`, :func:`hcm_incremental_delay`,
  :func:`hcm_control_delay`, :func:`bpr_travel_time`, :func:`degree_of_saturation`,
  :func:`stops_per_vehicle`.
* **Fuel and CO2**: :func:`elemental_fuel` (cruise + idle + stops), :func:`fuel_co2_kg`,
  :func:`electricity_co2_kg`, :func:`nev_share_pct` (the new-energy-vehicle share by year).
* **Network scale-up** of a set of signalised intersections before and after an improvement
  (a capacity gain, a delay reduction, or Webster re-optimised cycles): :func:`impact_terms`
  (vectorised over parameter draws, for the net-impact Monte Carlo), :func:`intersection_periods`
  (the same computation as a readable table), :func:`platform_devices` (the compute behind it, for
  :func:`greenimpact.compute.platform.platform_footprint`), and the composer :func:`run` that
  ``greenimpact.run("transport", ...)`` calls.
* **Views for the report**: :func:`delay_curves`, :func:`monte_carlo`, :func:`policy_view`.

The Beijing default case (``data/scenarios/transport.yaml``) follows the seed article: 1,535
coordinated intersections inside the 5th ring road, network capacity +15 % (both unverified
claims, used as labelled assumptions), with every other number sourced in ``data/`` or stated as
an assumption with its reason and range.

>>> round(float(webster_optimal_cycle(16, [500 / 1600, 300 / 1600])), 1)
58.0
"""

from __future__ import annotations

import numpy as np

from greenimpact.compute.platform import device_energy_mwh

__all__ = [
    "IMPROVEMENTS",
    "PERIODS",
    "REPORT_FIRST_YEAR",
    "bpr_travel_time",
    "degree_of_saturation",
    "delay_curves",
    "electricity_co2_kg",
    "elemental_fuel",
    "fuel_co2_kg",
    "grid_factor",
    "hcm_control_delay",
    "hcm_incremental_delay",
    "hcm_uniform_delay",
    "impact_terms",
    "intersection_periods",
    "monte_carlo",
    "net_steps",
    "nev_share_pct",
    "platform_devices",
    "policy_view",
    "run",
    "stops_per_vehicle",
    "uncertainty_by_year",
    "webster_delay",
    "webster_green_splits",
    "webster_optimal_cycle",
]

#: Ways to express the improvement that signal control brings (parameter ``improvement``).
IMPROVEMENTS = ("capacity_gain", "delay_reduction", "reoptimise")
#: Periods of the day modelled (night hours are left out: little traffic, signals often flash).
PERIODS = ("peak", "offpeak")
#: First year of the result frames (the reference year of the 2025 transport target).
REPORT_FIRST_YEAR = 2020
#: Years between which the new-energy-vehicle share is interpolated (parameters
#: ``nev_share_2023_pct`` and ``nev_share_2035_pct``).
NEV_ANCHOR_YEARS = (2023, 2035)
#: Base year of the grid emission factor (MEE/NBS 2022 factors).
GRID_BASE_YEAR = 2022
DAYS_PER_YEAR = 365.0


# --------------------------------------------------------------------------------------------
# input checks and pandas pass-through


def _num(name: str, value, *, low=None, strict: bool = False, high=None, high_strict: bool = False):
    """``value`` as a float array; ValueError naming ``name`` and the first offending element."""
    try:
        a = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be numeric, got {value!r}") from None
    if np.any(np.isnan(a)):
        raise ValueError(f"{name} must not contain NaN ({_where(np.isnan(a))})")
    if low is not None:
        bad = a <= low if strict else a < low
        if np.any(bad):
            op = ">" if strict else ">="
            raise ValueError(f"{name} must be {op} {low}, got {a[bad].flat[0]:g} ({_where(bad)})")
    if high is not None:
        bad = a >= high if high_strict else a > high
        if np.any(bad):
            op = "<" if high_strict else "<="
            raise ValueError(f"{name} must be {op} {high}, got {a[bad].flat[0]:g} ({_where(bad)})")
    return a


def _where(mask) -> str:
    mask = np.asarray(mask)
    if mask.ndim == 0:
        return "scalar input"
    idx = np.unravel_index(int(np.argmax(mask)), mask.shape)
    return f"first at position {idx[0] if len(idx) == 1 else tuple(int(i) for i in idx)}"


def _green_within_cycle(green_s, cycle_s) -> None:
    g, c = np.broadcast_arrays(green_s, cycle_s)
    bad = g > c
    if np.any(bad):
        raise ValueError(
            f"green_s must not exceed cycle_s, got green_s = {g[bad].flat[0]:g} s with "
            f"cycle_s = {c[bad].flat[0]:g} s ({_where(bad)})"
        )


def _like(result, *inputs):
    """Return a pandas Series (with the index of the first Series input) when any input is one."""
    for x in inputs:
        if getattr(x, "ndim", None) == 1 and hasattr(x, "index") and hasattr(x, "to_numpy"):
            import pandas as pd

            return pd.Series(np.asarray(result, dtype=float), index=x.index)
    return result


# --------------------------------------------------------------------------------------------
# intersection models


def degree_of_saturation(flow_vph, saturation_flow_vph, cycle_s, green_s):
    r"""Degree of saturation (volume-to-capacity ratio) of a signalised lane group.

    Parameters
    ----------
    flow_vph : array_like
        Arrival flow [veh/h], >= 0.
    saturation_flow_vph : array_like
        Saturation flow during effective green [veh/h], > 0.
    cycle_s : array_like
        Cycle length [s], > 0.
    green_s : array_like
        Effective green time [s], 0 < green_s <= cycle_s.

    Returns
    -------
    numpy.ndarray or pandas.Series
        Degree of saturation :math:`x` [-].

    Notes
    -----
    .. math:: x = \frac{q}{\lambda s}, \qquad \lambda = g / C

    Examples
    --------
    >>> round(float(degree_of_saturation(720, 1800, 90, 45)), 3)
    0.8
    """
    q = _num("flow_vph", flow_vph, low=0)
    s = _num("saturation_flow_vph", saturation_flow_vph, low=0, strict=True)
    c = _num("cycle_s", cycle_s, low=0, strict=True)
    g = _num("green_s", green_s, low=0, strict=True)
    _green_within_cycle(g, c)
    return _like(q / (s * g / c), flow_vph, saturation_flow_vph, cycle_s, green_s)


def webster_delay(flow_vph, saturation_flow_vph, cycle_s, green_s):
    r"""Average delay per vehicle on a signalised approach, Webster (1958).

    Parameters
    ----------
    flow_vph : array_like
        Arrival flow of the approach or lane group [veh/h], >= 0.
    saturation_flow_vph : array_like
        Saturation flow [veh/h], > 0.
    cycle_s : array_like
        Cycle length [s], > 0.
    green_s : array_like
        Effective green time [s], 0 < green_s <= cycle_s.

    Returns
    -------
    numpy.ndarray or pandas.Series
        Average delay [s/veh].

    Raises
    ------
    ValueError
        Negative flow, saturation flow <= 0, green time longer than the cycle, or a degree of
        saturation :math:`x \ge 1` (the formula describes undersaturated approaches only; use
        :func:`hcm_control_delay` there).

    Notes
    -----
    With :math:`\lambda = g/C`, :math:`q` the flow in veh/s and :math:`x = q/(\lambda s)`:

    .. math::

        d = \frac{C (1-\lambda)^2}{2 (1 - \lambda x)} + \frac{x^2}{2 q (1 - x)}
            - 0.65 \left(\frac{C}{q^2}\right)^{1/3} x^{2 + 5\lambda}

    The first term is the uniform delay (identical to HCM :math:`d_1` below saturation), the
    second the random delay, the third an empirical correction. At zero flow only the first
    term remains.

    References
    ----------
    .. [1] Webster, F. V. (1958). *Traffic Signal Settings*. Road Research Technical Paper No. 39,
       HMSO, London. Formula as reproduced in Salter, R. J. (1989), *Highway Traffic Analysis and
       Design*, ch. "Delay at signal-controlled intersections".

    Examples
    --------
    C = 90 s, g/C = 0.5, q = 0.2 veh/s (720 veh/h), x = 0.8 (research notes section 0):
    18.75 + 8.00 - 3.12 s.

    >>> round(float(webster_delay(720, 1800, 90, 45)), 2)
    23.63
    """
    q_vph = _num("flow_vph", flow_vph, low=0)
    s = _num("saturation_flow_vph", saturation_flow_vph, low=0, strict=True)
    c = _num("cycle_s", cycle_s, low=0, strict=True)
    g = _num("green_s", green_s, low=0, strict=True)
    _green_within_cycle(g, c)
    lam = g / c
    x = q_vph / (lam * s)
    if np.any(x >= 1):
        bad = x >= 1
        raise ValueError(
            "degree of saturation x = flow_vph / (saturation_flow_vph * green_s / cycle_s) must be "
            f"< 1 for Webster's delay formula, got x = {x[bad].flat[0]:.3g} ({_where(bad)}); "
            "use hcm_control_delay for saturated approaches"
        )
    q = q_vph / 3600.0
    with np.errstate(divide="ignore", invalid="ignore"):
        uniform = c * (1 - lam) ** 2 / (2 * (1 - lam * x))
        random_ = np.where(q > 0, x**2 / (2 * q * (1 - x)), 0.0)
        correction = np.where(q > 0, 0.65 * np.cbrt(c / q**2) * x ** (2 + 5 * lam), 0.0)
    return _like(uniform + random_ - correction, flow_vph, saturation_flow_vph, cycle_s, green_s)


def webster_optimal_cycle(lost_time_s, flow_ratios):
    r"""Webster's optimum cycle length.

    Parameters
    ----------
    lost_time_s : array_like
        Total lost time per cycle :math:`L` [s], >= 0.
    flow_ratios : array_like
        Flow ratios :math:`y_i = q_i / s_i` of the critical movements [-], >= 0, along the
        **last axis** (a 1-D sequence is one intersection; shape ``(n, phases)`` is ``n``
        intersections).

    Returns
    -------
    numpy.ndarray
        Optimum cycle :math:`C_0` [s].

    Raises
    ------
    ValueError
        Where :math:`Y = \sum y_i \ge 1`: the intersection is oversaturated and no cycle can serve
        it (redesign the phasing or add capacity).

    Notes
    -----
    .. math:: C_0 = \frac{1.5 L + 5}{1 - Y}, \qquad Y = \sum_i y_i

    Practical limits on the cycle (e.g. 30 to 120-150 s) are local rules, not part of the
    formula; apply them outside.

    References
    ----------
    .. [1] Webster, F. V. (1958). *Traffic Signal Settings*. Road Research Technical Paper No. 39,
       HMSO, London.

    Examples
    --------
    Two phases with 500 and 300 pcu/h at a saturation flow of 1,600 pcu/h, L = 16 s:

    >>> round(float(webster_optimal_cycle(16, [500 / 1600, 300 / 1600])), 1)
    58.0
    """
    lost = _num("lost_time_s", lost_time_s, low=0)
    y = _num("flow_ratios", flow_ratios, low=0)
    total = y.sum(axis=-1) if y.ndim else y
    if np.any(total >= 1):
        bad = total >= 1
        raise ValueError(
            f"the sum of flow_ratios Y must be < 1, got Y = {np.asarray(total)[bad].flat[0]:.3g} "
            f"({_where(bad)}): the intersection is oversaturated and C0 = (1.5 L + 5) / (1 - Y) "
            "does not exist"
        )
    return (1.5 * lost + 5.0) / (1.0 - total)


def webster_green_splits(cycle_s, lost_time_s, flow_ratios):
    r"""Effective green times in proportion to the flow ratios (Webster's equal-saturation rule).

    Parameters
    ----------
    cycle_s : array_like
        Cycle length [s], > lost_time_s.
    lost_time_s : array_like
        Total lost time per cycle [s], >= 0.
    flow_ratios : array_like
        Flow ratios of the critical movements [-] along the last axis.

    Returns
    -------
    numpy.ndarray
        Effective green per phase [s], same shape as ``flow_ratios``.

    Notes
    -----
    .. math:: g_i = \frac{y_i}{Y} (C - L)

    Examples
    --------
    >>> webster_green_splits(58, 16, [0.3125, 0.1875]).round(1).tolist()
    [26.2, 15.8]
    """
    c = _num("cycle_s", cycle_s, low=0, strict=True)
    lost = _num("lost_time_s", lost_time_s, low=0)
    y = _num("flow_ratios", flow_ratios, low=0)
    if np.any(c <= lost):
        raise ValueError("cycle_s must exceed lost_time_s (no green time is left)")
    total = y.sum(axis=-1, keepdims=True)
    if np.any(total <= 0):
        raise ValueError("flow_ratios must not all be zero")
    return y / total * np.expand_dims(c - lost, -1)


def hcm_uniform_delay(cycle_s, green_s, volume_vph, capacity_vph):
    r"""HCM uniform delay :math:`d_1`.

    Parameters
    ----------
    cycle_s : array_like
        Cycle length [s], > 0.
    green_s : array_like
        Effective green [s], 0 < green_s <= cycle_s.
    volume_vph : array_like
        Lane-group volume [veh/h], >= 0.
    capacity_vph : array_like
        Lane-group capacity [veh/h], > 0.

    Returns
    -------
    numpy.ndarray or pandas.Series
        Uniform delay [s/veh].

    Notes
    -----
    .. math:: d_1 = \frac{0.5\, C (1 - g/C)^2}{1 - \min(1, X)\, g/C}, \qquad X = v / c

    References
    ----------
    .. [1] Transportation Research Board (2000). *Highway Capacity Manual 2000*, ch. 16
       (signalised intersections). Seen in a course note and in Akçelik, R. (2001),
       *Progression factors in the HCM 2000 queue and delay models*.

    Examples
    --------
    >>> round(float(hcm_uniform_delay(90, 45, 720, 900)), 2)
    18.75
    """
    c = _num("cycle_s", cycle_s, low=0, strict=True)
    g = _num("green_s", green_s, low=0, strict=True)
    _green_within_cycle(g, c)
    v = _num("volume_vph", volume_vph, low=0)
    cap = _num("capacity_vph", capacity_vph, low=0, strict=True)
    lam = g / c
    x = np.minimum(1.0, v / cap)
    return _like(
        0.5 * c * (1 - lam) ** 2 / (1 - x * lam), cycle_s, green_s, volume_vph, capacity_vph
    )


def hcm_incremental_delay(volume_vph, capacity_vph, period_h=0.25, k=0.5, i=1.0):
    r"""HCM incremental (random and oversaturation) delay :math:`d_2`.

    Parameters
    ----------
    volume_vph : array_like
        Lane-group volume [veh/h], >= 0.
    capacity_vph : array_like
        Lane-group capacity [veh/h], > 0.
    period_h : array_like, default 0.25
        Analysis period :math:`T` [h] (0.25 for a 15-minute peak).
    k : array_like, default 0.5
        Incremental delay factor [-]; 0.5 for pretimed or fully coordinated control.
    i : array_like, default 1.0
        Upstream filtering/metering factor [-]; 1.0 for an isolated intersection.

    Returns
    -------
    numpy.ndarray or pandas.Series
        Incremental delay [s/veh]. Valid for :math:`X \ge 1` too (oversaturation).

    Notes
    -----
    .. math::

        d_2 = 900\, T \left[(X - 1) + \sqrt{(X - 1)^2 + \frac{8 k I X}{c T}}\right]

    The defaults k = 0.5 and I = 1.0 are the HCM conventions for pretimed, isolated signals; the
    research notes could not check them against HCM 6th ed. Exhibit 19-8 (tag [U]).

    References
    ----------
    .. [1] Transportation Research Board (2000). *Highway Capacity Manual 2000*, ch. 16.

    Examples
    --------
    >>> round(float(hcm_incremental_delay(720, 900)), 2)
    7.39
    """
    v = _num("volume_vph", volume_vph, low=0)
    cap = _num("capacity_vph", capacity_vph, low=0, strict=True)
    t = _num("period_h", period_h, low=0, strict=True)
    k_ = _num("k", k, low=0, strict=True)
    i_ = _num("i", i, low=0, strict=True)
    x = v / cap
    d2 = 900 * t * ((x - 1) + np.sqrt((x - 1) ** 2 + 8 * k_ * i_ * x / (cap * t)))
    return _like(d2, volume_vph, capacity_vph)


def hcm_control_delay(
    cycle_s, green_s, volume_vph, capacity_vph, period_h=0.25, k=0.5, i=1.0, pf=1.0
):
    r"""HCM control delay: uniform delay times progression factor plus incremental delay.

    Parameters
    ----------
    cycle_s, green_s : array_like
        Cycle and effective green [s].
    volume_vph, capacity_vph : array_like
        Lane-group volume and capacity [veh/h].
    period_h, k, i : array_like
        See :func:`hcm_incremental_delay`.
    pf : array_like, default 1.0
        Progression factor [-] (1 for random arrivals; below 1 for good coordination).

    Returns
    -------
    numpy.ndarray or pandas.Series
        Control delay [s/veh].

    Notes
    -----
    .. math:: d = d_1 \cdot PF + d_2 + d_3

    with :math:`d_3 = 0` (no initial queue). :math:`PF = (1 - P) f_{PA} / (1 - g/C)` with
    :math:`P` the share arriving on green.

    References
    ----------
    .. [1] Transportation Research Board (2000). *Highway Capacity Manual 2000*, ch. 16.

    Examples
    --------
    >>> round(float(hcm_control_delay(90, 45, 720, 900)), 2)
    26.14
    """
    p = _num("pf", pf, low=0)
    d1 = hcm_uniform_delay(cycle_s, green_s, volume_vph, capacity_vph)
    d2 = hcm_incremental_delay(volume_vph, capacity_vph, period_h, k, i)
    return _like(np.asarray(d1) * p + np.asarray(d2), cycle_s, green_s, volume_vph, capacity_vph)


def bpr_travel_time(free_flow_time, volume, capacity, alpha=0.15, beta=4.0):
    r"""Link travel time from the Bureau of Public Roads (BPR) volume-delay function.

    Parameters
    ----------
    free_flow_time : array_like
        Travel time at zero flow [any time unit], >= 0; the result is in the same unit.
    volume : array_like
        Link volume [veh/h], >= 0.
    capacity : array_like
        Practical capacity [veh/h], > 0.
    alpha, beta : float
        Shape parameters [-].

    Returns
    -------
    numpy.ndarray or pandas.Series
        Travel time [unit of ``free_flow_time``].

    Notes
    -----
    .. math:: t = t_0 \left[1 + \alpha (v/c)^\beta\right]

    References
    ----------
    .. [1] U.S. Bureau of Public Roads (1964). *Traffic Assignment Manual*. Form confirmed in
       Gore et al. (2023), "Modified BPR link function", TRR 2677(5):966-990.

    Examples
    --------
    >>> float(bpr_travel_time(1.0, 1000, 1000))
    1.15
    """
    t0 = _num("free_flow_time", free_flow_time, low=0)
    v = _num("volume", volume, low=0)
    cap = _num("capacity", capacity, low=0, strict=True)
    return _like(t0 * (1 + alpha * (v / cap) ** beta), free_flow_time, volume, capacity)


def stops_per_vehicle(flow_vph, saturation_flow_vph, cycle_s, green_s, partial_stop_factor=1.0):
    r"""Average number of stops per vehicle at an undersaturated fixed-time signal.

    Parameters
    ----------
    flow_vph, saturation_flow_vph : array_like
        Arrival and saturation flow [veh/h].
    cycle_s, green_s : array_like
        Cycle and effective green [s].
    partial_stop_factor : float, default 1.0
        Weight of a stop [-]: 1 counts every vehicle that joins a queue as a full stop; Akçelik's
        factor 0.9 counts partial stops as fractions (not verified in the research notes).

    Returns
    -------
    numpy.ndarray or pandas.Series
        Stops per vehicle [stop/veh], between 0 and ``partial_stop_factor``.

    Notes
    -----
    Under uniform arrivals (the assumptions of Webster's first term) a vehicle stops if it arrives
    during the red time :math:`r = C - g` or while the queue clears, which takes
    :math:`t_c = y\, r / (1 - y)`. The share stopped is therefore

    .. math:: h = f \frac{r + t_c}{C} = f \frac{1 - \lambda}{1 - y}, \qquad y = q/s

    valid for :math:`x < 1` (at saturation every vehicle stops, some more than once).

    References
    ----------
    .. [1] Akçelik, R. (1981). *Traffic Signals: Capacity and Timing Analysis*. Research Report
       ARR 123, Australian Road Research Board (the form with f = 0.9).

    Examples
    --------
    >>> round(float(stops_per_vehicle(720, 1800, 90, 45)), 3)
    0.833
    """
    q = _num("flow_vph", flow_vph, low=0)
    s = _num("saturation_flow_vph", saturation_flow_vph, low=0, strict=True)
    c = _num("cycle_s", cycle_s, low=0, strict=True)
    g = _num("green_s", green_s, low=0, strict=True)
    _green_within_cycle(g, c)
    f = _num("partial_stop_factor", partial_stop_factor, low=0, high=1)
    lam = g / c
    y = q / s
    if np.any(y >= lam):
        bad = y >= lam
        raise ValueError(
            "degree of saturation x = flow_vph / (saturation_flow_vph * green_s / cycle_s) must be "
            f"< 1 for the stop-rate formula, got x = {(y / lam)[bad].flat[0]:.3g} ({_where(bad)})"
        )
    return _like(f * (1 - lam) / (1 - y), flow_vph, saturation_flow_vph, cycle_s, green_s)


# --------------------------------------------------------------------------------------------
# fuel and CO2


def elemental_fuel(distance_km, delay_s, stops, cruise_l_per_km, idle_l_per_h, stop_l):
    r"""Fuel burnt by a vehicle from the elemental (drive-mode) model.

    Parameters
    ----------
    distance_km : array_like
        Distance driven [km], >= 0.
    delay_s : array_like
        Delay spent stopped or queuing [s], >= 0.
    stops : array_like
        Number of stops [-], >= 0.
    cruise_l_per_km : array_like
        Fuel per km at cruise [L/km], >= 0.
    idle_l_per_h : array_like
        Fuel rate while idling [L/h], >= 0.
    stop_l : array_like
        Extra fuel per stop (deceleration and acceleration back to cruise) [L], >= 0.

    Returns
    -------
    numpy.ndarray or pandas.Series
        Fuel [L].

    Notes
    -----
    .. math:: G = f_1 L + f_2 D + f_3 S

    Signal control changes :math:`D` and :math:`S`, not the distance, so the cruise term cancels
    in a before/after comparison.

    References
    ----------
    .. [1] Akçelik, R. (ed.) (1983). *Progress in fuel consumption modelling for urban traffic
       management*. ARRB Research Report ARR 124.
    .. [2] NPTEL Lecture 43, "Fuel consumption and emission" (Transportation Engineering).

    Examples
    --------
    One km, 30 s of delay and one stop for a compact car (0.07 L/km, DOE idle 0.61 L/h, 18 mL per
    stop):

    >>> round(float(elemental_fuel(1.0, 30, 1, 0.07, 0.61, 0.018)), 4)
    0.0931
    """
    dist = _num("distance_km", distance_km, low=0)
    d = _num("delay_s", delay_s, low=0)
    n = _num("stops", stops, low=0)
    f1 = _num("cruise_l_per_km", cruise_l_per_km, low=0)
    f2 = _num("idle_l_per_h", idle_l_per_h, low=0)
    f3 = _num("stop_l", stop_l, low=0)
    return _like(f1 * dist + f2 * d / 3600.0 + f3 * n, distance_km, delay_s, stops)


def fuel_co2_kg(fuel_l, kg_co2_per_l):
    r"""CO2 from burning liquid fuel.

    Parameters
    ----------
    fuel_l : array_like
        Fuel burnt [L], >= 0.
    kg_co2_per_l : array_like
        Emission factor [kg CO2/L], >= 0 (see the ``vehicle_fuel_factors`` dataset).

    Returns
    -------
    numpy.ndarray or pandas.Series
        CO2 [kg].

    Notes
    -----
    .. math:: E = V \cdot EF

    References
    ----------
    .. [1] US EPA (2023). *Greenhouse Gas Emissions from a Typical Passenger Vehicle*,
       EPA-420-F-23-014: 8,887 g CO2 per gallon of gasoline.

    Examples
    --------
    One US gallon (3.78541 L) of gasoline at the EPA factor:

    >>> round(float(fuel_co2_kg(3.78541, 8.887 / 3.78541)), 3)
    8.887
    """
    v = _num("fuel_l", fuel_l, low=0)
    ef = _num("kg_co2_per_l", kg_co2_per_l, low=0)
    return _like(v * ef, fuel_l)


def electricity_co2_kg(energy_kwh, grid_factor_kg_per_kwh):
    r"""CO2 of the electricity drawn by electric vehicles (location-based).

    Parameters
    ----------
    energy_kwh : array_like
        Electricity [kWh], >= 0.
    grid_factor_kg_per_kwh : array_like
        Grid emission factor [kg CO2/kWh], >= 0.

    Returns
    -------
    numpy.ndarray or pandas.Series
        CO2 [kg].

    Notes
    -----
    .. math:: E = W \cdot EF_{grid}

    Examples
    --------
    >>> round(float(electricity_co2_kg(10, 0.5366)), 3)
    5.366
    """
    w = _num("energy_kwh", energy_kwh, low=0)
    ef = _num("grid_factor_kg_per_kwh", grid_factor_kg_per_kwh, low=0)
    return _like(w * ef, energy_kwh)


def nev_share_pct(year, share_2023_pct, share_2035_pct):
    r"""New-energy-vehicle share of the cars passing the intersections, by year.

    Parameters
    ----------
    year : array_like
        Calendar year.
    share_2023_pct, share_2035_pct : array_like
        Share in 2023 and 2035 [%], in [0, 100].

    Returns
    -------
    numpy.ndarray
        Share [%], linear in the year through the two anchors (extended linearly outside them)
        and clipped to [0, 100].

    Examples
    --------
    >>> nev_share_pct([2020, 2023, 2029, 2040], 10, 50).round(1).tolist()
    [0.0, 10.0, 30.0, 66.7]
    """
    y = _num("year", year)
    a = _num("share_2023_pct", share_2023_pct, low=0, high=100)
    b = _num("share_2035_pct", share_2035_pct, low=0, high=100)
    y0, y1 = NEV_ANCHOR_YEARS
    return np.clip(a + (b - a) * (y - y0) / (y1 - y0), 0.0, 100.0)


# --------------------------------------------------------------------------------------------
# network scale-up


def _params(params: dict) -> dict:
    """Numbers as float arrays (draws broadcast), other values unchanged."""
    out = {}
    for key, value in params.items():
        if isinstance(value, str | bool | dict | list | type(None)):
            out[key] = value
        else:
            out[key] = np.asarray(value, dtype=float)
    return out


def _period_states(p: dict) -> dict:
    """Per period, the baseline and improved signal states of the representative lane.

    Each state is a dict of arrays: cycle_s, green_s, flow_vph, saturation_flow_vph, x,
    delay_s, stops. ``vehicles`` is the number of vehicle passages per year in the period.
    """
    improvement = p["improvement"]
    if improvement not in IMPROVEMENTS:
        raise ValueError(
            f"improvement must be one of {', '.join(IMPROVEMENTS)}, got {improvement!r}"
        )
    cycle, lost, phases = p["cycle_s"], p["lost_time_s"], p["phases"]
    sat = p["saturation_flow_vph"]
    if np.any(cycle <= lost):
        raise ValueError("cycle_s must exceed lost_time_s")
    green = (cycle - lost) / phases
    working = p["working_days_per_year"]
    hours = {
        "peak": p["peak_hours_per_day"] * working,
        "offpeak": p["offpeak_hours_per_day"] * DAYS_PER_YEAR
        + p["peak_hours_per_day"] * (DAYS_PER_YEAR - working),
    }
    lanes = p["intersections"] * p["lanes_per_intersection"]
    out = {}
    for period in PERIODS:
        x0 = p[f"x_{period}"]
        flow = x0 * sat * green / cycle
        before = {
            "cycle_s": cycle,
            "green_s": green,
            "flow_vph": flow,
            "saturation_flow_vph": sat,
            "x": x0,
            "delay_s": np.asarray(webster_delay(flow, sat, cycle, green)),
            "stops": np.asarray(stops_per_vehicle(flow, sat, cycle, green)),
        }
        if improvement == "capacity_gain":
            sat1 = sat * (1 + p["capacity_gain_pct"] / 100)
            after = dict(before, saturation_flow_vph=sat1, x=flow * cycle / (sat1 * green))
            after["delay_s"] = np.asarray(webster_delay(flow, sat1, cycle, green))
            after["stops"] = np.asarray(stops_per_vehicle(flow, sat1, cycle, green))
        elif improvement == "delay_reduction":
            keep = 1 - p["delay_reduction_pct"] / 100
            after = dict(before, delay_s=before["delay_s"] * keep, stops=before["stops"] * keep)
        else:  # reoptimise: Webster's optimum cycle for this period, equal-saturation greens
            y_total = phases * flow / sat
            c0 = np.maximum(webster_optimal_cycle(lost, y_total[..., None]), p["min_cycle_s"])
            c0 = np.maximum(c0, lost + phases)  # at least 1 s of green per phase
            g0 = (c0 - lost) / phases
            after = dict(before, cycle_s=c0, green_s=g0, x=flow * c0 / (sat * g0))
            after["delay_s"] = np.asarray(webster_delay(flow, sat, c0, g0))
            after["stops"] = np.asarray(stops_per_vehicle(flow, sat, c0, g0))
        out[period] = {
            "before": before,
            "after": after,
            "vehicles": lanes * flow * hours[period],
            "hours": hours[period],
        }
    return out


def _fleet_fuel(p: dict, year, delay_s, stops):
    """Per vehicle passage: liquid fuel [L], its CO2 [kg] and electricity [kWh] of the fleet."""
    bus, truck = p["bus_share_pct"] / 100, p["truck_share_pct"] / 100
    car = 1 - bus - truck
    e_car = nev_share_pct(year, p["nev_share_2023_pct"], p["nev_share_2035_pct"]) / 100
    e_bus = p["bus_electric_share_pct"] / 100
    idle_h = delay_s / 3600.0
    car_l = (1 - e_car) * (
        idle_h * p["idle_fuel_car_l_per_h"] + stops * p["stop_fuel_car_ml"] / 1000
    )
    bus_l = (1 - e_bus) * (
        idle_h * p["idle_fuel_bus_l_per_h"] + stops * p["stop_fuel_heavy_ml"] / 1000
    )
    truck_l = idle_h * p["idle_fuel_truck_l_per_h"] + stops * p["stop_fuel_heavy_ml"] / 1000
    litres = car * car_l + bus * bus_l + truck * truck_l
    co2_kg = (
        car * car_l * p["gasoline_kg_co2_per_l"]
        + (bus * bus_l + truck * truck_l) * p["diesel_kg_co2_per_l"]
    )
    kwh = car * e_car * (idle_h * p["ev_idle_kw"] + stops * p["ev_stop_kwh"]) + bus * e_bus * (
        idle_h * p["ebus_idle_kw"] + stops * p["ebus_stop_kwh"]
    )
    return litres, co2_kg, kwh, e_car


def grid_factor(p: dict, year):
    """Grid emission factor [kg CO2/kWh] in ``year``: the base factor (2022) changed by
    ``grid_factor_trend_pct_per_yr`` per year."""
    year = np.asarray(year, dtype=float)
    return p["grid_factor_kg_per_kwh"] * (1 + p["grid_factor_trend_pct_per_yr"] / 100) ** (
        year - GRID_BASE_YEAR
    )


def impact_terms(params: dict, year) -> dict:
    r"""Annual enabled saving and compute footprint of signal control, vectorised.

    Parameters
    ----------
    params : dict
        Every parameter of ``data/scenarios/transport.yaml`` (as resolved by
        :func:`greenimpact.scenarios.resolve`). Any numeric value may be a numpy array of draws;
        all arrays broadcast together (no Python loop over draws, no pandas).
    year : int or array_like
        Calendar year(s); broadcasts with the draws (use shape ``(n, 1)`` draws against a
        ``(years,)`` vector for a draws x years grid).

    Returns
    -------
    dict of str to numpy.ndarray
        ``avoided_mt`` (net of rebound) and ``avoided_gross_mt`` [Mt CO2/yr]; ``compute_mt``,
        ``compute_operational_mt``, ``compute_embodied_mt`` [Mt CO2/yr]; ``net_mt`` (avoided
        minus compute) [Mt CO2/yr]; ``co2_before_mt`` / ``co2_after_mt`` (CO2 from idling and stops
        at the intersections) [Mt CO2/yr]; ``fuel_saved_ml`` [million L/yr];
        ``ev_electricity_saved_twh`` and ``platform_electricity_twh`` [TWh/yr];
        ``delay_before_s`` / ``delay_after_s`` (volume-weighted) [s/veh];
        ``vehicle_hours_saved_mh`` [million h/yr]; ``vehicles_billion`` [billion passages/yr];
        ``nev_share_pct`` [%]; ``active`` (1 from ``start_year`` on, else 0).

    Notes
    -----
    The intersection set is ``intersections`` x ``lanes_per_intersection`` identical lanes, each
    served once per cycle by one of ``phases`` phases, so its effective green is
    :math:`g = (C - L)/n_{ph}`. In each period (peak on working days, off-peak otherwise) the
    flow per lane follows from the degree of saturation, :math:`q = x \lambda s`; delay and stops
    come from :func:`webster_delay` and :func:`stops_per_vehicle`. The improvement is either

    * ``capacity_gain``: saturation flow (hence capacity :math:`c = \lambda s`) up by
      ``capacity_gain_pct`` at the same timing;
    * ``delay_reduction``: delay and stops down by ``delay_reduction_pct`` (as measured, e.g. by a
      difference-in-differences on detector data);
    * ``reoptimise``: each period gets Webster's optimum cycle :func:`webster_optimal_cycle`
      (no shorter than ``min_cycle_s``) with equal-saturation greens.

    Per vehicle passage, fuel follows the elemental model :func:`elemental_fuel` without the
    cruise term (it cancels): idle rate x delay + fuel per stop x stops, by vehicle class (cars
    on gasoline, buses and trucks on diesel); the electric share of cars (:func:`nev_share_pct`)
    and buses draws electricity instead, counted with the grid factor. The gross saving is the
    CO2 before minus after; the enabled saving ``avoided_mt`` keeps
    :math:`1 - \text{rebound}/100` of it (traffic induced by the freed capacity). Nothing is
    saved before ``start_year``.

    The compute footprint uses :func:`greenimpact.compute.platform.device_energy_mwh`: field
    devices at each intersection (controller, cameras/detectors, edge computer, communications)
    and the central servers in a data centre (with its PUE), times the grid factor, plus embodied
    emissions spread over the device lifetimes.

    Examples
    --------
    >>> from greenimpact.scenarios import resolve
    >>> p = {k: v.value for k, v in resolve("transport").items()}
    >>> t = impact_terms(p, [2021, 2025])
    >>> bool(t["avoided_mt"][0] == 0 and t["avoided_mt"][1] > t["compute_mt"][1] > 0)
    True
    """
    p = _params(params)
    year = np.asarray(year, dtype=float)
    states = _period_states(p)
    active = (year >= p["start_year"]).astype(float)
    co2_before = co2_after = litres_saved = kwh_saved = 0.0
    veh_total = delay_before = delay_after = 0.0
    e_car = None
    for period in PERIODS:
        st = states[period]
        veh = st["vehicles"]
        before, after = st["before"], st["after"]
        l0, c0, w0, e_car = _fleet_fuel(p, year, before["delay_s"], before["stops"])
        l1, c1, w1, _ = _fleet_fuel(p, year, after["delay_s"], after["stops"])
        ef = grid_factor(p, year)
        co2_before = co2_before + veh * (c0 + w0 * ef)
        co2_after = co2_after + veh * (c1 + w1 * ef)
        litres_saved = litres_saved + veh * (l0 - l1)
        kwh_saved = kwh_saved + veh * (w0 - w1)
        veh_total = veh_total + veh
        delay_before = delay_before + veh * before["delay_s"]
        delay_after = delay_after + veh * after["delay_s"]
    gross_mt = active * (co2_before - co2_after) / 1e9
    co2_after = np.where(active > 0, co2_after, co2_before)
    delay_b = delay_before / veh_total
    delay_a = np.where(active > 0, delay_after / veh_total, delay_b)

    field_w = (
        p["controller_w"]
        + p["cameras_per_intersection"] * p["camera_w"]
        + p["edge_w"]
        + p["comms_w"]
    )
    field_mwh = device_energy_mwh(p["intersections"], field_w)
    server_mwh = device_energy_mwh(p["central_servers"], p["server_w"], 1.0, p["dc_pue"])
    platform_mwh = field_mwh + server_mwh
    operational_t = platform_mwh * grid_factor(p, year)  # MWh x kg/kWh = t
    embodied_t = (
        p["intersections"] * p["field_embodied_kg_per_intersection"] / p["field_lifetime_yr"]
        + p["central_servers"] * p["server_embodied_kg"] / p["server_lifetime_yr"]
    ) / 1000
    compute_op = active * operational_t / 1e6
    compute_emb = active * embodied_t / 1e6
    compute = compute_op + compute_emb
    avoided = gross_mt * (1 - p["rebound_pct"] / 100)
    return {
        "avoided_mt": avoided,
        "avoided_gross_mt": gross_mt,
        "compute_mt": compute,
        "compute_operational_mt": compute_op,
        "compute_embodied_mt": compute_emb,
        "net_mt": avoided - compute,
        "co2_before_mt": co2_before / 1e9,
        "co2_after_mt": co2_after / 1e9,
        "fuel_saved_ml": active * litres_saved / 1e6,
        "ev_electricity_saved_twh": active * kwh_saved / 1e9,
        "platform_electricity_twh": active * platform_mwh / 1e6,
        "delay_before_s": delay_b,
        "delay_after_s": delay_a,
        "vehicle_hours_saved_mh": veh_total * (delay_b - delay_a) / 3600 / 1e6,
        "vehicles_billion": veh_total / 1e9 + 0 * year,
        "nev_share_pct": 100 * e_car,
        "active": active,
    }


#: IAMC variable -> impact_terms key of each result row of :func:`run` (units: the code list).
VARIABLES = {
    "Emissions|CO2|Avoided|Transport|Signal Control": "avoided_mt",
    "Emissions|CO2|Avoided|Transport|Signal Control|Gross": "avoided_gross_mt",
    "Emissions|CO2|Avoided|Transport|Signal Control|Net of Compute": "net_mt",
    "Emissions|CO2|Compute|Transport|Signal Control": "compute_mt",
    "Emissions|CO2|Compute|Transport|Signal Control|Operational": "compute_operational_mt",
    "Emissions|CO2|Compute|Transport|Signal Control|Embodied": "compute_embodied_mt",
    "Emissions|CO2|Transport|Signal Delay|Without Control": "co2_before_mt",
    "Emissions|CO2|Transport|Signal Delay|With Control": "co2_after_mt",
    "Fuel|Transport|Signal Control|Saved": "fuel_saved_ml",
    "Electricity|Transport|Signal Control|Vehicles Saved": "ev_electricity_saved_twh",
    "Electricity|Transport|Signal Control|Platform": "platform_electricity_twh",
    "Delay|Transport|Signal Control|Without Control": "delay_before_s",
    "Delay|Transport|Signal Control|With Control": "delay_after_s",
    "Delay|Transport|Signal Control|Vehicle Hours Saved": "vehicle_hours_saved_mh",
    "Traffic|Transport|Signal Control|Vehicle Passages": "vehicles_billion",
    "Share|Transport|Signal Control|Electric Cars": "nev_share_pct",
}


def run(params: dict, *, scenario: str):
    """Composer for ``greenimpact.run("transport", scenario, **overrides)``.

    Parameters
    ----------
    params : dict
        Resolved parameter values (see ``data/scenarios/transport.yaml``).
    scenario : str
        Scenario name (recorded by :func:`greenimpact.api.run`).

    Returns
    -------
    pandas.DataFrame
        IAMC records (``region, variable, unit, year, value``) for ``region`` (the city) and
        each year from :data:`REPORT_FIRST_YEAR` to ``end_year``: the variables of
        :data:`VARIABLES`, all computed by :func:`impact_terms` (so the Monte Carlo and the
        report cannot disagree).
    """

    if params["start_year"] > params["end_year"]:
        raise ValueError(
            f"start_year ({params['start_year']}) must not be after end_year ({params['end_year']})"
        )
    bus, truck = params["bus_share_pct"], params["truck_share_pct"]
    if bus + truck > 100:
        raise ValueError(
            f"bus_share_pct + truck_share_pct must not exceed 100 %, got {bus + truck:g} %"
        )
    from greenimpact import results

    years = np.arange(REPORT_FIRST_YEAR, int(params["end_year"]) + 1)
    return results.records(impact_terms(params, years), VARIABLES, years, params["region"])


def intersection_periods(params: dict):
    """The representative lane of the intersection set, per period, before and after control.

    Returns
    -------
    pandas.DataFrame
        One row per period and state (``without control`` / ``with control``): cycle and green
        [s], flow and saturation flow per lane [veh/h], degree of saturation [-], delay [s/veh],
        stops [stop/veh], annual hours of the period [h/yr] and vehicle passages [million/yr].
        Scalar parameters only.
    """
    import pandas as pd

    p = _params(params)
    rows = []
    for period, st in _period_states(p).items():
        for label, key in (("without control", "before"), ("with control", "after")):
            s = st[key]
            rows.append(
                {
                    "period": period,
                    "state": label,
                    "cycle_s": float(s["cycle_s"]),
                    "green_s": float(s["green_s"]),
                    "flow_vph": float(s["flow_vph"]),
                    "saturation_flow_vph": float(s["saturation_flow_vph"]),
                    "x": float(s["x"]),
                    "delay_s": float(s["delay_s"]),
                    "stops": float(s["stops"]),
                    "hours_per_yr": float(st["hours"]),
                    "vehicles_million": float(st["vehicles"]) / 1e6,
                }
            )
    return pd.DataFrame(rows)


def platform_devices(params: dict):
    """The signal-control platform as a device table for
    :func:`greenimpact.compute.platform.platform_footprint`.

    Returns
    -------
    pandas.DataFrame
        Columns ``name, count, power_w, duty, pue, embodied_kg, lifetime_yr``: signal
        controllers, cameras/detectors, edge computers and communications at each intersection
        (the field kit's embodied emissions are carried by the controller row), and the central
        servers in a data centre.
    """
    import pandas as pd

    n = float(params["intersections"])
    field_life = float(params["field_lifetime_yr"])
    rows = [
        (
            "signal controllers",
            n,
            params["controller_w"],
            1.0,
            1.0,
            params["field_embodied_kg_per_intersection"],
            field_life,
        ),
        (
            "cameras and detectors",
            n * params["cameras_per_intersection"],
            params["camera_w"],
            1.0,
            1.0,
            0.0,
            field_life,
        ),
        ("edge computers", n, params["edge_w"], 1.0, 1.0, 0.0, field_life),
        ("communications", n, params["comms_w"], 1.0, 1.0, 0.0, field_life),
        (
            "central servers (data centre)",
            float(params["central_servers"]),
            params["server_w"],
            1.0,
            params["dc_pue"],
            params["server_embodied_kg"],
            float(params["server_lifetime_yr"]),
        ),
    ]
    return pd.DataFrame(
        rows, columns=["name", "count", "power_w", "duty", "pue", "embodied_kg", "lifetime_yr"]
    ).astype({c: float for c in ("count", "power_w", "duty", "pue", "embodied_kg", "lifetime_yr")})


# --------------------------------------------------------------------------------------------
# views for the report


def delay_curves(cycle_s=90.0, green_s=45.0, saturation_flow_vph=1800.0, x=None, period_h=0.25):
    """Average delay against the degree of saturation from Webster and from the HCM.

    Webster's formula is shown for x < 0.98 (it diverges at 1); the HCM delay continues into
    oversaturation.

    Returns
    -------
    pandas.DataFrame
        Long format: ``x`` [-], ``model`` (``Webster (1958)`` or ``HCM 2000``), ``delay_s``
        [s/veh].

    Examples
    --------
    >>> d = delay_curves(x=[0.5, 0.8])
    >>> d.pivot(index="x", columns="model", values="delay_s").round(2).loc[0.8].tolist()
    [26.14, 23.63]
    """
    import pandas as pd

    xs = np.linspace(0.05, 1.2, 116) if x is None else np.asarray(x, dtype=float)
    capacity = saturation_flow_vph * green_s / cycle_s
    flow = xs * capacity
    under = xs < 0.98
    web = webster_delay(flow[under], saturation_flow_vph, cycle_s, green_s)
    hcm = hcm_control_delay(cycle_s, green_s, flow, capacity, period_h)
    return pd.concat(
        [
            pd.DataFrame({"x": xs[under], "model": "Webster (1958)", "delay_s": web}),
            pd.DataFrame({"x": xs, "model": "HCM 2000", "delay_s": hcm}),
        ],
        ignore_index=True,
    )


def monte_carlo(
    scenario: str = "baseline", *, years=(2025,), n: int = 5000, seed: int = 0, **overrides
):
    """Uncertainty of the enabled saving and the compute footprint from the scenario's ranges.

    Every parameter with ``low`` < ``high`` in the scenario is drawn from a triangular
    distribution (low, value, high), independently; overridden parameters are held fixed (so a
    sweep over ``capacity_gain_pct`` shows the other uncertainties at each setting).

    Returns
    -------
    pandas.DataFrame
        Long format, one row per draw and year: ``draw``, ``year``, and the :func:`impact_terms`
        outputs ``avoided_mt``, ``avoided_gross_mt``, ``compute_mt``, ``net_mt``,
        ``fuel_saved_ml``, ``delay_before_s``, ``delay_after_s``.
    """
    import pandas as pd

    from greenimpact.scenarios import resolve
    from greenimpact.uncertainty import draw

    draws = draw(resolve("transport", scenario, overrides), n, seed, column=True)
    yrs = np.atleast_1d(np.asarray(years, dtype=int))
    terms = impact_terms(draws, yrs[None, :])
    keys = [
        "avoided_mt",
        "avoided_gross_mt",
        "compute_mt",
        "net_mt",
        "fuel_saved_ml",
        "delay_before_s",
        "delay_after_s",
    ]
    shape = (n, yrs.size)
    out = {"draw": np.repeat(np.arange(n), yrs.size), "year": np.tile(yrs, n)}
    for key in keys:
        out[key] = np.broadcast_to(terms[key], shape).ravel()
    return pd.DataFrame(out)


def uncertainty_by_year(scenario: str = "baseline", *, n: int = 4000, seed: int = 0, **overrides):
    """Central value and Monte Carlo range of the avoided CO2 and the compute footprint per year.

    Returns
    -------
    pandas.DataFrame
        Per year from ``start_year`` to ``end_year``: ``avoided_central`` (all parameters at their
        scenario values), ``avoided_p05``, ``avoided_p50``, ``avoided_p95``, ``compute_central``,
        ``compute_p05``, ``compute_p95``, ``net_p05``, ``net_p95`` [Mt CO2/yr] (see
        :func:`monte_carlo` for the draws).
    """
    import pandas as pd

    from greenimpact.scenarios import resolve

    params = {k: v.value for k, v in resolve("transport", scenario, overrides).items()}
    years = np.arange(int(params["start_year"]), int(params["end_year"]) + 1)
    central = impact_terms(params, years)
    mc = monte_carlo(scenario, years=years, n=n, seed=seed, **overrides)
    q = mc.groupby("year")[["avoided_mt", "compute_mt", "net_mt"]].quantile([0.05, 0.5, 0.95]).unstack()
    return pd.DataFrame(
        {
            "year": years,
            "avoided_central": central["avoided_mt"],
            "avoided_p05": q[("avoided_mt", 0.05)].to_numpy(),
            "avoided_p50": q[("avoided_mt", 0.5)].to_numpy(),
            "avoided_p95": q[("avoided_mt", 0.95)].to_numpy(),
            "compute_central": central["compute_mt"],
            "compute_p05": q[("compute_mt", 0.05)].to_numpy(),
            "compute_p95": q[("compute_mt", 0.95)].to_numpy(),
            "net_p05": q[("net_mt", 0.05)].to_numpy(),
            "net_p95": q[("net_mt", 0.95)].to_numpy(),
        }
    )


def net_steps(frame, year: int):
    """From the gross saving to the net of the compute footprint, for :func:`greenimpact.plots.waterfall`.

    Returns
    -------
    pandas.DataFrame
        ``step, delta, total`` [Mt CO2/yr]: gross avoided CO2, minus the rebound, minus the
        platform's operational and embodied emissions, and the net.
    """
    import pandas as pd

    v = frame[frame["year"] == year].set_index("variable")["value"]
    if v.empty:
        raise ValueError(f"year {year} is not in the frame")
    base = "Emissions|CO2|Avoided|Transport|Signal Control"
    comp = "Emissions|CO2|Compute|Transport|Signal Control"
    gross = float(v[base + "|Gross"])
    rows = [
        ("gross avoided", gross, True),
        ("rebound", float(v[base]) - gross, False),
        ("platform electricity", -float(v[comp + "|Operational"]), False),
        ("platform embodied", -float(v[comp + "|Embodied"]), False),
        ("net of compute", float(v[base + "|Net of Compute"]), True),
    ]
    return pd.DataFrame(rows, columns=["step", "delta", "total"])


def policy_view(frame, params: dict, year: int = 2025):
    """The city's enabled saving against policy yardsticks.

    Parameters
    ----------
    frame : pandas.DataFrame
        The IAMC frame from ``greenimpact.run("transport", ...)`` (one scenario).
    params : dict
        The resolved parameters of that run (for the yardsticks; see
        :func:`greenimpact.api.parameters`).
    year : int
        Year to compare.

    Returns
    -------
    pandas.DataFrame
        ``item, value, unit, basis``: the avoided CO2, the compute footprint and the net; the
        avoided CO2 as a share of the city's motor-vehicle CO2, of the cut a 5 % lower carbon
        intensity would mean for those emissions at constant activity (the 2024-2025 action plan's
        transport target, seed-article claim), and of national transport CO2.
    """
    import pandas as pd

    sel = frame[frame["year"] == year].set_index("variable")["value"]
    if sel.empty:
        raise ValueError(
            f"year {year} is not in the frame (years {frame['year'].min()}-{frame['year'].max()})"
        )
    avoided = float(sel["Emissions|CO2|Avoided|Transport|Signal Control"])
    compute = float(sel["Emissions|CO2|Compute|Transport|Signal Control"])
    city = float(params["city_vehicle_co2_mt"])
    cut = city * float(params["transport_intensity_cut_pct"]) / 100
    national = float(params["national_transport_co2_mt"])
    rows = [
        ("avoided CO2 (net of rebound)", avoided, "Mt CO2/yr", f"model, {year}"),
        ("compute footprint of the platform", compute, "Mt CO2/yr", f"model, {year}"),
        ("net of compute", avoided - compute, "Mt CO2/yr", f"model, {year}"),
        (
            "compute footprint / avoided",
            100 * compute / avoided if avoided else float("nan"),
            "%",
            "model",
        ),
        (
            "city motor-vehicle CO2",
            city,
            "Mt CO2/yr",
            "Li et al. 2020 (Beijing 2018, MOVES), verified",
        ),
        ("avoided / city motor-vehicle CO2", 100 * avoided / city, "%", "ratio"),
        (
            "cut from a 5 % lower transport carbon intensity",
            cut,
            "Mt CO2/yr",
            "city motor-vehicle CO2 x target at constant activity; target: seed-article claim C042 (unverified)",
        ),
        ("avoided / that cut", 100 * avoided / cut, "%", "ratio"),
        (
            "national transport CO2",
            national,
            "Mt CO2/yr",
            "assumption: about 10 % of national CO2 (seed-article claim C041, unverified)",
        ),
        ("avoided / national transport CO2", 100 * avoided / national, "%", "ratio"),
    ]
    return pd.DataFrame(rows, columns=["item", "value", "unit", "basis"])
