"""SYNTHETIC monthly plant series for the steel carbon-management workflow.

No steel company publishes its monthly emission intensity, so the interrupted-time-series
workflow (:func:`greenimpact.stats.interrupted_time_series`) is shown on seeded synthetic data,
calibrated to the seed article's Baosteel claim (about 2.16 t CO2/t before the digital
carbon-management platform, below 1.98 after). The series is labelled synthetic in its ``plant``
name, its ``synthetic`` column and its ``note``; it is never a measurement.

The embedded file ``data/steel_plant_series.csv`` is exactly ``synthetic_plant_series()``
(a test regenerates it). The old import path ``greenimpact.sectors.steel_synthetic`` still works.
"""

from __future__ import annotations

import numpy as np

from greenimpact import checks

__all__ = ["SYNTHETIC_PLANT", "synthetic_plant_series", "synthetic_truth"]

#: Name of the synthetic plant (the word SYNTHETIC is part of the name on purpose).
SYNTHETIC_PLANT = "Baosteel-like plant (SYNTHETIC)"

_DEFAULTS = {
    "start": "2019-01",
    "end": "2024-12",
    "intervention": "2021-01",
    "before_tco2_per_t": 2.16,
    "after_tco2_per_t": 1.98,
    "level_share": 0.4,
    "season_tco2_per_t": 0.02,
    "ar_rho": 0.5,
    "noise_tco2_per_t": 0.012,
    "output_mt_per_yr": 51.0,
}


def synthetic_truth(
    *,
    start: str = _DEFAULTS["start"],
    end: str = _DEFAULTS["end"],
    intervention: str = _DEFAULTS["intervention"],
    before_tco2_per_t: float = _DEFAULTS["before_tco2_per_t"],
    after_tco2_per_t: float = _DEFAULTS["after_tco2_per_t"],
    level_share: float = _DEFAULTS["level_share"],
) -> dict:
    r"""The true level and slope change built into :func:`synthetic_plant_series`.

    Parameters
    ----------
    start, end : str
        First and last month (``"YYYY-MM"``).
    intervention : str
        First month with the platform in operation (after ``start``, not after ``end``).
    before_tco2_per_t, after_tco2_per_t : float
        Intensity before the platform and at the end of the series [t CO2/t].
    level_share : float
        Share of the total drop that happens at once [-], within [0, 1].

    Returns
    -------
    dict
        ``level_change`` [t CO2/t], ``slope_change`` [t CO2/t per month], ``n_before`` and
        ``n_after`` [months].

    Notes
    -----
    The total drop :math:`\Delta = I_{after} - I_{before}` is split into an immediate level
    change :math:`s\Delta` at the intervention and a linear slope change that reaches the full
    drop at the last month: :math:`(1-s)\Delta / (n_{after} - 1)`.

    Examples
    --------
    >>> t = synthetic_truth()
    >>> round(t["level_change"], 3), round(t["slope_change"], 5), t["n_before"], t["n_after"]
    (-0.072, -0.0023, 24, 48)
    """
    import pandas as pd

    months = pd.period_range(start, end, freq="M")
    p = pd.Period(intervention, freq="M")
    if not months[0] < p <= months[-1]:
        raise ValueError(f"intervention {intervention!r} must lie after {start} and not after {end}")
    checks.share(level_share, "level_share", fraction=True)
    n_before = int((p - months[0]).n)
    n_after = len(months) - n_before
    drop = after_tco2_per_t - before_tco2_per_t
    slope = (1 - level_share) * drop / max(n_after - 1, 1)
    return {"level_change": level_share * drop, "slope_change": slope, "n_before": n_before, "n_after": n_after}


def synthetic_plant_series(
    *,
    seed: int = 2025,
    plant: str = SYNTHETIC_PLANT,
    start: str = _DEFAULTS["start"],
    end: str = _DEFAULTS["end"],
    intervention: str = _DEFAULTS["intervention"],
    before_tco2_per_t: float = _DEFAULTS["before_tco2_per_t"],
    after_tco2_per_t: float = _DEFAULTS["after_tco2_per_t"],
    level_share: float = _DEFAULTS["level_share"],
    season_tco2_per_t: float = _DEFAULTS["season_tco2_per_t"],
    ar_rho: float = _DEFAULTS["ar_rho"],
    noise_tco2_per_t: float = _DEFAULTS["noise_tco2_per_t"],
    output_mt_per_yr: float = _DEFAULTS["output_mt_per_yr"],
):
    r"""A seeded SYNTHETIC monthly emission-intensity series of a steel plant.

    Parameters
    ----------
    seed : int
        Seed of the noise (``numpy.random.default_rng``).
    plant : str
        Plant name written to the ``plant`` column.
    start, end : str
        First and last month (``"YYYY-MM"``).
    intervention : str
        First month with the carbon-management platform in operation.
    before_tco2_per_t, after_tco2_per_t : float
        Intensity before the platform and at the end of the series [t CO2/t] (seed article:
        about 2.16 and below 1.98).
    level_share : float
        Share of the total drop that happens at once when the platform goes live [-].
    season_tco2_per_t : float
        Amplitude of the seasonal cycle (highest in January) [t CO2/t].
    ar_rho : float
        AR(1) coefficient of the noise [-], in (-1, 1).
    noise_tco2_per_t : float
        Standard deviation of the AR(1) innovations [t CO2/t].
    output_mt_per_yr : float
        Annual crude-steel output around which monthly output varies [Mt/yr] (Baosteel: about
        51 Mt).

    Returns
    -------
    pandas.DataFrame
        The columns of the ``steel_plant_series`` dataset (``greenimpact.data.describe``):
        ``plant, year, month, value, unit, crude_steel_mt, boundary, synthetic, source,
        confidence, note``; ``attrs["truth"]`` holds :func:`synthetic_truth` and
        ``attrs["synthetic"]`` is ``True``.

    Notes
    -----
    .. math:: I_t = I_{before} + \beta_2 D_t + \beta_3 (t - t_0) D_t
              + A \cos\!\big(2\pi (m_t - 1)/12\big) + \varepsilon_t,
              \quad \varepsilon_t = \rho\,\varepsilon_{t-1} + \eta_t,
              \ \eta_t \sim N(0, \sigma^2)

    with :math:`\beta_2, \beta_3` from :func:`synthetic_truth` and a stationary start. Values are
    rounded to 4 decimals (intensity) and 3 decimals (output) so that the CSV round-trips.

    Examples
    --------
    >>> df = synthetic_plant_series()
    >>> len(df), df["synthetic"].all(), df["unit"].iloc[0]
    (72, np.True_, 't CO2/t')
    """
    import pandas as pd

    checks.number(ar_rho, "ar_rho", low=-1, high=1, low_open=True, high_open=True)
    checks.nonnegative(noise_tco2_per_t, "noise_tco2_per_t", "t CO2/t")
    checks.nonnegative(season_tco2_per_t, "season_tco2_per_t", "t CO2/t")
    checks.positive(output_mt_per_yr, "output_mt_per_yr", "Mt/yr")
    truth = synthetic_truth(
        start=start, end=end, intervention=intervention, before_tco2_per_t=before_tco2_per_t,
        after_tco2_per_t=after_tco2_per_t, level_share=level_share,
    )
    months = pd.period_range(start, end, freq="M")
    n, t0 = len(months), truth["n_before"]
    t = np.arange(n)
    post = t >= t0
    rng = np.random.default_rng(seed)
    eta = rng.normal(0.0, noise_tco2_per_t, n)
    eps = np.empty(n)
    eps[0] = eta[0] / np.sqrt(1 - ar_rho**2)
    for i in range(1, n):  # AR(1) recursion over one short series
        eps[i] = ar_rho * eps[i - 1] + eta[i]
    month_of_year = np.asarray(months.month)
    season = season_tco2_per_t * np.cos(2 * np.pi * (month_of_year - 1) / 12)
    value = (
        before_tco2_per_t
        + truth["level_change"] * post
        + truth["slope_change"] * (t - t0) * post
        + season
        + eps
    )
    days = np.asarray(months.days_in_month, dtype=float)
    output = output_mt_per_yr * days / 365.0 * (1 + rng.normal(0.0, 0.03, n))
    frame = pd.DataFrame(
        {
            "plant": plant,
            "year": np.asarray(months.year, dtype=np.int64),
            "month": month_of_year.astype(np.int64),
            "value": np.round(value, 4),
            "unit": "t CO2/t",
            "crude_steel_mt": np.round(output, 3),
            "boundary": "not_stated",
            "synthetic": True,
            "source": "greenimpact_synthetic_steel",
            "confidence": "assumption",
            "note": "SYNTHETIC",
        }
    )
    frame.attrs["truth"] = truth
    frame.attrs["synthetic"] = True
    return frame
