"""Steel: route intensities, plant carbon management and what sector-wide adoption delivers.

The seed article credits Baosteel's digital carbon-management platform with lowering the
emission intensity from about 2.16 to below 1.98 t CO2/t. The package turns that into numbers
that can be checked, in the shape every model has:

* :mod:`.routes` — route-weighted intensities (worldsteel) and the cuts measures make.
* :mod:`.plant` — plant intensity, phase-in, background trend, adoption, output.
* :mod:`.model` — the composer :func:`run` (``greenimpact.run("steel", ...)``),
  :func:`impact_terms` for the net-impact model, loaders, the Monte Carlo and
  :func:`sector_range`.
* :mod:`.synthetic` — the seeded SYNTHETIC monthly plant series.
* :mod:`.views` — the tables and figures of ``notebooks/40_steel_carbon_management.ipynb``.
"""

from greenimpact.sectors.steel.model import (
    TERMS,
    VARIABLES,
    YEARS,
    baosteel_figures,
    impact_terms,
    monte_carlo,
    plant_terms,
    platform_devices,
    route_table,
    run,
    sector_range,
    targets,
)
from greenimpact.sectors.steel.plant import (
    ADOPTION_KNOTS,
    adoption_share,
    background_factor,
    output_path,
    plant_intensity,
    ramp,
    relative_change,
)
from greenimpact.sectors.steel.routes import (
    BOUNDARIES,
    ROUTES,
    combined_cut,
    eaf_shift_cut,
    route_mix_intensity,
    route_mix_steps,
)
from greenimpact.sectors.steel.synthetic import (
    SYNTHETIC_PLANT,
    synthetic_plant_series,
    synthetic_truth,
)
from greenimpact.sectors.steel.views import (
    effect_comparison,
    plan_comparison,
    plant_series,
    plot_net,
    plot_route_waterfall,
    plot_sector_range,
    plot_trajectory,
    trajectory_table,
)

__all__ = [
    "ADOPTION_KNOTS",
    "BOUNDARIES",
    "ROUTES",
    "SYNTHETIC_PLANT",
    "TERMS",
    "VARIABLES",
    "YEARS",
    "adoption_share",
    "background_factor",
    "baosteel_figures",
    "combined_cut",
    "eaf_shift_cut",
    "effect_comparison",
    "impact_terms",
    "monte_carlo",
    "output_path",
    "plan_comparison",
    "plant_intensity",
    "plant_series",
    "plant_terms",
    "platform_devices",
    "plot_net",
    "plot_route_waterfall",
    "plot_sector_range",
    "plot_trajectory",
    "ramp",
    "relative_change",
    "route_mix_intensity",
    "route_mix_steps",
    "route_table",
    "run",
    "sector_range",
    "synthetic_plant_series",
    "synthetic_truth",
    "targets",
    "trajectory_table",
]
