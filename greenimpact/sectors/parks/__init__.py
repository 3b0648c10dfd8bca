"""Industrial parks: carbon accounting, zero-carbon park indicators and platform-enabled reductions.

A park's metering data (enterprises x energy carriers x months) becomes an inventory in tonnes of
standard coal equivalent (GB/T 2589-2020 coefficients) and CO2 (Scope 1 from fuels; Scope 2 from
electricity and heat, location-based and market-based with green power, certificates and on-site
PV); the inventory is scored against the national zero-carbon park indicators (发改环资〔2025〕
910号); the platform's levers (energy management, multi-energy coordination, rooftop PV, green
power) give a trajectory to net zero; and a national scale-up puts the platform's effect in the
national picture, next to the platform's own compute footprint.

Modules:

* :mod:`.accounting` — the equations (standard coal, fuel and electricity CO2, the core
  indicator and its threshold, platform adoption) and the carrier constants;
* :mod:`.metering` — loading and checking a park's metering and production files, and the
  factor tables (conversion factors, grid factors, indicator thresholds);
* :mod:`.inventory` — inventory, enterprise summary, emissions by carrier, scorecard,
  trajectory, net-zero years and the fixed-effects panel;
* :mod:`.model` — the park to analyse, the national model (:func:`impact_terms`, :func:`run`
  behind ``greenimpact.run("parks")``, :func:`national_scenarios`, :func:`national_range`);
* :mod:`.synthetic` — the seeded SYNTHETIC park;
* :mod:`.views` — the tables and figures of ``notebooks/30_industrial_parks.ipynb``.

The metering CSV schema is the catalogue dataset ``park_metering`` (``greenimpact.data.describe(
"park_metering")``); production and platform adoption are ``park_production``.
"""

from greenimpact.sectors.parks.accounting import (
    CANONICAL_UNITS,
    CARRIERS,
    ENERGY_CARRIERS,
    FUELS,
    GJ_PER_TCE,
    INSTRUMENTS,
    adoption_pct,
    carbon_per_energy,
    core_indicator_threshold,
    electricity_co2_t,
    factors_from_table,
    fuel_co2_t,
    standard_coal_tce,
)
from greenimpact.sectors.parks.inventory import (
    emissions_by_carrier,
    enterprise_summary,
    inventory,
    net_zero_year,
    panel_frame,
    scorecard,
    trajectory,
)
from greenimpact.sectors.parks.metering import (
    check_metering,
    check_production,
    conversion_factors,
    grid_factors,
    indicator_thresholds,
    load_metering,
    load_production,
)
from greenimpact.sectors.parks.model import (
    LEVERS,
    RANGE_TERMS,
    VARIABLES,
    impact_terms,
    load_park,
    national_range,
    national_scenarios,
    park_trajectory,
    platform_devices,
    run,
)
from greenimpact.sectors.parks.synthetic import SyntheticPark, synthetic_park

__all__ = [
    "CANONICAL_UNITS",
    "CARRIERS",
    "ENERGY_CARRIERS",
    "FUELS",
    "GJ_PER_TCE",
    "INSTRUMENTS",
    "LEVERS",
    "RANGE_TERMS",
    "SyntheticPark",
    "VARIABLES",
    "adoption_pct",
    "carbon_per_energy",
    "check_metering",
    "check_production",
    "conversion_factors",
    "core_indicator_threshold",
    "electricity_co2_t",
    "emissions_by_carrier",
    "enterprise_summary",
    "factors_from_table",
    "fuel_co2_t",
    "grid_factors",
    "impact_terms",
    "indicator_thresholds",
    "inventory",
    "load_metering",
    "load_park",
    "load_production",
    "national_range",
    "national_scenarios",
    "net_zero_year",
    "panel_frame",
    "park_trajectory",
    "platform_devices",
    "run",
    "scorecard",
    "standard_coal_tce",
    "synthetic_park",
    "trajectory",
]
