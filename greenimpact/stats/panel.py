"""Panel designs: two-way fixed effects with staggered adoption, and energy benchmarking.

:func:`panel_fixed_effects` estimates the average effect of a treatment that units (enterprises)
adopt at different times (staggered adoption), controlling for everything constant within a unit
and everything common to all units in a period (unit and time fixed effects), with standard errors
clustered by unit. :func:`energy_benchmark` ranks units by energy use given their output (OLS and
quantile regression in logs; the low quantile traces the efficient frontier).

statsmodels is imported only when a function is called.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field

import numpy as np

__all__ = [
    "BenchmarkResult",
    "PanelResult",
    "StaggeredAdoptionWarning",
    "energy_benchmark",
    "panel_fixed_effects",
    "partialler",
    "within",
]


class StaggeredAdoptionWarning(UserWarning):
    """Units adopt at different times: the TWFE coefficient may be a distorted average."""



@dataclass
class PanelResult:
    """Result of :func:`panel_fixed_effects`.

    ``effect`` is the coefficient of the treatment indicator in units of the outcome (for a log
    outcome, a log change: :attr:`effect_pct` converts it to percent). The design diagnostics:
    ``n_clusters``, ``n_treated_units``, ``n_cohorts`` (distinct adoption periods),
    ``n_pre_periods`` (periods before the first adoption), ``staggered``, ``inference`` (the
    interval method) and ``warnings``.
    """

    effect: float
    effect_ci: tuple[float, float]
    p_value: float
    se: float
    model: object  # statsmodels RegressionResults of the within-transformed regression
    n_obs: int
    n_units: int
    n_periods: int
    n_clusters: int
    n_treated_units: int
    outcome: str
    treated: str
    covariates: list[str] = field(default_factory=list)
    alpha: float = 0.05
    n_cohorts: int = 0
    n_pre_periods: int = 0
    staggered: bool = False
    inference: str = "cluster-robust t(G-1)"
    warnings: list = field(default_factory=list)

    @property
    def effect_pct(self) -> float:
        """``100 (exp(effect) - 1)``: the effect in percent when the outcome is a natural log."""
        return float(100 * np.expm1(self.effect))

    @property
    def effect_pct_ci(self) -> tuple[float, float]:
        """The confidence interval of :attr:`effect_pct` (transformed end points)."""
        lo, hi = self.effect_ci
        return float(100 * np.expm1(lo)), float(100 * np.expm1(hi))

    def summary(self):
        """One-row DataFrame: effect, standard error, CI, p-value and the panel's dimensions."""
        import pandas as pd

        level = round(100 * (1 - self.alpha))
        return pd.DataFrame(
            [
                {
                    "outcome": self.outcome,
                    "treated": self.treated,
                    "effect": self.effect,
                    "se": self.se,
                    f"ci{level}_low": self.effect_ci[0],
                    f"ci{level}_high": self.effect_ci[1],
                    "p_value": self.p_value,
                    "n_obs": self.n_obs,
                    "units": self.n_units,
                    "periods": self.n_periods,
                    "clusters": self.n_clusters,
                    "treated_units": self.n_treated_units,
                    "cohorts": self.n_cohorts,
                    "pre_periods": self.n_pre_periods,
                    "inference": self.inference,
                }
            ]
        )


def within(values, unit_codes, time_codes, *, tol=1e-10, max_iter=1000):
    r"""Two-way within transformation: remove unit and time means from each column.

    Parameters
    ----------
    values : array_like, shape (n,) or (n, k)
        Columns to transform.
    unit_codes, time_codes : array_like of int, shape (n,)
        Integer codes 0..U-1 and 0..T-1 of each observation's unit and period.
    tol : float
        Convergence tolerance (largest absolute change of one sweep) for unbalanced panels.
    max_iter : int
        Largest number of alternating sweeps.

    Returns
    -------
    numpy.ndarray
        The residuals of projecting each column on unit and time dummies, same shape as ``values``.

    Notes
    -----
    Alternating projections (the method of Guimarães & Portugal 2010, as in ``reghdfe``): subtract
    unit means, then time means, until nothing changes. On a balanced panel one sweep gives the
    exact :math:`\tilde x_{it} = x_{it} - \bar x_{i\cdot} - \bar x_{\cdot t} + \bar x`.

    Examples
    --------
    >>> import numpy as np
    >>> x = np.array([1.0, 2.0, 3.0, 5.0])           # units 0,0,1,1 x periods 0,1,0,1
    >>> within(x, [0, 0, 1, 1], [0, 1, 0, 1]).round(3).tolist()
    [0.25, -0.25, -0.25, 0.25]
    """
    x = np.array(values, dtype=float)
    squeeze = x.ndim == 1
    if squeeze:
        x = x[:, None]
    unit_codes = np.asarray(unit_codes, dtype=np.int64)
    time_codes = np.asarray(time_codes, dtype=np.int64)
    n_u, n_t = unit_codes.max() + 1, time_codes.max() + 1
    cnt_u = np.bincount(unit_codes, minlength=n_u).astype(float)
    cnt_t = np.bincount(time_codes, minlength=n_t).astype(float)
    for _ in range(max_iter):
        change = 0.0
        for codes, counts, size in ((unit_codes, cnt_u, n_u), (time_codes, cnt_t, n_t)):
            means = (
                np.column_stack(
                    [np.bincount(codes, weights=x[:, j], minlength=size) for j in range(x.shape[1])]
                )
                / counts[:, None]
            )
            step = means[codes]
            x -= step
            change = max(change, float(np.abs(step).max(initial=0.0)))
        if change < tol:
            break
    return x[:, 0] if squeeze else x


def partialler(unit_codes, time_codes, controls):
    """The annihilator of unit effects, period effects and ``controls``, as a function.

    Parameters
    ----------
    unit_codes, time_codes : array_like of int, shape (n,)
        Integer codes of each observation's unit and period (as for :func:`within`).
    controls : array_like, shape (n, k)
        Further regressors to partial out (k may be 0); columns the fixed effects absorb are
        dropped.

    Returns
    -------
    (callable, int)
        ``partial(W)``: the (n, m) matrix ``W`` with the fixed effects and controls partialled
        out (Frisch-Waugh-Lovell), and the number of controls kept.

    Examples
    --------
    >>> import numpy as np
    >>> partial, kept = partialler([0, 0, 1, 1], [0, 1, 0, 1], np.zeros((4, 0)))
    >>> partial(np.array([[1.0], [2.0], [3.0], [5.0]])).ravel().round(3).tolist(), kept
    ([0.25, -0.25, -0.25, 0.25], 0)
    """
    controls = np.asarray(controls, dtype=float)
    z = within(controls, unit_codes, time_codes) if controls.shape[1] else controls
    if z.shape[1]:
        keep = np.abs(z).max(axis=0) > 1e-9 * max(1.0, float(np.abs(controls).max()))
        z = z[:, keep]

    def partial(w):
        w = within(w, unit_codes, time_codes)
        if z.shape[1]:
            coef, *_ = np.linalg.lstsq(z, w, rcond=None)
            w = w - z @ coef
        return w

    return partial, z.shape[1]


def panel_fixed_effects(
    data, outcome, treated, unit, time, cluster=None, *, covariates=(), alpha=0.05, inference="auto",
    draws=1999, seed=0,
) -> PanelResult:
    r"""Two-way fixed-effects estimate of a staggered treatment's effect.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per unit and period (a panel; it may be unbalanced).
    outcome : str
        Column of the outcome :math:`y_{it}` (e.g. log monthly energy [log tce]).
    treated : str
        Column of the treatment indicator :math:`D_{it}` (0/1 or bool: 1 from the period a unit
        adopts onwards).
    unit, time : str
        Columns identifying the unit (enterprise) and the period (month).
    cluster : str, optional
        Column to cluster standard errors by; default ``unit``.
    covariates : sequence of str
        Time-varying controls :math:`x_{it}` (e.g. log output).
    alpha : float
        1 - confidence level of ``effect_ci`` (0.05 gives a 95 % interval).
    inference : {"auto", "wild", "cluster"}
        As in :func:`greenimpact.stats.difference_in_differences`: ``auto`` uses the restricted
        wild cluster bootstrap with fewer than 30 clusters or fewer than 10 treated or
        never-treated clusters, else the cluster-robust t.
    draws, seed : int
        Bootstrap draws and seed (wild bootstrap only).

    Warns
    -----
    StaggeredAdoptionWarning
        When units adopt in different periods (the message points to
        :func:`greenimpact.stats.callaway_santanna` and
        :func:`greenimpact.stats.bacon_decomposition`).

    Returns
    -------
    PanelResult
        ``effect`` [outcome units], ``effect_ci``, ``p_value``, ``se`` and ``model`` (the
        statsmodels OLS results on the within-transformed data).

    Raises
    ------
    ValueError
        A named column is missing, holds non-finite values, ``treated`` is not 0/1, or the
        treatment does not vary once unit and time effects are removed.

    Notes
    -----
    The model is

    .. math:: y_{it} = \alpha_i + \gamma_t + \beta D_{it} + x_{it}'\delta + \varepsilon_{it}

    estimated by OLS after the two-way within transformation (:func:`within`), which gives the
    same :math:`\hat\beta` as dummies for every unit and period without building them. Standard
    errors are cluster-robust (CR1, small-sample factor :math:`G/(G-1)\cdot(N-1)/(N-K)`, where K
    counts the regressors and the absorbed effects not nested within clusters, as ``reghdfe``
    does) and the interval and p-value use Student's t with :math:`G-1` degrees of freedom, G the
    number of clusters. ``model`` holds statsmodels' fit of the demeaned data, whose own standard
    errors omit the absorbed-effects count.
    With staggered adoption the estimate is a weighted average of 2x2 comparisons, some of which
    use already-treated units as controls (Goodman-Bacon 2021); when effects grow with time since
    adoption it is badly biased: in ``benchmarks/bench_coverage.py`` (60 units in three cohorts
    and never treated, effect rising 0.1 per period) it returned about half the true average
    effect (bias -0.19 on 0.37) and its 95 % interval covered the truth in 5 of 200
    simulations (**0.025**). With a constant effect it is unbiased (coverage 0.905). It therefore warns when adoption is staggered;
    use :func:`greenimpact.stats.callaway_santanna` for an estimate that stays right with
    dynamic effects, and :func:`greenimpact.stats.bacon_decomposition` to see the weights.

    References
    ----------
    .. [1] Cameron, A. C. and Miller, D. L. (2015). A practitioner's guide to cluster-robust
       inference. Journal of Human Resources 50(2), 317-372.
    .. [2] Goodman-Bacon, A. (2021). Difference-in-differences with variation in treatment
       timing. Journal of Econometrics 225(2), 254-277.
    .. [3] de Chaisemartin, C. and D'Haultfœuille, X. (2020). Two-way fixed effects estimators
       with heterogeneous treatment effects. American Economic Review 110(9), 2964-2996.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> rng = np.random.default_rng(1)
    >>> units, months = np.meshgrid(np.arange(30), np.arange(24), indexing="ij")
    >>> d = (months >= 6 + units % 12) & (units < 20)
    >>> y = 0.1 * units + 0.02 * months - 0.1 * d + rng.normal(0, 0.05, units.shape)
    >>> df = pd.DataFrame({"u": units.ravel(), "t": months.ravel(), "d": d.ravel(), "y": y.ravel()})
    >>> import warnings
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     res = panel_fixed_effects(df, "y", "d", "u", "t")
    >>> round(res.effect, 2), res.effect_ci[0] < -0.1 < res.effect_ci[1], res.n_cohorts
    (-0.1, True, 12)
    >>> caught[0].category.__name__
    'StaggeredAdoptionWarning'
    """
    import pandas as pd
    import statsmodels.api as sm
    from scipy.stats import t as student_t

    from greenimpact.stats.bootstrap import (
        FEW_CLUSTERS,
        FEW_TREATED_CLUSTERS,
        wild_cluster_bootstrap,
    )

    if inference not in ("auto", "wild", "cluster"):
        raise ValueError(f"inference must be 'auto', 'wild' or 'cluster', got {inference!r}")
    cluster = unit if cluster is None else cluster
    covariates = list(covariates)
    for arg, col in [
        ("outcome", outcome),
        ("treated", treated),
        ("unit", unit),
        ("time", time),
        ("cluster", cluster),
    ] + [("covariates", c) for c in covariates]:
        if col not in data.columns:
            raise ValueError(
                f"{arg}={col!r} is not a column of data (columns: {', '.join(map(str, data.columns))})"
            )
    if not 0 < alpha < 1:
        raise ValueError(f"alpha must be within (0, 1), got {alpha!r}")
    for arg, col in [("outcome", outcome)] + [("covariates", c) for c in covariates]:
        vals = pd.to_numeric(data[col], errors="coerce").to_numpy(dtype=float)
        if not np.all(np.isfinite(vals)):
            bad = int(np.flatnonzero(~np.isfinite(vals))[0])
            raise ValueError(
                f"{arg}={col!r} must be finite numbers; row {bad} holds {data[col].iloc[bad]!r}"
            )
    d = data[treated]
    d_num = pd.to_numeric(
        d.astype("float64") if d.dtype == bool or str(d.dtype) == "boolean" else d, errors="coerce"
    )
    if not d_num.isin([0, 1]).all():
        raise ValueError(f"treated={treated!r} must be 0/1 or boolean")
    for arg, col in (("unit", unit), ("time", time), ("cluster", cluster)):
        if data[col].isna().any():
            raise ValueError(f"{arg}={col!r} has missing values")

    unit_codes = pd.factorize(data[unit], sort=True)[0]
    time_codes = pd.factorize(data[time], sort=True)[0]
    groups = pd.factorize(data[cluster], sort=True)[0]
    cols = [outcome, treated, *covariates]
    raw = np.column_stack(
        [pd.to_numeric(data[outcome]).to_numpy(float), d_num.to_numpy(float)]
        + [pd.to_numeric(data[c]).to_numpy(float) for c in covariates]
    )
    tr = within(raw, unit_codes, time_codes)
    if np.abs(tr[:, 1]).max() < 1e-12:
        raise ValueError(
            f"treated={treated!r} does not vary once unit and time effects are removed "
            "(no unit changes status, or all change in the same period)"
        )
    exog = pd.DataFrame(tr[:, 1:], columns=cols[1:])
    fit = sm.OLS(tr[:, 0], exog).fit(cov_type="cluster", cov_kwds={"groups": groups}, use_t=True)
    # statsmodels' CR1 factor counts only the regressors of the demeaned model; also count the
    # absorbed effects that are not nested within the clusters (reghdfe's convention).
    n, k = len(data), exog.shape[1]
    n_units, n_periods, n_groups = unit_codes.max() + 1, time_codes.max() + 1, groups.max() + 1
    nested = bool((pd.Series(groups).groupby(unit_codes).nunique() == 1).all())
    absorbed = (n_periods - 1) + (0 if nested else n_units - 1)
    if n - k - absorbed <= 0:
        raise ValueError("too few observations for the unit and time effects and the regressors")
    se = float(fit.bse[treated]) * float(np.sqrt((n - k) / (n - k - absorbed)))
    effect = float(fit.params[treated])
    dvals = d_num.to_numpy(float)
    treated_units = pd.Series(dvals).groupby(unit_codes).max()
    starts = pd.Series(time_codes[dvals > 0]).groupby(unit_codes[dvals > 0]).min()
    n_cohorts = int(starts.nunique())
    notes = []
    if n_cohorts > 1:
        first, last = (data[time].iloc[np.flatnonzero(time_codes == c)[0]] for c in (starts.min(), starts.max()))
        notes.append(
            f"adoption is staggered ({n_cohorts} adoption periods, {first} to {last}): the two-way "
            "fixed-effects coefficient also compares later adopters with units already treated, so if the "
            "effect changes with time since adoption it is biased, possibly of the wrong sign (Goodman-Bacon "
            "2021). See greenimpact.stats.bacon_decomposition for the weight of those comparisons and use "
            "greenimpact.stats.callaway_santanna for an estimate robust to it"
        )
        warnings.warn(notes[-1], StaggeredAdoptionWarning, stacklevel=2)
    cl_treated = pd.Series(dvals).groupby(groups).max().to_numpy() > 0
    n_tr_cl, n_co_cl = int(cl_treated.sum()), int((~cl_treated).sum())
    use_wild = inference == "wild" or (
        inference == "auto" and (n_groups < FEW_CLUSTERS or min(n_tr_cl, n_co_cl) < FEW_TREATED_CLUSTERS)
    )
    if use_wild and n_tr_cl >= 2 and n_co_cl >= 1:
        partial, _ = partialler(unit_codes, time_codes, raw[:, 2:])
        y_dot, d_dot = partial(raw[:, :2]).T
        scale = n_groups / (n_groups - 1) * (n - 1) / (n - k - absorbed)
        wild = wild_cluster_bootstrap(y_dot, d_dot, groups, partial, scale=scale, alpha=alpha, draws=draws,
                                      weights="webb" if n_groups <= 12 else "rademacher", seed=seed)
        ci, p_value, method = wild.ci, wild.p_value, "wild cluster bootstrap (WCR)"
    else:
        dist = student_t(df=n_groups - 1)
        half = float(dist.ppf(1 - alpha / 2)) * se
        ci, p_value, method = (effect - half, effect + half), float(2 * dist.sf(abs(effect) / se)), \
            "cluster-robust t(G-1)"
        if use_wild:
            notes.append(f"only {n_tr_cl} cluster(s) with treated units and {n_co_cl} without: the interval "
                         "cannot be trusted")
            warnings.warn(notes[-1], UserWarning, stacklevel=2)
    return PanelResult(
        effect=effect,
        effect_ci=(float(ci[0]), float(ci[1])),
        p_value=float(p_value),
        se=se,
        model=fit,
        n_obs=int(len(data)),
        n_units=int(n_units),
        n_periods=int(n_periods),
        n_clusters=int(n_groups),
        n_treated_units=int((treated_units > 0).sum()),
        outcome=outcome,
        treated=treated,
        covariates=covariates,
        alpha=alpha,
        n_cohorts=n_cohorts,
        n_pre_periods=int(starts.min()) if len(starts) else int(n_periods),
        staggered=n_cohorts > 1,
        inference=method,
        warnings=notes,
    )


@dataclass
class BenchmarkResult:
    """Result of :func:`energy_benchmark`: the per-unit table and the two fitted models."""

    table: object  # pandas.DataFrame
    ols: object
    frontier: object
    quantile: float


def energy_benchmark(data, energy, output, *, entity=None, quantile=0.1) -> BenchmarkResult:
    r"""Benchmark units by energy use given output: OLS and the quantile-regression frontier.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per unit (e.g. an enterprise's annual totals).
    energy : str
        Column of energy use [tce/yr] (> 0).
    output : str
        Column of output [e.g. million CNY/yr] (> 0).
    entity : str, optional
        Column naming each unit (kept in the table).
    quantile : float
        Quantile of energy given output that defines the efficient frontier, in (0, 0.5].

    Returns
    -------
    BenchmarkResult
        ``table`` with, per unit, ``expected`` (OLS, the typical energy for that output),
        ``frontier`` (quantile fit), ``excess_pct`` = 100 (1 - frontier / energy), the share of
        its energy above the frontier, and ``rank`` (1 = furthest above the frontier);
        ``ols`` and ``frontier`` are the statsmodels results (parameters ``const`` and
        ``log_output``, the elasticity).

    Raises
    ------
    ValueError
        Missing column, non-positive values, fewer than 5 units, or a quantile outside (0, 0.5].

    Notes
    -----
    Both fits are log-log, :math:`\ln E_i = a + b \ln Q_i + u_i`: OLS for the conditional mean
    and quantile regression (Koenker & Bassett 1978) at :math:`\tau` for the frontier, so
    :math:`b` is the elasticity of energy with respect to output. Units below the frontier get a
    negative ``excess_pct``.

    References
    ----------
    .. [1] Koenker, R. and Bassett, G. (1978). Regression quantiles. Econometrica 46(1), 33-50.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> q = np.array([10, 20, 40, 80, 160, 320.0])
    >>> df = pd.DataFrame({"e": 2 * q**0.9 * np.array([1.0, 1.3, 1.0, 1.1, 1.0, 1.5]), "q": q})
    >>> res = energy_benchmark(df, "e", "q", quantile=0.2)
    >>> int(res.table["rank"].idxmin())   # the unit furthest above the frontier
    5
    """
    import pandas as pd
    import statsmodels.api as sm

    for arg, col in (("energy", energy), ("output", output)) + (
        (("entity", entity),) if entity else ()
    ):
        if col not in data.columns:
            raise ValueError(f"{arg}={col!r} is not a column of data")
    if not 0 < quantile <= 0.5:
        raise ValueError(f"quantile must be within (0, 0.5], got {quantile!r}")
    e = pd.to_numeric(data[energy], errors="coerce").to_numpy(float)
    q = pd.to_numeric(data[output], errors="coerce").to_numpy(float)
    for arg, col, v in (("energy", energy, e), ("output", output, q)):
        if not np.all(np.isfinite(v) & (v > 0)):
            raise ValueError(f"{arg}={col!r} must be positive finite numbers")
    if len(e) < 5:
        raise ValueError(f"energy_benchmark needs at least 5 units, got {len(e)}")
    X = pd.DataFrame({"const": np.ones(len(q)), "log_output": np.log(q)})
    y = pd.Series(np.log(e), name="log_energy")
    ols = sm.OLS(y, X).fit()
    qr = sm.QuantReg(y, X).fit(q=quantile, max_iter=5000)
    table = pd.DataFrame(index=data.index)
    if entity:
        table[entity] = data[entity].to_numpy()
    table["energy"] = e
    table["output"] = q
    table["expected"] = np.exp(ols.fittedvalues.to_numpy())
    table["frontier"] = np.exp(qr.fittedvalues.to_numpy())
    table["excess_pct"] = 100 * (1 - table["frontier"] / table["energy"])
    table["rank"] = table["excess_pct"].rank(ascending=False, method="first").astype(int)
    return BenchmarkResult(table=table, ols=ols, frontier=qr, quantile=quantile)
