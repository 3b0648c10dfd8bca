"""Energy per AI request: from fleet figures and from published per-query estimates.

References
----------
.. [1] de Vries, A. (2023). The growing energy footprint of artificial intelligence. Joule 7(10).
.. [2] You, J. (2025). How much energy does ChatGPT use? Epoch AI.
.. [3] Google (2025). Measuring the environmental impact of delivering AI at Google scale.
.. [4] EIA (2021). How much electricity does an American home use? (FAQ; 10,715 kWh in 2020).
"""

from __future__ import annotations

import numpy as np

__all__ = ["daily_energy_kwh", "fleet_wh_per_request", "household_equivalents", "request_estimates"]


def fleet_wh_per_request(servers, power_kw, requests_per_day, hours_per_day=24.0):
    r"""Energy per request implied by a server fleet [Wh/request].

    .. math:: e = N \cdot P \cdot h / R

    Parameters
    ----------
    servers : array_like
        Servers serving the requests [-].
    power_kw : array_like
        Power per server [kW] (de Vries uses the 6.5 kW peak of an HGX A100 server).
    requests_per_day : array_like
        Requests per day [request/day], > 0.
    hours_per_day : array_like
        Operating hours per day [h].

    Examples
    --------
    de Vries (2023): 3,617 servers x 6.5 kW x 24 h over 13 M users x 15 requests a day:

    >>> round(float(fleet_wh_per_request(3617, 6.5, 13e6 * 15)), 2)
    2.89
    """
    n, p = np.asarray(servers, dtype=float), np.asarray(power_kw, dtype=float)
    r, h = np.asarray(requests_per_day, dtype=float), np.asarray(hours_per_day, dtype=float)
    if np.any(n < 0):
        raise ValueError("servers must be >= 0")
    if np.any(p < 0):
        raise ValueError("power_kw must be >= 0")
    if np.any(r <= 0):
        raise ValueError("requests_per_day must be > 0")
    if np.any((h < 0) | (h > 24)):
        raise ValueError("hours_per_day must be within 0-24")
    return n * p * h * 1000.0 / r


def daily_energy_kwh(requests_per_day, wh_per_request):
    """Electricity per day for a request volume [kWh/day].

    Examples
    --------
    >>> float(daily_energy_kwh(200e6, 2.5))
    500000.0
    """
    r, e = np.asarray(requests_per_day, dtype=float), np.asarray(wh_per_request, dtype=float)
    if np.any(r < 0) or np.any(e < 0):
        raise ValueError("requests_per_day and wh_per_request must be >= 0")
    return r * e / 1000.0


def household_equivalents(kwh_per_day, household_kwh_per_year):
    r"""Number of households whose average daily use equals ``kwh_per_day`` [household].

    .. math:: H = E_{day} / (E_{household,yr} / 365)

    Examples
    --------
    The seed article: 500,000 kWh a day is "about 17,000 US households" (EIA: 10,715 kWh/yr):

    >>> round(float(household_equivalents(500_000, 10_715)), -2)
    17000.0
    """
    e, hh = np.asarray(kwh_per_day, dtype=float), np.asarray(household_kwh_per_year, dtype=float)
    if np.any(hh <= 0):
        raise ValueError("household_kwh_per_year must be > 0")
    if np.any(e < 0):
        raise ValueError("kwh_per_day must be >= 0")
    return e / (hh / 365.0)


def request_estimates(requests_per_day: float = 200e6, household_country: str = "US"):
    """Published per-request estimates with the daily energy and household equivalents they
    imply for ``requests_per_day`` (default: the seed article's 200 million a day).

    Returns
    -------
    pandas.DataFrame
        ``estimate, service, year, wh_per_request, boundary, kwh_per_day, households, source,
        confidence``.
    """
    from greenimpact import data

    est = data.load("ai_request_energy")
    hh = data.load("household_electricity").query("country == @household_country")
    if hh.empty:
        raise ValueError(f"no household electricity figure for country {household_country!r}")
    hh_kwh = float(hh.sort_values("year")["value"].iloc[-1])
    out = est[["estimate", "service", "year", "value", "boundary", "source", "confidence"]].rename(
        columns={"value": "wh_per_request"}
    )
    out["kwh_per_day"] = daily_energy_kwh(requests_per_day, out["wh_per_request"])
    out["households"] = household_equivalents(out["kwh_per_day"], hh_kwh)
    return out.sort_values("wh_per_request", ascending=False).reset_index(drop=True)
