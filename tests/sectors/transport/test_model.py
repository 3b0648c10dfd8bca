"""The traffic-signal model (greenimpact.sectors.transport.model): the composer behind
``greenimpact.run("transport")``, the network scale-up, the platform devices, the Monte Carlo and
the scenario file."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose

import greenimpact
from greenimpact import data, results
from greenimpact.compute.platform import platform_footprint
from greenimpact.scenarios import ParameterError, load_model_spec, values
from greenimpact.sectors import transport as tr


@pytest.fixture(scope="module")
def base():
    return values("transport")


# --------------------------------------------------------------------------------------------
# bad input


def test_bad_scenario_overrides_name_the_parameter(base):
    with pytest.raises(
        ParameterError, match="parameter 'capacity_gain_pct': -5.0 % is below the minimum 0"
    ):
        greenimpact.run("transport", capacity_gain_pct=-5)
    with pytest.raises(ParameterError, match="parameter 'improvement': 'magic' is not one of"):
        greenimpact.run("transport", improvement="magic")
    with pytest.raises(ValueError, match=r"bus_share_pct \+ truck_share_pct must be <= 100 %, got 110"):
        tr.run(dict(base, bus_share_pct=60.0, truck_share_pct=50.0), scenario="test")
    with pytest.raises(ValueError, match="start_year must not exceed end_year, got start_year = 2040 with end_year = 2035"):
        greenimpact.run("transport", start_year=2040, end_year=2035)
    with pytest.raises(ValueError, match="cycle_s - lost_time_s must be > 0 s"):
        tr.impact_terms(dict(base, cycle_s=10.0, lost_time_s=12.0), 2025)


# --------------------------------------------------------------------------------------------
# network model and composer


def test_run_returns_listed_variables_for_beijing(base):
    frame = greenimpact.run("transport")
    assert set(frame["region"]) == {"Beijing"} and set(frame["scenario"]) == {"baseline"}
    assert frame["year"].min() == tr.REPORT_FIRST_YEAR and frame["year"].max() == base["end_year"]
    listed = set(results.codelist().query("file == 'transport.yaml'")["variable"])
    assert set(frame["variable"]) == listed
    for required in (
        "Emissions|CO2|Avoided|Transport|Signal Control",
        "Emissions|CO2|Compute|Transport|Signal Control",
    ):
        unit = frame.loc[frame["variable"] == required, "unit"].unique().tolist()
        assert unit == ["Mt CO2/yr"]


def test_run_totals_come_from_impact_terms(base):
    frame = greenimpact.run("transport").set_index(["variable", "year"])["value"]
    terms = tr.impact_terms(base, 2030)
    for variable, key in tr.VARIABLES.items():
        assert_allclose(frame[(variable, 2030)], terms[key], rtol=1e-12)


def test_impact_terms_broadcast_over_draws(base):
    n = 400
    rng = np.random.default_rng(1)
    draws = dict(base)
    draws["capacity_gain_pct"] = rng.uniform(5, 25, n)
    draws["x_peak"] = rng.uniform(0.7, 0.95, n)
    draws["nev_share_2035_pct"] = rng.uniform(30, 70, n)
    draws["central_servers"] = rng.integers(5, 80, n)
    terms = tr.impact_terms(draws, 2030)
    assert terms["avoided_mt"].shape == (n,) and terms["compute_mt"].shape == (n,)
    for i in (0, 17, n - 1):
        one = dict(
            base,
            capacity_gain_pct=draws["capacity_gain_pct"][i],
            x_peak=draws["x_peak"][i],
            nev_share_2035_pct=draws["nev_share_2035_pct"][i],
            central_servers=int(draws["central_servers"][i]),
        )
        single = tr.impact_terms(one, 2030)
        assert_allclose(terms["avoided_mt"][i], single["avoided_mt"], rtol=1e-12)
        assert_allclose(terms["compute_mt"][i], single["compute_mt"], rtol=1e-12)
    # draws x years grid
    column = {k: (v[:, None] if isinstance(v, np.ndarray) else v) for k, v in draws.items()}
    grid = tr.impact_terms(column, np.array([2025, 2030]))
    assert grid["avoided_mt"].shape == (n, 2)


def test_electrification_shrinks_the_saving(base):
    frame = greenimpact.run("transport").query(
        "variable == 'Emissions|CO2|Avoided|Transport|Signal Control'"
    )
    active = frame[frame["year"] >= base["start_year"]]["value"].to_numpy()
    assert np.all(np.diff(active) < 0)
    fast = tr.impact_terms(dict(base, nev_share_2035_pct=90.0), 2035)["avoided_mt"]
    slow = tr.impact_terms(dict(base, nev_share_2035_pct=20.0), 2035)["avoided_mt"]
    assert fast < slow
    all_electric = dict(
        base,
        nev_share_2023_pct=100.0,
        nev_share_2035_pct=100.0,
        bus_electric_share_pct=100.0,
        truck_share_pct=0.0,
    )
    assert tr.impact_terms(all_electric, 2030)["fuel_saved_ml"] == pytest.approx(0.0, abs=1e-12)
    assert tr.impact_terms(all_electric, 2030)["avoided_mt"] > 0  # electricity still saved


def test_nothing_before_start_and_no_gain_no_saving(base):
    terms = tr.impact_terms(base, np.array([2020, 2021, 2022]))
    assert_allclose(terms["avoided_mt"][:2], 0.0)
    assert_allclose(terms["compute_mt"][:2], 0.0)
    assert terms["avoided_mt"][2] > 0
    assert_allclose(terms["co2_after_mt"][:2], terms["co2_before_mt"][:2])
    assert_allclose(
        tr.impact_terms(dict(base, capacity_gain_pct=0.0), 2025)["avoided_mt"], 0.0, atol=1e-15
    )
    gains = np.array([5.0, 10.0, 15.0, 25.0])
    assert np.all(
        np.diff(tr.impact_terms(dict(base, capacity_gain_pct=gains), 2025)["avoided_mt"]) > 0
    )


def test_rebound_and_delay_reduction_mode(base):
    p = dict(base, improvement="delay_reduction", delay_reduction_pct=20.0)
    terms = tr.impact_terms(p, 2025)
    assert_allclose(terms["delay_after_s"], 0.8 * terms["delay_before_s"])
    assert_allclose(
        terms["avoided_mt"], terms["avoided_gross_mt"] * (1 - base["rebound_pct"] / 100)
    )
    # fuel, CO2 and electricity of the saving are 20 % of the signal-related totals
    assert_allclose(terms["avoided_gross_mt"], 0.2 * terms["co2_before_mt"], rtol=1e-12)


def test_reoptimise_shortens_offpeak_cycles(base):
    periods = tr.intersection_periods(dict(base, improvement="reoptimise")).set_index(
        ["period", "state"]
    )
    off_before, off_after = (
        periods.loc[("offpeak", "without control")],
        periods.loc[("offpeak", "with control")],
    )
    assert (
        off_after["cycle_s"] < off_before["cycle_s"]
        and off_after["delay_s"] < off_before["delay_s"]
    )
    assert off_after["cycle_s"] >= base["min_cycle_s"]
    assert (periods["x"] < 1).all()


def test_intersection_table_matches_the_vehicle_count(base):
    periods = tr.intersection_periods(base)
    veh = periods.query("state == 'without control'")["vehicles_million"].sum() / 1000
    assert_allclose(veh, tr.impact_terms(base, 2025)["vehicles_billion"])


def test_platform_footprint_matches_compute_term(base):
    """The device table through compute.platform.platform_footprint gives the same footprint as
    the vectorised term (2022: the grid factor's base year)."""
    fp = platform_footprint(tr.platform_devices(base), base["grid_factor_kg_per_kwh"])
    terms = tr.impact_terms(base, 2022)
    assert_allclose(fp["total_t"].sum() / 1e6, terms["compute_mt"], rtol=1e-12)
    assert_allclose(fp["energy_mwh"].sum() / 1e6, terms["platform_electricity_twh"], rtol=1e-12)


def test_monte_carlo_is_seeded_and_brackets_the_central_case(base):
    a = tr.monte_carlo(draws=2000, seed=3, years=[2025, 2030])
    b = tr.monte_carlo(draws=2000, seed=3, years=[2025, 2030])
    pd.testing.assert_frame_equal(a, b)
    q = a[a["year"] == 2025]["avoided_mt"].quantile([0.05, 0.95]).to_numpy()
    central = tr.impact_terms(base, 2025)["avoided_mt"]
    assert q[0] < central < q[1]
    fixed = tr.monte_carlo(draws=500, seed=3, capacity_gain_pct=20.0)
    assert fixed["avoided_mt"].std() > 0  # other parameters still vary
    assert list(a.columns) == ["draw", "year", *tr.TERMS] and len(a) == 4000


def test_uncertainty_by_year_has_the_band_shape(base):
    """One row per term and year (greenimpact.uncertainty.band); the central case is the
    scenario's own run, and the percentiles are those of the draws."""
    band = tr.uncertainty_by_year(draws=1000, seed=5)
    assert list(band.columns) == ["year", "term", "central", "mean", "p05", "p50", "p95", "prob_positive"]
    assert band.attrs["draws"] == 1000
    years = list(range(base["start_year"], base["end_year"] + 1))
    assert band["term"].unique().tolist() == list(tr.BAND_TERMS)
    assert band.query("term == 'net_mt'")["year"].tolist() == years
    central = tr.impact_terms(base, np.array(years))
    assert_allclose(band.query("term == 'avoided_mt'")["central"], central["avoided_mt"], rtol=1e-12)
    mc = tr.monte_carlo(years=[2030], draws=1000, seed=5)
    row = band.query("term == 'compute_mt' and year == 2030").iloc[0]
    assert_allclose(row[["p05", "p50", "p95"]].to_numpy(dtype=float),
                    mc["compute_mt"].quantile([0.05, 0.5, 0.95]).to_numpy(), rtol=1e-12)
    with pytest.raises(ValueError, match="draws must be a whole number >= 1"):
        tr.uncertainty_by_year(draws=0)


def test_an_override_equal_to_the_scenario_value_is_held_fixed(base):
    """Overrides are not drawn, even when equal to the scenario's value (issue 10): with every
    ranged parameter overridden by its own value, the draws do not vary."""
    ranged = {k: base[k] for k, v in base.provenance.items() if v.low is not None and v.low < v.high}
    assert "dc_pue" in ranged
    fixed = tr.monte_carlo(years=[2030], draws=50, seed=1, **ranged)
    assert_allclose(fixed["avoided_mt"], tr.impact_terms(base, 2030)["avoided_mt"], rtol=1e-12)
    assert fixed["compute_mt"].std() == 0


# --------------------------------------------------------------------------------------------
# scenario file


def test_scenarios_are_sourced_and_ranges_hold_the_value():
    spec = load_model_spec("transport")
    sources = set(data.sources().index)
    for name, body in spec["scenarios"].items():
        for pname, entry in (body.get("values") or {}).items():
            assert entry["source"] == "assumption" or entry["source"] in sources, (name, pname)
            if "low" in entry:
                assert entry["low"] <= entry["value"] <= entry["high"], (name, pname)
    # every uncertain numeric parameter of the baseline has a range
    fixed = {
        "start_year",
        "end_year",
        "intersections",
        "phases",
        "working_days_per_year",
        "city_vehicle_co2_mt",
        "transport_intensity_cut_pct",
    }
    for pname, entry in spec["scenarios"]["baseline"]["values"].items():
        if isinstance(entry["value"], int | float) and pname not in fixed:
            assert "low" in entry and "high" in entry, pname


@pytest.mark.parametrize("scenario", ["baseline", "evidence_low", "evidence_high", "reoptimise"])
def test_every_scenario_runs(scenario):
    frame = greenimpact.run("transport", scenario)
    avoided = frame.query(
        "variable == 'Emissions|CO2|Avoided|Transport|Signal Control' and year == 2025"
    )["value"]
    assert float(avoided.iloc[0]) > 0


def test_evidence_scenarios_order():
    avoided = {
        s: float(
            greenimpact.run("transport", s)
            .query("variable == 'Emissions|CO2|Avoided|Transport|Signal Control' and year == 2025")[
                "value"
            ]
            .iloc[0]
        )
        for s in ("evidence_low", "evidence_high")
    }
    assert avoided["evidence_low"] < avoided["evidence_high"]
