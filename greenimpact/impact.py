"""Net impact of computing: enabled reductions against the footprint of the compute behind them.

Follows ITU-T L.1480 and the WBCSD Guidance on Avoided Emissions:

* **first-order** footprint — the compute each application needs (devices, servers, the
  data-centre share; operational and embodied), from each sector model's ``compute_mt``;
* **second-order** enabled reduction — each sector model's avoided emissions against its
  reference scenario, before rebound (``avoided_gross_mt`` / ``avoided_mt``);
* **higher-order** rebound — a fraction of the enabled reduction taken back by induced
  activity (e.g. traffic filling freed capacity);
* **attribution** — the share of the result credited to the digital platform, disclosed.

Per application *a* and year,

.. math::

    N_a = \\alpha_a E_a (1 - r_a) - F_a, \\qquad
    \\mathrm{ER} = \\frac{\\sum_a \\alpha_a E_a (1 - r_a)}{\\sum_a F_a}

with enabled reduction :math:`E_a`, attributable footprint :math:`F_a` (operational and
embodied, subtracted in full), rebound fraction :math:`r_a` and attribution share
:math:`\\alpha_a` of the enabled effect. ER is the attributed potential of L.1480 (after rebound
and attribution). All applications are on one boundary, China and Scope 1 + 2 of their users
(:func:`net_terms`). Avoided emissions are reported beside
the footprint inventory, never netted into it: the national data-centre emissions of the compute
model are shown as context (``Enablement Ratio|Data Centres``), not subtracted.

Uncertainty: every numeric parameter with ``low``/``high`` in its scenario file is drawn with its
scenario value as the median (:func:`greenimpact.uncertainty.median_triangular`) in a seeded,
vectorised, chunked Monte Carlo (:func:`monte_carlo`), and each application's effect is drawn as
real or absent with the probability its evidence leaves; :func:`tornado` varies one parameter at
a time and :func:`sobol` gives variance-based indices; :func:`wedges` splits the difference between
two scenarios into exact Shapley contributions of the levers.

References
----------
.. [1] ITU-T L.1480 (12/2022). Enabling the Net Zero transition: assessing how the use of ICT
   solutions impacts GHG emissions of other sectors.
.. [2] WBCSD (2023). Guidance on Avoided Emissions.
.. [3] Energy Innovation. Energy Policy Simulator documentation: calculating wedge diagrams and
   cost curves.
"""

from __future__ import annotations

import importlib

import numpy as np

from greenimpact.uncertainty import band, ranges, sample

__all__ = [
    "APPLICATIONS",
    "application_params",
    "monte_carlo",
    "net_application",
    "net_terms",
    "run",
    "sobol",
    "tornado",
    "uncertain",
    "wedges",
]

#: application -> sector model, IAMC label and the key of its pre-rebound enabled reduction
APPLICATIONS = {
    "transport": {
        "module": "greenimpact.sectors.transport",
        "variable": "Transport|Signal Control",
        "gross": "avoided_gross_mt",
        "scope": "China: the Beijing case (1,535 intersections) scaled to national urban signalised traffic",
    },
    "parks": {
        "module": "greenimpact.sectors.parks",
        "variable": "Industrial Parks",
        "gross": "avoided_mt",
        "scope": "China: national scale-up, steel plants inside parks left to steel",
    },
    "steel": {
        "module": "greenimpact.sectors.steel",
        "variable": "Steel|Carbon Management",
        "gross": "avoided_mt",
        "scope": "China: sector scale-up, Scope 1 + 2 share of the worldsteel boundary",
    },
}

#: the one boundary of the net total
BOUNDARY = "China, Scope 1 + 2 of the users of each application (national)"

FIRST_YEAR, LAST_YEAR = 2020, 2035


def _module(app: str):
    return importlib.import_module(APPLICATIONS[app]["module"])


def application_params(app: str, scenario: str) -> dict:
    """Resolved parameter values of an application's sector scenario (with their provenance)."""
    from greenimpact.scenarios import values

    return values(app, scenario)


def net_application(enabled_mt, footprint_mt, rebound_pct, attribution_pct):
    r"""Net enabled reduction of one application [Mt CO2/yr] (ITU-T L.1480, WBCSD).

    .. math:: N = \alpha\,E\,(1 - r) - F

    The solution is credited with a share :math:`\alpha` of the enabled (second-order)
    reduction :math:`E` that survives rebound :math:`r`; its own first-order footprint
    :math:`F` (operational and embodied) is subtracted in full: a footprint is not shared out
    by attribution [1]_ [2]_.

    Parameters
    ----------
    enabled_mt : array_like
        Enabled (second-order) reduction before rebound [Mt CO2/yr].
    footprint_mt : array_like
        Attributable footprint of the compute behind it [Mt CO2/yr], >= 0.
    rebound_pct : array_like
        Share of the enabled reduction taken back by rebound [%], 0-100.
    attribution_pct : array_like
        Share of the enabled reduction credited to the digital solution [%], 0-100.

    Returns
    -------
    dict of numpy.ndarray
        ``rebound`` (:math:`rE`), ``attributed`` (:math:`\alpha E (1 - r)`) and ``net``
        [Mt CO2/yr].

    References
    ----------
    .. [1] ITU-T L.1480 (12/2022). Enabling the Net Zero transition: assessing how the use of
       ICT solutions impacts GHG emissions of other sectors.
       https://www.itu.int/rec/T-REC-L.1480
    .. [2] WBCSD (2023). Guidance on Avoided Emissions.
       https://www.wbcsd.org/resources/guidance-on-avoided-emissions/

    See also
    --------
    net_terms : every application and the total, with the national boundary.

    Examples
    --------
    10 Mt enabled, 1 Mt footprint, no rebound, half the credit: 0.5 x 10 - 1 = 4 Mt.

    >>> t = net_application(10.0, 1.0, 0.0, 50.0)
    >>> float(t["attributed"]), float(t["net"])
    (5.0, 4.0)
    """
    from greenimpact import checks

    e = checks.number(enabled_mt, "enabled_mt", unit="Mt CO2/yr")
    f = checks.nonnegative(footprint_mt, "footprint_mt", "Mt CO2/yr")
    r = checks.share(rebound_pct, "rebound_pct")
    a = checks.share(attribution_pct, "attribution_pct")
    rebound = r / 100 * e
    attributed = a / 100 * (e - rebound)
    return {"rebound": rebound, "attributed": attributed, "net": attributed - f}


def transport_scale(p: dict, net_params: dict, year, co2_case_mt):
    r"""Factor that scales the Beijing signal-control case to national urban signalised traffic [-].

    .. math::

        s(t) = \frac{C_{nat}\,x\,a(t)}{C_{case}}

    with China's transport CO2 :math:`C_{nat}` (the transport scenario's
    ``national_transport_co2_mt``), the share of it emitted in traffic through signalised urban
    intersections :math:`x` (``transport_signal_exposure_pct``), the share of that traffic under
    coordinated adaptive control :math:`a(t)` (linear between ``transport_adoption_2025_pct``
    and ``transport_adoption_2030_pct``, flat outside) and the case's own intersection-traffic
    CO2 :math:`C_{case}` (``co2_before_mt`` of the transport model). The enabled reduction and
    the platform footprint of the case both scale with :math:`s`.
    """
    years = np.asarray(year, dtype=float)
    adoption = np.where(
        years <= 2025, net_params["transport_adoption_2025_pct"],
        np.where(years >= 2030, net_params["transport_adoption_2030_pct"],
                 net_params["transport_adoption_2025_pct"]
                 + (years - 2025) / 5 * (net_params["transport_adoption_2030_pct"]
                                         - net_params["transport_adoption_2025_pct"])))
    exposure = (np.asarray(p["national_transport_co2_mt"], dtype=float)
                * np.asarray(net_params["transport_signal_exposure_pct"], dtype=float) / 100 * adoption / 100)
    case = np.asarray(co2_case_mt, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(case > 0, exposure / np.where(case > 0, case, 1.0), 0.0)


def _rebound_pct(app: str, params: dict, net_params: dict):
    """Rebound of an application: transport carries its own (induced traffic) in its scenario."""
    if app == "transport":
        return params["rebound_pct"]
    return net_params[f"rebound_{app}_pct"]


def net_terms(app_params: dict, net_params: dict, year) -> dict:
    """Enabled reduction, footprint, rebound and net per application and in total, on one boundary.

    The boundary is national and Scope 1 + 2 (:data:`BOUNDARY`):

    * every application's effect is real (additional to what happens without the platform) with
      probability ``<app>_effect_real_pct``: the deterministic run takes the expected share, the
      Monte Carlo draws the effect as present or absent (``<app>_realised`` = 0 or 1 per draw), so
      a zero effect has the probability the evidence leaves it;
    * transport: the Beijing case scaled by :func:`transport_scale`;
    * steel: the avoided CO2 on the worldsteel boundary (Scope 1, 2 and upstream Scope 3) split by
      ``steel_scope1_pct`` and ``steel_scope2_pct``; the upstream part is reported, not counted;
    * parks: the part of the parks' reduction that falls on steel plants inside parks
      (``steel_in_parks_pct`` of steel's Scope 1 + 2 emissions, as a share of the parks' CO2 base)
      is left to steel, so no tonne is counted twice (``overlap``).

    Parameters
    ----------
    app_params : dict
        application -> its parameter dict (values may be numpy arrays of draws).
    net_params : dict
        Parameters of the net model (shares [%]; may be arrays).
    year : int

    Returns
    -------
    dict
        ``{app: {"enabled", "footprint", "rebound", "attributed", "net"}}`` [Mt CO2/yr] (steel
        also ``scope1``, ``scope2``, ``upstream``; parks ``overlap``) and ``"total"`` with the
        same keys plus ``ratio`` (attributed / footprint [-], the attributed potential of L.1480).
    """
    raw = {app: _module(app).impact_terms(app_params[app], year) for app in APPLICATIONS}
    enabled, footprint, extra = {}, {}, {app: {} for app in APPLICATIONS}
    # transport: national scale-up of the city case
    t = raw["transport"]
    scale = transport_scale(app_params["transport"], net_params, year, t["co2_before_mt"])
    enabled["transport"] = np.asarray(t["avoided_gross_mt"], dtype=float) * scale
    footprint["transport"] = np.asarray(t["compute_mt"], dtype=float) * scale
    extra["transport"]["scale"] = scale
    # steel: Scope 1 + 2 part of the worldsteel boundary
    st = raw["steel"]
    s1 = np.asarray(net_params["steel_scope1_pct"], dtype=float) / 100
    s2 = np.asarray(net_params["steel_scope2_pct"], dtype=float) / 100
    steel_all = np.asarray(st["avoided_mt"], dtype=float)
    extra["steel"] |= {"scope1": steel_all * s1, "scope2": steel_all * s2, "upstream": steel_all * (1 - s1 - s2)}
    enabled["steel"] = steel_all * (s1 + s2)
    footprint["steel"] = np.asarray(st["compute_mt"], dtype=float)
    # parks: leave steel plants inside parks to steel
    pk = raw["parks"]
    steel_base = np.asarray(st["emissions_without_mt"], dtype=float) * (s1 + s2)
    park_base = np.asarray(pk["park_co2_mt"], dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(park_base > 0,
                         np.asarray(net_params["steel_in_parks_pct"], dtype=float) / 100 * steel_base
                         / np.where(park_base > 0, park_base, 1.0), 0.0)
    share = np.clip(share, 0.0, 1.0)
    parks_all = np.asarray(pk["avoided_mt"], dtype=float)
    extra["parks"]["overlap"] = parks_all * share
    enabled["parks"] = parks_all * (1 - share)
    footprint["parks"] = np.asarray(pk["compute_mt"], dtype=float)

    for app in APPLICATIONS:  # is the platform's effect real (additional)? expected share, or 0/1 per draw
        real = np.asarray(net_params.get(f"{app}_realised", np.asarray(net_params[f"{app}_effect_real_pct"]) / 100),
                          dtype=float)
        enabled[app] = enabled[app] * real
        extra[app] = {k: v if k == "scale" else v * real for k, v in extra[app].items()}

    out = {}
    keys = ("enabled", "footprint", "rebound", "attributed", "net")
    tot = dict.fromkeys(keys, 0.0)
    for app in APPLICATIONS:
        n = net_application(enabled[app], footprint[app], _rebound_pct(app, app_params[app], net_params),
                            net_params[f"attribution_{app}_pct"])
        out[app] = {"enabled": enabled[app], "footprint": footprint[app], **n, **extra[app]}
        for k in keys:
            tot[k] = tot[k] + out[app][k]
    with np.errstate(divide="ignore", invalid="ignore"):
        tot["ratio"] = np.where(tot["footprint"] > 0, tot["attributed"] / tot["footprint"], np.nan)
    out["total"] = tot
    return out


# ----------------------------------------------------------------------------------- sampling


def uncertain(model: str, scenario: str):
    """The numeric parameters of a scenario that carry a range (``low`` < ``high``)."""
    from greenimpact.scenarios import resolve

    return ranges(resolve(model, scenario))


# ----------------------------------------------------------------------------------- Monte Carlo


def _net_draws(values: dict):
    """Parameters of the net model that carry a range and are not overridden (rebound,
    attribution, the transport scale-up, the steel scope shares and the parks-steel overlap)."""
    return ranges(values)


#: Monte Carlo percentiles of the net model (the p25-p75 band shows where the central case sits)
NET_PERCENTILES = (5, 25, 50, 75, 95)


def _outputs() -> dict:
    """Term key of :func:`net_terms` (``"<app or total>|<key>"``) -> IAMC variable."""
    out = {
        "total|enabled": "Emissions|CO2|Avoided|Total",
        "total|attributed": "Emissions|CO2|Avoided|Attributed|Total",
        "total|footprint": "Emissions|CO2|Compute|Total",
        "total|rebound": "Emissions|CO2|Rebound|Total",
        "total|net": "Emissions|CO2|Net Enabled",
        "total|ratio": "Enablement Ratio",
    }
    for app, spec in APPLICATIONS.items():
        v = spec["variable"]
        out[f"{app}|enabled"] = f"Emissions|CO2|Avoided|National|{v}"
        out[f"{app}|footprint"] = f"Emissions|CO2|Compute|National|{v}"
        out[f"{app}|net"] = f"Emissions|CO2|Net Enabled|{v}"
    out["steel|scope1"] = "Emissions|CO2|Avoided|National|Steel|Carbon Management|Scope 1"
    out["steel|scope2"] = "Emissions|CO2|Avoided|National|Steel|Carbon Management|Scope 2"
    out["steel|upstream"] = "Emissions|CO2|Avoided|Outside Boundary|Steel|Carbon Management|Upstream"
    out["parks|overlap"] = "Emissions|CO2|Avoided|Outside Boundary|Industrial Parks|Left to Steel"
    return out


OUTPUTS = _outputs()


def _pick(t: dict, term: str):
    group, key = term.split("|", 1)
    return t[group][key]


def monte_carlo(scenario: str = "baseline", years=None, *, draws: int = 20_000, seed: int = 0,
                chunk: int = 25_000, workers: int | None = None, executor=None,
                percentiles=NET_PERCENTILES, **overrides):
    """Seeded Monte Carlo of the net impact by year.

    Every application's uncertain parameters and the net model's own (rebound, attribution,
    scale-up, scope and overlap shares) are drawn from their ranges
    (:func:`greenimpact.uncertainty.median_triangular`: the scenario value is the median). Draws are evaluated in chunks of
    ``chunk`` (bounded memory), and the same seed gives the same draws in every year, so each
    draw is one coherent trajectory.

    Parameters
    ----------
    scenario : str
        Named scenario of the net model (``data/scenarios/net.yaml``).
    years : iterable of int, optional
        Default: 2020-2035.
    draws, seed, chunk : int
        Number of draws, the seed, and draws evaluated at once (memory grows with ``chunk``).
    workers : int, optional
        Tasks the chunks are split into (default: the CPU count). With ``executor=None``, a
        local process pool of this size evaluates runs of 200,000 draws or more, and smaller
        runs stay in this process.
    executor : None, "processes" or concurrent.futures.Executor
        Where the chunks are evaluated: ``None`` as described under ``workers``;
        ``"processes"`` a local process pool of ``workers`` processes (started and shut down
        here); or any :class:`concurrent.futures.Executor` (a ``ProcessPoolExecutor``, a
        ``ThreadPoolExecutor``, a Dask cluster's ``distributed.Client(...).get_executor()``),
        which is used as it is and not shut down. One task evaluates a contiguous group of
        chunks for one year.
    percentiles : tuple of int
    **overrides
        Parameters of the net model; an overridden value is held fixed, never drawn (even when
        it equals the scenario's value).

    Returns
    -------
    pandas.DataFrame
        The :func:`greenimpact.uncertainty.band` shape, one row per year and term (the keys of
        :data:`OUTPUTS`, e.g. ``total|net``, ``steel|net``): ``year, term, central`` (every
        parameter at its scenario value), ``mean``, the percentiles (``p05``, ``p25`` ...) and
        ``prob_positive`` (share of draws > 0) [-]. ``attrs`` holds ``draws``, ``seed``, ``scenario`` and the names of the
        parameters drawn (``uncertain``).

    Notes
    -----
    Each chunk *k* draws from its own stream, the *k*-th child of
    ``numpy.random.SeedSequence(seed)``, and the chunks' draws are put back in chunk order
    before they are summarised, so the result depends only on ``seed`` and ``chunk``: it is
    identical, to the last bit, for every ``workers`` and every executor.
    """
    from greenimpact.scenarios import values

    return _monte_carlo(values("net", scenario, overrides), scenario, years, draws=draws, seed=seed,
                        chunk=chunk, workers=workers, executor=executor, percentiles=percentiles)


def _monte_carlo(net_params, scenario: str, years=None, *, draws: int, seed: int, chunk: int,
                 workers: int | None, executor=None, percentiles=NET_PERCENTILES):
    """:func:`monte_carlo` on resolved net parameters (a :class:`~greenimpact.scenarios.Params`)."""
    import contextlib
    import multiprocessing as mp
    import os
    from collections import deque
    from concurrent.futures import Executor

    import pandas as pd

    from greenimpact.executors import opened

    if isinstance(draws, bool) or not isinstance(draws, int | np.integer) or draws < 1:
        raise ValueError(f"draws must be a whole number >= 1, got {draws!r}")
    if chunk < 1:
        raise ValueError(f"chunk must be >= 1, got {chunk!r}")
    if not (executor is None or executor == "processes" or isinstance(executor, Executor)):
        raise ValueError(
            f"executor must be None, 'processes' or a concurrent.futures.Executor, got {executor!r}")
    years = np.arange(FIRST_YEAR, LAST_YEAR + 1) if years is None else np.asarray(years, dtype=int)
    net_draw = _net_draws(net_params)
    scen = {app: net_params[f"{app}_scenario"] for app in APPLICATIONS}
    bases = {app: application_params(app, scen[app]) for app in APPLICATIONS}
    app_draws = {app: ranges(bases[app]) for app in APPLICATIONS}
    plain_net = dict(net_params)

    starts = list(range(0, draws, chunk))
    # one random stream per chunk: the draws do not depend on the number of workers, and the
    # same chunk gets the same draws in every year (each draw is one coherent trajectory)
    streams = np.random.SeedSequence(seed).spawn(len(starts))
    setup = ({a: dict(b) for a, b in bases.items()}, app_draws, plain_net, net_draw, chunk, draws,
             starts, streams)
    workers = max(1, min(int(workers or os.cpu_count() or 1), len(starts)))
    if executor is None and workers > 1 and draws >= 200_000 and not mp.current_process().daemon:
        # below 200,000 draws forking costs more than it saves; a daemonic process (a worker of
        # a sweep's pool) may not start processes of its own
        executor = "processes"
    stack = contextlib.ExitStack()
    pool = stack.enter_context(opened(executor, workers))
    if pool is None:
        workers = 1
    # contiguous groups of chunks, so concatenating the groups in order is chunk order
    size = -(-len(starts) // workers)
    groups = [list(range(i, min(i + size, len(starts)))) for i in range(0, len(starts), size)]
    frames = []

    def summarise(year: int, part: list) -> None:
        samples = {key: np.concatenate([p[key] for p in part]) for key in part[0]}  # float32
        t = net_terms(bases, plain_net, year)
        central = {term: _pick(t, term) for term in OUTPUTS}
        frames.append(band(samples, central=central, years=[year], percentiles=percentiles))

    try:
        if pool is None:
            for year in years:
                summarise(int(year), [_evaluate_chunks(setup, groups[0], int(year))])
        else:
            # a few years in flight keep every worker busy with bounded memory
            todo = [int(y) for y in years]
            window = max(1, -(-2 * workers // len(groups)))
            pending = deque()
            while todo or pending:
                while todo and len(pending) < window:
                    y = todo.pop(0)
                    pending.append((y, [pool.submit(_evaluate_chunks, setup, g, y) for g in groups]))
                y, futures = pending.popleft()
                summarise(y, [f.result() for f in futures])
    finally:
        stack.close()
    out = pd.concat(frames, ignore_index=True)
    out.attrs.update({"draws": draws, "seed": seed, "scenario": scenario,
                      "uncertain": {app: d.names for app, d in app_draws.items()} | {"net": net_draw.names}})
    return out


def _evaluate_chunks(setup, chunk_ids, year: int) -> dict:
    """Evaluate the listed chunks of draws for one year (run in-process or in a worker)."""
    bases, app_draws, net_params, net_draw, chunk, draws, starts, streams = setup
    out: dict[str, list] = {}
    for k in chunk_ids:
        m = min(chunk, draws - starts[k])
        rng = np.random.default_rng(streams[k])
        app_params = {app: sample(bases[app], app_draws[app], rng, m, dtype=np.float32) for app in APPLICATIONS}
        netp = sample(net_params, net_draw, rng, m, dtype=np.float32)
        u = rng.random((len(APPLICATIONS), m), dtype=np.float32)
        for i, app in enumerate(APPLICATIONS):
            netp[f"{app}_realised"] = (u[i] < np.float32(net_params[f"{app}_effect_real_pct"]) / 100).astype(np.float32)
        t = net_terms(app_params, netp, year)
        for term in OUTPUTS:
            out.setdefault(term, []).append(np.broadcast_to(_pick(t, term), (m,)).astype(np.float32))
    return {key: np.concatenate(v) for key, v in out.items()}


# ----------------------------------------------------------------------------------- sensitivity


def _central(net_params: dict):
    return {app: application_params(app, net_params[f"{app}_scenario"]) for app in APPLICATIONS}


def tornado(scenario: str = "baseline", year: int = 2030, *, quantity: str = "net", top: int | None = 15, **overrides):
    """One-at-a-time sensitivity of the total ``quantity`` (``net``, ``enabled`` ...) in ``year``.

    Each uncertain parameter is set to its low and its high value while all others stay central.

    Returns
    -------
    pandas.DataFrame
        ``model, parameter, low, high`` (the parameter's range), ``value_low``, ``value_high``
        (the total at those settings), ``swing`` (|difference|), sorted by swing.
    """
    import pandas as pd

    from greenimpact.scenarios import values

    net_params = values("net", scenario, overrides)
    central = _central(net_params)
    base = float(net_terms(central, net_params, year)["total"][quantity])
    rows = []
    for app in APPLICATIONS:
        d = ranges(central[app])
        for name, lo, hi in zip(d.names, d.low, d.high, strict=True):
            vals = []
            for x in (lo, hi):
                p = {**central, app: {**central[app], name: x}}
                vals.append(float(net_terms(p, net_params, year)["total"][quantity]))
            rows.append({"model": app, "parameter": name, "low": lo, "high": hi,
                         "value_low": vals[0], "value_high": vals[1]})
    nd = _net_draws(net_params)
    for name, lo, hi in zip(nd.names, nd.low, nd.high, strict=True):
        vals = [float(net_terms(central, {**net_params, name: x}, year)["total"][quantity]) for x in (lo, hi)]
        rows.append({"model": "net", "parameter": name, "low": lo, "high": hi,
                     "value_low": vals[0], "value_high": vals[1]})
    table = pd.DataFrame(rows)
    table["swing"] = (table["value_high"] - table["value_low"]).abs()
    table = table.sort_values("swing", ascending=False).reset_index(drop=True)
    table.attrs["central"] = base
    return table.head(top) if top else table


def sobol(scenario: str = "baseline", year: int = 2030, *, n: int = 1024, seed: int = 0, **overrides):
    """First-order and total Sobol indices of the net enabled reduction in ``year``.

    Every uncertain parameter of the three applications and of the net model is an input, drawn
    as in :func:`monte_carlo` (median-centred ranges; each application's effect real or absent
    with its probability ``<app>_effect_real_pct``, an input named ``<app>_effect_real``).
    Sampling: scrambled Sobol sequences in Saltelli's scheme; analysis: SALib
    (:func:`greenimpact.sensitivity.sobol_indices`).

    Parameters
    ----------
    scenario : str
        Named scenario of the net model.
    year : int
    n : int
        Base sample size (a power of two); the model runs ``n * (d + 2)`` times, vectorised.
    seed : int
    **overrides
        Parameters of the net model (an overridden value is fixed, not an input).

    Returns
    -------
    pandas.DataFrame
        ``output`` (``total`` and each application's net), ``model`` (where the parameter is
        declared), ``parameter``, ``S1``, ``S1_conf``, ``ST``, ``ST_conf``; sorted by output and
        descending total index. First-order indices ignore interactions, total indices include
        them: a parameter with a large ST and a small S1 matters through interactions.
    """
    from greenimpact.scenarios import values
    from greenimpact.sensitivity import sobol_indices
    from greenimpact.uncertainty import inverse_cdf

    net_params = values("net", scenario, overrides)
    bases = _central(net_params)
    ranged = []  # (model, name, low, mid, high): drawn from the ranges as in monte_carlo
    for app in APPLICATIONS:
        r = ranges(bases[app])
        ranged += [(app, nm, lo, mo, hi) for nm, lo, mo, hi in zip(r.names, r.low, r.mode, r.high, strict=True)]
    r = _net_draws(net_params)
    ranged += [("net", nm, lo, mo, hi) for nm, lo, mo, hi in zip(r.names, r.low, r.mode, r.high, strict=True)]
    # each application's effect real (u < probability) or absent: one more input per application
    real = {app: float(net_params[f"{app}_effect_real_pct"]) / 100 for app in APPLICATIONS}
    names = [f"{m}:{nm}" for m, nm, *_ in ranged] + [f"net:{app}_effect_real" for app in APPLICATIONS]
    plain = {app: dict(bases[app]) for app in APPLICATIONS}
    plain_net = dict(net_params)

    def evaluate(u):
        app_p = {app: dict(plain[app]) for app in APPLICATIONS}
        netp = dict(plain_net)
        for j, (model, name, lo, mid, hi) in enumerate(ranged):
            x = inverse_cdf(u[:, j].copy()[None, :], [lo], [mid], [hi])[0]  # inverse_cdf works in place
            (netp if model == "net" else app_p[model])[name] = x
        for k, app in enumerate(APPLICATIONS):
            netp[f"{app}_realised"] = (u[:, len(ranged) + k] < real[app]).astype(float)
        t = net_terms(app_p, netp, int(year))
        rows = u.shape[0]
        out = {"total": np.broadcast_to(t["total"]["net"], (rows,))}
        out |= {app: np.broadcast_to(t[app]["net"], (rows,)) for app in APPLICATIONS}
        return out

    table = sobol_indices(evaluate, names, n, seed=seed)
    split = table["parameter"].str.split(":", n=1, expand=True)
    table.insert(1, "model", split[0])
    table["parameter"] = split[1]
    table = table.reset_index(drop=True)
    table.attrs.update({"scenario": scenario, "year": int(year), "n": n,
                        "evaluations": int(n * (len(names) + 2))})
    return table


def wedges(evaluate, params_a: dict, params_b: dict, levers: dict):
    r"""Contributions of levers to the difference between two parameter sets (exact Shapley values).

    Parameters
    ----------
    evaluate : callable
        ``evaluate(params) -> float or numpy.ndarray`` (e.g. one value per year).
    params_a, params_b : dict
        The reference (levers off) and the policy case (all levers on).
    levers : dict of str to list of str
        Lever name -> the parameter keys it switches. Keys not named by any lever stay at
        ``params_a`` in every run.

    Returns
    -------
    pandas.DataFrame
        ``lever, switch_on, switch_off, contribution`` (and ``position`` when ``evaluate``
        returns an array: one row per lever and position). ``switch_on`` is the lever's effect
        when it alone is switched on in the reference, ``switch_off`` its effect when it alone is
        switched off in the policy case, ``contribution`` its Shapley value. All are reductions
        (positive when the lever lowers the value); the contributions sum exactly to
        ``evaluate(a) - evaluate(b)``.

    Notes
    -----
    With lever set :math:`K` (:math:`k` levers) and :math:`X(S)` the value with the levers in
    :math:`S` switched on,

    .. math::

        \phi_g = \sum_{S \subseteq K \setminus \{g\}}
                 \frac{|S|!\,(k - |S| - 1)!}{k!}\,\bigl(X(S) - X(S \cup \{g\})\bigr)

    over all :math:`2^{k-1}` subsets (:math:`2^k` model runs; the models run in milliseconds).
    Unlike rescaling switch-off effects to the total (the Energy Policy Simulator's method, which
    flips a lever's sign when levers pull in opposite directions), the Shapley value is an
    average of the lever's own marginal effects: with two levers it is the mean of its switch-on
    and switch-off effects, so it never has the opposite sign to both.

    References
    ----------
    .. [1] Shapley, L. S. (1953). A value for n-person games. In Contributions to the Theory of
       Games II, Annals of Mathematics Studies 28, 307-317.
    .. [2] Energy Innovation, Energy Policy Simulator issues #119 and #228 (asking to move beyond
       proportional rescaling of wedges). https://github.com/EnergyInnovation/eps-us

    Examples
    --------
    :math:`f = 10 - 5x + 3y + 1.5xy`, levers :math:`x` and :math:`y` switched from 0 to 1: the
    total is :math:`f(0, 0) - f(1, 1) = 0.5`; :math:`x` alone lowers :math:`f` by 5 when
    switched on and by 3.5 when switched off last, so its share is 4.25; :math:`y`'s is -3.75.

    >>> f = lambda p: 10 - 5 * p["x"] + 3 * p["y"] + 1.5 * p["x"] * p["y"]
    >>> w = wedges(f, {"x": 0, "y": 0}, {"x": 1, "y": 1}, {"x": ["x"], "y": ["y"]})
    >>> w[["lever", "switch_on", "switch_off", "contribution"]].values.tolist()
    [['x', 5.0, 3.5, 4.25], ['y', -3.0, -4.5, -3.75]]
    """
    import itertools
    from math import factorial

    import pandas as pd

    unknown = {k for keys in levers.values() for k in keys} - set(params_a) - set(params_b)
    if unknown:
        raise ValueError(f"levers name parameters that neither case has: {sorted(unknown)}")
    names = list(levers)
    k = len(names)
    if k > 16:
        raise ValueError(f"exact Shapley values need 2^k model runs; {k} levers is too many (max 16)")
    cache: dict[frozenset, np.ndarray] = {}

    def value(on: frozenset) -> np.ndarray:
        if on not in cache:
            p = dict(params_a)
            for g in on:
                for key in levers[g]:
                    p[key] = params_b[key]
            cache[on] = np.asarray(evaluate(p), dtype=float)
        return cache[on]

    everyone = frozenset(names)
    rows = []
    for g in names:
        others = [h for h in names if h != g]
        phi = 0.0
        for size in range(k):
            weight = factorial(size) * factorial(k - size - 1) / factorial(k)
            for subset in itertools.combinations(others, size):
                s_ = frozenset(subset)
                phi = phi + weight * (value(s_) - value(s_ | {g}))
        on = value(frozenset()) - value(frozenset({g}))
        off = value(everyone - {g}) - value(everyone)
        if np.ndim(phi) == 0:
            rows.append({"lever": g, "switch_on": float(on), "switch_off": float(off), "contribution": float(phi)})
        else:
            for i, (a, b, c) in enumerate(zip(np.ravel(on), np.ravel(off), np.ravel(phi), strict=True)):
                rows.append({"lever": g, "position": i, "switch_on": float(a), "switch_off": float(b),
                             "contribution": float(c)})
    return pd.DataFrame(rows)


# ----------------------------------------------------------------------------------- model entry


def run(params: dict, *, scenario: str):
    """IAMC records of the net model (``greenimpact.run("net", scenario)``).

    Central values per application and in total, the percentile variants and the probability
    that the net is positive from a seeded Monte Carlo of ``mc_draws`` draws, and the
    national data-centre emissions of the chosen compute scenario as context.

    ``params`` is the :class:`~greenimpact.scenarios.Params` that ``greenimpact.run`` passes: it
    says which values the user set, and those are held fixed in the Monte Carlo.
    """
    import greenimpact as gi
    from greenimpact import results

    if not hasattr(params, "provenance"):
        raise TypeError(
            "the net model needs the resolved parameters with their provenance "
            "(greenimpact.scenarios.values('net', scenario, overrides)) to know which values are "
            "held fixed; call greenimpact.run('net', scenario, **overrides)"
        )

    years = np.arange(FIRST_YEAR, LAST_YEAR + 1)
    central = _central(params)
    per_year = [net_terms(central, params, int(year)) for year in years]
    terms = {var: np.array([float(_pick(t, term)) for t in per_year]) for term, var in OUTPUTS.items()}
    mc = _monte_carlo(params, scenario, years, draws=int(params["mc_draws"]), seed=int(params["mc_seed"]),
                      chunk=25_000, workers=None)
    for term, var in OUTPUTS.items():
        rows = mc[mc["term"] == term].set_index("year").reindex(years)
        terms[f"{var}|mean"] = rows["mean"].to_numpy(dtype=float)
        for p in NET_PERCENTILES:
            terms[f"{var}|p{p:02d}"] = rows[f"p{p:02d}"].to_numpy(dtype=float)
        if term == "total|net":
            terms["Probability|Net Enabled Positive"] = 100 * rows["prob_positive"].to_numpy(dtype=float)
        elif term.endswith("|net"):
            terms[f"Probability|Net Enabled Positive|{var.rsplit('Net Enabled|', 1)[1]}"] = (
                100 * rows["prob_positive"].to_numpy(dtype=float))
    dc = gi.run("compute", params["compute_scenario"])
    dc = dc[dc["variable"] == "Emissions|CO2|Data Centres|Location-based"].set_index("year")["value"]
    dc = dc.reindex(years).to_numpy(dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        terms["Enablement Ratio|Data Centres"] = np.where(
            dc > 0, terms[OUTPUTS["total|attributed"]] / dc, np.nan)
    variables = {var: var for var in terms}
    return results.records(terms, variables, years, "CN")
