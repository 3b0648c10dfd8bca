"""Traffic-signal control: published worked examples, bad input, the network model, the scenario
file and the composer behind ``greenimpact.run("transport")``."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose

import greenimpact
from greenimpact import data, results
from greenimpact.compute.platform import platform_footprint
from greenimpact.scenarios import ParameterError, load_model_spec, resolve
from greenimpact.sectors import transport as tr


@pytest.fixture(scope="module")
def base():
    return {k: v.value for k, v in resolve("transport").items()}


# --------------------------------------------------------------------------------------------
# published worked examples


def test_webster_optimal_cycle_worked_example():
    """Webster (1958) optimum cycle, worked example (byjus; research notes section 0): flows 500
    and 300 pcu/h at s = 1,600 pcu/h give Y = 0.5; L = 16 s; C0 = (1.5 x 16 + 5) / (1 - 0.5) = 58 s."""
    assert_allclose(tr.webster_optimal_cycle(16, [500 / 1600, 300 / 1600]), 58.0)
    assert_allclose(tr.webster_optimal_cycle(16, [[0.25, 0.25], [0.3125, 0.1875]]), [58.0, 58.0])


def test_webster_delay_worked_example():
    """Webster (1958) three-term delay (Salter 1989 reproduction; research notes section 0):
    C = 90 s, g/C = 0.5, q = 0.2 veh/s, x = 0.8 gives 18.75 + 8.00 - 3.12 = 23.63 s/veh."""
    assert_allclose(tr.webster_delay(720, 1800, 90, 45), 23.63, atol=0.005)


def test_hcm_uniform_and_incremental_delay_worked_example():
    """HCM 2000 control delay (Abou Zeid lecture note; Akcelik 2001; research notes section 0):
    C = 90 s, g/C = 0.5, X = 0.8, c = 900 veh/h, T = 0.25 h, k = 0.5, I = 1:
    d1 = 18.75 s, d2 = 7.39 s, d = 26.14 s with PF = 1."""
    assert_allclose(tr.hcm_uniform_delay(90, 45, 720, 900), 18.75)
    assert_allclose(
        tr.hcm_incremental_delay(720, 900, period_h=0.25, k=0.5, i=1.0), 7.39, atol=0.005
    )
    assert_allclose(tr.hcm_control_delay(90, 45, 720, 900), 26.14, atol=0.005)


def test_bpr_ratio_at_capacity():
    """BPR (Bureau of Public Roads 1964 Traffic Assignment Manual; form confirmed by Gore et al.
    2023, TRR 2677(5)): alpha = 0.15, beta = 4 gives t/t0 = 1.15 at v/c = 1 (research notes
    section 0 also lists 1.0094, 1.0614 and 1.311 at v/c = 0.5, 0.8, 1.2)."""
    assert_allclose(tr.bpr_travel_time(1.0, 1.0, 1.0), 1.15)
    assert_allclose(
        tr.bpr_travel_time(1.0, [0.5, 0.8, 1.2], 1.0), [1.0094, 1.0614, 1.311], atol=5e-4
    )


def test_epa_gasoline_factor():
    """US EPA (EPA-420-F-23-014): 8,887 g CO2 per gallon of gasoline = 2.348 kg CO2 per litre
    (1 US gal = 3.78541 L); the embedded dataset holds the same figure."""
    assert_allclose(tr.fuel_co2_kg(1.0, 8.887 / 3.78541), 2.348, atol=5e-4)
    f = data.load("vehicle_fuel_factors").query("factor == 'co2_per_litre' and series == 'US EPA'")
    assert_allclose(f.set_index("fuel").loc["gasoline", "value"], 8.887 / 3.78541, atol=5e-4)
    assert_allclose(f.set_index("fuel").loc["diesel", "value"], 10.180 / 3.78541, atol=5e-4)


def test_doe_idle_rates_convert_from_gallons():
    """US DOE VTO Fact #861 (2015): compact sedan 0.16 gal/h = 0.61 L/h, transit bus 0.97 gal/h."""
    f = (
        data.load("vehicle_fuel_factors")
        .query("factor == 'idle_fuel_rate'")
        .set_index(["vehicle", "fuel"])
    )
    assert_allclose(
        f.loc[("compact sedan (2.0 L)", "gasoline"), "value"], 0.16 * 3.78541, atol=1e-4
    )
    assert_allclose(f.loc[("transit bus (30000 lb)", "diesel"), "value"], 0.97 * 3.78541, atol=1e-4)


def test_webster_uniform_term_equals_hcm_d1_and_stops_formula():
    """Below saturation Webster's first term equals HCM d1 (Strong & Rouphail 2006); at zero
    flow only that term remains. Stops (1 - g/C) / (1 - y): 0.5 / 0.6 at the worked example."""
    assert_allclose(tr.webster_delay(0, 1800, 90, 45), tr.hcm_uniform_delay(90, 45, 0, 900))
    assert_allclose(tr.stops_per_vehicle(720, 1800, 90, 45), 0.5 / 0.6)
    assert_allclose(tr.stops_per_vehicle(720, 1800, 90, 45, partial_stop_factor=0.9), 0.75)


def test_green_splits_and_series_pass_through():
    assert_allclose(tr.webster_green_splits(58, 16, [0.3125, 0.1875]), [26.25, 15.75])
    flows = pd.Series([360.0, 720.0], index=["a", "b"])
    out = tr.webster_delay(flows, 1800, 90, 45)
    assert isinstance(out, pd.Series) and list(out.index) == ["a", "b"]
    assert_allclose(out["b"], 23.63, atol=0.005)


# --------------------------------------------------------------------------------------------
# bad input names the argument


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: tr.webster_delay(-1, 1800, 90, 45), "flow_vph must be >= 0"),
        (lambda: tr.webster_delay(500, 1800, 90, 95), "green_s must not exceed cycle_s"),
        (lambda: tr.webster_delay(500, 0, 90, 45), "saturation_flow_vph must be > 0"),
        (
            lambda: tr.webster_delay([500, 950], 1800, 90, 45),
            r"degree of saturation .* must be < 1 .* position 1",
        ),
        (lambda: tr.webster_optimal_cycle(16, [0.6, 0.5]), "sum of flow_ratios Y must be < 1"),
        (lambda: tr.hcm_control_delay(90, 100, 500, 900), "green_s must not exceed cycle_s"),
        (lambda: tr.hcm_control_delay(90, 45, -5, 900), "volume_vph must be >= 0"),
        (lambda: tr.hcm_control_delay(90, 45, 500, 0), "capacity_vph must be > 0"),
        (lambda: tr.bpr_travel_time(1.0, 1.0, 0.0), "capacity must be > 0"),
        (lambda: tr.stops_per_vehicle(950, 1800, 90, 45), "degree of saturation"),
        (lambda: tr.nev_share_pct(2030, 120, 50), "share_2023_pct must be <= 100"),
        (lambda: tr.fuel_co2_kg(-1, 2.3), "fuel_l must be >= 0"),
        (lambda: tr.webster_delay("fast", 1800, 90, 45), "flow_vph must be numeric"),
    ],
)
def test_bad_input_names_the_argument(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_bad_scenario_overrides_name_the_parameter(base):
    with pytest.raises(
        ParameterError, match="parameter 'capacity_gain_pct': -5.0 % is below the minimum 0"
    ):
        greenimpact.run("transport", capacity_gain_pct=-5)
    with pytest.raises(ParameterError, match="parameter 'improvement': 'magic' is not one of"):
        greenimpact.run("transport", improvement="magic")
    with pytest.raises(ValueError, match="bus_share_pct \\+ truck_share_pct must not exceed 100"):
        tr.run(dict(base, bus_share_pct=60.0, truck_share_pct=50.0), scenario="test")
    with pytest.raises(ValueError, match="start_year .* must not be after end_year"):
        greenimpact.run("transport", start_year=2040, end_year=2035)


def test_detector_csv_missing_column_and_duplicate_rows(tmp_path):
    frame = data.load("detector_counts").head(6)
    missing = tmp_path / "missing.csv"
    frame.drop(columns=["delay_s_per_veh"]).to_csv(missing, index=False)
    with pytest.raises(data.DataValidationError, match=r"column 'delay_s_per_veh': missing column"):
        data.load("detector_counts", path=missing)
    dup = tmp_path / "dup.csv"
    pd.concat([frame, frame.iloc[[2]]]).to_csv(dup, index=False)
    with pytest.raises(
        data.DataValidationError,
        match=r"duplicate key \(intersection='T01', date='2022-03-09'\) in rows 3, 7",
    ):
        data.load("detector_counts", path=dup)
    negative = tmp_path / "negative.csv"
    frame.assign(volume_veh=[-1, 5, 5, 5, 5, 5]).to_csv(negative, index=False)
    with pytest.raises(
        data.DataValidationError, match=r"row 1 \(line 2\), column 'volume_veh': -1 is negative"
    ):
        data.load("detector_counts", path=negative)


def test_user_detector_file_without_provenance_columns_filled(tmp_path):
    """A user's export may leave source, confidence and note empty."""
    mine = data.load("detector_counts").head(4).assign(source=None, confidence=None, note=None)
    path = tmp_path / "mine.csv"
    mine.to_csv(path, index=False)
    loaded = data.load("detector_counts", path=path)
    assert loaded["source"].isna().all() and len(loaded) == 4


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


def test_delay_curves_and_policy_view(base):
    curves = tr.delay_curves()
    assert set(curves["model"]) == {"Webster (1958)", "HCM 2000"}
    assert curves.query("model == 'Webster (1958)'")["x"].max() < 1 < curves["x"].max()
    frame = greenimpact.run("transport")
    view = tr.policy_view(frame, base, 2025).set_index("item")["value"]
    assert_allclose(
        view["avoided / city motor-vehicle CO2"], 100 * view["avoided CO2 (net of rebound)"] / 19.86
    )
    assert_allclose(view["cut from a 5 % lower transport carbon intensity"], 19.86 * 0.05)
    with pytest.raises(ValueError, match="year 2050 is not in the frame"):
        tr.policy_view(frame, base, 2050)


def test_monte_carlo_is_seeded_and_brackets_the_central_case(base):
    a = tr.monte_carlo(n=2000, seed=3, years=[2025, 2030])
    b = tr.monte_carlo(n=2000, seed=3, years=[2025, 2030])
    pd.testing.assert_frame_equal(a, b)
    q = a[a["year"] == 2025]["avoided_mt"].quantile([0.05, 0.95]).to_numpy()
    central = tr.impact_terms(base, 2025)["avoided_mt"]
    assert q[0] < central < q[1]
    fixed = tr.monte_carlo(n=500, seed=3, capacity_gain_pct=20.0)
    assert fixed["avoided_mt"].std() > 0  # other parameters still vary


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
