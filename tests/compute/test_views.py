"""The report sections of notebooks/10_compute_footprint.ipynb (greenimpact.compute.views): each
view shows a table or figure and returns the numbers it is built on."""

from __future__ import annotations

import matplotlib
import pytest
from numpy.testing import assert_allclose

import greenimpact as gi
from greenimpact.compute import views
from greenimpact.scenarios import values

matplotlib.use("Agg")


@pytest.fixture(scope="module")
def baseline():
    return gi.run("compute", "baseline")


@pytest.fixture(autouse=True)
def _no_windows(monkeypatch):
    import matplotlib.pyplot as plt

    monkeypatch.setattr(plt, "show", lambda *a, **k: plt.close("all"))


def test_scenario_summary_reproduces_iea_2030(baseline):
    table = views.scenario_summary({"baseline": baseline}, 2030)
    assert_allclose(table.loc[0, "electricity_TWh"], 277.0, rtol=0.01)
    with pytest.raises(ValueError, match="year must lie within the results of scenario 'baseline', got 2050"):
        views.scenario_summary({"baseline": baseline}, 2050)


def test_water_is_electricity_times_wue(baseline):
    params = values("compute", "baseline")
    table = views.water(baseline, "baseline", params)
    assert_allclose(table["water_million_m3"], (table["electricity_TWh"] * params["wue_l_per_kwh"]).round(2), atol=0.011)


def test_rack_density_counts_whole_racks():
    table = views.rack_density(1.0)
    racks = table["racks_for_1_MW_IT"]
    assert (racks * table["density_kW_per_rack"] >= 1000).all()
    with pytest.raises(ValueError, match="it_load_mw must be > 0 MW"):
        views.rack_density(0.0)


def test_flexibility_saves_cost_and_names_bad_input():
    tariff = {"valley": 300.0, "flat": 600.0, "peak": 900.0}
    table = views.flexibility(tariff, 30.0, 20.0)
    assert table.loc[0, "cost_after_CNY_per_day"] < table.loc[0, "cost_before_CNY_per_day"]
    with pytest.raises(ValueError, match="deferrable_pct must be <= 100 %"):
        views.flexibility(tariff, 130.0, 20.0)
    with pytest.raises(ValueError, match="tariff_cny_per_mwh needs prices for \\['flat'\\]"):
        views.flexibility({"valley": 300.0, "peak": 900.0}, 30.0, 20.0)


def test_market_instruments_against_published_volumes(baseline):
    """Data-centre certificates 2018-2023 are a small part of the ~100 million traded by end-2023
    (Energy magazine 2024), and green-power claims a part of the 87.8 TWh traded to October 2023
    (CPNN 2024)."""
    table = views.market_instruments(baseline, "baseline")
    assert_allclose(table["published"].to_numpy(), [100.0, 446.0, 87.8])
    assert (table["share_pct"] < 100).all() and (table["share_pct"] > 0).all()


def test_grid_factor_table_shows_break_even_moving():
    """Break-even share 8.37 % (2022: 1 - 0.5366/0.5856) -> 12.96 % (2023: 1 - 0.5306/0.6096)."""
    table = views.grid_factors_2023().set_index("year")
    assert_allclose(table.loc[[2022, 2023], "break_even_pct"], [100 * (1 - 0.5366 / 0.5856), 100 * (1 - 0.5306 / 0.6096)])
    assert_allclose(table.loc[2023, "residual_to_average"], 0.6096 / 0.5306)


def test_plausibility_2035_gives_ratios_and_reasons():
    """Each scenario's 2035 value against IEA's global 2035 projections (base about 1,200 TWh,
    Lift-Off 1,720 TWh): the ratio is value / projection, and a scenario outside the range implied
    by China's IEA share (24.6 % in 2024, 29.3 % in 2030) says on which side and why."""
    frames = {s: gi.run("compute", s) for s in ("baseline", "headwinds")}
    table = views.plausibility_2035(frames).set_index("scenario")
    v = table.loc["baseline", "TWh"]
    assert_allclose(table.loc["baseline", "pct_of_IEA Energy and AI 2025 (1200)"], 100 * v / 1200)
    assert_allclose(table.loc["baseline", "pct_of_IEA Energy and AI 2025 Lift-Off (1720)"], 100 * v / 1720)
    high = 277 / 945 * 1720
    for name, row in table.iterrows():
        expected = "above" if row["TWh"] > high else ("below" if row["TWh"] < 102 / 415 * 1200 else "within")
        assert row["verdict"].startswith(expected), name
