"""Traffic-signal control: what smarter signals save in fuel and CO2, and what the compute behind
them costs.

The seed article credits Beijing's coordinated control of 1,535 intersections with +15 % network
capacity. The package turns that into numbers that can be checked, in the shape every model has:

* :mod:`.signals` — delay, capacity and stops at a signal (Webster 1958, HCM 2000, BPR, Akçelik).
* :mod:`.fuel` — the elemental fuel model, CO2 of fuel and electricity, the NEV share by year.
* :mod:`.model` — the composer :func:`run` (``greenimpact.run("transport", ...)``),
  :func:`impact_terms` for the net-impact model, the intersection table, the platform devices,
  the Monte Carlo and :func:`uncertainty_by_year`.
* :mod:`.synthetic` — the seeded SYNTHETIC detector data for the difference-in-differences.
* :mod:`.views` — the tables and figures of ``notebooks/20_transport_signal_control.ipynb``.
"""

from greenimpact.sectors.transport.fuel import (
    NEV_ANCHOR_YEARS,
    electricity_co2_kg,
    elemental_fuel,
    fuel_co2_kg,
    nev_share_pct,
)
from greenimpact.sectors.transport.model import (
    BAND_TERMS,
    IMPROVEMENTS,
    PERIODS,
    REPORT_FIRST_YEAR,
    TERMS,
    VARIABLES,
    grid_factor,
    impact_terms,
    intersection_periods,
    monte_carlo,
    platform_devices,
    run,
    uncertainty_by_year,
)
from greenimpact.sectors.transport.signals import (
    bpr_travel_time,
    degree_of_saturation,
    hcm_control_delay,
    hcm_incremental_delay,
    hcm_uniform_delay,
    stops_per_vehicle,
    webster_delay,
    webster_green_splits,
    webster_optimal_cycle,
)
from greenimpact.sectors.transport.synthetic import DETECTOR_COLUMNS, detector_data
from greenimpact.sectors.transport.views import delay_curves, net_steps, policy_view

__all__ = [
    "BAND_TERMS",
    "DETECTOR_COLUMNS",
    "IMPROVEMENTS",
    "NEV_ANCHOR_YEARS",
    "PERIODS",
    "REPORT_FIRST_YEAR",
    "TERMS",
    "VARIABLES",
    "bpr_travel_time",
    "degree_of_saturation",
    "delay_curves",
    "detector_data",
    "electricity_co2_kg",
    "elemental_fuel",
    "fuel_co2_kg",
    "grid_factor",
    "hcm_control_delay",
    "hcm_incremental_delay",
    "hcm_uniform_delay",
    "impact_terms",
    "intersection_periods",
    "monte_carlo",
    "net_steps",
    "nev_share_pct",
    "platform_devices",
    "policy_view",
    "run",
    "stops_per_vehicle",
    "uncertainty_by_year",
    "webster_delay",
    "webster_green_splits",
    "webster_optimal_cycle",
]
