"""Variance-based sensitivity: first-order and total Sobol indices.

Sampling uses scrambled Sobol sequences from :mod:`scipy.stats.qmc` arranged in Saltelli's
scheme (matrices A, B and the d matrices :math:`A_B^{(i)}` whose column *i* comes from B);
the indices and their bootstrap confidence intervals come from SALib's ``sobol.analyze``
(Saltelli 2002; Saltelli et al. 2010 estimators). The model is evaluated once on all
:math:`N (d + 2)` rows, so a vectorised model (every greenimpact model is) pays one call.

Inputs are described on the unit hypercube: ``evaluate`` receives a matrix ``u`` of shape
``(rows, d)`` with values in [0, 1) and maps them to its parameters itself (for the net model,
through the inverse CDF of each parameter's distribution).

References
----------
.. [1] Saltelli, A. (2002). Making best use of model evaluations to compute sensitivity indices.
   Computer Physics Communications 145(2), 280-297. https://doi.org/10.1016/S0010-4655(02)00280-1
.. [2] Saltelli, A., Annoni, P., Azzini, I., Campolongo, F., Ratto, M., Tarantola, S. (2010).
   Variance based sensitivity analysis of model output. Computer Physics Communications 181(2),
   259-270. https://doi.org/10.1016/j.cpc.2009.09.018
.. [3] Herman, J., Usher, W. (2017). SALib: An open-source Python library for sensitivity
   analysis. Journal of Open Source Software 2(9), 97. https://doi.org/10.21105/joss.00097
.. [4] Ishigami, T., Homma, T. (1990). An importance quantification technique in uncertainty
   analysis for computer models. ISUMA '90, 398-403.
   https://doi.org/10.1109/ISUMA.1990.151285
"""

from __future__ import annotations

import numpy as np

__all__ = ["ishigami", "saltelli_rows", "sobol_indices"]


def saltelli_rows(d: int, n: int, *, seed: int = 0) -> np.ndarray:
    """Saltelli's sample on the unit hypercube from a scrambled Sobol sequence.

    Parameters
    ----------
    d : int
        Number of inputs.
    n : int
        Base sample size; a power of two (Sobol sequences are balanced at powers of two).
    seed : int
        Seed of the scrambling.

    Returns
    -------
    numpy.ndarray
        Shape ``(n * (d + 2), d)``: for each base point the rows A, :math:`A_B^{(1)}` ...
        :math:`A_B^{(d)}`, B — the layout SALib's ``sobol.analyze`` reads with
        ``calc_second_order=False``.
    """
    from scipy.stats import qmc

    if d < 1:
        raise ValueError(f"d must be >= 1, got {d}")
    if n < 2 or n & (n - 1):
        raise ValueError(f"n must be a power of two >= 2, got {n}")
    base = qmc.Sobol(d=2 * d, scramble=True, seed=seed).random(n)
    a, b = base[:, :d], base[:, d:]
    rows = np.empty((n, d + 2, d))
    rows[:, 0] = a
    for i in range(d):
        rows[:, i + 1] = a
        rows[:, i + 1, i] = b[:, i]
    rows[:, d + 1] = b
    return rows.reshape(n * (d + 2), d)


def sobol_indices(evaluate, names, n: int = 1024, *, seed: int = 0, resamples: int = 100):
    """First-order and total Sobol indices of one or several model outputs.

    Parameters
    ----------
    evaluate : callable
        ``evaluate(u) -> array or dict of arrays``: ``u`` has shape ``(rows, d)`` with values in
        [0, 1); each output has one value per row.
    names : sequence of str
        The d input names.
    n : int
        Base sample size (a power of two); the model is evaluated on ``n * (d + 2)`` rows.
    seed : int
        Seed of the Sobol scrambling and of SALib's bootstrap.
    resamples : int
        Bootstrap resamples for the 95 % confidence intervals.

    Returns
    -------
    pandas.DataFrame
        ``output, parameter, S1, S1_conf, ST, ST_conf`` (index values [-]; ``*_conf`` the
        half-width of the 95 % bootstrap interval), ordered by output then descending ST. An
        output with no variance gets NaN indices. ``attrs["evaluations"]`` is the number of
        model runs.

    Examples
    --------
    The Ishigami function (a = 7, b = 0.1) has S1 = 0.314, 0.442, 0 and ST = 0.558, 0.442, 0.244:

    >>> t = sobol_indices(ishigami, ["x1", "x2", "x3"], 4096)
    >>> t.set_index("parameter").loc[["x1", "x2", "x3"], ["S1", "ST"]].round(1).values.tolist()
    [[0.3, 0.6], [0.4, 0.4], [0.0, 0.2]]
    """
    import pandas as pd
    from SALib.analyze import sobol as salib_sobol

    names = list(names)
    d = len(names)
    u = saltelli_rows(d, n, seed=seed)
    result = evaluate(u)
    outputs = result if isinstance(result, dict) else {"y": result}
    problem = {"num_vars": d, "names": names, "bounds": [[0.0, 1.0]] * d}
    frames = []
    for output, y in outputs.items():
        y = np.broadcast_to(np.asarray(y, dtype=float), (u.shape[0],))
        if not np.all(np.isfinite(y)):
            raise ValueError(f"output {output!r} has non-finite values; Sobol indices need finite outputs")
        if np.var(y) == 0:
            s1 = st = s1c = stc = np.full(d, np.nan)
        else:
            # SALib seeds its bootstrap only for a truthy seed (seed 0 would leave it random)
            res = salib_sobol.analyze(problem, np.ascontiguousarray(y), calc_second_order=False,
                                      num_resamples=resamples, print_to_console=False, seed=int(seed) + 1)
            s1, st, s1c, stc = res["S1"], res["ST"], res["S1_conf"], res["ST_conf"]
        frames.append(pd.DataFrame({"output": output, "parameter": names, "S1": s1, "S1_conf": s1c,
                                    "ST": st, "ST_conf": stc}))
    out = pd.concat(frames, ignore_index=True)
    out = out.sort_values(["output", "ST"], ascending=[True, False], kind="stable").reset_index(drop=True)
    out.attrs["evaluations"] = int(u.shape[0])
    return out


def ishigami(u, a: float = 7.0, b: float = 0.1):
    r"""The Ishigami test function on the unit cube (inputs scaled to :math:`[-\pi, \pi]`).

    .. math:: f = \sin x_1 + a \sin^2 x_2 + b\,x_3^4 \sin x_1

    Its Sobol indices are known in closed form [4]_, which makes it the standard check of an
    estimator: with a = 7, b = 0.1, S1 = (0.3139, 0.4424, 0), ST = (0.5576, 0.4424, 0.2437).
    """
    x = -np.pi + 2 * np.pi * np.asarray(u, dtype=float)
    return np.sin(x[:, 0]) + a * np.sin(x[:, 1]) ** 2 + b * x[:, 2] ** 4 * np.sin(x[:, 0])
