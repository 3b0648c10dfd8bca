"""Staggered adoption: Callaway & Sant'Anna group-time effects, the Goodman-Bacon decomposition
of TWFE on a hand-built panel, and the TWFE warning."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose

from greenimpact.stats import bacon_decomposition, callaway_santanna, panel_fixed_effects
from greenimpact.stats.panel import StaggeredAdoptionWarning
from greenimpact.stats.simulate import staggered_panel

# Three units over periods 1-4: k adopts in period 2 with an effect growing 1, 2, 3; l adopts in
# period 4 with effect 1; U is never treated. Outcomes are the effects alone (no trend, no noise).
TINY = pd.DataFrame({
    "unit": ["k"] * 4 + ["l"] * 4 + ["U"] * 4,
    "period": [1, 2, 3, 4] * 3,
    "first": [2] * 4 + [4] * 4 + [0] * 4,
    "d": [0, 1, 1, 1, 0, 0, 0, 1, 0, 0, 0, 0],
    "y": [0.0, 1, 2, 3, 0, 0, 0, 1, 0, 0, 0, 0],
})


def test_bacon_decomposition_of_the_hand_built_panel():
    """Goodman-Bacon (2021), Theorem 1, by hand: n_k = n_l = n_U = 1/3, D_k = 3/4, D_l = 1/4.
    Numerators of the weights: s_kU = s_lU = (2/3)^2 (1/4)(3/16) = 1/48,
    s_kl^k = ((2/3)(3/4))^2 (1/4) (2/3)(1/3) = 1/72, s_kl^l = ((2/3)(3/4))^2 (1/4)(1/3)(2/3) = 1/72;
    normalised: 0.3, 0.3, 0.2, 0.2. The 2x2 estimates: kU = mean(1,2,3) - 0 = 2, lU = 1,
    k vs l before l adopts = mean(1,2) = 1.5, l vs k after k adopted = 1 - (3 - 1.5) = -0.5.
    TWFE = 0.3*2 + 0.3*1 + 0.2*1.5 + 0.2*(-0.5) = 1.1, against a true average effect of 1.75."""
    res = bacon_decomposition(TINY, "y", "d", "unit", "period")
    got = res.table.set_index(["treated", "control"])
    expected = {(2, 4): (1.5, 0.2), (4, 2): (-0.5, 0.2), (2, "never"): (2.0, 0.3), (4, "never"): (1.0, 0.3)}
    for key, (est, w) in expected.items():
        assert_allclose(got.loc[key, ["estimate", "weight"]].to_numpy(float), [est, w], atol=1e-10)
    assert got.loc[(4, 2), "type"] == "later vs earlier treated"
    assert_allclose(res.twfe, 1.1, atol=1e-10)
    assert_allclose(res.forbidden_weight, 0.2, atol=1e-10)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert_allclose(panel_fixed_effects(TINY, "y", "d", "unit", "period").effect, 1.1, atol=1e-10)
    by_type = res.by_type().set_index("type")
    assert_allclose(by_type.loc["treated vs never treated", "estimate"], 1.5)


def test_callaway_santanna_on_the_hand_built_panel_gives_the_true_effects():
    """ATT(k, t) = 1, 2, 3 for t = 2, 3, 4; ATT(l, 4) = 1; the pre-period placebos of l are 0;
    the overall ATT is the average over treated cells (1 + 2 + 3 + 1) / 4 = 1.75."""
    res = callaway_santanna(TINY, "y", "unit", "period", "first", min_controls=1, draws=99)
    gt = res.group_time.set_index(["group", "time"])["estimate"]
    assert_allclose([gt[2, 2], gt[2, 3], gt[2, 4], gt[4, 4], gt[4, 2], gt[4, 3]], [1, 2, 3, 1, 0, 0], atol=1e-12)
    assert_allclose(res.att, 1.75)
    ev = res.event.set_index("event_time")["estimate"]
    assert_allclose(ev.loc[[-2, -1, 0, 1, 2]], [0, 0, 1, 2, 3], atol=1e-12)
    assert res.n_groups == 2 and res.n_never_treated == 1 and res.n_pre_periods == 1


def test_bias_and_coverage_with_dynamic_effects():
    """30 seeded panels (60 units, 3 cohorts + never treated, effect growing 0.1 a period):
    Callaway-Sant'Anna is unbiased (mean error < 0.01) and its 95 % interval covers the truth in
    at least 26 of 30; TWFE returns about half the effect and covers in at most 2."""
    cs_err, cs_hit, tw_hit, tw_ratio = [], 0, 0, []
    for seed in range(30):
        df, truth = staggered_panel(seed)
        cs = callaway_santanna(df, "y", "unit", "period", "first", draws=299, seed=seed)
        cs_err.append(cs.att - truth)
        cs_hit += cs.att_ci[0] <= truth <= cs.att_ci[1]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", StaggeredAdoptionWarning)
            tw = panel_fixed_effects(df, "y", "d", "unit", "period")
        tw_hit += tw.effect_ci[0] <= truth <= tw.effect_ci[1]
        tw_ratio.append(tw.effect / truth)
    assert abs(np.mean(cs_err)) < 0.01 and cs_hit >= 26
    assert tw_hit <= 2 and 0.4 < np.mean(tw_ratio) < 0.7
    ny = callaway_santanna(df, "y", "unit", "period", "first", control="notyet", draws=99)
    assert abs(ny.att - truth) < 3 * ny.se and ny.control == "notyet"
    band = ny.event
    assert ((band["band_low"] <= band["low"]) & (band["high"] <= band["band_high"])).all()


def test_twfe_warns_on_staggered_adoption_and_reports_the_design():
    df, _ = staggered_panel(0)
    with pytest.warns(StaggeredAdoptionWarning, match=r"adoption is staggered .*stats\.callaway_santanna"):
        res = panel_fixed_effects(df, "y", "d", "unit", "period")
    assert res.staggered and res.n_cohorts == 3 and res.n_pre_periods == 2 and res.warnings
    common = df.assign(d=((df["first"] > 0) & (df["period"] >= 5)).astype(int))
    with warnings.catch_warnings():
        warnings.simplefilter("error", StaggeredAdoptionWarning)
        assert not panel_fixed_effects(common, "y", "d", "unit", "period").staggered


@pytest.mark.parametrize(
    "edit, kwargs, message",
    [
        (lambda d: d.drop(index=5), {}, r"the panel is unbalanced: unit 0 has no row for period 6"),
        (lambda d: d[d["first"] > 0], {}, r"control='never' needs at least 2 never-treated units"),
        (lambda d: d.assign(first=np.where(d.index == 0, 5, d["first"])), {}, "must be constant within a unit"),
        (lambda d: d, {"control": "all"}, "control must be 'never' or 'notyet'"),
        (lambda d: d.assign(y=np.where(d.index == 3, np.nan, d["y"])), {}, r"outcome='y' has missing values, first in row 4"),
    ],
)
def test_callaway_santanna_refuses_bad_panels(edit, kwargs, message):
    df, _ = staggered_panel(0, n_units=12)
    with pytest.raises(ValueError, match=message):
        callaway_santanna(edit(df).reset_index(drop=True), "y", "unit", "period", "first", **kwargs)


def test_bacon_refuses_a_treatment_that_switches_off():
    bad = TINY.assign(d=[0, 1, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0])
    with pytest.raises(ValueError, match="switches off for unit k"):
        bacon_decomposition(bad, "y", "d", "unit", "period")
