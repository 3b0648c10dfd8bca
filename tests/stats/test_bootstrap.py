"""Multiplier weights and the restricted wild cluster bootstrap, checked against a brute-force
bootstrap that refits every sample with explicit dummies."""

from __future__ import annotations

import numpy as np
import pytest
from numpy.testing import assert_allclose

from greenimpact.stats.bootstrap import multiplier_weights, wild_cluster_bootstrap
from greenimpact.stats.panel import within


def test_weights_have_mean_zero_variance_one_and_the_stated_support():
    for kind, support in (("rademacher", [-1.0, 1.0]), ("webb", [-1.5, -1.0, -0.5, 0.5, 1.0, 1.5])):
        w = multiplier_weights(50, 4000, kind, seed=3)
        assert_allclose(w.mean(), 0, atol=0.01)
        assert_allclose(w.var(), 1, atol=0.01)
        signed = np.sign(w) * w**2
        assert set(np.round(np.unique(signed), 12)) == set(support)
    assert_allclose(multiplier_weights(3, 5, "webb", seed=1), multiplier_weights(3, 5, "webb", seed=1))


@pytest.mark.parametrize(
    "args, message",
    [((0, 10), "n_clusters must be a whole number >= 1"), ((3, 0), "draws must be a whole number >= 1"),
     ((3, 10, "mammen"), "weights must be 'rademacher' or 'webb'")],
)
def test_weights_reject_bad_arguments(args, message):
    with pytest.raises(ValueError, match=message):
        multiplier_weights(*args)


def _design(seed=0, n_g=7, n_t=4):
    rng = np.random.default_rng(seed)
    unit = np.repeat(np.arange(n_g), n_t)
    period = np.tile(np.arange(n_t), n_g)
    d = ((unit < 3) & (period >= 2)).astype(float)
    y = rng.normal(size=n_g)[unit] + 0.3 * period + 0.8 * d + rng.normal(0, 1, unit.size)
    full = np.column_stack([d, np.eye(n_g)[unit], np.eye(n_t)[period][:, 1:]])
    return y, d, unit, period, full


def _brute_force_pvalue(y, d, unit, full, beta0, v, scale):
    """WCR by refitting: impose beta0, resample restricted residuals by cluster sign/weight,
    refit OLS with all dummies, CR1 t statistic; p = share of |t*| >= |t|."""
    def fit(yy):
        coef, *_ = np.linalg.lstsq(full, yy, rcond=None)
        e = yy - full @ coef
        bread = np.linalg.pinv(full.T @ full)
        scores = np.stack([np.bincount(unit, weights=full[:, j] * e) for j in range(full.shape[1])], 1)
        var = scale * (bread @ scores.T @ scores @ bread)[0, 0]
        return coef[0], np.sqrt(var)

    b, se = fit(y)
    others = full[:, 1:]
    gam, *_ = np.linalg.lstsq(others, y - beta0 * d, rcond=None)
    fitted0 = others @ gam + beta0 * d
    u0 = y - fitted0
    t_obs = abs(b - beta0) / se
    stats = []
    for j in range(v.shape[1]):
        bs, ses = fit(fitted0 + v[unit, j] * u0)
        stats.append(abs(bs - beta0) / ses)
    return float(np.mean(np.array(stats) >= t_obs - 1e-12))


@pytest.mark.parametrize("beta0, kind", [(0.0, "webb"), (0.8, "rademacher"), (2.0, "webb")])
def test_fast_wild_bootstrap_equals_the_brute_force_refit(beta0, kind):
    y, d, unit, period, full = _design()

    def partial(w):
        return within(w, unit, period)

    y_dot, d_dot = partial(np.column_stack([y, d])).T
    scale = 7 / 6 * (len(y) - 1) / (len(y) - full.shape[1])
    fast = wild_cluster_bootstrap(y_dot, d_dot, unit, partial, scale=scale, null=beta0, draws=199, weights=kind,
                                  seed=5)
    v = multiplier_weights(7, 199, kind, seed=5)
    assert_allclose(fast.p_value, _brute_force_pvalue(y, d, unit, full, beta0, v, scale), atol=1e-12)
    # the interval is the set of values not rejected: its ends have p close to alpha
    lo, hi = fast.ci
    assert lo < (d_dot @ y_dot) / (d_dot @ d_dot) < hi
    step = 1e-6 * (hi - lo)
    for inside, outside in ((lo + step, lo - step), (hi - step, hi + step)):
        p_in, p_out = (wild_cluster_bootstrap(y_dot, d_dot, unit, partial, scale=scale, null=b0, draws=199,
                                              weights=kind, seed=5).p_value for b0 in (inside, outside))
        assert p_in > 0.05 >= p_out
