"""Green power and carbon: location- and market-based emissions, certificates, renewable targets.

Location-based emissions multiply grid electricity by the average grid factor. Market-based
emissions credit renewable electricity the data centre can *claim* — on-site generation, green
power purchase agreements (PPAs / green-power trading) and green electricity certificates
(GEC, 1 certificate = 1 MWh) — and price the rest at the **residual** factor, which excludes the
non-fossil electricity that was traded to others. Using the average factor for the unclaimed
rest would count the traded renewables twice (once by their buyers, once in the average).

Because the residual factor is higher than the average (China 2023: 0.6096 against
0.5306 kg CO2/kWh), a small renewable claim leaves market-based emissions *above*
location-based ones; market-based falls below location-based only once the claimed share
exceeds :func:`break_even_share_pct` (8.4 % with the 2022 factors, 13.0 % with 2023's).

The residual factor is not a fixed multiple of the average: it rises as more non-fossil power
is sold through the market (:func:`residual_factor`, :func:`traded_nonfossil_share_pct`), and
the instruments themselves exist only from their market's start (:func:`instrument_availability`).

References
----------
.. [1] MEE & NBS (2024). 2022 electricity CO2 emission factors (announcement of 2024-12-20):
   national average 0.5366, excluding market-traded non-fossil electricity 0.5856 kg CO2/kWh.
.. [2] WRI/WBCSD (2015). GHG Protocol Scope 2 Guidance (dual reporting, residual mix).
.. [3] MEE & NBS (2026). 2023 electricity CO2 emission factors: national average 0.5306,
   excluding market-traded non-fossil electricity 0.6096 kg CO2/kWh (as restated by Guangming
   Daily, January 2026).
"""

from __future__ import annotations

import numpy as np

from greenimpact.checks import at_most, nonnegative, number, positive, share

__all__ = [
    "break_even_share_pct",
    "certificates_needed",
    "instrument_availability",
    "location_based_mt",
    "market_based_mt",
    "renewable_claims",
    "residual_factor",
    "traded_nonfossil_share_pct",
]

MWH_PER_CERTIFICATE = 1.0


def renewable_claims(electricity_twh, renewable_share_pct, onsite_pct_of_re=0.0, ppa_pct_of_re=0.0,
                     ppa_available=1.0, certificates_available=1.0):
    r"""Split the claimed renewable electricity into on-site, PPA and certificate parts.

    Parameters
    ----------
    electricity_twh : array_like
        Facility electricity [TWh/yr], >= 0.
    renewable_share_pct : array_like
        Share of the facility electricity claimed as renewable [%], 0-100.
    onsite_pct_of_re, ppa_pct_of_re : array_like, default 0
        Shares of the claim met by on-site generation and by PPAs / green-power trading [%],
        0-100; the rest is met with unbundled certificates. Their sum must not exceed 100.
    ppa_available, certificates_available : array_like, default 1
        Fraction of each year in which green-power trading and certificates could be bought
        [-], 0-1 (:func:`instrument_availability`). The part of the intended claim that an
        instrument would have met before its market existed is *not* claimed: it stays grid
        electricity at the residual factor.

    Returns
    -------
    dict of numpy.ndarray
        ``renewable_twh`` (the claim actually made), ``onsite_twh``, ``ppa_twh``,
        ``certificate_twh`` [TWh/yr] and ``certificates_million`` (GEC, 1 per MWh) [million/yr].

    Notes
    -----
    With the renewable share :math:`s`, on-site and PPA parts :math:`o` and :math:`p` of the
    claim (fractions):

    .. math:: E^*_{RE} = s\,E, \quad E_{on} = o\,E^*_{RE}, \quad E_{PPA} = a_{PPA}\,p\,E^*_{RE},
              \quad E_{GEC} = a_{GEC}(1 - o - p)\,E^*_{RE}, \quad
              E_{RE} = E_{on} + E_{PPA} + E_{GEC}, \quad N_{GEC} = E_{GEC} / 1\,\mathrm{MWh}

    with the availabilities :math:`a` of the two market instruments.

    Certificates are counted as the renewable MWh claimed through them, one per MWh.

    References
    ----------
    .. [1] NDRC, Ministry of Finance and NEA (2023). Notice on full coverage of renewable green
       electricity certificates (1 GEC = 1 MWh).
    .. [2] WRI/WBCSD (2015). GHG Protocol Scope 2 Guidance (dual reporting, residual mix).

    See also
    --------
    location_based_mt, market_based_mt, certificates_needed

    Examples
    --------
    >>> c = renewable_claims(100.0, 30.0, onsite_pct_of_re=10.0, ppa_pct_of_re=40.0)
    >>> [round(float(c[k]), 1) for k in ("onsite_twh", "ppa_twh", "certificate_twh", "certificates_million")]
    [3.0, 12.0, 15.0, 15.0]

    Before green-power trading existed only on-site power and certificates can be claimed:

    >>> round(float(renewable_claims(100.0, 30.0, 10.0, 40.0, ppa_available=0.0)["renewable_twh"]), 1)
    18.0
    """
    e = nonnegative(electricity_twh, "electricity_twh", "TWh/yr")
    s = share(renewable_share_pct, "renewable_share_pct") / 100
    on = share(onsite_pct_of_re, "onsite_pct_of_re")
    ppa = share(ppa_pct_of_re, "ppa_pct_of_re")
    number(on + ppa, "onsite_pct_of_re + ppa_pct_of_re", unit="%", high=100 + 1e-10)
    on, ppa = on / 100, ppa / 100
    a_ppa = share(ppa_available, "ppa_available", fraction=True)
    a_cert = share(certificates_available, "certificates_available", fraction=True)
    intended = e * s
    onsite = intended * on
    traded = intended * ppa * a_ppa
    cert = intended * (1 - on - ppa) * a_cert
    return {
        "renewable_twh": onsite + traded + cert,
        "onsite_twh": onsite,
        "ppa_twh": traded,
        "certificate_twh": cert,
        # TWh -> MWh is 1e6; certificates in millions -> divide by 1e6 again
        "certificates_million": cert * 1e6 / MWH_PER_CERTIFICATE / 1e6,
    }


def location_based_mt(electricity_twh, grid_factor_kg_per_kwh, onsite_twh=0.0):
    r"""Location-based emissions of grid electricity.

    Parameters
    ----------
    electricity_twh : array_like
        Facility electricity [TWh/yr], >= 0.
    grid_factor_kg_per_kwh : array_like
        Average grid emission factor [kg CO2/kWh], >= 0.
    onsite_twh : array_like, default 0
        On-site renewable generation used by the facility [TWh/yr], 0 <= onsite_twh <=
        electricity_twh.

    Returns
    -------
    numpy.ndarray
        Location-based emissions [Mt CO2/yr].

    Notes
    -----
    .. math:: M_{loc} = (E - E_{onsite}) \cdot EF_{grid}

    On-site renewable generation is not drawn from the grid and carries no grid factor;
    1 TWh x 1 kg CO2/kWh = 1 Mt CO2.

    References
    ----------
    .. [1] MEE & NBS (2024). 2022 electricity CO2 emission factors (announcement of 2024-12-20):
       national average 0.5366, excluding market-traded non-fossil electricity 0.5856 kg CO2/kWh.
    .. [2] WRI/WBCSD (2015). GHG Protocol Scope 2 Guidance (dual reporting, residual mix).

    See also
    --------
    market_based_mt, break_even_share_pct, renewable_claims

    Examples
    --------
    >>> round(float(location_based_mt(102.0, 0.5366)), 2)
    54.73
    """
    e = nonnegative(electricity_twh, "electricity_twh", "TWh/yr")
    ef = nonnegative(grid_factor_kg_per_kwh, "grid_factor_kg_per_kwh", "kg CO2/kWh")
    on = nonnegative(onsite_twh, "onsite_twh", "TWh/yr")
    at_most(on, "onsite_twh", e + 1e-12, "electricity_twh", "TWh/yr")
    return (e - on) * ef  # TWh * kg/kWh = 1e9 kWh * kg/kWh = Mt


def market_based_mt(electricity_twh, renewable_twh, residual_factor_kg_per_kwh):
    r"""Market-based emissions: electricity not covered by renewable claims at the residual factor.

    Parameters
    ----------
    electricity_twh : array_like
        Facility electricity [TWh/yr], >= 0.
    renewable_twh : array_like
        Renewable electricity claimed (on-site, PPA and certificates) [TWh/yr], 0 <=
        renewable_twh <= electricity_twh.
    residual_factor_kg_per_kwh : array_like
        Residual-mix emission factor [kg CO2/kWh], >= 0: the grid factor excluding
        market-traded non-fossil electricity.

    Returns
    -------
    numpy.ndarray
        Market-based emissions [Mt CO2/yr].

    Notes
    -----
    .. math:: M_{mkt} = (E - E_{RE,claimed}) \cdot EF_{residual}

    References
    ----------
    .. [1] MEE & NBS (2024). 2022 electricity CO2 emission factors (announcement of 2024-12-20):
       national average 0.5366, excluding market-traded non-fossil electricity 0.5856 kg CO2/kWh.
    .. [2] WRI/WBCSD (2015). GHG Protocol Scope 2 Guidance (dual reporting, residual mix).

    See also
    --------
    location_based_mt, break_even_share_pct, renewable_claims

    Examples
    --------
    >>> round(float(market_based_mt(102.0, 30.6, 0.5856)), 2)
    41.81
    """
    e = nonnegative(electricity_twh, "electricity_twh", "TWh/yr")
    re = nonnegative(renewable_twh, "renewable_twh", "TWh/yr")
    ef = nonnegative(residual_factor_kg_per_kwh, "residual_factor_kg_per_kwh", "kg CO2/kWh")
    at_most(re, "renewable_twh", e + 1e-9, "electricity_twh", "TWh/yr")
    return (e - re) * ef


def break_even_share_pct(average_factor, residual_factor):
    r"""Renewable share above which market-based falls below location-based emissions.

    Parameters
    ----------
    average_factor : array_like
        Average grid emission factor [kg CO2/kWh], >= 0.
    residual_factor : array_like
        Residual-mix emission factor [kg CO2/kWh], > 0.

    Returns
    -------
    numpy.ndarray
        Break-even claimed renewable share [%], clipped to 0-100.

    Notes
    -----
    Equating :math:`E\,EF_{avg}` with :math:`(1 - s)\,E\,EF_{residual}`:

    .. math:: s^* = 1 - EF_{avg} / EF_{residual}

    References
    ----------
    .. [1] MEE & NBS (2024). 2022 electricity CO2 emission factors (announcement of 2024-12-20):
       national average 0.5366, excluding market-traded non-fossil electricity 0.5856 kg CO2/kWh.

    See also
    --------
    location_based_mt, market_based_mt

    Examples
    --------
    China 2022 (MEE/NBS): average 0.5366, residual 0.5856 kg CO2/kWh:

    >>> round(float(break_even_share_pct(0.5366, 0.5856)), 1)
    8.4
    """
    avg = nonnegative(average_factor, "average_factor", "kg CO2/kWh")
    res = positive(residual_factor, "residual_factor", "kg CO2/kWh")
    return 100 * np.clip(1 - avg / res, 0, 1)


def residual_factor(average_factor, traded_share_pct):
    r"""Residual grid factor once the traded non-fossil electricity is taken out [kg CO2/kWh].

    Parameters
    ----------
    average_factor : array_like
        Average grid emission factor [kg CO2/kWh], >= 0.
    traded_share_pct : array_like
        Market-traded non-fossil electricity as a share of the electricity the average factor
        is computed on [%], 0 <= s < 100.

    Returns
    -------
    numpy.ndarray
        Residual factor [kg CO2/kWh].

    Notes
    -----
    The traded non-fossil electricity carries no CO2, so removing it leaves the emissions and
    shrinks the electricity they are spread over:

    .. math:: EF_{res} = \frac{C}{E - E_{traded}} = \frac{EF_{avg}}{1 - s}, \qquad
              s = E_{traded} / E

    This is the inverse of :func:`break_even_share_pct` (:math:`s^* = s`), and it is how the two
    published MEE/NBS factors relate: 2022 implies s = 8.37 %, 2023 s = 12.96 % (green trading
    grew). Holding the ratio :math:`EF_{res}/EF_{avg}` fixed would freeze :math:`s`.

    References
    ----------
    .. [1] MEE & NBS (2026). 2023 electricity CO2 emission factors (0.5306 average, 0.6096
       excluding market-traded non-fossil electricity), as restated by Guangming Daily.

    See also
    --------
    traded_nonfossil_share_pct, break_even_share_pct

    Examples
    --------
    The 2023 factors reproduce each other through the implied share:

    >>> s = traded_nonfossil_share_pct(0.5306, 0.6096)
    >>> round(float(s), 2), round(float(residual_factor(0.5306, s)), 4)
    (12.96, 0.6096)
    """
    avg = nonnegative(average_factor, "average_factor", "kg CO2/kWh")
    s = number(traded_share_pct, "traded_share_pct", unit="%", low=0, high=100, high_open=True)
    return avg / (1 - s / 100)


def traded_nonfossil_share_pct(average_factor, residual_factor):
    r"""Share of market-traded non-fossil electricity implied by the two published factors [%].

    Parameters
    ----------
    average_factor, residual_factor : array_like
        Average and residual (excluding traded non-fossil) factors [kg CO2/kWh].

    Returns
    -------
    numpy.ndarray
        :math:`100\,(1 - EF_{avg}/EF_{res})` [%]; numerically the break-even share.

    See also
    --------
    residual_factor, break_even_share_pct

    Examples
    --------
    >>> round(float(traded_nonfossil_share_pct(0.5366, 0.5856)), 2)
    8.37
    """
    avg = nonnegative(average_factor, "average_factor", "kg CO2/kWh")
    res = positive(residual_factor, "residual_factor", "kg CO2/kWh")
    at_most(avg, "average_factor", res, "residual_factor", "kg CO2/kWh")
    return 100 * (1 - avg / res)


def instrument_availability(years, start_year: int, start_month: int = 1):
    r"""Fraction of each calendar year in which a market instrument existed [-].

    Parameters
    ----------
    years : array_like of int
        Calendar years.
    start_year, start_month : int
        First month the instrument could be bought (e.g. 2021, 9 for green-power trading).

    Returns
    -------
    numpy.ndarray
        0 for years before the start, the remaining months / 12 in the start year, 1 after.

    Notes
    -----
    .. math:: a_y = \mathrm{clip}\big(y + 1 - (y_0 + (m_0 - 1)/12),\ 0,\ 1\big)

    Examples
    --------
    Green-power trading began in September 2021 (4 months of 2021):

    >>> [round(float(a), 3) for a in instrument_availability([2020, 2021, 2022], 2021, 9)]
    [0.0, 0.333, 1.0]
    """
    y = number(years, "years")
    m = number(start_month, "start_month", low=1, high=12)
    start = number(start_year, "start_year") + (m - 1) / 12
    return np.clip(y + 1 - start, 0.0, 1.0)


def certificates_needed(electricity_twh, target_pct, other_renewable_twh=0.0, price_cny=None):
    r"""Certificates needed to meet a renewable-share target, and their cost.

    Parameters
    ----------
    electricity_twh : array_like
        Facility electricity [TWh/yr], >= 0.
    target_pct : array_like
        Renewable share target [%], 0-100.
    other_renewable_twh : array_like, default 0
        Renewable electricity already claimed without certificates (on-site, PPA) [TWh/yr], >= 0.
    price_cny : float, optional
        Certificate price [CNY/GEC], >= 0.

    Returns
    -------
    dict of numpy.ndarray
        ``certificates_million`` [million/yr] and, with a price, ``cost_million_cny``
        [million CNY/yr].

    Notes
    -----
    .. math:: N = \max(0,\ s_{target} E - E_{other}) / 1\,\mathrm{MWh}, \qquad C = N\,p

    References
    ----------
    .. [1] NDRC, Ministry of Finance and NEA (2023). Notice on full coverage of renewable green
       electricity certificates (1 GEC = 1 MWh).

    See also
    --------
    renewable_claims, market_based_mt

    Examples
    --------
    30 % of 102 TWh at 5.66 CNY per certificate:

    >>> c = certificates_needed(102.0, 30.0, price_cny=5.66)
    >>> round(float(c["certificates_million"]), 1), round(float(c["cost_million_cny"]), 1)
    (30.6, 173.2)
    """
    e = nonnegative(electricity_twh, "electricity_twh", "TWh/yr")
    t = share(target_pct, "target_pct")
    other = nonnegative(other_renewable_twh, "other_renewable_twh", "TWh/yr")
    need_twh = np.maximum(0.0, e * t / 100 - other)
    # 1 TWh = 1e6 MWh = 1e6 certificates = 1 million certificates
    out = {"certificates_million": need_twh * 1e6 / MWH_PER_CERTIFICATE / 1e6}
    if price_cny is not None:
        p = nonnegative(price_cny, "price_cny", "CNY/GEC")
        out["cost_million_cny"] = out["certificates_million"] * p
    return out
