"""Steel report views (greenimpact.sectors.steel.views): the plant series and its ITS
workflow, the comparison tables, the notebook's tables and the figures."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose

import greenimpact
from greenimpact import data
from greenimpact.sectors import steel
from greenimpact.sectors.steel import views
from greenimpact.sectors.steel.synthetic import synthetic_plant_series, synthetic_truth
from greenimpact.stats import interrupted_time_series


@pytest.fixture(scope="module")
def frame():
    return greenimpact.run("steel")


@pytest.fixture(scope="module")
def ranges():
    return steel.sector_range(years=(2024, 2025, 2030), draws=2000, seed=3)


# --------------------------------------------------------------------------------------------
# the plant series: schema, ITS workflow


def test_its_on_the_synthetic_plant_covers_the_truth():
    series = views.plant_series(data.load("steel_plant_series"))
    assert series.attrs["synthetic"] and series.attrs["boundary"] == "not_stated"
    res = interrupted_time_series(series, "value", "month", "2021-01", seasonality=True)
    truth = synthetic_truth()
    assert res.level_change_ci[0] <= truth["level_change"] <= res.level_change_ci[1]
    assert res.slope_change_ci[0] <= truth["slope_change"] <= res.slope_change_ci[1]
    table = views.effect_comparison(res, label="ITS (SYNTHETIC)", boundary=series.attrs["boundary"])
    assert table["figure"].tolist()[:2] == ["ITS (SYNTHETIC)", "seed article"]
    assert_allclose(table.set_index("figure").loc["seed article", "change_pct"], -8.33, atol=0.005)
    same = views.effect_comparison(res, series=series)
    assert same["figure"].iloc[0] == "ITS estimate (SYNTHETIC series)" and same["boundary"].iloc[0] == "not_stated"
    assumed = same.set_index("figure").loc["scenario 'baseline' assumption"]
    assert_allclose(assumed["change_pct"], -100 * steel.combined_cut(1.5, 1.0, 1.0))
    assert assumed["ci95_low"] < assumed["change_pct"] < assumed["ci95_high"]


def test_measured_effect_and_hac_vs_ols(monkeypatch):
    shown = []
    monkeypatch.setattr(views, "_show", lambda *objs: shown.extend(objs))
    series, its = views.measured_effect(intervention="2021-01", seasonality=True)
    assert "SYNTHETIC example data" in shown[0].data and len(series) == 72
    table = views.hac_vs_ols(its, series, "2021-01", seasonality=True)
    assert table.index.tolist() == ["HAC (Newey-West, prewhitened)", "naive OLS (for comparison only)",
                                    "true value (SYNTHETIC series)"]
    assert_allclose(table.iloc[0, 0], table.iloc[1, 0])  # same point estimate, different intervals
    assert table.iloc[2, 0] == synthetic_truth()["level_change"]


def test_users_plant_file_is_validated_by_the_data_layer(tmp_path):
    good = synthetic_plant_series().assign(source="", confidence="", note="", synthetic=False, plant="My plant")
    path = tmp_path / "plant.csv"
    good.to_csv(path, index=False)
    mine = data.load("steel_plant_series", path=path)
    assert len(views.plant_series(mine)) == 72
    bad = good.copy()
    bad.loc[4, "month"] = 13
    bad.loc[7, "unit"] = "kg CO2/t"
    bad.to_csv(path, index=False)
    with pytest.raises(data.DataValidationError) as err:
        data.load("steel_plant_series", path=path)
    text = str(err.value)
    assert "row 5 (line 6), column 'month': 13 is above the maximum 12" in text
    assert "row 8 (line 9), column 'unit'" in text
    dup = pd.concat([good, good.iloc[[10]]])
    dup.to_csv(path, index=False)
    with pytest.raises(data.DataValidationError, match=r"duplicate key \(plant='My plant', year='2019', month='11'\)"):
        data.load("steel_plant_series", path=path)


def test_gaps_and_mixed_boundaries_in_a_plant_series_are_refused():
    df = synthetic_plant_series()
    series = views.plant_series(df.drop(index=[30]))
    with pytest.raises(ValueError, match=r"gaps, 1 missing month\(s\): 2021-07"):
        interrupted_time_series(series, "value", "month", "2021-01")
    mixed = df.assign(boundary=np.where(df.index < 10, "scope1", "worldsteel_iso14404"))
    with pytest.raises(ValueError, match=r"mixes emission boundaries \['scope1', 'worldsteel_iso14404'\] in column 'boundary'"):
        views.plant_series(mixed)
    two = pd.concat([df, df.assign(plant="Other")])
    with pytest.raises(ValueError, match="holds 2 plants"):
        views.plant_series(two)
    with pytest.raises(ValueError, match="plant 'Nope' is not in the series"):
        views.plant_series(df, plant="Nope")
    with pytest.raises(ValueError, match=r"plant series lacks columns \['boundary'\]"):
        views.plant_series(df.drop(columns="boundary"))


# --------------------------------------------------------------------------------------------
# tables


def test_route_check_reproduces_the_published_headline(monkeypatch):
    """worldsteel 2023 report: routes weight to 1.916 t CO2/t and 20.97 GJ/t against the
    published 1.91 t CO2/t and 20.99 GJ/t."""
    monkeypatch.setattr(views, "_show", lambda *objs: None)
    table = views.route_check(2023)
    assert_allclose(table["weighted from the routes"], [1.916, 20.97], atol=0.005)
    assert_allclose(table["published, 2023 report"], [1.91, 20.99])
    assert table.index[0] == "CO2 intensity 2022 [t CO2/t]"
    assert 2023 in views.worldsteel_editions().columns


def test_plan_comparison_reads_the_band(ranges):
    """NDRC 2024 steel action plan: about 53 Mt CO2 by 2025 (all measures)."""
    table = views.plan_comparison(ranges, year=2025).set_index("item")
    a = ranges.query("year == 2025 and term == 'avoided_mt'").iloc[0]
    assert table.iloc[0]["central"] == 53.0
    assert_allclose(table.loc["avoided by carbon-management platforms", ["central", "p05", "p95"]].astype(float),
                    a[["central", "p05", "p95"]].astype(float))
    assert_allclose(table.loc["platforms' share of the plan's cut", "central"], 100 * a["central"] / 53.0)
    with pytest.raises(ValueError, match="no NDRC emission-reduction target for 2030"):
        views.plan_comparison(ranges, year=2030)


def test_headline_trajectory_and_results_tables(frame, ranges):
    head = views.headline(ranges, years=(2025, 2030))
    assert head.index.tolist() == ["avoided_mt", "compute_mt", "net_mt"]
    assert head.columns.get_level_values(0).unique().tolist() == ["central", "p05", "p50", "p95"]
    traj = views.trajectory_table(frame)
    assert_allclose(traj.loc[[2020, 2023, 2024], "reported"], [2.13, 2.04, 2.00])
    assert_allclose(traj.loc[2030, "target"], 2.13 * 0.85)
    with pytest.raises(ValueError, match="no results for plant 'Nope'"):
        views.trajectory_table(frame, plant="Nope")
    res = views.results_table(frame, 2030)
    assert res.columns.tolist() == ["Baosteel", "CN"]
    fp = views.plant_footprint(greenimpact.scenarios.values("steel"))
    assert len(fp) == 3
    assert views.assumptions()["parameter"].iloc[0] == "crude_steel_output_mt"
    assert views.plant_targets()["year"].tolist() == [2025, 2030, 2035]
    assert "boundary_text" in views.baosteel_table()


# --------------------------------------------------------------------------------------------
# figures


def test_figures_draw_without_warnings(frame, ranges, recwarn):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    views.plot_route_waterfall(2023, reported=1.91)
    ax = views.plot_route_waterfall(2023, reported="published")
    assert "published 1.91" in [t.get_text() for t in ax.get_legend().get_texts()]
    views.plot_trajectory(frame)
    views.plot_sector_range(ranges, plan_mt=53)
    views.plot_sector_range_vs_plan(ranges)
    views.plot_net(frame, year=2030)
    series = views.plant_series(data.load("steel_plant_series"))
    its = interrupted_time_series(series, "value", "month", "2021-01", seasonality=True)
    views.plot_its(its, series)
    plt.close("all")
    assert not [w for w in recwarn if "matplotlib" in str(w.filename) or "seaborn" in str(w.filename)]
