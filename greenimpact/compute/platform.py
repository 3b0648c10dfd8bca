"""Footprint of a digital platform: the devices, servers and data-centre share behind an
application (signal control, a park's energy platform, a steel plant's carbon management).

Shared by every sector model so the net of "enabled minus footprint" uses one method.
"""

from __future__ import annotations

import numpy as np

__all__ = ["device_energy_mwh", "platform_footprint"]

HOURS_PER_YEAR = 8760.0


def device_energy_mwh(count, power_w, duty=1.0, pue=1.0):
    r"""Annual electricity of a fleet of devices.

    Parameters
    ----------
    count : array_like
        Number of devices [-].
    power_w : array_like
        Average electrical power per device while operating [W].
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

    Examples
    --------
    One H100 at its 700 W TDP and 61 % utilisation uses about 3.74 MWh a year:

    >>> round(float(device_energy_mwh(1, 700, 0.61)), 2)
    3.74
    """
    count, power_w, duty, pue = (np.asarray(a, dtype=float) for a in (count, power_w, duty, pue))
    if np.any(count < 0):
        raise ValueError("count must be >= 0")
    if np.any(power_w < 0):
        raise ValueError("power_w must be >= 0 W")
    if np.any((duty < 0) | (duty > 1)):
        raise ValueError("duty must be within [0, 1]")
    if np.any(pue < 1):
        raise ValueError("pue must be >= 1")
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
        Grid emission factor [kg CO2/kWh] (location-based).

    Returns
    -------
    pandas.DataFrame
        Per device class: ``energy_mwh`` [MWh/yr], ``operational_t`` [t CO2/yr],
        ``embodied_t`` [t CO2/yr] and ``total_t`` [t CO2/yr].

    Notes
    -----
    Operational: :math:`E \cdot EF`. Embodied emissions are spread linearly over the device
    lifetime, :math:`M = N \cdot m / L` (the SCI specification's time share with the whole
    device reserved for the platform).

    References
    ----------
    .. [1] Green Software Foundation, Software Carbon Intensity (SCI) specification v1.1,
       ``SCI = (E * I + M) per R``, ``M = TE * TS * RS``.
    """
    import pandas as pd

    if grid_factor_kg_per_kwh < 0:
        raise ValueError("grid_factor_kg_per_kwh must be >= 0")
    need = {"name", "count", "power_w", "duty", "pue"}
    missing = need - set(devices.columns)
    if missing:
        raise ValueError(f"devices table lacks columns {sorted(missing)}")
    out = pd.DataFrame({"name": devices["name"].to_numpy()})
    out["energy_mwh"] = device_energy_mwh(devices["count"], devices["power_w"], devices["duty"], devices["pue"])
    out["operational_t"] = out["energy_mwh"] * grid_factor_kg_per_kwh  # MWh * kg/kWh = t
    if "embodied_kg" in devices:
        life = devices["lifetime_yr"].to_numpy(dtype=float) if "lifetime_yr" in devices else np.nan
        if np.any(~(np.asarray(life) > 0)):
            raise ValueError("lifetime_yr must be > 0 where embodied_kg is given")
        out["embodied_t"] = devices["count"].to_numpy(float) * devices["embodied_kg"].to_numpy(float) / life / 1000
    else:
        out["embodied_t"] = 0.0
    out["total_t"] = out["operational_t"] + out["embodied_t"]
    return out
