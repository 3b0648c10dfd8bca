"""Net impact: accounting identities, Monte Carlo stability, wedges, results and export."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose

import greenimpact as gi
from greenimpact import impact, results, uncertainty
from greenimpact.compute.model import compute_paths
from greenimpact.scenarios import ParameterError, values


def test_net_application_hand_computed():
    """ITU-T L.1480 / WBCSD: attribution shares the *enabled* effect, the footprint is not
    attributed away. By hand: E = 10, F = 1, r = 20 %, alpha = 50 %:
    0.5 x 10 x (1 - 0.2) - 1 = 3.0 Mt (the old alpha (E - F - rE) gave 3.5)."""
    t = impact.net_application(10.0, 1.0, 20.0, 50.0)
    assert_allclose([t["rebound"], t["attributed"], t["net"]], [2.0, 4.0, 3.0])
    # the case: E = 10, F = 1, r = 0, alpha = 50 %: 4.0, not 4.5
    assert_allclose(impact.net_application(10.0, 1.0, 0.0, 50.0)["net"], 4.0)
    # full attribution, no rebound: the plain "enabled minus footprint"
    assert_allclose(impact.net_application(10.0, 1.0, 0.0, 100.0)["net"], 9.0)
    # a footprint larger than the attributed effect gives a negative net: 0.1 x 2 x 0.5 - 0.3
    assert_allclose(impact.net_application(2.0, 0.3, 50.0, 10.0)["net"], -0.2)
    # vectorised over draws
    assert_allclose(impact.net_application([10.0, 0.0], [1.0, 1.0], [0.0, 0.0], [50.0, 50.0])["net"], [4.0, -1.0])
    with pytest.raises(ValueError, match="rebound_pct must be <= 100 %"):
        impact.net_application(1.0, 0.1, 120.0, 100.0)
    with pytest.raises(ValueError, match="footprint_mt must be >= 0 Mt CO2/yr"):
        impact.net_application(1.0, -0.1, 10.0, 100.0)


@pytest.fixture(scope="module")
def net_baseline():
    return gi.run("net")


def value(frame, variable, year):
    row = frame[(frame["variable"] == variable) & (frame["year"] == year)]
    assert len(row) == 1, (variable, year)
    return float(row["value"].iloc[0])


def test_totals_are_sums_of_applications(net_baseline):
    params = values("net")
    central = {app: impact.application_params(app, params[f"{app}_scenario"]) for app in impact.APPLICATIONS}
    t = impact.net_terms(central, params, 2030)
    for q in ("enabled", "footprint", "rebound", "attributed", "net"):
        assert_allclose(t["total"][q], sum(t[app][q] for app in impact.APPLICATIONS))
    assert_allclose(value(net_baseline, "Emissions|CO2|Net Enabled", 2030), t["total"]["net"])
    # the enablement ratio is the attributed potential: after rebound and attribution
    assert_allclose(value(net_baseline, "Enablement Ratio", 2030), t["total"]["attributed"] / t["total"]["footprint"])
    assert_allclose(t["total"]["net"], t["total"]["attributed"] - t["total"]["footprint"])


def test_transport_rebound_is_not_counted_twice():
    """The transport model's own rebound (induced traffic) is the net model's transport rebound."""
    from greenimpact.sectors import transport

    p = impact.application_params("transport", "baseline")
    terms = transport.impact_terms(p, 2030)
    netp = values("net")
    t = impact.net_terms({app: impact.application_params(app, "baseline") for app in impact.APPLICATIONS}, netp, 2030)
    factor = t["transport"]["scale"] * netp["transport_effect_real_pct"] / 100
    assert_allclose(t["transport"]["enabled"] - t["transport"]["rebound"], terms["avoided_mt"] * factor)


def test_result_contract(net_baseline):
    required = ["Emissions|CO2|Avoided|Total", "Emissions|CO2|Compute|Total", "Emissions|CO2|Rebound|Total",
                "Emissions|CO2|Net Enabled", "Enablement Ratio"]
    for var in required:
        for suffix in ("", "|mean", "|p05", "|p25", "|p50", "|p75", "|p95"):
            part = net_baseline[net_baseline["variable"] == var + suffix]
            assert set(range(2025, 2036)) <= set(part["year"]), var + suffix
    assert set(net_baseline.query("variable == 'Enablement Ratio'")["unit"]) == {"1"}
    p = net_baseline.pivot_table(index="year", columns="variable", values="value").loc[2030]
    assert p["Emissions|CO2|Net Enabled|p05"] <= p["Emissions|CO2|Net Enabled|p50"] <= p["Emissions|CO2|Net Enabled|p95"]
    assert 0 <= p["Probability|Net Enabled Positive"] <= 100
    results.validate(net_baseline)


def test_monte_carlo_is_seeded_and_stable_across_seeds():
    """Percentiles from 20,000 draws agree across seeds within 3 % of the band's width; the same
    seed gives the same numbers whatever the chunk size or number of workers."""
    a = impact.monte_carlo("baseline", [2030], draws=20_000, seed=1).set_index("term")
    b = impact.monte_carlo("baseline", [2030], draws=20_000, seed=2).set_index("term")
    for q in ("total|enabled", "total|net"):
        # within 3 % of the 5-95 % band's width (the steel effect's even odds make the draws bimodal)
        width = a.loc[q, "p95"] - a.loc[q, "p05"]
        assert_allclose(a.loc[q, ["p05", "p50", "p95"]], b.loc[q, ["p05", "p50", "p95"]], atol=0.03 * width)
    c = impact.monte_carlo("baseline", [2030], draws=20_000, seed=1, chunk=5_000).set_index("term")
    again = impact.monte_carlo("baseline", [2030], draws=20_000, seed=1).set_index("term")
    pd.testing.assert_frame_equal(a, again)
    width = a.loc["total|net", "p95"] - a.loc["total|net", "p05"]
    assert c.loc["total|net", "p50"] == pytest.approx(a.loc["total|net", "p50"], abs=0.03 * width)


def test_monte_carlo_workers_do_not_change_results():
    one = impact.monte_carlo("baseline", [2030], draws=200_000, seed=3, workers=1)
    two = impact.monte_carlo("baseline", [2030], draws=200_000, seed=3, workers=2)
    pd.testing.assert_frame_equal(one, two)


def test_monte_carlo_draws_follow_the_ranges():
    """Each draw stays in its range, and its median is the scenario value (the mean of the
    two-piece triangular distribution is m + ((b - m) - (m - a)) / 6, of log x where the range
    spans a factor of two or more)."""
    d = impact.uncertain("steel", "baseline")
    rng = np.random.default_rng(0)
    draws = uncertainty.sample({}, d, rng, 50_000)
    assert d.log.any() and not d.log.all()
    for name, lo, mode, hi, log in zip(d.names, d.low, d.mode, d.high, d.log, strict=True):
        x = draws[name]
        assert x.min() >= lo * (1 - 1e-6) - 1e-9 and x.max() <= hi * (1 + 1e-6) + 1e-9
        assert_allclose(np.median(x), mode, rtol=0.02, atol=0.01 * (hi - lo))
        if log:  # in log space the same identity holds for log x
            lx = np.log([lo, mode, hi])
            assert_allclose(np.log(x).mean(), lx[1] + ((lx[2] - lx[1]) - (lx[1] - lx[0])) / 6, atol=0.01)
        else:
            assert_allclose(x.mean(), mode + ((hi - mode) - (mode - lo)) / 6, rtol=0.02, atol=1e-6)


def test_tornado_is_sorted_and_brackets_the_central_value():
    t = impact.tornado("baseline", 2030)
    assert (np.diff(t["swing"]) <= 1e-12).all()
    central = t.attrs["central"]
    assert ((t[["value_low", "value_high"]].min(axis=1) <= central + 1e-9)
            & (t[["value_low", "value_high"]].max(axis=1) >= central - 1e-9)).all()


def test_wedges_add_up_on_the_compute_model():
    """Shapley wedges between the baseline and efficiency compute scenarios sum exactly to the
    difference in 2030 data-centre electricity."""
    a = dict(values("compute", "baseline"))
    b = dict(values("compute", "efficiency"))

    def electricity_2030(p):
        paths = compute_paths(p)
        return paths["facility_twh"][list(paths["years"]).index(2030)]

    levers = {"efficient chips": ["shipment_growth_pct"], "liquid cooling": ["liquid_share_pct", "immersion_share_pct"],
              "air-cooled PUE": ["pue_air"]}
    w = impact.wedges(electricity_2030, a, b, levers)
    assert_allclose(w["contribution"].sum(), electricity_2030(a) - electricity_2030(b))
    assert (w["contribution"] > 0).all()


def test_wedges_refuse_unknown_parameters():
    with pytest.raises(ValueError, match="neither case has"):
        impact.wedges(lambda p: 0.0, {"x": 1}, {"x": 0}, {"lever": ["y"]})


def test_bad_overrides():
    with pytest.raises(ParameterError, match="parameter 'rebound_parks_pct': 150.0 % is above the maximum 100"):
        gi.run("net", rebound_parks_pct=150.0)
    with pytest.raises(ParameterError, match="'nope' is not one of"):
        gi.run("net", steel_scenario="nope")


def test_export_writes_one_iamc_table(tmp_path):
    path = tmp_path / "all.csv"
    table = gi.api.export(path, models_=["steel", "parks"])
    back = pd.read_csv(path)
    assert back.columns.tolist() == results.IAMC_COLUMNS
    assert set(back["model"]) == {"greenimpact steel", "greenimpact parks"}
    assert not back.duplicated(["model", "scenario", "region", "variable", "year"]).any()
    assert len(back) == len(table)
    xlsx = tmp_path / "all.xlsx"
    gi.api.export(xlsx, models_=["steel"])
    sheet = pd.read_excel(xlsx, sheet_name="data")
    assert sheet.columns.tolist() == results.IAMC_COLUMNS and len(sheet) > 0


def test_export_is_readable_by_pyam_when_installed(tmp_path):
    pyam = pytest.importorskip("pyam")
    path = tmp_path / "steel.csv"
    gi.api.export(path, models_=["steel"])
    df = pyam.IamDataFrame(str(path))
    assert "greenimpact steel" in df.model
