r"""Delay, capacity and stops at signalised intersections: one function per published equation.

Vectorised over numpy arrays and pandas Series (a Series in gives a Series out, with its index);
bad input raises :class:`ValueError` naming the argument (see :mod:`greenimpact.checks`).

* Webster (1958): :func:`webster_delay`, :func:`webster_optimal_cycle`,
  :func:`webster_green_splits`.
* Highway Capacity Manual 2000: :func:`hcm_uniform_delay`, :func:`hcm_incremental_delay`,
  :func:`hcm_control_delay`.
* :func:`degree_of_saturation`, :func:`stops_per_vehicle` (Akçelik 1981) and the link
  volume-delay function :func:`bpr_travel_time` (Bureau of Public Roads 1964).

>>> round(float(webster_optimal_cycle(16, [500 / 1600, 300 / 1600])), 1)
58.0
"""

from __future__ import annotations

import numpy as np

from greenimpact.checks import at_most, like, nonnegative, number, position, positive

__all__ = [
    "bpr_travel_time",
    "degree_of_saturation",
    "hcm_control_delay",
    "hcm_incremental_delay",
    "hcm_uniform_delay",
    "stops_per_vehicle",
    "webster_delay",
    "webster_green_splits",
    "webster_optimal_cycle",
]


def _signal(flow_vph, saturation_flow_vph, cycle_s, green_s):
    """Checked arrays of a lane group: flow, saturation flow, cycle and green (within the cycle)."""
    q = nonnegative(flow_vph, "flow_vph", "veh/h")
    s = positive(saturation_flow_vph, "saturation_flow_vph", "veh/h")
    c, g = _timing(cycle_s, green_s)
    return q, s, c, g


def _timing(cycle_s, green_s):
    """Checked cycle and effective green, the green no longer than the cycle."""
    c = positive(cycle_s, "cycle_s", "s")
    g = positive(green_s, "green_s", "s")
    at_most(g, "green_s", c, "cycle_s", "s")
    return c, g


def _undersaturated(x, formula: str, extra: str = "") -> None:
    """Refuse a degree of saturation ``x >= 1`` where ``formula`` holds below saturation only."""
    bad = np.asarray(x >= 1)
    if np.any(bad):
        raise ValueError(
            "degree of saturation x = flow_vph / (saturation_flow_vph * green_s / cycle_s) must be "
            f"< 1 for {formula}, got x = {np.asarray(x)[bad].flat[0]:.3g} ({position(bad)}){extra}"
        )


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
    With the green ratio :math:`\lambda = g / C` the capacity is :math:`\lambda s` and

    .. math:: x = \frac{q}{\lambda s}

    References
    ----------
    .. [1] Webster, F. V. (1958). *Traffic Signal Settings*. Road Research Technical Paper No. 39,
       HMSO, London.
    .. [2] Transportation Research Board (2000). *Highway Capacity Manual 2000*, ch. 16
       (signalised intersections; volume-to-capacity ratio :math:`X`).

    See also
    --------
    webster_delay, hcm_control_delay, stops_per_vehicle

    Examples
    --------
    >>> round(float(degree_of_saturation(720, 1800, 90, 45)), 3)
    0.8
    """
    q, s, c, g = _signal(flow_vph, saturation_flow_vph, cycle_s, green_s)
    return like(q / (s * g / c), flow_vph, saturation_flow_vph, cycle_s, green_s)


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

    See also
    --------
    hcm_control_delay : delay that stays finite beyond saturation.
    webster_optimal_cycle, webster_green_splits, stops_per_vehicle, degree_of_saturation

    Examples
    --------
    C = 90 s, g/C = 0.5, q = 0.2 veh/s (720 veh/h), x = 0.8 (research notes section 0):
    18.75 + 8.00 - 3.12 s.

    >>> round(float(webster_delay(720, 1800, 90, 45)), 2)
    23.63
    """
    q_vph, s, c, g = _signal(flow_vph, saturation_flow_vph, cycle_s, green_s)
    lam = g / c
    x = q_vph / (lam * s)
    _undersaturated(x, "Webster's delay formula", "; use hcm_control_delay for saturated approaches")
    q = q_vph / 3600.0
    with np.errstate(divide="ignore", invalid="ignore"):
        uniform = c * (1 - lam) ** 2 / (2 * (1 - lam * x))
        random_ = np.where(q > 0, x**2 / (2 * q * (1 - x)), 0.0)
        correction = np.where(q > 0, 0.65 * np.cbrt(c / q**2) * x ** (2 + 5 * lam), 0.0)
    return like(uniform + random_ - correction, flow_vph, saturation_flow_vph, cycle_s, green_s)


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

    See also
    --------
    webster_green_splits : the greens that go with the cycle.
    webster_delay

    Examples
    --------
    Two phases with 500 and 300 pcu/h at a saturation flow of 1,600 pcu/h, L = 16 s:

    >>> round(float(webster_optimal_cycle(16, [500 / 1600, 300 / 1600])), 1)
    58.0
    """
    lost = nonnegative(lost_time_s, "lost_time_s", "s")
    y = nonnegative(flow_ratios, "flow_ratios")
    total = y.sum(axis=-1) if y.ndim else y
    bad = np.asarray(total >= 1)
    if np.any(bad):
        raise ValueError(
            f"the sum of flow_ratios Y must be < 1, got Y = {np.asarray(total)[bad].flat[0]:.3g} "
            f"({position(bad)}): the intersection is oversaturated and C0 = (1.5 L + 5) / (1 - Y) "
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
        Flow ratios of the critical movements [-], >= 0, along the last axis; not all zero.

    Returns
    -------
    numpy.ndarray
        Effective green per phase [s], same shape as ``flow_ratios``.

    Notes
    -----
    .. math:: g_i = \frac{y_i}{Y} (C - L), \qquad Y = \sum_i y_i

    Every critical movement then runs at the same degree of saturation.

    References
    ----------
    .. [1] Webster, F. V. (1958). *Traffic Signal Settings*. Road Research Technical Paper No. 39,
       HMSO, London.

    See also
    --------
    webster_optimal_cycle, webster_delay

    Examples
    --------
    >>> webster_green_splits(58, 16, [0.3125, 0.1875]).round(1).tolist()
    [26.2, 15.8]
    """
    c = positive(cycle_s, "cycle_s", "s")
    lost = nonnegative(lost_time_s, "lost_time_s", "s")
    y = nonnegative(flow_ratios, "flow_ratios")
    bad = np.asarray(c <= lost)
    if np.any(bad):
        raise ValueError(f"cycle_s must exceed lost_time_s (no green time is left) ({position(bad)})")
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

    See also
    --------
    hcm_incremental_delay, hcm_control_delay
    webster_delay : its first term equals :math:`d_1` below saturation.

    Examples
    --------
    >>> round(float(hcm_uniform_delay(90, 45, 720, 900)), 2)
    18.75
    """
    c, g = _timing(cycle_s, green_s)
    v = nonnegative(volume_vph, "volume_vph", "veh/h")
    cap = positive(capacity_vph, "capacity_vph", "veh/h")
    lam = g / c
    x = np.minimum(1.0, v / cap)
    return like(0.5 * c * (1 - lam) ** 2 / (1 - x * lam), cycle_s, green_s, volume_vph, capacity_vph)


def hcm_incremental_delay(volume_vph, capacity_vph, period_h=0.25, k=0.5, i=1.0):
    r"""HCM incremental (random and oversaturation) delay :math:`d_2`.

    Parameters
    ----------
    volume_vph : array_like
        Lane-group volume [veh/h], >= 0.
    capacity_vph : array_like
        Lane-group capacity [veh/h], > 0.
    period_h : array_like, default 0.25
        Analysis period :math:`T` [h], > 0 (0.25 for a 15-minute peak).
    k : array_like, default 0.5
        Incremental delay factor [-], > 0; 0.5 for pretimed or fully coordinated control.
    i : array_like, default 1.0
        Upstream filtering/metering factor [-], > 0; 1.0 for an isolated intersection.

    Returns
    -------
    numpy.ndarray or pandas.Series
        Incremental delay [s/veh]. Valid for :math:`X \ge 1` too (oversaturation).

    Notes
    -----
    .. math::

        d_2 = 900\, T \left[(X - 1) + \sqrt{(X - 1)^2 + \frac{8 k I X}{c T}}\right],
        \qquad X = v / c

    The defaults k = 0.5 and I = 1.0 are the HCM conventions for pretimed, isolated signals; the
    research notes could not check them against HCM 6th ed. Exhibit 19-8 (tag [U]).

    References
    ----------
    .. [1] Transportation Research Board (2000). *Highway Capacity Manual 2000*, ch. 16.

    See also
    --------
    hcm_uniform_delay, hcm_control_delay

    Examples
    --------
    >>> round(float(hcm_incremental_delay(720, 900)), 2)
    7.39
    """
    v = nonnegative(volume_vph, "volume_vph", "veh/h")
    cap = positive(capacity_vph, "capacity_vph", "veh/h")
    t = positive(period_h, "period_h", "h")
    k_ = positive(k, "k")
    i_ = positive(i, "i")
    x = v / cap
    d2 = 900 * t * ((x - 1) + np.sqrt((x - 1) ** 2 + 8 * k_ * i_ * x / (cap * t)))
    return like(d2, volume_vph, capacity_vph)


def hcm_control_delay(cycle_s, green_s, volume_vph, capacity_vph, period_h=0.25, k=0.5, i=1.0, pf=1.0):
    r"""HCM control delay: uniform delay times progression factor plus incremental delay.

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
    period_h, k, i : array_like
        Analysis period [h], incremental delay factor [-] and upstream filtering factor [-]; see
        :func:`hcm_incremental_delay`.
    pf : array_like, default 1.0
        Progression factor [-], >= 0 (1 for random arrivals; below 1 for good coordination).

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

    See also
    --------
    hcm_uniform_delay, hcm_incremental_delay
    webster_delay : the classic formula for undersaturated approaches.

    Examples
    --------
    >>> round(float(hcm_control_delay(90, 45, 720, 900)), 2)
    26.14
    """
    p = nonnegative(pf, "pf")
    d1 = hcm_uniform_delay(cycle_s, green_s, volume_vph, capacity_vph)
    d2 = hcm_incremental_delay(volume_vph, capacity_vph, period_h, k, i)
    return like(np.asarray(d1) * p + np.asarray(d2), cycle_s, green_s, volume_vph, capacity_vph)


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
        Shape parameters [-] (BPR defaults 0.15 and 4).

    Returns
    -------
    numpy.ndarray or pandas.Series
        Travel time [unit of ``free_flow_time``].

    Notes
    -----
    .. math:: t = t_0 \left[1 + \alpha (v/c)^\beta\right]

    References
    ----------
    .. [1] U.S. Bureau of Public Roads (1964). *Traffic Assignment Manual*. U.S. Department of
       Commerce, Urban Planning Division, Washington, D.C.
    .. [2] Gore, N., Arkatkar, S., Joshi, G., Antoniou, C. (2023). "Modified Bureau of Public
       Roads Link Function". *Transportation Research Record* 2677(5):966-990 (confirms the
       form). https://portal.fis.tum.de/de/publications/modified-bureau-of-public-roads-link-function

    See also
    --------
    webster_delay, hcm_control_delay : delay at the signal itself.

    Examples
    --------
    >>> float(bpr_travel_time(1.0, 1000, 1000))
    1.15
    """
    t0 = nonnegative(free_flow_time, "free_flow_time")
    v = nonnegative(volume, "volume", "veh/h")
    cap = positive(capacity, "capacity", "veh/h")
    return like(t0 * (1 + alpha * (v / cap) ** beta), free_flow_time, volume, capacity)


def stops_per_vehicle(flow_vph, saturation_flow_vph, cycle_s, green_s, partial_stop_factor=1.0):
    r"""Average number of stops per vehicle at an undersaturated fixed-time signal.

    Parameters
    ----------
    flow_vph : array_like
        Arrival flow [veh/h], >= 0.
    saturation_flow_vph : array_like
        Saturation flow [veh/h], > 0.
    cycle_s : array_like
        Cycle length [s], > 0.
    green_s : array_like
        Effective green [s], 0 < green_s <= cycle_s.
    partial_stop_factor : float, default 1.0
        Weight of a stop [-], within 0-1: 1 counts every vehicle that joins a queue as a full
        stop; Akçelik's factor 0.9 counts partial stops as fractions (not verified in the
        research notes).

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

    See also
    --------
    webster_delay, degree_of_saturation

    Examples
    --------
    >>> round(float(stops_per_vehicle(720, 1800, 90, 45)), 3)
    0.833
    """
    q, s, c, g = _signal(flow_vph, saturation_flow_vph, cycle_s, green_s)
    f = number(partial_stop_factor, "partial_stop_factor", low=0, high=1)
    lam = g / c
    y = q / s
    _undersaturated(y / lam, "the stop-rate formula")
    return like(f * (1 - lam) / (1 - y), flow_vph, saturation_flow_vph, cycle_s, green_s)
