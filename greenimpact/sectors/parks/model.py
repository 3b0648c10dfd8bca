"""The parks model: one park's levers and the national scale-up behind ``greenimpact.run("parks")``.

* :func:`load_park` — the park to analyse: the seeded synthetic preset (:mod:`.synthetic`) or a
  park's own metering and production files (:mod:`.metering`);
* :func:`park_trajectory` — :func:`~.inventory.trajectory` with the scenario's levers;
* :func:`impact_terms` — national avoided CO2 and the platforms' compute footprint (numpy only,
  broadcasts over Monte Carlo draws; used by :mod:`greenimpact.impact`), :data:`VARIABLES` and
  :func:`run`, the composer named by ``data/scenarios/parks.yaml``;
* :func:`national_scenarios` (both framings of the parks' national share as one IAMC frame) and
  :func:`national_range` (their Monte Carlo band, :func:`greenimpact.uncertainty.band`).
"""

from __future__ import annotations

import numpy as np

from greenimpact.sectors.parks.accounting import adoption_pct
from greenimpact.sectors.parks.inventory import _period, trajectory
from greenimpact.sectors.parks.metering import load_metering, load_production
from greenimpact.sectors.parks.synthetic import synthetic_park

__all__ = [
    "LEVERS",
    "RANGE_TERMS",
    "VARIABLES",
    "impact_terms",
    "load_park",
    "national_range",
    "national_scenarios",
    "park_trajectory",
    "platform_devices",
    "run",
]

_YEARS = np.arange(2020, 2036)

#: Scenario parameters that drive a park's :func:`~.inventory.trajectory`.
LEVERS = (
    "ems_saving_pct",
    "multi_energy_saving_pct",
    "electrification_pct_per_yr",
    "heat_pump_cop",
    "pv_kwp_per_enterprise",
    "pv_yield_kwh_per_kwp",
    "green_power_pct_per_yr",
)

#: :func:`impact_terms` keys summarised by :func:`national_range`.
RANGE_TERMS = ("avoided_mt", "compute_mt", "net_mt", "compute_twh")


def load_park(metering="synthetic", production=None, *, seed=2025, n_enterprises=40, n_months=36):
    """The park to analyse: the seeded synthetic preset, or a park's own CSV files.

    Parameters
    ----------
    metering : str
        ``"synthetic"`` for :func:`synthetic_park`, or the path of a metering CSV.
    production : str, optional
        Path of the production CSV (required with a metering path; ``""`` or None otherwise).
    seed, n_enterprises, n_months : int
        Settings of the synthetic preset.

    Returns
    -------
    tuple
        ``(metering, production, truth)``; ``truth`` is the synthetic park's known effect
        (a dict) or None for real data.
    """
    if metering == "synthetic":
        park = synthetic_park(n_enterprises=n_enterprises, n_months=n_months, seed=seed)
        return park.metering, park.production, park.truth
    if not production:
        raise ValueError(
            "production: give the path of the production CSV (schema park_production) with a metering file"
        )
    return load_metering(metering), load_production(production), None



def park_trajectory(inv, params: dict, *, year=None, electricity_kgce_per_kwh=None):
    """:func:`~.inventory.trajectory` of a park with the levers of ``params``.

    Parameters
    ----------
    inv : pandas.DataFrame
        :func:`~.inventory.inventory` output.
    params : dict
        Parameter values of ``data/scenarios/parks.yaml`` (the :data:`LEVERS` are used).
    year : int, optional
        Calendar year of the baseline; default the latest 12 months. The trajectory starts in
        the baseline's last calendar year.
    electricity_kgce_per_kwh : float, optional
        As in :func:`~.inventory.inventory`.

    Returns
    -------
    pandas.DataFrame
        enterprise, year, co2_t, energy_tce, clean_tce (see :func:`~.inventory.trajectory`).
    """
    _, months = _period(inv, year)
    return trajectory(
        inv,
        start_year=int(months[-1][:4]),
        year=year,
        electricity_kgce_per_kwh=electricity_kgce_per_kwh,
        **{k: params[k] for k in LEVERS},
    )


# ---------------------------------------------------------------------------------------------
# national scale-up and the platform's compute footprint


def platform_devices(params: dict, n_enterprises=None):
    """The device table of one park's platform for
    :func:`greenimpact.compute.platform.platform_footprint`: meters (``n_enterprises`` x
    ``meters_per_enterprise``; default the scenario's ``enterprises_per_park``) and the data-centre
    servers attributable to the park, with the scenario's power, duty, PUE, embodied CO2 and
    lifetimes."""
    import pandas as pd

    n = params["enterprises_per_park"] if n_enterprises is None else n_enterprises
    return pd.DataFrame(
        {
            "name": ["meters and gateways", "data-centre servers"],
            "count": [n * params["meters_per_enterprise"], params["servers_per_park"]],
            "power_w": [params["meter_power_w"], params["server_power_w"]],
            "duty": [1.0, params["server_duty"]],
            "pue": [1.0, params["dc_pue"]],
            "embodied_kg": [params["meter_embodied_kg"], params["server_embodied_kg"]],
            "lifetime_yr": [params["meter_lifetime_yr"], params["server_lifetime_yr"]],
        }
    )


def impact_terms(params: dict, year) -> dict:
    r"""National avoided CO2 and platform compute footprint; numpy only, broadcasts over draws.

    Parameters
    ----------
    params : dict
        Parameter values of ``data/scenarios/parks.yaml`` (numbers or numpy arrays of draws;
        ``park_share_basis`` is ``"published"`` or ``"article"``).
    year : array_like
        Calendar year(s); must broadcast with the parameter arrays.

    Returns
    -------
    dict of numpy.ndarray
        ``avoided_mt`` and ``compute_mt`` [Mt CO2/yr], ``net_mt`` = avoided - compute,
        ``park_co2_mt`` [Mt CO2/yr], ``share_pct`` and ``adoption_pct`` [%],
        ``parks_covered`` [-] and ``compute_twh`` [TWh/yr].

    Notes
    -----
    .. math::

        A(y) = C_{nat} \cdot \frac{s}{100} \cdot \frac{a(y)}{100}
               \cdot \left[1 - (1 - \tfrac{e_{ems}}{100})(1 - \tfrac{e_{me}}{100})\right]

    with :math:`s` the parks' share of national CO2 (published 31 % or the article's 40 %),
    :math:`a(y)` the platform coverage (:func:`adoption_pct`). The compute footprint is
    :math:`N_{parks} a(y)/100` times one park's metering devices and data-centre servers
    (:func:`greenimpact.compute.platform.device_energy_mwh`) at the grid factor, plus their
    embodied CO2 spread over their lifetimes. Coverage is by share of park CO2; the number of
    parks covered assumes parks of equal size (Guo et al.'s homogeneity assumption).

    References
    ----------
    .. [1] 郭扬, 吕一铮, 严坤, 田金平, 陈吕军 (2021). 中国工业园区低碳发展路径研究 (low-carbon
       development pathways of China's industrial parks). 中国环境管理 2021(1): parks about
       31 % of national CO2 in 2015 (2.82 Gt).
    .. [2] ITU-T L.1480 (2022). Enabling the net zero transition: assessing how the use of
       information and communication technology solutions impact greenhouse gas emissions of
       other sectors (avoided emissions net of the ICT footprint).

    See Also
    --------
    greenimpact.sectors.parks.accounting.adoption_pct, platform_devices, run, national_range

    Examples
    --------
    >>> from greenimpact.scenarios import values
    >>> p = values("parks")
    >>> t = impact_terms(p, 2030)
    >>> bool(t["avoided_mt"] > t["compute_mt"] > 0)
    True
    """
    from greenimpact.compute.platform import device_energy_mwh

    p = params
    y = np.asarray(year, dtype=float)
    basis = p["park_share_basis"]
    if basis not in ("published", "article"):
        raise ValueError(f"park_share_basis must be 'published' or 'article', not {basis!r}")
    share = np.asarray(
        p["park_share_article_pct"] if basis == "article" else p["park_share_published_pct"],
        dtype=float,
    )
    park_co2 = np.asarray(p["national_co2_mt"], dtype=float) * share / 100.0
    adopt = adoption_pct(y, p["adoption_2025_pct"], p["adoption_2030_pct"])
    effect = 1.0 - (1.0 - np.asarray(p["ems_saving_pct"], float) / 100.0) * (
        1.0 - np.asarray(p["multi_energy_saving_pct"], float) / 100.0
    )
    avoided = park_co2 * adopt / 100.0 * effect
    parks = np.asarray(p["parks_count"], dtype=float) * adopt / 100.0
    meters = np.asarray(p["enterprises_per_park"], float) * np.asarray(
        p["meters_per_enterprise"], float
    )
    servers = np.asarray(p["servers_per_park"], dtype=float)
    e_meter = device_energy_mwh(meters, p["meter_power_w"])
    e_server = device_energy_mwh(servers, p["server_power_w"], p["server_duty"], p["dc_pue"])
    per_park_mwh = e_meter + e_server
    embodied_t = (
        meters
        * np.asarray(p["meter_embodied_kg"], float)
        / np.asarray(p["meter_lifetime_yr"], float)
        + servers
        * np.asarray(p["server_embodied_kg"], float)
        / np.asarray(p["server_lifetime_yr"], float)
    ) / 1000.0
    per_park_t = per_park_mwh * np.asarray(p["grid_factor_kg_per_kwh"], float) + embodied_t
    compute = parks * per_park_t / 1e6
    zeros = np.zeros(np.broadcast(avoided, compute).shape)
    return {
        "avoided_mt": avoided + zeros,
        "compute_mt": compute + zeros,
        "net_mt": avoided - compute,
        "park_co2_mt": park_co2 + zeros,
        "share_pct": share + zeros,
        "adoption_pct": adopt + zeros,
        "parks_covered": parks + zeros,
        "compute_twh": parks * per_park_mwh / 1e6 + zeros,
    }


#: IAMC variables of :func:`run` and the :func:`impact_terms` key each comes from.
VARIABLES = {
    "Emissions|CO2|Avoided|Industrial Parks": "avoided_mt",
    "Emissions|CO2|Avoided|Industrial Parks|Net of Compute": "net_mt",
    "Emissions|CO2|Compute|Industrial Parks": "compute_mt",
    "Emissions|CO2|Industrial Parks": "park_co2_mt",
    "Share|Industrial Parks|National CO2": "share_pct",
    "Share|Industrial Parks|Platform Coverage": "adoption_pct",
    "Electricity|Industrial Parks|Platform": "compute_twh",
}


def run(params: dict, *, scenario: str):
    """The parks model behind ``greenimpact.run("parks", ...)``: national IAMC records.

    Parameters
    ----------
    params : greenimpact.scenarios.Params or dict
        Resolved parameter values (see ``data/scenarios/parks.yaml``).
    scenario : str
        Scenario name (the api fills the ``scenario`` column).

    Returns
    -------
    pandas.DataFrame
        region CN, years 2020-2035, the variables of :data:`VARIABLES` with their code-list units;
        every number comes from :func:`impact_terms`.
    """
    from greenimpact import results

    return results.records(impact_terms(params, _YEARS), VARIABLES, _YEARS, "CN")


_FRAMING_LABELS = {"published": "published share", "article": "article claim"}


def national_scenarios(scenario="baseline", framings=("published", "article"), **overrides):
    """:func:`run` for each framing of the parks' national share, as one validated IAMC frame.

    The ``scenario`` column reads e.g. ``"baseline (published share)"`` and
    ``"baseline (article claim)"``; parameter overrides are validated as in ``greenimpact.run``.
    """
    import pandas as pd

    from greenimpact import results
    from greenimpact.scenarios import values

    frames = []
    for framing in framings:
        frame = run(values("parks", scenario, {**overrides, "park_share_basis": framing}), scenario=scenario)
        frames.append(
            frame.assign(model="greenimpact parks", scenario=f"{scenario} ({_FRAMING_LABELS[framing]})")
        )
    return results.validate(pd.concat(frames, ignore_index=True))




def national_range(
    scenario="baseline",
    year=2030,
    *,
    draws=20_000,
    seed=2025,
    framings=("published", "article"),
    executor=None,
    workers=None,
    **overrides,
):
    """Central value and Monte Carlo band of the national terms in ``year``, per framing.

    Every parameter with ``low``/``high`` in the scenario file is drawn with its value as the
    median (:func:`greenimpact.uncertainty.median_triangular`), independently (:func:`greenimpact.uncertainty.draw`);
    overrides are held fixed. Framing *i* is drawn with seed ``seed + i``.

    Parameters
    ----------
    scenario : str
        Scenario of ``data/scenarios/parks.yaml``.
    year : int
        Calendar year.
    draws : int
        Number of Monte Carlo draws per framing.
    seed : int
        Seed of the first framing's draws.
    framings : tuple of str
        ``"published"`` (the published share of national CO2) and/or ``"article"``.
    executor : None, "processes" or concurrent.futures.Executor
        Where blocks of draws are evaluated (:func:`greenimpact.executors.map_rows`); the
        draws are made first, so the band is identical for every executor.
    workers : int, optional
        Blocks the draws are split into on an executor (default: the CPU count).
    **overrides
        Parameter values, validated as in ``greenimpact.run``.

    Returns
    -------
    pandas.DataFrame
        The :func:`greenimpact.uncertainty.band` shape with two columns in front: framing
        (``"published share"`` / ``"article claim"``), share_pct (the framing's central share of
        national CO2 [%]), then year, term (:data:`RANGE_TERMS`), central (all parameters at their
        values), mean, p05, p50, p95, prob_positive; ``attrs["draws"]`` is ``draws``.
    """
    import pandas as pd

    from greenimpact.executors import map_rows
    from greenimpact.scenarios import values
    from greenimpact.uncertainty import band, draw

    frames = []
    for i, framing in enumerate(framings):
        params = values("parks", scenario, {**overrides, "park_share_basis": framing})
        central = impact_terms(params, year)
        drawn = map_rows(_block_range_terms, draw(params, draws, seed + i), int(draws), year,
                         executor=executor, workers=workers)
        b = band(
            {t: drawn[t] for t in RANGE_TERMS},
            central={t: central[t] for t in RANGE_TERMS},
            years=[year],
        )
        b.insert(0, "share_pct", float(central["share_pct"]))
        b.insert(0, "framing", _FRAMING_LABELS[framing])
        frames.append(b)
    out = pd.concat(frames, ignore_index=True)
    out.attrs["draws"] = draws
    return out


def _block_range_terms(drawn: dict, rows: int, year) -> dict:
    """:data:`RANGE_TERMS` of one block of draws, each of shape ``(draws in the block,)``."""
    terms = impact_terms(drawn, year)
    return {t: np.broadcast_to(terms[t], (rows,)) for t in RANGE_TERMS}
