r"""The traffic-signal model: ``greenimpact.run("transport", scenario, **overrides)``.

Composes :mod:`.signals` (delay and stops at a signal) and :mod:`.fuel` (fuel, CO2 and
electricity per vehicle passage) into a network scale-up of a set of signalised intersections
before and after an improvement (a capacity gain, a delay reduction, or Webster re-optimised
cycles), and adds the footprint of the platform behind it
(:func:`greenimpact.compute.platform.device_energy_mwh`):

* :func:`impact_terms` — the annual terms, vectorised over parameter draws (no Python loop over
  draws); :func:`run` reports them as IAMC records (:data:`VARIABLES`) and the net-impact model
  (:mod:`greenimpact.impact`) draws them.
* :func:`intersection_periods` — the same computation as a readable table;
  :func:`platform_devices` — the compute behind it as a device table for
  :func:`greenimpact.compute.platform.platform_footprint`.
* :func:`monte_carlo` and :func:`uncertainty_by_year` — draws from the scenario's ranges and their
  summary (:func:`greenimpact.uncertainty.band`).

The Beijing default case (``data/scenarios/transport.yaml``) follows the seed article: 1,535
coordinated intersections inside the 5th ring road, network capacity +15 % (both unverified
claims, used as labelled assumptions), with every other number sourced in ``data/`` or stated as
an assumption with its reason and range.
"""

from __future__ import annotations

import numpy as np

from greenimpact.checks import at_most, positive, share
from greenimpact.compute.platform import device_energy_mwh
from greenimpact.sectors.transport.fuel import nev_share_pct
from greenimpact.sectors.transport.signals import (
    stops_per_vehicle,
    webster_delay,
    webster_optimal_cycle,
)

__all__ = [
    "IMPROVEMENTS",
    "PERIODS",
    "REPORT_FIRST_YEAR",
    "BAND_TERMS",
    "TERMS",
    "VARIABLES",
    "grid_factor",
    "impact_terms",
    "intersection_periods",
    "monte_carlo",
    "platform_devices",
    "run",
    "uncertainty_by_year",
]

#: Ways to express the improvement that signal control brings (parameter ``improvement``).
IMPROVEMENTS = ("capacity_gain", "delay_reduction", "reoptimise")
#: Periods of the day modelled (night hours are left out: little traffic, signals often flash).
PERIODS = ("peak", "offpeak")
#: First year of the result frames (the reference year of the 2025 transport target).
REPORT_FIRST_YEAR = 2020
#: Base year of the grid emission factor (MEE/NBS 2022 factors).
GRID_BASE_YEAR = 2022
DAYS_PER_YEAR = 365.0


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
    positive(cycle - lost, "cycle_s - lost_time_s", "s")
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
        Every parameter of ``data/scenarios/transport.yaml`` (as returned by
        :func:`greenimpact.scenarios.values`). Any numeric value may be a numpy array of draws;
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

    Per vehicle passage, fuel follows the elemental model :func:`.fuel.elemental_fuel` without the
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
    >>> from greenimpact.scenarios import values
    >>> p = values("transport")
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
    params : greenimpact.scenarios.Params or dict
        Parameter values (see ``data/scenarios/transport.yaml`` and
        :func:`greenimpact.scenarios.values`).
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
    at_most(params["start_year"], "start_year", params["end_year"], "end_year")
    share(params["bus_share_pct"] + params["truck_share_pct"], "bus_share_pct + truck_share_pct")
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
# uncertainty

#: :func:`impact_terms` outputs reported per draw by :func:`monte_carlo`.
TERMS = (
    "avoided_mt",
    "avoided_gross_mt",
    "compute_mt",
    "net_mt",
    "fuel_saved_ml",
    "delay_before_s",
    "delay_after_s",
)
#: Terms summarised by :func:`uncertainty_by_year` [Mt CO2/yr].
BAND_TERMS = ("avoided_mt", "compute_mt", "net_mt")


def _drawn_terms(scenario: str, years, draws: int, seed: int, overrides: dict, executor=None,
                 workers=None) -> dict:
    """:func:`impact_terms` on a ``draws`` x ``years`` grid of seeded parameter draws (the
    draws are made here; blocks of them are evaluated on ``executor``)."""
    from greenimpact.executors import map_rows
    from greenimpact.scenarios import values
    from greenimpact.uncertainty import draw

    sample = draw(values("transport", scenario, overrides), draws, seed, column=True)
    return map_rows(_block_terms, sample, int(draws), np.asarray(years, dtype=int),
                    executor=executor, workers=workers)


def _block_terms(sample: dict, rows: int, years) -> dict:
    """:data:`TERMS` of one block of draws, each of shape ``(draws in the block, len(years))``."""
    terms = impact_terms(sample, years[None, :])
    return {key: np.broadcast_to(terms[key], (rows, len(years))) for key in TERMS}


def monte_carlo(scenario: str = "baseline", *, years=(2025,), draws: int = 5000, seed: int = 0,
                executor=None, workers: int | None = None, **overrides):
    """Uncertainty of the enabled saving and the compute footprint from the scenario's ranges.

    Every parameter with ``low`` < ``high`` in the scenario is drawn with its value as the median
    (:func:`greenimpact.uncertainty.median_triangular`), independently (:func:`greenimpact.uncertainty.draw`);
    overridden parameters are held fixed (so a sweep over ``capacity_gain_pct`` shows the other
    uncertainties at each setting).

    Parameters
    ----------
    scenario : str
        Scenario of ``data/scenarios/transport.yaml``.
    years : sequence of int
        Calendar years.
    draws : int
        Number of draws.
    seed : int
        Seed of the draws; the same seed gives the same frame.
    executor : None, "processes" or concurrent.futures.Executor
        Where blocks of draws are evaluated (:func:`greenimpact.executors.map_rows`); the
        draws are made first, so the frame is identical for every executor.
    workers : int, optional
        Blocks the draws are split into on an executor (default: the CPU count).
    **overrides
        Parameter values held fixed.

    Returns
    -------
    pandas.DataFrame
        Long format, one row per draw and year: ``draw``, ``year``, and the :func:`impact_terms`
        outputs of :data:`TERMS`.
    """
    import pandas as pd

    yrs = np.atleast_1d(np.asarray(years, dtype=int))
    terms = _drawn_terms(scenario, yrs, draws, seed, overrides, executor, workers)
    out = {"draw": np.repeat(np.arange(draws), yrs.size), "year": np.tile(yrs, draws)}
    out.update({key: terms[key].ravel() for key in TERMS})
    return pd.DataFrame(out)


def uncertainty_by_year(scenario: str = "baseline", *, draws: int = 4000, seed: int = 0, executor=None,
                        workers: int | None = None, **overrides):
    """Central value and Monte Carlo range of the avoided CO2, the compute footprint and the net.

    Parameters
    ----------
    scenario : str
        Scenario of ``data/scenarios/transport.yaml``.
    draws : int
        Number of draws (see :func:`monte_carlo`).
    seed : int
        Seed of the draws.
    executor, workers
        As in :func:`monte_carlo`: the band is identical for every executor.
    **overrides
        Parameter values held fixed.

    Returns
    -------
    pandas.DataFrame
        The shape of :func:`greenimpact.uncertainty.band`: ``year, term, central, mean, p05,
        p50, p95, prob_positive`` for the terms :data:`BAND_TERMS` [Mt CO2/yr] and each year
        from ``start_year`` to ``end_year``; ``central`` has every parameter at its scenario
        value; ``attrs["draws"]`` is the number of draws.

    Examples
    --------
    >>> b = uncertainty_by_year(draws=200, seed=1)
    >>> b["term"].unique().tolist(), b.attrs["draws"]
    (['avoided_mt', 'compute_mt', 'net_mt'], 200)
    """
    from greenimpact.scenarios import values
    from greenimpact.uncertainty import band

    params = values("transport", scenario, overrides)
    years = np.arange(int(params["start_year"]), int(params["end_year"]) + 1)
    central = impact_terms(params, years)
    terms = _drawn_terms(scenario, years, draws, seed, overrides, executor, workers)
    return band(
        {key: terms[key] for key in BAND_TERMS},
        central={key: central[key] for key in BAND_TERMS},
        years=years,
    )
