"""Energy per AI request: from fleet figures and from published per-query estimates.

References
----------
.. [1] de Vries, A. (2023). The growing energy footprint of artificial intelligence. Joule 7(10).
   https://doi.org/10.1016/j.joule.2023.09.004
.. [2] You, J. (2025). How much energy does ChatGPT use? Epoch AI.
   https://epoch.ai/gradient-updates/how-much-energy-does-chatgpt-use
.. [3] Google (2025). Measuring the environmental impact of delivering AI at Google scale.
.. [4] EIA (2021). How much electricity does an American home use? (FAQ; 10,715 kWh in 2020).
   https://www.eia.gov/tools/faqs/faq.php?id=97&t=3
"""

from __future__ import annotations

from greenimpact.checks import nonnegative, number, positive

__all__ = ["daily_energy_kwh", "fleet_wh_per_request", "household_equivalents", "request_estimates"]


def fleet_wh_per_request(servers, power_kw, requests_per_day, hours_per_day=24.0):
    r"""Energy per request implied by a server fleet.

    Parameters
    ----------
    servers : array_like
        Servers serving the requests [-], >= 0.
    power_kw : array_like
        Power per server [kW], >= 0 (de Vries uses the 6.5 kW peak of an HGX A100 server).
    requests_per_day : array_like
        Requests per day [request/day], > 0.
    hours_per_day : array_like, default 24
        Operating hours per day [h/day], 0-24.

    Returns
    -------
    numpy.ndarray
        Energy per request [Wh/request].

    Notes
    -----
    .. math:: e = \frac{1000\,N\,P\,h}{R}

    with :math:`N` servers of power :math:`P` [kW] running :math:`h` hours a day for
    :math:`R` requests a day.

    References
    ----------
    .. [1] de Vries, A. (2023). The growing energy footprint of artificial intelligence. Joule
       7(10). https://doi.org/10.1016/j.joule.2023.09.004

    See also
    --------
    daily_energy_kwh, household_equivalents, request_estimates

    Examples
    --------
    de Vries (2023): 3,617 servers x 6.5 kW x 24 h over 13 M users x 15 requests a day:

    >>> round(float(fleet_wh_per_request(3617, 6.5, 13e6 * 15)), 2)
    2.89
    """
    n = nonnegative(servers, "servers")
    p = nonnegative(power_kw, "power_kw", "kW")
    r = positive(requests_per_day, "requests_per_day", "request/day")
    h = number(hours_per_day, "hours_per_day", unit="h/day", low=0, high=24)
    return n * p * h * 1000.0 / r


def daily_energy_kwh(requests_per_day, wh_per_request):
    r"""Electricity per day for a request volume.

    Parameters
    ----------
    requests_per_day : array_like
        Requests per day [request/day], >= 0.
    wh_per_request : array_like
        Energy per request [Wh/request], >= 0.

    Returns
    -------
    numpy.ndarray
        Electricity [kWh/day].

    Notes
    -----
    .. math:: E_{day} = R\,e / 1000

    References
    ----------
    .. [1] You, J. (2025). How much energy does ChatGPT use? Epoch AI.
       https://epoch.ai/gradient-updates/how-much-energy-does-chatgpt-use

    See also
    --------
    fleet_wh_per_request, household_equivalents, greenimpact.compute.demand.inference_twh

    Examples
    --------
    >>> float(daily_energy_kwh(200e6, 2.5))
    500000.0
    """
    r = nonnegative(requests_per_day, "requests_per_day", "request/day")
    e = nonnegative(wh_per_request, "wh_per_request", "Wh/request")
    return r * e / 1000.0


def household_equivalents(kwh_per_day, household_kwh_per_year):
    r"""Number of households whose average daily use equals ``kwh_per_day``.

    Parameters
    ----------
    kwh_per_day : array_like
        Electricity per day [kWh/day], >= 0.
    household_kwh_per_year : array_like
        Average electricity use of one household [kWh/yr], > 0.

    Returns
    -------
    numpy.ndarray
        Household equivalents [household].

    Notes
    -----
    .. math:: H = \frac{E_{day}}{E_{household,yr} / 365}

    References
    ----------
    .. [1] EIA (2021). How much electricity does an American home use? (FAQ; 10,715 kWh in 2020).
       https://www.eia.gov/tools/faqs/faq.php?id=97&t=3

    See also
    --------
    daily_energy_kwh, fleet_wh_per_request

    Examples
    --------
    The seed article: 500,000 kWh a day is "about 17,000 US households" (EIA: 10,715 kWh/yr):

    >>> round(float(household_equivalents(500_000, 10_715)), -2)
    17000.0
    """
    e = nonnegative(kwh_per_day, "kwh_per_day", "kWh/day")
    hh = positive(household_kwh_per_year, "household_kwh_per_year", "kWh/yr")
    return e / (hh / 365.0)


def request_estimates(requests_per_day: float = 200e6, household_country: str = "US"):
    """Published per-request estimates with the daily energy and household equivalents they
    imply for ``requests_per_day`` (default: the seed article's 200 million a day).

    Parameters
    ----------
    requests_per_day : float, default 200e6
        Requests per day [request/day], >= 0.
    household_country : str, default "US"
        Country of the household electricity figure (``data/household_electricity.csv``; the
        latest year is used).

    Returns
    -------
    pandas.DataFrame
        ``estimate, service, year, wh_per_request`` [Wh/request], ``boundary``, ``kwh_per_day``
        [kWh/day], ``households`` [household], ``source``, ``confidence``; sorted by
        ``wh_per_request``, largest first.

    See also
    --------
    daily_energy_kwh, household_equivalents, fleet_wh_per_request
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
