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
