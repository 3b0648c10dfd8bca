"""Data-centre electricity demand: history, top-down trend fits and a bottom-up projection.

* History — every published estimate stays its own series, with its share of national
  consumption (:func:`history`).
* Top-down — statsmodels fits with 95 % prediction intervals: a damped-trend exponential
  smoothing model of national consumption (:func:`fit_ets_damped`) and a log-linear growth
  regression (:func:`fit_loglinear`), used on the pooled published views of data-centre demand.
* Bottom-up — LBNL style (Shehabi et al. 2024): accelerator stock from shipments and retirements
  times power per device, utilisation and host overhead; conventional servers, storage and
  network; all times PUE (:func:`accelerator_fleet`, :func:`bottom_up`).
* AI demand side — inference as requests/day x Wh/request and training as its own term
  (:func:`inference_twh`), a cross-check on the accelerator fleet.

References
----------
.. [1] Shehabi, A. et al. (2024). 2024 United States Data Center Energy Usage Report. LBNL.
.. [2] IEA (2025). Energy and AI. Paris: International Energy Agency.
   https://www.iea.org/reports/energy-and-ai
"""

from __future__ import annotations

import numpy as np

from greenimpact.checks import integer, nonnegative, number, positive, share

__all__ = [
    "accelerator_fleet",
    "ai_workloads",
    "bottom_up",
    "fit_ets_damped",
    "fit_loglinear",
    "history",
    "inference_twh",
    "national_consumption",
    "share_pct",
]

HOURS_PER_YEAR = 8760.0


def share_pct(part_twh, total_twh):
    r"""Share of one electricity quantity in another.

    Parameters
    ----------
    part_twh : array_like
        The part, for example data-centre electricity [TWh/yr], >= 0.
    total_twh : array_like
        The total, for example national consumption [TWh/yr], > 0.

    Returns
    -------
    numpy.ndarray
        Share [%].

    Notes
    -----
    .. math:: s = 100\,E_{part} / E_{total}

    See also
    --------
    history, national_consumption

    Examples
    --------
    Greenpeace East Asia & NCEPU (2019): 160.889 TWh of 6,844.9 TWh in 2018:

    >>> round(float(share_pct(160.889, 6844.9)), 2)
    2.35
    """
    total = positive(total_twh, "total_twh", "TWh/yr")
    part = nonnegative(part_twh, "part_twh", "TWh/yr")
    return 100.0 * part / total


def history(region: str = "CN"):
    """Each published data-centre electricity series with its share of national consumption.

    The share uses NEA statistics of the same year where they exist (2015-2025); the share the
    source itself reported is kept beside it (``share_reported``) so the two can be compared.

    Parameters
    ----------
    region : str, default "CN"
        Region code of the ``dc_electricity`` dataset.

    Returns
    -------
    pandas.DataFrame
        Columns ``series, kind, year, value`` [TWh/yr], ``national_twh`` [TWh/yr],
        ``share_pct`` [%], ``share_reported`` [%], ``source``, ``confidence``.

    See also
    --------
    share_pct, fit_loglinear
    """
    from greenimpact import data

    dc = data.load("dc_electricity").query("region == @region")
    nat = data.load("electricity_consumption").query("series == 'NEA statistics'")
    nat = nat.set_index("year")["value"]
    out = dc[["series", "kind", "year", "value", "share_reported", "source", "confidence"]].copy()
    out["national_twh"] = out["year"].map(nat).astype(float)
    with np.errstate(invalid="ignore"):
        out["share_pct"] = 100.0 * out["value"] / out["national_twh"]
    cols = ["series", "kind", "year", "value", "national_twh", "share_pct", "share_reported", "source", "confidence"]
    return out[cols].sort_values(["year", "series"]).reset_index(drop=True)


def national_consumption(years, *, base_year: int, base_twh: float, growth_pct):
    r"""National electricity consumption projected from a base year at a growth rate.

    Parameters
    ----------
    years : array_like of int
        Consecutive years [yr] that contain ``base_year``.
    base_year : int
        Year of ``base_twh`` [yr].
    base_twh : float
        Consumption in ``base_year`` [TWh/yr], > 0.
    growth_pct : float or array_like
        Annual growth [%/yr], > -100; an array must match ``years`` (growth into each year).

    Returns
    -------
    numpy.ndarray
        Consumption [TWh/yr], aligned with ``years``.

    Notes
    -----
    .. math:: E(t) = E(t_0) \prod_{\tau=t_0+1}^{t} (1 + g_\tau / 100)

    Years before ``base_year`` are discounted with the same rates.

    See also
    --------
    fit_ets_damped, share_pct, bottom_up

    Examples
    --------
    >>> national_consumption(range(2025, 2031), base_year=2025, base_twh=10400, growth_pct=5.0)[[0, -1]].round(0).tolist()
    [10400.0, 13273.0]
    """
    years = integer(years, "years").astype(int)
    if years.size == 0 or np.any(np.diff(years) != 1):
        raise ValueError("years must be consecutive")
    if not years[0] <= base_year <= years[-1]:
        raise ValueError(f"base_year {base_year} must lie within years {years[0]}-{years[-1]}")
    g = np.broadcast_to(number(growth_pct, "growth_pct", unit="%/yr", low=-100, low_open=True), years.shape) / 100.0
    positive(base_twh, "base_twh", "TWh/yr")
    # growth g[i] applies from years[i]-1 to years[i]; index of the base year:
    b = int(base_year - years[0])
    level = np.cumprod(np.concatenate([[1.0], 1 + g[1:]]))
    return base_twh * level / level[b]


def fit_loglinear(years, values, horizon_years, *, alpha: float = 0.05):
    r"""Log-linear growth regression with prediction intervals (statsmodels OLS).

    Parameters
    ----------
    years : array_like
        Years of the observations [yr]; repeated years are allowed (several sources).
    values : array_like
        Observed values [any unit, e.g. TWh/yr], > 0, aligned with ``years`` (at least 3).
    horizon_years : array_like of int
        Years to predict [yr].
    alpha : float, default 0.05
        1 - confidence level of the intervals [-], in (0, 1).

    Returns
    -------
    fit : pandas.DataFrame
        ``year`` and ``mean, pi_low, pi_high`` in the unit of ``values`` (back-transformed; the
        mean is the median of the log-normal prediction) for ``horizon_years``.
    info : dict
        ``growth_pct`` (annual growth implied by ``b`` [%/yr]), its confidence interval
        ``growth_ci_pct`` [%/yr], ``n`` and the statsmodels result under ``model``.

    Notes
    -----
    .. math:: \ln E_i = a + b\,(t_i - \bar t) + \varepsilon_i, \qquad g = 100\,(e^{b} - 1)

    See also
    --------
    fit_ets_damped, history

    Examples
    --------
    >>> fit, info = fit_loglinear([2015, 2016, 2017, 2018], [100.0, 106.0, 112.36, 119.1016], [2020])
    >>> round(float(info["growth_pct"]), 2), round(float(fit["mean"].iloc[0]), 1)
    (6.0, 133.8)
    """
    import pandas as pd
    import statsmodels.api as sm

    years = number(years, "years")
    values = number(values, "values")
    if years.shape != values.shape or years.size < 3:
        raise ValueError("years and values must have the same length, at least 3")
    positive(values, "values")
    number(alpha, "alpha", low=0, high=1, low_open=True, high_open=True)
    center = years.mean()
    X = sm.add_constant(years - center)
    model = sm.OLS(np.log(values), X).fit()
    hx = np.asarray(horizon_years, dtype=float)
    pred = model.get_prediction(sm.add_constant(hx - center, has_constant="add")).summary_frame(alpha=alpha)
    fit = pd.DataFrame(
        {
            "year": hx.astype(int),
            "mean": np.exp(pred["mean"].to_numpy()),
            "pi_low": np.exp(pred["obs_ci_lower"].to_numpy()),
            "pi_high": np.exp(pred["obs_ci_upper"].to_numpy()),
        }
    )
    lo, hi = model.conf_int(alpha=alpha)[1]
    info = {
        "growth_pct": 100 * np.expm1(model.params[1]),
        "growth_ci_pct": (100 * np.expm1(lo), 100 * np.expm1(hi)),
        "n": int(years.size),
        "model": model,
    }
    return fit, info


def fit_ets_damped(years, values, horizon: int, *, alpha: float = 0.05):
    r"""Damped additive-trend exponential smoothing of ``ln(values)`` (statsmodels ETSModel),
    with prediction intervals, for an annual series without gaps.

    Parameters
    ----------
    years : array_like of int
        Consecutive years of the observations [yr], at least 6.
    values : array_like
        Observed values [any unit, e.g. TWh/yr], > 0, aligned with ``years``.
    horizon : int
        Number of years to forecast after the last observation [yr], >= 1.
    alpha : float, default 0.05
        1 - confidence level of the intervals [-], in (0, 1).

    Returns
    -------
    fit : pandas.DataFrame
        ``year`` and ``mean, pi_low, pi_high`` in the unit of ``values`` for the ``horizon``
        years after the last observation.
    info : dict
        Smoothing parameters ``smoothing_level``, ``smoothing_trend``, ``damping_trend`` [-],
        ``aic``, ``n`` and the fitted result under ``model``.

    Notes
    -----
    On :math:`y_t = \ln E_t`, additive errors and a damped additive trend:

    .. math::
        \ell_t = \ell_{t-1} + \phi b_{t-1} + \alpha \varepsilon_t, \qquad
        b_t = \phi b_{t-1} + \beta \varepsilon_t, \qquad
        \hat y_{t+h} = \ell_t + (\phi + \phi^2 + \dots + \phi^h)\, b_t

    with damping :math:`0 < \phi \le 1`; forecasts and intervals are back-transformed with
    :math:`\exp`.

    See also
    --------
    fit_loglinear, national_consumption
    """
    import pandas as pd
    from statsmodels.tsa.exponential_smoothing.ets import ETSModel

    years = integer(years, "years").astype(int)
    values = number(values, "values")
    if years.size < 6:
        raise ValueError(f"years must hold at least 6 annual observations for fit_ets_damped, got {years.size}")
    if np.any(np.diff(years) != 1):
        raise ValueError("years must be consecutive without gaps or duplicates for fit_ets_damped")
    if values.shape != years.shape:
        raise ValueError(f"values (shape {values.shape}) must match years (shape {years.shape})")
    positive(values, "values")
    horizon = int(integer(horizon, "horizon", low=1))
    index = pd.period_range(str(years[0]), periods=years.size, freq="Y")
    series = pd.Series(np.log(values), index=index)
    model = ETSModel(series, error="add", trend="add", damped_trend=True).fit(disp=False, maxiter=2000)
    pred = model.get_prediction(start=years.size, end=years.size + horizon - 1).summary_frame(alpha=alpha)
    fit = pd.DataFrame(
        {
            "year": years[-1] + np.arange(1, horizon + 1),
            "mean": np.exp(pred["mean"].to_numpy()),
            "pi_low": np.exp(pred["pi_lower"].to_numpy()),
            "pi_high": np.exp(pred["pi_upper"].to_numpy()),
        }
    )
    params = dict(zip(model.param_names, np.asarray(model.params, dtype=float), strict=True))
    info = {
        "smoothing_level": params["smoothing_level"],
        "smoothing_trend": params["smoothing_trend"],
        "damping_trend": params["damping_trend"],
        "aic": float(model.aic),
        "n": int(years.size),
        "model": model,
    }
    return fit, info


def accelerator_fleet(years, *, base_year: int, base_energy_twh: float, shipment_growth_pct,
                      power_w, utilisation, host_overhead: float, lifetime_yr: int):
    r"""Accelerator stock from shipments and retirements, and its electricity (IT side).

    Shipments grow at ``shipment_growth_pct``; each vintage serves ``lifetime_yr`` years and is
    then retired. The base-year shipment level is calibrated so that the fleet's electricity in
    ``base_year`` equals ``base_energy_twh`` (the accelerated share of IT electricity there).

    Parameters
    ----------
    years : array_like of int
        Consecutive years starting at ``base_year`` [yr].
    base_year : int
        Calibration year [yr].
    base_energy_twh : float
        Accelerated-server IT electricity in the base year [TWh/yr], > 0.
    shipment_growth_pct : float or array_like
        Growth of annual shipments into each year [%/yr], > -100 (array aligned with ``years``); the
        growth of the first year also shapes the vintages before the base year.
    power_w : float or array_like
        Rated power of the devices shipped in each year [W], > 0 (array aligned with ``years``;
        earlier vintages take the first value).
    utilisation : float or array_like
        Average draw as a fraction of rated power [-], in (0, 1].
    host_overhead : float
        Server power per unit of accelerator power (CPUs, memory, fans, NICs) [-], >= 1.
    lifetime_yr : int
        Service life of an accelerator [yr], >= 1.

    Returns
    -------
    dict of numpy.ndarray
        ``shipments`` and ``retirements`` [devices/yr], ``stock`` [devices], ``mean_power_w``
        (stock-weighted rated power [W]) and ``energy_twh`` [TWh/yr], aligned with ``years``.

    Notes
    -----
    .. math::
        S_t = \sum_{v=t-L+1}^{t} s_v, \qquad
        E_t = u_t\,h\,8760\,\mathrm{h}\sum_{v=t-L+1}^{t} s_v P_v

    with shipments :math:`s_v`, lifetime :math:`L`, rated power :math:`P_v` of vintage
    :math:`v`, utilisation :math:`u_t` and host overhead :math:`h`.

    References
    ----------
    .. [1] Shehabi, A. et al. (2024). 2024 United States Data Center Energy Usage Report. LBNL
       (the installed-base method: shipments, retirements, power per device, utilisation).

    See also
    --------
    bottom_up, inference_twh, greenimpact.compute.platform.device_energy_mwh

    Examples
    --------
    A fleet of 700 W devices at 61 % utilisation and no growth: 1 TWh needs about 267,000
    devices in service:

    >>> f = accelerator_fleet([2024], base_year=2024, base_energy_twh=1.0, shipment_growth_pct=0.0,
    ...                       power_w=700, utilisation=0.61, host_overhead=1.0, lifetime_yr=5)
    >>> int(round(f["stock"][0], -3))
    267000
    """
    years = integer(years, "years").astype(int)
    n = years.size
    if n == 0 or years[0] != base_year or np.any(np.diff(years) != 1):
        raise ValueError("years must be consecutive and start at base_year")
    positive(base_energy_twh, "base_energy_twh", "TWh/yr")
    integer(lifetime_yr, "lifetime_yr", low=1)
    number(host_overhead, "host_overhead", low=1)
    g = np.broadcast_to(number(shipment_growth_pct, "shipment_growth_pct", unit="%/yr", low=-100, low_open=True),
                        (n,)) / 100.0
    p = np.broadcast_to(positive(power_w, "power_w", "W"), (n,))
    u = np.broadcast_to(number(utilisation, "utilisation", low=0, high=1, low_open=True), (n,))
    L = int(lifetime_yr)
    # vintages: L-1 before the base year, then one per projection year
    k = np.arange(-(L - 1), n)
    # shipments relative to the base-year vintage: earlier vintages grew at the first year's rate
    before = (1 + g[0]) ** np.arange(-(L - 1), 0, dtype=float)
    rel_ship = np.concatenate([before, np.cumprod(np.concatenate([[1.0], 1 + g[1:]]))])
    vint_power = np.concatenate([np.full(L - 1, p[0]), p])
    # in-service matrix: year index i holds vintages k with i-L < k <= i
    i = np.arange(n)[:, None]
    alive = (k[None, :] <= i) & (k[None, :] > i - L)
    rel_stock = alive @ rel_ship
    rel_power = alive @ (rel_ship * vint_power)
    energy_per_ship = u * host_overhead * HOURS_PER_YEAR * rel_power / 1e12  # TWh per unit s_B
    scale = base_energy_twh / energy_per_ship[0]
    shipments = scale * rel_ship[L - 1:]
    # the vintage leaving in year i is k = i - L, stored at rel_ship[i - 1]; for i = 0 it is one
    # year older than the oldest vintage kept
    retirements = scale * np.concatenate([[(1 + g[0]) ** -L], rel_ship[: n - 1]])
    return {
        "shipments": shipments,
        "retirements": retirements,
        "stock": scale * rel_stock,
        "mean_power_w": rel_power / rel_stock,
        "energy_twh": scale * energy_per_ship,
    }


def inference_twh(requests_per_day, wh_per_request):
    r"""Electricity of AI inference from requests and energy per request.

    Parameters
    ----------
    requests_per_day : array_like
        Requests served per day [request/day], >= 0.
    wh_per_request : array_like
        Energy per request at the boundary of the estimate used [Wh/request], >= 0.

    Returns
    -------
    numpy.ndarray
        Inference electricity [TWh/yr].

    Notes
    -----
    .. math:: E = R \cdot e \cdot 365 / 10^{12}

    References
    ----------
    .. [1] de Vries, A. (2023). The growing energy footprint of artificial intelligence. Joule
       7(10). https://doi.org/10.1016/j.joule.2023.09.004
    .. [2] You, J. (2025). How much energy does ChatGPT use? Epoch AI.
       https://epoch.ai/gradient-updates/how-much-energy-does-chatgpt-use

    See also
    --------
    accelerator_fleet, greenimpact.compute.ai.daily_energy_kwh

    Examples
    --------
    The seed article's ChatGPT figure: about 200 million requests a day at de Vries's 2.9 Wh:

    >>> round(float(inference_twh(200e6, 2.9) * 1e6 / 365), 0)   # MWh per day
    580.0
    """
    r = nonnegative(requests_per_day, "requests_per_day", "request/day")
    e = nonnegative(wh_per_request, "wh_per_request", "Wh/request")
    return r * e * 365.0 / 1e12


def ai_workloads(inference_twh, accelerated_twh, training_share_pct):
    r"""Split the accelerator fleet's electricity into inference, training and other workloads.

    Parameters
    ----------
    inference_twh : array_like
        Demand-side inference electricity at the IT (server) boundary [TWh/yr], >= 0
        (:func:`inference_twh` with server energy per request: no PUE, which belongs to the
        facility total only).
    accelerated_twh : array_like
        IT electricity of the accelerated servers from the fleet model [TWh/yr].
    training_share_pct : array_like
        Training share of AI electricity (training + inference) [%], 0 <= t < 100.

    Returns
    -------
    dict of numpy.ndarray
        ``training`` [TWh/yr] = inference x t / (1 - t); ``ai`` = inference + training;
        ``other`` = accelerated - ai, the fleet electricity not explained by the AI demand side
        (recommendation and other non-generative models, HPC, idle and reserved capacity);
        negative when the demand side claims more than the fleet draws.

    Notes
    -----
    .. math:: E_{train} = E_{inf}\,\frac{t}{1 - t}, \qquad
              E_{other} = E_{acc} - E_{inf} - E_{train}

    The three terms add up to the fleet electricity by construction, so the gap between the
    bottom-up AI demand and the fleet is never hidden: it is the ``other`` term. The IEA states
    that "the balance of AI-related energy consumption has already shifted decisively from
    training to inference" (2026), i.e. :math:`t < 50\,\%`.

    References
    ----------
    .. [1] IEA (2026). Key Questions on Energy and AI (as quoted by Current Climate).

    Examples
    --------
    >>> w = ai_workloads(6.0, 10.0, 25.0)
    >>> [round(float(w[k]), 2) for k in ("training", "ai", "other")]
    [2.0, 8.0, 2.0]
    """
    inf = nonnegative(inference_twh, "inference_twh", "TWh/yr")
    acc = np.asarray(accelerated_twh, dtype=float)
    t = number(training_share_pct, "training_share_pct", unit="%", low=0, high=100, high_open=True) / 100
    training = inf * t / (1 - t)
    return {"training": training, "ai": inf + training, "other": acc - inf - training}


def bottom_up(years, *, base_year: int, it_base_twh: float, accelerated_share_pct: float,
              conventional_growth_pct, storage_share_pct: float, network_share_pct: float,
              **fleet_kwargs):
    r"""IT electricity by component from the base year on, LBNL style.

    ``it_base_twh`` is split into accelerated servers (``accelerated_share_pct``) and
    conventional IT; conventional IT grows at ``conventional_growth_pct`` and is split into
    servers, storage and network by the given shares. The accelerated part follows
    :func:`accelerator_fleet` (``fleet_kwargs``).

    Parameters
    ----------
    years : array_like of int
        Consecutive years starting at ``base_year`` [yr].
    base_year : int
        Calibration year [yr].
    it_base_twh : float
        IT electricity in ``base_year`` [TWh/yr], > 0.
    accelerated_share_pct : float
        Share of ``it_base_twh`` used by accelerated servers [%], 0 < share < 100.
    conventional_growth_pct : float or array_like
        Growth of conventional IT electricity [%/yr], > -100 (see :func:`national_consumption`).
    storage_share_pct, network_share_pct : float
        Shares of conventional IT used by storage and network [%], 0-100, together < 100.
    **fleet_kwargs
        ``shipment_growth_pct``, ``power_w``, ``utilisation``, ``host_overhead``,
        ``lifetime_yr`` of :func:`accelerator_fleet`.

    Returns
    -------
    dict of numpy.ndarray
        ``accelerated``, ``servers``, ``storage``, ``network``, ``it`` [TWh/yr], plus the fleet
        arrays of :func:`accelerator_fleet` under ``fleet``.

    Notes
    -----
    With :math:`a` the accelerated share, :math:`g_t` the conventional growth (a fraction) and storage and
    network shares :math:`\sigma, \nu`:

    .. math::
        C_t = (1 - a)\,E_{IT,0} \prod_{\tau=t_0+1}^{t} (1 + g_\tau), \quad
        E_{IT,t} = A_t + C_t, \quad
        \text{storage} = \sigma C_t, \; \text{network} = \nu C_t, \;
        \text{servers} = (1 - \sigma - \nu)\,C_t

    with :math:`A_t` the accelerator fleet's electricity, calibrated to :math:`a\,E_{IT,0}`.

    References
    ----------
    .. [1] Shehabi, A. et al. (2024). 2024 United States Data Center Energy Usage Report. LBNL.

    See also
    --------
    accelerator_fleet, national_consumption, inference_twh

    Examples
    --------
    >>> bu = bottom_up([2024, 2025], base_year=2024, it_base_twh=100.0, accelerated_share_pct=20.0,
    ...                conventional_growth_pct=5.0, storage_share_pct=10.0, network_share_pct=5.0,
    ...                shipment_growth_pct=0.0, power_w=700, utilisation=0.6, host_overhead=1.5,
    ...                lifetime_yr=5)
    >>> bu["it"].round(1).tolist(), bu["storage"].round(1).tolist()
    ([100.0, 104.0], [8.0, 8.4])
    """
    years = integer(years, "years").astype(int)
    positive(it_base_twh, "it_base_twh", "TWh/yr")
    share(accelerated_share_pct, "accelerated_share_pct")
    share(storage_share_pct, "storage_share_pct")
    share(network_share_pct, "network_share_pct")
    number(storage_share_pct + network_share_pct, "storage_share_pct + network_share_pct", unit="%",
           high=100, high_open=True)
    number(accelerated_share_pct, "accelerated_share_pct", unit="%", low=0, high=100, low_open=True, high_open=True)
    acc_base = it_base_twh * accelerated_share_pct / 100
    fleet = accelerator_fleet(years, base_year=base_year, base_energy_twh=acc_base, **fleet_kwargs)
    conventional = national_consumption(
        years, base_year=base_year, base_twh=it_base_twh - acc_base, growth_pct=conventional_growth_pct
    )
    storage = conventional * storage_share_pct / 100
    network = conventional * network_share_pct / 100
    servers = conventional - storage - network
    accelerated = fleet["energy_twh"]
    return {
        "accelerated": accelerated,
        "servers": servers,
        "storage": storage,
        "network": network,
        "it": accelerated + conventional,
        "fleet": fleet,
    }
