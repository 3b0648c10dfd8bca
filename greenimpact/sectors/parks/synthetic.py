"""A seeded SYNTHETIC industrial park: enterprises x energy carriers x months, with a digital
energy-carbon platform adopted at staggered dates and a known effect.

No park publishes enterprise-level metering data, so the examples, the notebook's preset and the
fixed-effects tests use this generator. Everything it produces is labelled synthetic (``source``
``greenimpact_synthetic_park``, ``confidence`` ``assumption``, ``note`` ``synthetic``). It is
calibrated to published aggregates only where they exist: the park's size sits in the
0.2-1 Mtce/yr class of the zero-carbon park notice, and the platform's saving defaults to the
ISO 50001 initial improvement (10 %, ``data/park_context.csv``). Sector names, the carrier mix,
the spread of sizes and the noise are illustrative choices of this module, not data.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from greenimpact.checks import integer, number, positive
from greenimpact.sectors.parks.accounting import CANONICAL_UNITS
from greenimpact.sectors.parks.metering import conversion_factors

__all__ = ["SyntheticPark", "synthetic_park"]

#: Illustrative sectors of a pan-semiconductor park: mean energy shares (tce) of electricity,
#: natural gas, purchased steam/heat, coal and oil, and the unit products are counted in.
_SECTORS = {
    "wafer fab": ((0.70, 0.10, 0.18, 0.00, 0.02), "thousand item"),
    "packaging and test": ((0.80, 0.08, 0.10, 0.00, 0.02), "thousand item"),
    "electronic materials": ((0.45, 0.25, 0.20, 0.07, 0.03), "t"),
    "equipment": ((0.75, 0.15, 0.05, 0.00, 0.05), "item"),
    "specialty chemicals": ((0.30, 0.30, 0.30, 0.07, 0.03), "t"),
    "photovoltaic cells": ((0.75, 0.12, 0.10, 0.00, 0.03), "thousand item"),
}
_MIX_CARRIERS = ("electricity", "natural_gas", "steam_heat", "coal", "oil")
_SOURCE = "greenimpact_synthetic_park"
#: carriers in the order of the metering rows of one enterprise and month
_ROW_ORDER = ("electricity", "pv_onsite", "natural_gas", "steam_heat", "coal", "oil", "green_power", "gec")


@dataclass
class SyntheticPark:
    """The synthetic park: ``metering`` (schema ``park_metering``), ``production`` (schema
    ``park_production``), ``enterprises`` (one row each: sector, size, adoption month) and
    ``truth`` (the platform effect built in: ``saving_pct``, ``effect_log``)."""

    metering: object
    production: object
    enterprises: object
    truth: dict = field(default_factory=dict)


def _default_saving_pct() -> float:
    from greenimpact import data

    ctx = data.load("park_context").set_index("quantity")
    return float(ctx.loc["ems_initial_saving", "value"])


def synthetic_park(
    n_enterprises=40,
    n_months=36,
    *,
    start="2023-01",
    saving_pct=None,
    park_energy_tce=500_000.0,
    adopt_share=0.75,
    seed=2025,
):
    r"""Generate a SYNTHETIC park with a platform adopted at staggered dates.

    Parameters
    ----------
    n_enterprises : int
        Enterprises (>= 4).
    n_months : int
        Months of data (>= 12), starting at ``start`` (``YYYY-MM``).
    saving_pct : float, optional
        True energy saving of the platform [%], applied to every carrier from an enterprise's
        adoption month; default the ISO 50001 initial improvement in ``data/park_context.csv``
        (10 %, inside the 5-15 % range quoted for integrated energy services).
    park_energy_tce : float
        The park's energy use before the platform [tce/yr] (default 0.5 Mtce/yr: the
        0.2-1 Mtce/yr size class of the zero-carbon park notice).
    adopt_share : float
        Share of enterprises that adopt within the period; the rest never do.
    seed : int
        Seed of the random generator (same seed, same park).

    Returns
    -------
    SyntheticPark

    Notes
    -----
    Monthly energy of enterprise *i* in month *t* [tce]:

    .. math:: \ln E_{it} = \ln\bar E_i + b(\ln Q_{it} - \ln\bar Q_i) + \gamma_t + \sigma_t
              + \beta D_{it} + u_{it},\quad \beta = \ln(1 - s/100)

    with output :math:`Q_{it}` growing at an enterprise-specific rate, a common monthly shock
    :math:`\gamma_t`, a winter peak :math:`\sigma_t`, AR(1) noise :math:`u_{it}` and the
    adoption indicator :math:`D_{it}`. Energy is split into carriers with enterprise-specific
    shares (Dirichlet around its sector's mix), some enterprises self-consume rooftop PV, buy
    green power or certificates; quantities are converted to physical units with the catalogue's
    GB/T 2589 coefficients, so :func:`greenimpact.sectors.parks.inventory` returns
    :math:`E_{it}` (to rounding).

    Examples
    --------
    >>> park = synthetic_park(n_enterprises=6, n_months=12, seed=1)
    >>> sorted(park.metering.columns)[:3], park.truth["saving_pct"]
    (['carrier', 'confidence', 'enterprise'], 10.0)
    """
    import pandas as pd

    integer(n_enterprises, "n_enterprises", low=4)
    integer(n_months, "n_months", low=12)
    number(adopt_share, "adopt_share", low=0, low_open=True, high=1)
    positive(park_energy_tce, "park_energy_tce", "tce/yr")
    s = _default_saving_pct() if saving_pct is None else float(saving_pct)
    number(s, "saving_pct", low=0, high=100, high_open=True, unit="%")
    beta = float(np.log1p(-s / 100))
    rng = np.random.default_rng(seed)
    n, T = int(n_enterprises), int(n_months)
    months = pd.period_range(pd.Period(start, freq="M"), periods=T, freq="M")
    month_str = months.strftime("%Y-%m").to_numpy()
    month_of_year = months.month.to_numpy()
    ids = np.array([f"E{i + 1:02d}" for i in range(n)])
    sectors = rng.choice(list(_SECTORS), size=n)

    # sizes, output and adoption
    size = rng.lognormal(0.0, 1.0, n)
    energy_yr = park_energy_tce * size / size.sum()
    intensity = rng.lognormal(np.log(30.0), 0.4, n)  # tce per million CNY
    output_yr = energy_yr / intensity
    growth = rng.normal(0.04, 0.03, n)
    t = np.arange(T)
    log_q = (
        np.log(output_yr / 12)[:, None]
        + growth[:, None] * t[None, :] / 12
        + 0.05 * np.sin(2 * np.pi * t / 12)[None, :]
        + rng.normal(0.0, 0.04, (n, T))
    )
    adopters = rng.permutation(n)[: int(round(adopt_share * n))]
    adopt = np.full(n, -1)
    adopt[adopters] = rng.integers(6, max(T - 6, 7), size=len(adopters))
    treated = (adopt[:, None] >= 0) & (t[None, :] >= adopt[:, None])

    # monthly energy
    gamma = rng.normal(0.0, 0.02, T)
    season = 0.06 * np.cos(2 * np.pi * (month_of_year - 1) / 12)
    u = np.empty((n, T))
    u[:, 0] = rng.normal(0.0, 0.04 / np.sqrt(1 - 0.4**2), n)
    for j in range(1, T):
        u[:, j] = 0.4 * u[:, j - 1] + rng.normal(0.0, 0.04, n)
    log_e = (
        np.log(energy_yr / 12)[:, None]
        + 0.7 * (log_q - np.log(output_yr / 12)[:, None])
        + gamma[None, :]
        + season[None, :]
        + beta * treated
        + u
    )
    energy = np.exp(log_e)  # tce per month

    # carrier mix, PV, green power and certificates
    means = np.array([_SECTORS[sec][0] for sec in sectors])
    shares = np.zeros_like(means)
    for i in range(n):
        nz = means[i] > 0
        shares[i, nz] = rng.dirichlet(means[i, nz] * 40)
    pv_frac = np.where(rng.random(n) < 0.3, rng.uniform(0.03, 0.12, n), 0.0)
    green_frac = np.where(rng.random(n) < 0.25, rng.uniform(0.10, 0.40, n), 0.0)
    gec_frac = np.where(rng.random(n) < 0.15, rng.uniform(0.05, 0.20, n), 0.0)

    kgce = conversion_factors()["kgce"]  # per MWh, m**3, t, GJ
    units = {c: CANONICAL_UNITS[c] for c in _ROW_ORDER}
    tce = {c: energy * shares[:, j, None] for j, c in enumerate(_MIX_CARRIERS)}
    el_mwh = tce["electricity"] * 1000 / kgce["electricity"]
    qty = {
        "electricity": el_mwh * (1 - pv_frac[:, None]),
        "pv_onsite": el_mwh * pv_frac[:, None],
        "natural_gas": tce["natural_gas"] * 1000 / kgce["natural_gas"],
        "steam_heat": tce["steam_heat"] * 1000 / kgce["steam_heat"],
        "coal": tce["coal"] * 1000 / kgce["coal"],
        "oil": tce["oil"] * 1000 / kgce["oil"],
    }
    qty["green_power"] = qty["electricity"] * green_frac[:, None]
    qty["gec"] = qty["electricity"] * gec_frac[:, None]
    uses = {
        "electricity": np.ones(n, bool),
        "pv_onsite": pv_frac > 0,
        "natural_gas": shares[:, 1] > 0,
        "steam_heat": shares[:, 2] > 0,
        "coal": shares[:, 3] > 0,
        "oil": shares[:, 4] > 0,
        "green_power": green_frac > 0,
        "gec": gec_frac > 0,
    }
    parts = []
    for carrier, q in qty.items():
        rows = np.flatnonzero(uses[carrier])
        if len(rows) == 0:
            continue
        parts.append(
            pd.DataFrame(
                {
                    "enterprise": np.repeat(ids[rows], T),
                    "month": np.tile(month_str, len(rows)),
                    "carrier": carrier,
                    "quantity": np.round(q[rows].ravel(), 3),
                    "unit": units[carrier],
                }
            )
        )
    order = {c: k for k, c in enumerate(units)}
    metering = pd.concat(parts, ignore_index=True)
    metering = metering.sort_values(
        ["enterprise", "month", "carrier"], key=lambda c: c.map(order) if c.name == "carrier" else c
    )
    metering = metering.reset_index(drop=True).assign(
        source=_SOURCE, confidence="assumption", note="synthetic"
    )
    metering["quantity"] = metering["quantity"].astype(float)

    price = rng.lognormal(np.log(2.0), 0.5, n)  # product units per million CNY
    q_month = np.exp(log_q)
    production = pd.DataFrame(
        {
            "enterprise": np.repeat(ids, T),
            "month": np.tile(month_str, n),
            "sector": np.repeat(sectors, T),
            "output_value": np.round(q_month.ravel(), 4),
            "value_unit": "million CNY",
            "product_output": np.round((q_month * price[:, None]).ravel(), 3),
            "product_unit": np.repeat([_SECTORS[sec][1] for sec in sectors], T),
            "platform": treated.ravel(),
            "source": _SOURCE,
            "confidence": "assumption",
            "note": "synthetic",
        }
    )
    enterprises = pd.DataFrame(
        {
            "enterprise": ids,
            "sector": sectors,
            "energy_tce_yr": energy_yr,
            "output_mcny_yr": output_yr,
            "adoption_month": [month_str[a] if a >= 0 else None for a in adopt],
            "pv_share": pv_frac,
            "green_power_share": green_frac,
            "gec_share": gec_frac,
        }
    )
    truth = {
        "saving_pct": s,
        "effect_log": beta,
        "park_energy_tce": float(park_energy_tce),
        "adopters": int(len(adopters)),
        "seed": seed,
        "label": "synthetic",
    }
    return SyntheticPark(
        metering=metering, production=production, enterprises=enterprises, truth=truth
    )
