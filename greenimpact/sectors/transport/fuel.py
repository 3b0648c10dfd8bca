r"""Fuel, CO2 and electricity of the vehicles that wait at signals.

* :func:`elemental_fuel` — the elemental (drive-mode) fuel model: cruise + idle + stops.
* :func:`fuel_co2_kg` and :func:`electricity_co2_kg` — CO2 of liquid fuel and of the
  electricity electric vehicles draw.
* :func:`nev_share_pct` — the new-energy-vehicle share of cars by year.

Vectorised over numpy arrays and pandas Series; bad input raises :class:`ValueError` naming the
argument (see :mod:`greenimpact.checks`).

>>> round(float(fuel_co2_kg(elemental_fuel(0, 3600, 0, 0.07, 0.61, 0.018), 2.348)), 3)
1.432
"""

from __future__ import annotations

import numpy as np

from greenimpact.checks import like, nonnegative, number, share

__all__ = ["NEV_ANCHOR_YEARS", "electricity_co2_kg", "elemental_fuel", "fuel_co2_kg", "nev_share_pct"]

#: Years between which the new-energy-vehicle share is interpolated (parameters
#: ``nev_share_2023_pct`` and ``nev_share_2035_pct``).
NEV_ANCHOR_YEARS = (2023, 2035)


def elemental_fuel(distance_km, delay_s, stops, cruise_l_per_km, idle_l_per_h, stop_l):
    r"""Fuel burnt by a vehicle from the elemental (drive-mode) model.

    Parameters
    ----------
    distance_km : array_like
        Distance driven [km], >= 0.
    delay_s : array_like
        Delay spent stopped or queuing [s], >= 0.
    stops : array_like
        Number of stops [-], >= 0.
    cruise_l_per_km : array_like
        Fuel per km at cruise [L/km], >= 0.
    idle_l_per_h : array_like
        Fuel rate while idling [L/h], >= 0 (see the ``vehicle_fuel_factors`` dataset).
    stop_l : array_like
        Extra fuel per stop (deceleration and acceleration back to cruise) [L], >= 0.

    Returns
    -------
    numpy.ndarray or pandas.Series
        Fuel [L].

    Notes
    -----
    .. math:: G = f_1 L + f_2 D + f_3 S

    with :math:`L` the distance, :math:`D` the delay and :math:`S` the stops. Signal control
    changes :math:`D` and :math:`S`, not the distance, so the cruise term cancels in a
    before/after comparison.

    References
    ----------
    .. [1] Akçelik, R. (ed.) (1983). *Progress in fuel consumption modelling for urban traffic
       management*. ARRB Research Report ARR 124.
    .. [2] NPTEL Lecture 43, "Fuel consumption and emission" (Transportation Engineering).
    .. [3] US DOE Vehicle Technologies Office (2015). Fact #861: Idle Fuel Consumption for
       Selected Gasoline and Diesel Vehicles (idle rates).
       https://www.energy.gov/eere/vehicles/fact-861-february-23-2015-idle-fuel-consumption-selected-gasoline-and-diesel-vehicles

    See also
    --------
    fuel_co2_kg : CO2 of the fuel.
    greenimpact.sectors.transport.signals.webster_delay : the delay.
    greenimpact.sectors.transport.signals.stops_per_vehicle : the stops.

    Examples
    --------
    One km, 30 s of delay and one stop for a compact car (0.07 L/km, DOE idle 0.61 L/h, 18 mL per
    stop):

    >>> round(float(elemental_fuel(1.0, 30, 1, 0.07, 0.61, 0.018)), 4)
    0.0931
    """
    dist = nonnegative(distance_km, "distance_km", "km")
    d = nonnegative(delay_s, "delay_s", "s")
    n = nonnegative(stops, "stops")
    f1 = nonnegative(cruise_l_per_km, "cruise_l_per_km", "L/km")
    f2 = nonnegative(idle_l_per_h, "idle_l_per_h", "L/h")
    f3 = nonnegative(stop_l, "stop_l", "L")
    return like(f1 * dist + f2 * d / 3600.0 + f3 * n, distance_km, delay_s, stops)


def fuel_co2_kg(fuel_l, kg_co2_per_l):
    r"""CO2 from burning liquid fuel.

    Parameters
    ----------
    fuel_l : array_like
        Fuel burnt [L], >= 0.
    kg_co2_per_l : array_like
        Emission factor [kg CO2/L], >= 0 (see the ``vehicle_fuel_factors`` dataset).

    Returns
    -------
    numpy.ndarray or pandas.Series
        CO2 [kg].

    Notes
    -----
    .. math:: E = V \cdot EF

    References
    ----------
    .. [1] US EPA (2023). *Greenhouse Gas Emissions from a Typical Passenger Vehicle*,
       EPA-420-F-23-014: 8,887 g CO2 per gallon of gasoline, 10,180 g per gallon of diesel.
       https://www.epa.gov/greenvehicles/greenhouse-gas-emissions-typical-passenger-vehicle
    .. [2] IPCC (2006). *2006 IPCC Guidelines for National Greenhouse Gas Inventories*, Vol. 2:
       Energy (default CO2 factors of motor gasoline and gas/diesel oil).

    See also
    --------
    elemental_fuel : the fuel.
    electricity_co2_kg : the same for electric vehicles.

    Examples
    --------
    One US gallon (3.78541 L) of gasoline at the EPA factor:

    >>> round(float(fuel_co2_kg(3.78541, 8.887 / 3.78541)), 3)
    8.887
    """
    v = nonnegative(fuel_l, "fuel_l", "L")
    ef = nonnegative(kg_co2_per_l, "kg_co2_per_l", "kg CO2/L")
    return like(v * ef, fuel_l)


def electricity_co2_kg(energy_kwh, grid_factor_kg_per_kwh):
    r"""CO2 of the electricity drawn by electric vehicles (location-based).

    Parameters
    ----------
    energy_kwh : array_like
        Electricity [kWh], >= 0.
    grid_factor_kg_per_kwh : array_like
        Grid emission factor [kg CO2/kWh], >= 0 (see the ``grid_emission_factors`` dataset).

    Returns
    -------
    numpy.ndarray or pandas.Series
        CO2 [kg].

    Notes
    -----
    .. math:: E = W \cdot EF_{grid}

    Location-based accounting: the average factor of the grid the vehicles charge from.

    References
    ----------
    .. [1] Ministry of Ecology and Environment and National Bureau of Statistics (2024).
       *2022 electricity CO2 emission factors* (national average 0.5366 kg CO2/kWh; regional grid
       factors such as North China's, the scenarios' default).

    See also
    --------
    fuel_co2_kg : the same for liquid fuel.
    greenimpact.compute.carbon : location- and market-based factors of the compute model.

    Examples
    --------
    >>> round(float(electricity_co2_kg(10, 0.5366)), 3)
    5.366
    """
    w = nonnegative(energy_kwh, "energy_kwh", "kWh")
    ef = nonnegative(grid_factor_kg_per_kwh, "grid_factor_kg_per_kwh", "kg CO2/kWh")
    return like(w * ef, energy_kwh)


def nev_share_pct(year, share_2023_pct, share_2035_pct):
    r"""New-energy-vehicle share of the cars passing the intersections, by year.

    Parameters
    ----------
    year : array_like
        Calendar year.
    share_2023_pct : array_like
        Share in 2023 [%], within 0-100.
    share_2035_pct : array_like
        Share in 2035 [%], within 0-100.

    Returns
    -------
    numpy.ndarray
        Share [%], linear in the year through the two anchors (extended linearly outside them)
        and clipped to [0, 100].

    Notes
    -----
    With the anchors :math:`(y_0, a) = (2023, s_{2023})` and :math:`(y_1, b) = (2035, s_{2035})`
    (:data:`NEV_ANCHOR_YEARS`):

    .. math:: s(y) = \min\left(100, \max\left(0, a + (b - a) \frac{y - y_0}{y_1 - y_0}\right)\right)

    Both anchors are scenario assumptions; the 2023 one is bounded below by the national share of
    all vehicles at end-2023 (6.07 %, Ministry of Public Security via Xinhua, 2024).

    See also
    --------
    elemental_fuel, electricity_co2_kg

    Examples
    --------
    >>> nev_share_pct([2020, 2023, 2029, 2040], 10, 50).round(1).tolist()
    [0.0, 10.0, 30.0, 66.7]
    """
    y = number(year, "year")
    a = share(share_2023_pct, "share_2023_pct")
    b = share(share_2035_pct, "share_2035_pct")
    y0, y1 = NEV_ANCHOR_YEARS
    return np.clip(a + (b - a) * (y - y0) / (y1 - y0), 0.0, 100.0)
