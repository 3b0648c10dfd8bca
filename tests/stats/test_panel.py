"""Two-way fixed effects with staggered adoption, and energy benchmarking."""

from __future__ import annotations

import time

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose

from greenimpact import stats
from greenimpact.sectors import parks
from greenimpact.stats.panel import energy_benchmark, panel_fixed_effects, within

# The synthetic parks adopt in many months; the staggered-adoption warning is tested in test_staggered.py.
pytestmark = pytest.mark.filterwarnings("ignore::greenimpact.stats.panel.StaggeredAdoptionWarning")


def test_lazy_export():
    assert stats.panel_fixed_effects is panel_fixed_effects


def test_within_transformation_balanced_and_unbalanced():
    rng = np.random.default_rng(0)
    u, t = np.meshgrid(np.arange(5), np.arange(4), indexing="ij")
    x = rng.normal(size=u.shape)
    exact = x - x.mean(1, keepdims=True) - x.mean(0, keepdims=True) + x.mean()
    assert_allclose(within(x.ravel(), u.ravel(), t.ravel()), exact.ravel(), atol=1e-12)
    keep = np.ones(u.size, bool)
    keep[[3, 7, 12]] = False  # unbalanced: residuals must be orthogonal to every dummy
    r = within(x.ravel()[keep], u.ravel()[keep], t.ravel()[keep])
    for codes in (u.ravel()[keep], t.ravel()[keep]):
        assert_allclose(np.bincount(codes, weights=r), 0, atol=1e-8)


def test_matches_the_dummy_variable_regression():
    """The within estimator equals OLS with a dummy per enterprise and per month (Frisch-Waugh-
    Lovell), also on an unbalanced panel."""
    import statsmodels.formula.api as smf

    park = parks.synthetic_park(n_enterprises=12, n_months=24, seed=11)
    df = parks.panel_frame(parks.inventory(park.metering), park.production).sample(
        frac=0.9, random_state=1
    )
    res = panel_fixed_effects(
        df, "log_energy", "platform", "enterprise", "month", covariates=["log_output"]
    )
    dummies = smf.ols(
        "log_energy ~ platform + log_output + C(enterprise) + C(month)", data=df
    ).fit()
    assert_allclose(res.effect, dummies.params["platform"], rtol=1e-8)
    assert res.n_units == 12 and res.n_periods == 24 and res.n_obs == len(df)


def test_covers_the_true_effect_in_at_least_90_percent_of_repetitions():
    """100 seeded synthetic parks (30 enterprises x 24 months, staggered adoption, AR(1) noise):
    the 95 % cluster-robust interval covers the built-in effect ln(1 - 10 %) at least 90 times."""
    start = time.perf_counter()
    covered, estimates = 0, []
    for seed in range(100):
        park = parks.synthetic_park(n_enterprises=30, n_months=24, seed=1000 + seed)
        df = parks.panel_frame(parks.inventory(park.metering), park.production)
        res = panel_fixed_effects(
            df, "log_energy", "platform", "enterprise", "month", covariates=["log_output"]
        )
        truth = park.truth["effect_log"]
        covered += res.effect_ci[0] <= truth <= res.effect_ci[1]
        estimates.append(res.effect)
    assert covered >= 90, covered
    assert_allclose(np.mean(estimates), np.log(0.9), atol=0.005)  # unbiased
    assert time.perf_counter() - start < 15


def test_effect_in_percent():
    park = parks.synthetic_park(seed=2025)
    df = parks.panel_frame(parks.inventory(park.metering), park.production)
    res = panel_fixed_effects(
        df, "log_energy", "platform", "enterprise", "month", covariates=["log_output"]
    )
    assert res.effect_pct_ci[0] < -10 < res.effect_pct_ci[1]
    assert res.p_value < 0.001 and res.n_clusters == 40 and res.n_treated_units == 30
    row = res.summary().iloc[0]
    assert row["ci95_low"] == res.effect_ci[0]


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"outcome": "nope"}, "outcome='nope' is not a column"),
        ({"treated": "y"}, "treated='y' must be 0/1"),
        ({"cluster": "zzz"}, "cluster='zzz' is not a column"),
        ({"covariates": ["bad"]}, "covariates='bad' must be finite"),
    ],
)
def test_bad_input_names_the_argument(kwargs, message):
    df = pd.DataFrame(
        {
            "u": [0, 0, 1, 1],
            "t": [0, 1, 0, 1],
            "d": [0, 1, 0, 0],
            "y": [1.0, 2, 3, 4],
            "bad": [1, np.nan, 2, 3],
        }
    )
    args = {"outcome": "y", "treated": "d", "unit": "u", "time": "t"} | kwargs
    with pytest.raises(ValueError, match=message):
        panel_fixed_effects(df, **args)


def test_treatment_without_variation():
    df = pd.DataFrame(
        {"u": [0, 0, 1, 1], "t": [0, 1, 0, 1], "d": [0, 1, 0, 1], "y": [1.0, 2, 3, 4]}
    )
    with pytest.raises(ValueError, match="does not vary"):
        panel_fixed_effects(df, "y", "d", "u", "t")


def test_energy_benchmark_recovers_elasticity_and_frontier():
    """Log-log data built as E = 2 Q^0.9 exp(u), u >= 0 (inefficiency above a frontier)."""
    rng = np.random.default_rng(5)
    q = rng.lognormal(4, 1, 200)
    e = 2 * q**0.9 * np.exp(rng.exponential(0.3, 200))
    res = energy_benchmark(pd.DataFrame({"e": e, "q": q}), "e", "q", quantile=0.05)
    assert_allclose(res.ols.params["log_output"], 0.9, atol=0.05)
    assert_allclose(res.frontier.params["log_output"], 0.9, atol=0.05)
    assert_allclose(np.exp(res.frontier.params["const"]), 2.0, rtol=0.1)
    assert (res.table["excess_pct"] > -10).all()
    with pytest.raises(ValueError, match="quantile must be within"):
        energy_benchmark(pd.DataFrame({"e": e, "q": q}), "e", "q", quantile=0.9)
    with pytest.raises(ValueError, match="energy='e' must be positive"):
        energy_benchmark(pd.DataFrame({"e": -e, "q": q}), "e", "q")
