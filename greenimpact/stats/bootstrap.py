"""Bootstrap inference for few clusters: multiplier weights and the restricted wild cluster bootstrap.

:func:`multiplier_weights` draws the cluster-level weights (Rademacher or Webb's six-point
distribution) that both the wild cluster bootstrap (:func:`wild_cluster_bootstrap`, used by
:func:`greenimpact.stats.difference_in_differences`) and the multiplier bootstrap of the
staggered-adoption estimator (:func:`greenimpact.stats.callaway_santanna`) use. Everything is
seeded: the same data, draws and seed give the same interval to the last bit.

References
----------
.. [1] Cameron, A. C., Gelbach, J. B. and Miller, D. L. (2008). Bootstrap-based improvements
   for inference with clustered errors. Review of Economics and Statistics 90(3), 414-427.
.. [2] Webb, M. D. (2023). Reworking wild bootstrap-based inference for clustered errors.
   Canadian Journal of Economics 56(3), 839-858.
.. [3] Roodman, D., MacKinnon, J. G., Nielsen, M. O. and Webb, M. D. (2019). Fast and wild:
   bootstrap inference in Stata using boottest. The Stata Journal 19(1), 4-60.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

__all__ = ["FEW_CLUSTERS", "FEW_TREATED_CLUSTERS", "WildResult", "multiplier_weights", "wild_cluster_bootstrap"]

#: Below this many clusters, or treated (never-treated) clusters, ``inference="auto"`` of the
#: estimators uses the wild cluster bootstrap: cluster-robust t intervals under-cover there
#: (2 treated of 20 clusters: 0.785 in benchmarks/bench_coverage.py).
FEW_CLUSTERS = 30
FEW_TREATED_CLUSTERS = 10

_WEBB = np.array([-math.sqrt(1.5), -1.0, -math.sqrt(0.5), math.sqrt(0.5), 1.0, math.sqrt(1.5)])


def multiplier_weights(n_clusters: int, draws: int, kind: str = "rademacher", seed: int = 0):
    """Bootstrap weights, one per cluster and draw, with mean 0 and variance 1.

    Parameters
    ----------
    n_clusters : int
        Clusters G (>= 1).
    draws : int
        Bootstrap draws B (>= 1).
    kind : {"rademacher", "webb"}
        Rademacher: +-1 with probability 1/2 each (only :math:`2^G` distinct draws, too few
        below about 12 clusters). Webb: six points :math:`\\pm\\sqrt{1/2}, \\pm 1, \\pm\\sqrt{3/2}`
        with probability 1/6 each (:math:`6^G` distinct draws).
    seed : int
        Seed of ``numpy.random.default_rng``.

    Returns
    -------
    numpy.ndarray, shape (G, B)

    Examples
    --------
    >>> w = multiplier_weights(4, 3, "webb", seed=1)
    >>> w.shape, bool(np.all(np.isin(np.round(w ** 2, 12), [0.5, 1.0, 1.5])))
    ((4, 3), True)
    """
    if isinstance(n_clusters, bool) or not isinstance(n_clusters, int | np.integer) or n_clusters < 1:
        raise ValueError(f"n_clusters must be a whole number >= 1, got {n_clusters!r}")
    if isinstance(draws, bool) or not isinstance(draws, int | np.integer) or draws < 1:
        raise ValueError(f"draws must be a whole number >= 1, got {draws!r}")
    rng = np.random.default_rng(seed)
    if kind == "rademacher":
        return rng.integers(0, 2, size=(n_clusters, draws)) * 2.0 - 1.0
    if kind == "webb":
        return _WEBB[rng.integers(0, 6, size=(n_clusters, draws))]
    raise ValueError(f"weights must be 'rademacher' or 'webb', got {kind!r}")


@dataclass(frozen=True)
class WildResult:
    """Result of :func:`wild_cluster_bootstrap`.

    Attributes
    ----------
    p_value : float
        Bootstrap p-value of ``beta = null`` (symmetric, two-sided).
    ci : tuple of float
        (1 - alpha) interval by test inversion: every value not rejected at level alpha.
    weights : str
        ``rademacher`` or ``webb``.
    draws : int
        Bootstrap draws.
    """

    p_value: float
    ci: tuple[float, float]
    weights: str
    draws: int


def wild_cluster_bootstrap(y_dot, d_dot, groups, partial, *, scale=1.0, null=0.0, alpha=0.05,
                           draws=1999, weights="rademacher", seed=0) -> WildResult:
    r"""Restricted wild cluster bootstrap (WCR) test and interval for one coefficient.

    Parameters
    ----------
    y_dot, d_dot : array_like, shape (n,)
        Outcome and regressor of interest with every other regressor (fixed effects and
        controls) partialled out (Frisch-Waugh-Lovell).
    groups : array_like of int, shape (n,)
        Cluster codes 0..G-1.
    partial : callable
        ``partial(W)`` returns the (n, m) matrix ``W`` with the other regressors partialled out
        (the annihilator :math:`M_o`).
    scale : float
        Small-sample factor of the cluster-robust variance (CR1:
        :math:`G/(G-1)\cdot(n-1)/(n-K)`); it scales observed and bootstrap statistics alike.
    null : float
        Value of the coefficient under the null hypothesis for ``p_value``.
    alpha : float
        1 - confidence level of ``ci``.
    draws : int
        Bootstrap draws B.
    weights : {"rademacher", "webb"}
        Cluster weights (:func:`multiplier_weights`).
    seed : int
        Seed of the weights; the same weights are used for every tested value, so the
        p-value is a step function of the tested value and the interval is reproducible.

    Returns
    -------
    WildResult

    Notes
    -----
    Under :math:`H_0: \beta = \beta_0` the restricted residuals are
    :math:`\tilde u = \dot y - \beta_0 \dot d` and a bootstrap sample is
    :math:`y^* = \hat y_0 + v_g \tilde u` with one weight :math:`v_g` per cluster. By FWL the
    bootstrap estimate is :math:`\hat\beta^* - \beta_0 = b'v / \dot d'\dot d` with
    :math:`b_h = \sum_{i \in h} \dot d_i \tilde u_i`, and the cluster scores of its residuals are
    :math:`s^* = A v` with :math:`A_{gh} = \sum_{i\in g} \dot d_i [M_o(\tilde u 1_h)]_i -
    \sum_{i \in g}\dot d_i^2\, b_h / \dot d'\dot d`. Both are linear in :math:`\beta_0`, so
    :math:`t^*(\beta_0) = b'v / \sqrt{c\,\lVert A v\rVert^2}` is evaluated for all draws at
    once for any :math:`\beta_0` (Roodman et al. 2019), and the interval is found by bisection
    on the p-value :math:`P(|t^*| \ge |t|)`. Imposing the null (WCR) is what keeps the test's
    size close to nominal with few clusters (Cameron, Gelbach and Miller 2008).

    References
    ----------
    See the module docstring.
    """
    y = np.asarray(y_dot, dtype=float)
    d = np.asarray(d_dot, dtype=float)
    g = np.asarray(groups, dtype=np.int64)
    n_g = int(g.max()) + 1
    dd = float(d @ d)
    beta = float(d @ y) / dd
    e = y - beta * d

    def csum(x):
        x = np.asarray(x, dtype=float)
        if x.ndim == 1:
            return np.bincount(g, weights=x, minlength=n_g)
        return np.stack([np.bincount(g, weights=x[:, j], minlength=n_g) for j in range(x.shape[1])], axis=1)

    se = math.sqrt(scale * float(np.sum(csum(d * e) ** 2))) / dd
    if not se > 0:
        raise ValueError("the cluster-robust standard error is zero: the design cannot estimate it")
    # restricted residuals u(b0) = y - b0 d = (y) - b0 (d): every quantity is linear in b0
    onehot = np.zeros((len(y), n_g))
    onehot[np.arange(len(y)), g] = 1.0
    my = partial(onehot * y[:, None])
    md = partial(onehot * d[:, None])
    sdd = csum(d * d)
    b1, b2 = csum(d * y), csum(d * d)  # b(b0) = b1 - b0 b2
    a1 = csum(d[:, None] * my) - np.outer(sdd, b1) / dd
    a2 = csum(d[:, None] * md) - np.outer(sdd, b2) / dd
    v = multiplier_weights(n_g, draws, weights, seed)
    n1, n2 = b1 @ v, b2 @ v
    p1, p2 = a1 @ v, a2 @ v
    q11, q12, q22 = (p1 * p1).sum(0), (p1 * p2).sum(0), (p2 * p2).sum(0)

    def pvalue(b0: float) -> float:
        t_obs = abs(beta - b0) / se
        num = np.abs(n1 - b0 * n2)
        den = np.sqrt(np.maximum(scale * (q11 - 2 * b0 * q12 + b0 * b0 * q22), 1e-300))
        return float(np.mean(num / den >= t_obs - 1e-12))

    def bound(direction: float) -> float:
        inside, step = beta, 2.0 * se
        outside = beta + direction * step
        while pvalue(outside) > alpha:
            step *= 2.0
            if step > 1e6 * se:
                return direction * math.inf
            inside, outside = outside, beta + direction * step
        for _ in range(60):
            mid = 0.5 * (inside + outside)
            if pvalue(mid) > alpha:
                inside = mid
            else:
                outside = mid
            if abs(outside - inside) <= 1e-9 * max(se, abs(beta), 1e-12):
                break
        return 0.5 * (inside + outside)

    return WildResult(p_value=pvalue(null), ci=(bound(-1.0), bound(1.0)), weights=weights, draws=draws)
