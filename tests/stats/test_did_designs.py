"""Difference-in-differences designs with known answers: two-way fixed effects on unbalanced
panels, few-cluster inference (wild cluster bootstrap), refused designs, and the event study."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose

from greenimpact.stats import difference_in_differences, event_study
from greenimpact.stats.simulate import EFFECT, did_panel


def _fit(df, **kw):
    return difference_in_differences(df, "y", "treated", "post", **({"cluster": "unit", "unit": "unit",
                                                                     "time": "period"} | kw))


def test_hand_computed_unbalanced_example_matches_the_dummy_regression():
    """3 units x 3 periods, one treated unit missing its last period: the two-way FE estimate
    equals OLS with a dummy per unit and per period (Frisch-Waugh-Lovell), computed here by
    hand with numpy."""
    df = pd.DataFrame({"unit": [0, 0, 1, 1, 1, 2, 2, 2], "period": [0, 1, 0, 1, 2, 0, 1, 2],
                       "treated": [1, 1, 1, 1, 1, 0, 0, 0], "post": [0, 1, 0, 1, 1, 0, 1, 1],
                       "y": [10.0, 8.0, 20.0, 17.5, 18.0, 5.0, 6.0, 6.5]})
    X = np.column_stack([df["treated"] * df["post"], np.eye(3)[df["unit"]], np.eye(3)[df["period"]][:, 1:]])
    coef = np.linalg.lstsq(X, df["y"].to_numpy(), rcond=None)[0][0]
    res = difference_in_differences(df, "y", "treated", "post", unit="unit", time="period")
    assert_allclose(res.effect, coef, rtol=1e-10)
    assert res.fixed_effects == ("unit", "period") and res.n_pre_periods == 1 and res.n_post_periods == 2


def test_balanced_two_by_two_with_period_effects_is_the_difference_of_means():
    df = did_panel(1, n_treated=4, n_control=4, periods=(3, 3))
    cell = df.groupby(["treated", "post"])["y"].mean()
    res = _fit(df)
    assert_allclose(res.effect, (cell[True, True] - cell[True, False]) - (cell[False, True] - cell[False, False]))


def test_unit_effects_remove_the_bias_of_an_unbalanced_panel():
    """The busiest treated units lose their post-period (20 seeds): without unit effects the
    estimate is biased by the change in composition (about -8.7 against a true -5); with them the
    mean error is within 0.4."""
    fe, pooled = [], []
    for seed in range(20):
        df = did_panel(seed, 10, 10, drop_busiest=3)
        fe.append(_fit(df, inference="cluster").effect)
        pooled.append(_fit(df, unit="treated", time=None, inference="cluster").effect)
    assert abs(np.mean(fe) - EFFECT) < 0.4
    assert np.mean(pooled) - EFFECT < -2.0


def test_wild_bootstrap_covers_with_few_clusters_where_cluster_t_does_not():
    """2 treated of 20 clusters (40 seeds): the cluster-robust t interval covers far less than
    95 % (about 0.6 in the benchmark), the wild bootstrap interval at least 90 %; with 6 + 6
    clusters the bootstrap covers 88-100 %."""
    hit_wild = hit_t = hit_small = 0
    reps = 40
    for seed in range(reps):
        df = did_panel(seed, 2, 18)
        wild, ct = _fit(df, draws=399), _fit(df, inference="cluster")
        hit_wild += wild.effect_ci[0] <= EFFECT <= wild.effect_ci[1]
        hit_t += ct.effect_ci[0] <= EFFECT <= ct.effect_ci[1]
        small = _fit(did_panel(1000 + seed, 6, 6), draws=399)
        hit_small += small.effect_ci[0] <= EFFECT <= small.effect_ci[1]
    assert wild.inference == "wild cluster bootstrap (WCR)" and ct.inference == "cluster-robust t(G-1)"
    assert small.weights == "webb" and wild.weights == "rademacher" and wild.n_treated_clusters == 2
    assert hit_wild / reps >= 0.90 and hit_t / reps <= 0.80
    assert 0.88 <= hit_small / reps <= 1.0


def test_auto_inference_uses_the_cluster_t_with_many_clusters_and_is_reproducible():
    df = did_panel(3, 25, 25)
    res = _fit(df)
    assert res.inference == "cluster-robust t(G-1)" and res.n_clusters == 50 and res.draws is None
    few = did_panel(3, 5, 5)
    assert _fit(few).effect_ci == _fit(few).effect_ci
    assert _fit(few, seed=1).effect_ci != _fit(few).effect_ci
    row = _fit(few).summary().iloc[0]
    assert row["treated_clusters"] == 5 and row["control_clusters"] == 5 and row["pre_periods"] == 10


@pytest.mark.parametrize(
    "n_treated, n_control, cluster, message",
    [
        (1, 19, "unit", r"only 1 treated cluster\(s\) in column 'unit' \(0\): with fewer than 2 treated clusters"),
        (5, 5, "treated", r"only 1 treated cluster\(s\) in column 'treated' .* exactly zero, a zero-width interval"),
        (8, 1, "unit", r"only 1 control cluster\(s\)"),
    ],
)
def test_degenerate_designs_are_refused_with_the_reason(n_treated, n_control, cluster, message):
    df = did_panel(0, n_treated, n_control)
    with pytest.raises(ValueError, match=message):
        difference_in_differences(df, "y", "treated", "post", cluster=cluster)


def test_bad_arguments_name_themselves():
    df = did_panel(0, 3, 3)
    with pytest.raises(ValueError, match="inference must be 'auto', 'wild' or 'cluster'"):
        _fit(df, inference="bootstrap")
    with pytest.raises(ValueError, match="inference='wild' needs a cluster column"):
        difference_in_differences(df, "y", "treated", "post", inference="wild")
    with pytest.raises(ValueError, match=r"column 'day' \(argument time\) is not in data"):
        _fit(df, time="day")


def _event_panel(seed, pretrend):
    df = did_panel(seed, 12, 12, periods=(6, 6))
    return df.assign(y=df["y"] + pretrend * df["treated"] * df["period"])


def test_event_study_recovers_the_lags_and_tests_the_pre_trend():
    """No pre-trend (10 seeds): leads average within 0.5 of 0, lags within 0.5 of the effect, and
    the joint test rejects at 5 % in at most 2 of 10; with a differential trend of 1 per period
    among the treated, it rejects."""
    lags, leads, rejected = [], [], 0
    for seed in range(10):
        res = event_study(_event_panel(seed, 0.0), "y", "treated", "post", "unit", "period")
        tab = res.table.set_index("event_time")
        lags.append(tab.loc[0:5, "estimate"].mean())
        leads.append(tab.loc[-6:-2, "estimate"].mean())
        rejected += res.pretrend_p < 0.05
    assert tab.loc[-1, "estimate"] == 0 and np.isnan(tab.loc[-1, "low"]) and res.n_leads == 5
    assert abs(np.mean(lags) - EFFECT) < 0.5 and abs(np.mean(leads)) < 0.5
    assert rejected <= 2
    trend = event_study(_event_panel(4, 2.0), "y", "treated", "post", "unit", "period")
    assert trend.pretrend_p < 0.01
    ax = res.plot()
    assert "pre-trend test p =" in ax.get_title()


def test_event_study_needs_a_common_switch_and_a_lead():
    df = did_panel(0, 3, 3, periods=(1, 3))
    with pytest.raises(ValueError, match="no lead to test"):
        event_study(df, "y", "treated", "post", "unit", "period")
    bad = did_panel(0, 3, 3).assign(post=lambda d: (d["period"] >= 10) & (d["unit"] > 0))
    with pytest.raises(ValueError, match="must switch from 0 to 1 at one period common to all units"):
        event_study(bad, "y", "treated", "post", "unit", "period")
