"""The report sections of notebooks/30_industrial_parks.ipynb: each view shows a table or figure
and returns the numbers it is built on."""

from __future__ import annotations

import matplotlib
import pytest
from numpy.testing import assert_allclose

from greenimpact.scenarios import values
from greenimpact.sectors import parks
from greenimpact.sectors.parks import views

matplotlib.use("Agg")


@pytest.fixture(scope="module")
def park():
    p = parks.synthetic_park(n_enterprises=8, n_months=24, seed=3)
    inv = parks.inventory(p.metering)
    return p, inv, parks.enterprise_summary(inv, p.production)


@pytest.fixture(autouse=True)
def _no_windows(monkeypatch):
    import matplotlib.pyplot as plt

    monkeypatch.setattr(plt, "show", lambda *a, **k: plt.close("all"))


def test_inventory_overview_prints_totals_and_shows_kt_by_carrier(park, capsys):
    p, inv, summary = park
    table = views.inventory_overview(inv, summary, "SYNTHETIC park")
    out = capsys.readouterr().out
    assert out.startswith("SYNTHETIC park: 8 enterprises, 2024-01 to 2024-12:")
    assert list(table.columns) == ["kt CO2"] and table["kt CO2"].is_monotonic_decreasing
    assert_allclose(table["kt CO2"].sum() * 1e3, summary["total_market_t"].sum())


def test_ranking_and_emitters(park):
    p, inv, summary = park
    ranked = views.ranking(inv, "x", top=3)
    assert ranked.attrs["order"][-1] == "others (5)"
    assert len(views.largest_emitters(summary, n=4)) == 4


def test_scorecard_and_trajectory_views(park):
    p, inv, summary = park
    card = views.scorecard_table(inv)
    assert views.scorecard_figure(card, "x")["attainment_pct"].le(100).all()
    params = values("parks")
    traj = parks.park_trajectory(inv, params)
    park_nz = views.park_net_zero(traj, card)
    path = views.trajectory_figure(traj, park_nz, "x")
    assert_allclose(path["co2_t"].iloc[0], summary["total_market_t"].sum(), rtol=1e-9)
    assert views.enterprise_net_zero(traj, card, n=3)["baseline_t"].is_monotonic_decreasing
    fp = views.platform_against_saving(params, traj, n_enterprises=8)
    assert set(fp["name"]) >= {"meters and gateways", "data-centre servers"}


def test_national_range_table_keeps_the_readable_columns(capsys):
    ranges = parks.national_range(year=2030, draws=500)
    table = views.national_range_table(ranges)
    assert list(table.columns) == ["framing", "share_pct", "term", "central", "low", "median", "high"]
    assert_allclose(table["low"], ranges["p05"])
    avoided = views.national_range_figure(ranges, 2030)
    assert avoided["label"].tolist() == ["published share (31 %)", "article claim (40 %)"]
    net = views.national_net(ranges, 2030)
    assert "published share: " in capsys.readouterr().out
    assert_allclose(net["net_mt"], net["avoided_mt"] - net["compute_mt"])


def test_national_lines_and_table():
    national = parks.national_scenarios("baseline")
    lines = views.national_lines(national)
    assert lines["series"].str.endswith((": Avoided", ": Compute")).all()
    table = views.national_table(national, 2030)
    assert list(table.columns) == ["baseline (article claim)", "baseline (published share)"]
