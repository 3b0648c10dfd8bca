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

    N_a = \\alpha_a \\left(E_a - F_a - r_a E_a\\right), \\qquad
    \\mathrm{ER} = \\frac{\\sum_a E_a}{\\sum_a F_a}

with enabled reduction :math:`E_a`, attributable footprint :math:`F_a`, rebound fraction
:math:`r_a` and attribution share :math:`\\alpha_a`. Avoided emissions are reported beside
the footprint inventory, never netted into it: the national data-centre emissions of the compute
model are shown as context (``Enablement Ratio|Data Centres``), not subtracted.

Uncertainty: every numeric parameter with ``low``/``high`` in its scenario file is drawn from a
triangular distribution (low, central, high) in a seeded, vectorised, chunked Monte Carlo
(:func:`monte_carlo`); :func:`tornado` varies one parameter at a time; :func:`wedges` splits the
difference between two scenarios into lever contributions by the switch-off method of the Energy
Policy Simulator, scaled so that they add up to the total.

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

from greenimpact.uncertainty import PERCENTILES, band, ranges, sample

__all__ = [
    "APPLICATIONS",
    "application_params",
    "monte_carlo",
    "net_application",
    "net_terms",
    "run",
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
        "scope": "Beijing, 1,535 intersections (city case)",
    },
    "parks": {
        "module": "greenimpact.sectors.parks",
        "variable": "Industrial Parks",
        "gross": "avoided_mt",
        "scope": "China, national scale-up",
    },
    "steel": {
        "module": "greenimpact.sectors.steel",
        "variable": "Steel|Carbon Management",
        "gross": "avoided_mt",
        "scope": "China, sector scale-up",
    },
}

FIRST_YEAR, LAST_YEAR = 2020, 2035


def _module(app: str):
    return importlib.import_module(APPLICATIONS[app]["module"])


def application_params(app: str, scenario: str) -> dict:
    """Resolved parameter values of an application's sector scenario (with their provenance)."""
    from greenimpact.scenarios import values

    return values(app, scenario)


def net_application(enabled_mt, footprint_mt, rebound_pct, attribution_pct):
    r"""Net enabled reduction of one application [Mt CO2/yr].

    .. math:: N = \alpha\,(E - F - rE)

    Parameters
    ----------
    enabled_mt : array_like
        Enabled (second-order) reduction before rebound [Mt CO2/yr].
    footprint_mt : array_like
        Footprint of the compute behind it [Mt CO2/yr].
    rebound_pct : array_like
        Share of the enabled reduction taken back by rebound [%].
    attribution_pct : array_like
        Share of the result credited to the digital platform [%].

    Returns
    -------
    dict of numpy.ndarray
        ``rebound`` (:math:`rE`) and ``net`` [Mt CO2/yr].

    Examples
    --------
    10 Mt enabled, 1 Mt footprint, 20 % rebound, half the credit:

    >>> t = net_application(10.0, 1.0, 20.0, 50.0)
    >>> float(t["rebound"]), float(t["net"])
    (2.0, 3.5)
    """
    e = np.asarray(enabled_mt, dtype=float)
    f = np.asarray(footprint_mt, dtype=float)
    r = np.asarray(rebound_pct, dtype=float)
    a = np.asarray(attribution_pct, dtype=float)
    if np.any(f < 0):
        raise ValueError("footprint_mt must be >= 0")
    if np.any((r < 0) | (r > 100)):
        raise ValueError("rebound_pct must be within 0-100")
    if np.any((a < 0) | (a > 100)):
        raise ValueError("attribution_pct must be within 0-100")
    rebound = r / 100 * e
    return {"rebound": rebound, "net": a / 100 * (e - f - rebound)}


def _rebound_pct(app: str, params: dict, net_params: dict):
    """Rebound of an application: transport carries its own (induced traffic) in its scenario."""
    if app == "transport":
        return params["rebound_pct"]
    return net_params[f"rebound_{app}_pct"]


def net_terms(app_params: dict, net_params: dict, year) -> dict:
    """Enabled reduction, footprint, rebound and net per application and in total.

    Parameters
    ----------
    app_params : dict
        application -> its parameter dict (values may be numpy arrays of draws).
    net_params : dict
        Parameters of the net model (rebound and attribution shares [%]; may be arrays).
    year : int

    Returns
    -------
    dict
        ``{app: {"enabled", "footprint", "rebound", "net"}}`` [Mt CO2/yr] and ``"total"`` with the
        same keys plus ``ratio`` (enabled / footprint [-]).
    """
    out = {}
    tot = {"enabled": 0.0, "footprint": 0.0, "rebound": 0.0, "net": 0.0}
    for app, spec in APPLICATIONS.items():
        p = app_params[app]
        terms = _module(app).impact_terms(p, year)
        enabled = np.asarray(terms[spec["gross"]], dtype=float)
        footprint = np.asarray(terms["compute_mt"], dtype=float)
        t = net_application(enabled, footprint, _rebound_pct(app, p, net_params), net_params[f"attribution_{app}_pct"])
        out[app] = {"enabled": enabled, "footprint": footprint, "rebound": t["rebound"], "net": t["net"]}
        for k in tot:
            tot[k] = tot[k] + out[app][k]
    with np.errstate(divide="ignore", invalid="ignore"):
        tot["ratio"] = np.where(tot["footprint"] > 0, tot["enabled"] / tot["footprint"], np.nan)
    out["total"] = tot
    return out


# ----------------------------------------------------------------------------------- sampling


def uncertain(model: str, scenario: str):
    """The numeric parameters of a scenario that carry a range (``low`` < ``high``)."""
    from greenimpact.scenarios import resolve

    return ranges(resolve(model, scenario))


# ----------------------------------------------------------------------------------- Monte Carlo


def _net_draws(values: dict):
    """Rebound and attribution shares of the net model that carry a range (not overridden)."""
    return ranges(values, include=lambda k: k.startswith(("rebound_", "attribution_")))


def monte_carlo(scenario: str = "baseline", years=None, *, draws: int = 20_000, seed: int = 0,
                chunk: int = 25_000, workers: int | None = None, percentiles=PERCENTILES, **overrides):
    """Seeded Monte Carlo of the net impact by year.

    Every application's uncertain parameters and the net model's rebound and attribution
    shares are drawn (triangular: low, central, high). Draws are evaluated in chunks of
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
        Processes evaluating chunks in parallel on runs of 200,000 draws or more (default: the
        CPU count). The draws, and so the
        results, depend only on ``seed`` and ``chunk``, not on ``workers``.
    percentiles : tuple of int
    **overrides
        Parameters of the net model; an overridden value is held fixed, never drawn (even when
        it equals the scenario's value).

    Returns
    -------
    pandas.DataFrame
        The :func:`greenimpact.uncertainty.band` shape, one row per year and term
        (``total|enabled``, ``total|footprint``, ``total|rebound``, ``total|net``,
        ``total|ratio`` and ``<app>|net``): ``year, term, central`` (every parameter at its
        scenario value), ``mean``, the percentiles (``p05`` ...) and ``prob_positive`` (share of
        draws > 0) [-]. ``attrs`` holds ``draws``, ``seed``, ``scenario`` and the names of the
        parameters drawn (``uncertain``).
    """
    from greenimpact.scenarios import values

    return _monte_carlo(values("net", scenario, overrides), scenario, years, draws=draws, seed=seed,
                        chunk=chunk, workers=workers, percentiles=percentiles)


def _monte_carlo(net_params, scenario: str, years=None, *, draws: int, seed: int, chunk: int,
                 workers: int | None, percentiles=PERCENTILES):
    """:func:`monte_carlo` on resolved net parameters (a :class:`~greenimpact.scenarios.Params`)."""
    import pandas as pd

    if isinstance(draws, bool) or not isinstance(draws, int | np.integer) or draws < 1:
        raise ValueError(f"draws must be a whole number >= 1, got {draws!r}")
    if chunk < 1:
        raise ValueError(f"chunk must be >= 1, got {chunk!r}")
    years = np.arange(FIRST_YEAR, LAST_YEAR + 1) if years is None else np.asarray(years, dtype=int)
    net_draw = _net_draws(net_params)
    if workers is None:
        import os

        workers = os.cpu_count() or 1
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
    workers = max(1, min(int(workers or 1), len(starts)))
    if draws < 200_000:
        workers = 1  # forking costs more than it saves on small runs
    frames = []
    pool = None
    if workers > 1:
        import multiprocessing as mp
        from concurrent.futures import ProcessPoolExecutor

        pool = ProcessPoolExecutor(max_workers=workers, mp_context=mp.get_context("fork"))
    try:
        for year in years:
            groups = [list(range(len(starts)))[i::workers] for i in range(workers)]
            if pool is None:
                parts = [_evaluate_chunks(setup, groups[0], int(year))]
            else:
                parts = list(pool.map(_evaluate_chunks, [setup] * workers, groups, [int(year)] * workers))
            samples = {key: np.concatenate([part[key] for part in parts]) for key in parts[0]}  # float32
            t = net_terms(bases, plain_net, int(year))
            central = {f"total|{q}": t["total"][q] for q in _TOTAL_VARIABLES}
            central |= {f"{app}|net": t[app]["net"] for app in APPLICATIONS}
            frames.append(band(samples, central=central, years=[int(year)], percentiles=percentiles))
    finally:
        if pool is not None:
            pool.shutdown()
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
        t = net_terms(app_params, netp, year)
        for q in ("enabled", "footprint", "rebound", "net", "ratio"):
            out.setdefault(f"total|{q}", []).append(np.broadcast_to(t["total"][q], (m,)).astype(np.float32))
        for app in APPLICATIONS:
            out.setdefault(f"{app}|net", []).append(np.broadcast_to(t[app]["net"], (m,)).astype(np.float32))
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


def wedges(evaluate, params_a: dict, params_b: dict, levers: dict):
    """Contributions of levers to the difference between two parameter sets (switch-off method).

    Parameters
    ----------
    evaluate : callable
        ``evaluate(params) -> float or numpy.ndarray`` (e.g. one value per year).
    params_a, params_b : dict
        The reference (levers off) and the policy case (all levers on).
    levers : dict of str to list of str
        Lever name -> the parameter keys it switches. Keys not named by any lever stay at
        ``params_b`` in every run.

    Returns
    -------
    pandas.DataFrame
        ``lever, raw, contribution`` (and the index of ``evaluate``'s output, when it returns an
        array, as extra rows keyed by ``position``). ``contribution`` is the raw switch-off
        effect scaled so that the contributions sum to ``evaluate(a) - evaluate(b)`` — the
        amount by which b lowers the value relative to a (a reduction is positive).

    Notes
    -----
    With all levers on, the raw contribution of lever *g* is
    :math:`X(\\text{all on}, g\\ \\text{off}) - X(\\text{all on})`. Overlapping levers mask each
    other, so the raw effects rarely add up; they are rescaled proportionally to the total
    :math:`X(a) - X(b)` (the Energy Policy Simulator's method).

    Examples
    --------
    >>> f = lambda p: (p["x"] + 1) * (p["y"] + 1)
    >>> w = wedges(f, {"x": 1, "y": 1}, {"x": 0, "y": 0}, {"x": ["x"], "y": ["y"]})
    >>> w["contribution"].round(2).tolist(), float(w["contribution"].sum())
    ([1.5, 1.5], 3.0)
    """
    import pandas as pd

    unknown = {k for keys in levers.values() for k in keys} - set(params_a) - set(params_b)
    if unknown:
        raise ValueError(f"levers name parameters that neither case has: {sorted(unknown)}")
    x_a = np.asarray(evaluate(params_a), dtype=float)
    x_b = np.asarray(evaluate(params_b), dtype=float)
    total = x_a - x_b
    raws = {}
    for lever, keys in levers.items():
        p = dict(params_b)
        for k in keys:
            p[k] = params_a[k]
        raws[lever] = np.asarray(evaluate(p), dtype=float) - x_b
    raw_sum = sum(raws.values())
    with np.errstate(divide="ignore", invalid="ignore"):
        scale = np.where(np.abs(raw_sum) > 1e-12, total / raw_sum, 0.0)
    rows = []
    for lever, raw in raws.items():
        contrib = raw * scale
        if np.ndim(contrib) == 0:
            rows.append({"lever": lever, "raw": float(raw), "contribution": float(contrib)})
        else:
            for i, (r, c) in enumerate(zip(np.ravel(raw), np.ravel(contrib), strict=True)):
                rows.append({"lever": lever, "position": i, "raw": float(r), "contribution": float(c)})
    return pd.DataFrame(rows)


# ----------------------------------------------------------------------------------- model entry


#: IAMC variables of the net model for each total quantity
_TOTAL_VARIABLES = {
    "enabled": "Emissions|CO2|Avoided|Total",
    "footprint": "Emissions|CO2|Compute|Total",
    "rebound": "Emissions|CO2|Rebound|Total",
    "net": "Emissions|CO2|Net Enabled",
    "ratio": "Enablement Ratio",
}


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
    terms, variables = {}, {}
    for key, var in _TOTAL_VARIABLES.items():
        terms[var] = np.array([float(t["total"][key]) for t in per_year])
    for app, spec in APPLICATIONS.items():
        terms[f"Emissions|CO2|Net Enabled|{spec['variable']}"] = np.array([float(t[app]["net"]) for t in per_year])
    mc = _monte_carlo(params, scenario, years, draws=int(params["mc_draws"]), seed=int(params["mc_seed"]),
                      chunk=25_000, workers=None)
    for key, var in _TOTAL_VARIABLES.items():
        rows = mc[mc["term"] == f"total|{key}"].set_index("year").reindex(years)
        for p in PERCENTILES:
            terms[f"{var}|p{p:02d}"] = rows[f"p{p:02d}"].to_numpy(dtype=float)
        if key == "net":
            terms["Probability|Net Enabled Positive"] = 100 * rows["prob_positive"].to_numpy(dtype=float)
    dc = gi.run("compute", params["compute_scenario"])
    dc = dc[dc["variable"] == "Emissions|CO2|Data Centres|Location-based"].set_index("year")["value"]
    dc = dc.reindex(years).to_numpy(dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        terms["Enablement Ratio|Data Centres"] = np.where(dc > 0, terms[_TOTAL_VARIABLES["enabled"]] / dc, np.nan)
    variables = {var: var for var in terms}
    return results.records(terms, variables, years, "CN")
