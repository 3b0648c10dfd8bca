"""Footprint of a digital platform: the devices, servers and data-centre share behind an
application (signal control, a park's energy platform, a steel plant's carbon management).

Shared by every sector model so the net of "enabled minus footprint" uses one method.
"""

from __future__ import annotations

from greenimpact.checks import nonnegative, number, positive, share

__all__ = ["device_energy_mwh", "platform_footprint"]

HOURS_PER_YEAR = 8760.0


def device_energy_mwh(count, power_w, duty=1.0, pue=1.0):
    r"""Annual electricity of a fleet of devices.

    Parameters
    ----------
    count : array_like
        Number of devices [-], >= 0.
    power_w : array_like
        Average electrical power per device while operating [W], >= 0.
    duty : array_like, default 1.0
        Fraction of the year the device operates (or average load as a fraction of ``power_w``)
        [-], in [0, 1].
    pue : array_like, default 1.0
        Power usage effectiveness of the facility hosting the devices [-], >= 1 (1 for field
        devices such as cameras and detectors).

    Returns
    -------
    numpy.ndarray
        Electricity [MWh/yr].

    Notes
    -----
    .. math:: E = N \cdot P \cdot d \cdot \mathrm{PUE} \cdot 8760\,\mathrm{h} / 10^6

    References
    ----------
    .. [1] The Green Grid, "PUE: a comprehensive examination of the metric", White Paper 49
       (2012): PUE = total facility energy / IT equipment energy.

    See also
    --------
    platform_footprint, greenimpact.compute.facilities.fleet_pue

    Examples
    --------
    One H100 at its 700 W TDP and 61 % utilisation uses about 3.74 MWh a year:

    >>> round(float(device_energy_mwh(1, 700, 0.61)), 2)
    3.74
    """
    count = nonnegative(count, "count")
    power_w = nonnegative(power_w, "power_w", "W")
    duty = share(duty, "duty", fraction=True)
    pue = number(pue, "pue", low=1)
    return count * power_w * duty * pue * HOURS_PER_YEAR / 1e6


def platform_footprint(devices, grid_factor_kg_per_kwh):
    r"""Operational and embodied CO2 of a platform's devices.

    Parameters
    ----------
    devices : pandas.DataFrame
        One row per device class with columns ``name``, ``count`` [-], ``power_w`` [W],
        ``duty`` [-], ``pue`` [-], and optionally ``embodied_kg`` (cradle-to-gate CO2e per device
        [kg CO2]) with ``lifetime_yr`` [yr] for annualised embodied emissions.
    grid_factor_kg_per_kwh : float
        Grid emission factor [kg CO2/kWh] (location-based), >= 0.

    Returns
    -------
    pandas.DataFrame
        Per device class: ``energy_mwh`` [MWh/yr], ``operational_t`` [t CO2/yr],
        ``embodied_t`` [t CO2/yr] and ``total_t`` [t CO2/yr].

    Notes
    -----
    Operational emissions are the device energy (:func:`device_energy_mwh`) at the grid
    factor; embodied emissions are spread linearly over the device lifetime (the SCI
    specification's time share with the whole device reserved for the platform):

    .. math:: M_{op} = E \cdot EF, \qquad M_{emb} = N \cdot m / L, \qquad M = M_{op} + M_{emb}

    with 1 MWh x 1 kg CO2/kWh = 1 t CO2.

    References
    ----------
    .. [1] Green Software Foundation, Software Carbon Intensity (SCI) specification v1.1,
       ``SCI = (E * I + M) per R``, ``M = TE * TS * RS``.

    See also
    --------
    device_energy_mwh

    Examples
    --------
    Ten 500 W servers at PUE 1.5 with 1 t CO2e embodied each over 5 years, at 0.5366 kg CO2/kWh:

    >>> import pandas as pd
    >>> devices = pd.DataFrame({"name": ["server"], "count": [10], "power_w": [500.0], "duty": [1.0],
    ...                         "pue": [1.5], "embodied_kg": [1000.0], "lifetime_yr": [5.0]})
    >>> platform_footprint(devices, 0.5366).round(2)
         name  energy_mwh  operational_t  embodied_t  total_t
    0  server        65.7          35.25         2.0    37.25
    """
    import pandas as pd

    nonnegative(grid_factor_kg_per_kwh, "grid_factor_kg_per_kwh", "kg CO2/kWh")
    need = {"name", "count", "power_w", "duty", "pue"}
    missing = need - set(devices.columns)
    if missing:
        raise ValueError(f"devices table lacks columns {sorted(missing)}")
    out = pd.DataFrame({"name": devices["name"].to_numpy()})
    out["energy_mwh"] = device_energy_mwh(devices["count"], devices["power_w"], devices["duty"], devices["pue"])
    out["operational_t"] = out["energy_mwh"] * grid_factor_kg_per_kwh  # MWh * kg/kWh = t
    if "embodied_kg" in devices:
        if "lifetime_yr" not in devices:
            raise ValueError("devices table has embodied_kg but lacks column lifetime_yr")
        life = positive(devices["lifetime_yr"], "lifetime_yr", "yr")
        out["embodied_t"] = devices["count"].to_numpy(float) * devices["embodied_kg"].to_numpy(float) / life / 1000
    else:
        out["embodied_t"] = 0.0
    out["total_t"] = out["operational_t"] + out["embodied_t"]
    return out
