r"""The steel model: ``greenimpact.run("steel", scenario, **overrides)``.

Composes :mod:`.routes` and :mod:`.plant` into what digital carbon-management platforms (the
seed article's Baosteel case: a cloud-edge data centre running carbon models per production
unit, about 2.16 -> below 1.98 t CO2/t) deliver, and what their compute costs:

* :func:`impact_terms` — China's output x platform adoption x effect on the route-mix
  intensity, and the platforms' edge and cloud footprint (worldsteel boundary, region ``CN``);
  vectorised over parameter draws for the net-impact Monte Carlo.
* :func:`plant_terms` — the plant case (region ``plant_name``, e.g. Baosteel) from its
  company-reported base intensity.
* :func:`platform_devices` — the same platform as a device table for
  :func:`greenimpact.compute.platform.platform_footprint`.
* :func:`run` — the composer: IAMC records of :data:`VARIABLES` for both regions and the
  plant's targets.
* :func:`monte_carlo` and :func:`sector_range` — draws from the scenario ranges and their
  :func:`greenimpact.uncertainty.band` summary.
* Loaders through :mod:`greenimpact.data`: :func:`route_table`, :func:`baosteel_figures`,
  :func:`targets`.

Boundaries are kept apart. worldsteel's intensities (``steel_intensity``,
``steel_route_intensity``) cover Scope 1 + Scope 2 + the upstream part of Scope 3 (ISO 14404);
the sector model (region CN) uses them. Baosteel's reported 2.13 / 2.04 / 2.00 t CO2/t and the
article's 2.16 -> 1.98 do not state their boundary; the plant case starts from the company
figure and is never compared like for like with worldsteel's route values.
"""

from __future__ import annotations

import numpy as np

from greenimpact import checks
from greenimpact.compute.platform import device_energy_mwh
from greenimpact.sectors.steel.plant import (
    adoption_share,
    background_factor,
    output_path,
    ramp,
    refuse_negative_intensity,
)
from greenimpact.sectors.steel.routes import BOUNDARIES, ROUTES, combined_cut, eaf_shift_cut

__all__ = [
    "TERMS",
    "VARIABLES",
    "YEARS",
    "baosteel_figures",
    "impact_terms",
    "monte_carlo",
    "plant_terms",
    "platform_devices",
    "route_table",
    "run",
    "sector_range",
    "targets",
]

#: Years reported by :func:`run` for the sector (the plant case starts at its base year).
YEARS = tuple(range(2019, 2036))

#: Terms summarised by :func:`sector_range` [Mt CO2/yr].
TERMS = ("avoided_mt", "compute_mt", "net_mt")

#: IAMC variable -> key of :func:`impact_terms` / :func:`plant_terms`
VARIABLES = {
    "Production|Steel|Crude Steel": "output_mt",
    "Intensity|CO2|Steel|Without Platform": "intensity_without",
    "Intensity|CO2|Steel|With Platform": "intensity_with",
    "Emissions|CO2|Steel|Without Platform": "emissions_without_mt",
    "Emissions|CO2|Steel|With Platform": "emissions_with_mt",
    "Emissions|CO2|Avoided|Steel|Carbon Management": "avoided_mt",
    "Emissions|CO2|Avoided|Steel|Carbon Management|Net of Compute": "net_mt",
    "Emissions|CO2|Compute|Steel|Carbon Management": "compute_mt",
    "Emissions|CO2|Compute|Steel|Carbon Management|Operational": "compute_operational_mt",
    "Emissions|CO2|Compute|Steel|Carbon Management|Embodied": "compute_embodied_mt",
    "Electricity|Steel|Carbon Management|Platform": "electricity_twh",
    "Share|Steel|Carbon Management|Adoption": "adoption_pct",
}

_TARGET = "Intensity|CO2|Steel|Target"


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
        Resolved steel parameters (``greenimpact.scenarios.values("steel")``).
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

    checks.nonnegative(covered_mt, "covered_mt", "Mt/yr")
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
            "use greenimpact.scenarios.values('steel') for a complete set)"
        )


def _finish(output, without, cut_per_t, coverage_effect, coverage_compute, params):
    avoided = output * coverage_effect * cut_per_t
    with_ = refuse_negative_intensity(without - coverage_effect * cut_per_t, "intensity_with",
                                      without_tco2_per_t=without, cut_tco2_per_t=coverage_effect * cut_per_t)
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
        Year(s) [yr].

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

    See also
    --------
    plant_terms : the plant case.
    greenimpact.sectors.steel.routes.route_mix_intensity : the route-weighted intensity.

    Examples
    --------
    >>> from greenimpact.scenarios import values
    >>> p = values("steel")
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
    f = checks.share(p["eaf_share_pct"], "eaf_share_pct") / 100.0
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

    Parameters
    ----------
    params : dict
        The steel parameters (``data/scenarios/steel.yaml``).
    year : int or array_like
        Year(s) [yr].

    Returns
    -------
    dict of numpy.ndarray
        The keys of :func:`impact_terms` except ``adoption_pct``, plus ``ramp`` [-] (share of
        the measures' full effect reached). Intensities [t CO2/t] are in the boundary of
        ``plant_base_intensity_tco2_per_t`` (Baosteel: not stated by the company).

    Notes
    -----
    .. math::
        I^{0}_y &= I_{base} (1 - g)^{y - y_{base}} \\
        I_y &= I^{0}_y - r_y \Big[I^{0}_y \Big(1 - \prod_m (1 - c_m)\Big)
               + \Delta s (I_{BF} - I_{EAF})\Big]

    with :math:`r_y` = :func:`~greenimpact.sectors.steel.plant.ramp` from the go-live year. The
    compute footprint counts from the go-live year at the plant's full output.

    See also
    --------
    impact_terms : the sector scale-up.

    Examples
    --------
    Baosteel with the baseline scenario reproduces the company's 2.00 t CO2/t for 2024:

    >>> from greenimpact.scenarios import values
    >>> round(float(plant_terms(values("steel"), 2024)["intensity_with"]), 3)
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
# loaders: worldsteel routes, Baosteel figures, targets


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


# --------------------------------------------------------------------------------------------
# uncertainty: draws from the scenario ranges


def _draw_terms(scenario: str, years, draws: int, seed: int, overrides: dict, executor=None,
                workers=None):
    """Scenario values, the years, and :func:`impact_terms` of ``draws`` seeded draws
    (every term broadcast to shape ``(draws, len(years))``; the draws are made here, blocks of
    them are evaluated on ``executor``)."""
    from greenimpact.executors import map_rows
    from greenimpact.scenarios import values
    from greenimpact.uncertainty import draw

    params = values("steel", scenario, overrides)
    drawn = draw(params, draws, seed, column=True)
    yrs = np.atleast_1d(np.asarray(years, dtype=int))
    return params, yrs, map_rows(_block_terms, drawn, int(draws), yrs, executor=executor, workers=workers)


def _block_terms(drawn: dict, rows: int, yrs) -> dict:
    """:func:`impact_terms` of one block of draws, each of shape ``(draws in the block, len(yrs))``."""
    terms = impact_terms(drawn, yrs[None, :])
    return {k: np.broadcast_to(v, (rows, yrs.size)) for k, v in terms.items()}


def monte_carlo(scenario: str = "baseline", *, years=(2025, 2030), draws: int = 5000, seed: int = 0,
                executor=None, workers: int | None = None, **overrides):
    """Draws of the sector terms from the scenario's ranges.

    Every parameter with ``low`` < ``high`` is drawn with its value as the median
    (:func:`greenimpact.uncertainty.median_triangular`), independently; overridden parameters are
    held fixed.

    Parameters
    ----------
    scenario : str
        Steel scenario.
    years : sequence of int
        Years of the terms.
    draws, seed : int
        Number of draws and the seed.
    executor : None, "processes" or concurrent.futures.Executor
        Where blocks of draws are evaluated (:func:`greenimpact.executors.map_rows`); the
        draws are made first, so the frame is identical for every executor.
    workers : int, optional
        Blocks the draws are split into on an executor (default: the CPU count).
    **overrides
        Parameter values that replace the scenario's (held fixed).

    Returns
    -------
    pandas.DataFrame
        One row per draw and year: ``draw``, ``year``, ``avoided_mt``, ``compute_mt``,
        ``net_mt``, ``electricity_twh`` [TWh/yr], ``intensity_with`` [t CO2/t].
    """
    import pandas as pd

    _, yrs, terms = _draw_terms(scenario, years, draws, seed, overrides, executor, workers)
    out = {"draw": np.repeat(np.arange(draws), yrs.size), "year": np.tile(yrs, draws)}
    for key in ("avoided_mt", "compute_mt", "net_mt", "electricity_twh", "intensity_with"):
        out[key] = terms[key].ravel()
    return pd.DataFrame(out)


def sector_range(scenario: str = "baseline", *, years=YEARS, draws: int = 20000, seed: int = 0,
                 executor=None, workers: int | None = None, **overrides):
    """Central value and 5-50-95 % range of the sector's avoided CO2, compute footprint and net.

    Parameters
    ----------
    scenario : str
        Steel scenario.
    years : sequence of int
        Years of the range.
    draws, seed : int
        Number of Monte Carlo draws and the seed.
    executor, workers
        As in :func:`monte_carlo`: the range is identical for every executor.
    **overrides
        Parameter values that replace the scenario's (held fixed, not drawn).

    Returns
    -------
    pandas.DataFrame
        :func:`greenimpact.uncertainty.band`: ``year, term, central, mean, p05, p50, p95,
        prob_positive`` with term in :data:`TERMS` [Mt CO2/yr]; central = the scenario's own
        values; ``attrs["draws"]`` the number of draws.
    """
    from greenimpact.uncertainty import band

    params, yrs, terms = _draw_terms(scenario, years, draws, seed, overrides, executor, workers)
    central = impact_terms(params, yrs)
    return band({t: terms[t] for t in TERMS}, central={t: central[t] for t in TERMS}, years=yrs)


# --------------------------------------------------------------------------------------------
# the composer


def _target_records(params: dict, plant: str):
    """The plant's intensity targets as IAMC records (Baosteel only: ``steel_targets``)."""
    from greenimpact import results

    base = float(params["plant_base_intensity_tco2_per_t"])
    goals = [(int(t["year"]), base * (1 + t["value"] / 100)) for _, t in targets(plant).iterrows()
             if t["metric"] == "intensity_change" and int(t["base_year"]) == int(params["plant_base_year"])]
    if not goals:
        return None
    yrs, vals = zip(*goals, strict=True)
    return results.records({"target": np.array(vals)}, {_TARGET: "target"}, yrs, plant)


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
    frames = [results.records(impact_terms(params, years), VARIABLES, years, "CN")]
    plant = str(params["plant_name"])
    pyears = np.arange(int(params["plant_base_year"]), years[-1] + 1)
    frames.append(results.records(plant_terms(params, pyears), VARIABLES, pyears, plant))
    if plant == "Baosteel":
        goals = _target_records(params, plant)
        if goals is not None:
            frames.append(goals)
    return pd.concat(frames, ignore_index=True)
