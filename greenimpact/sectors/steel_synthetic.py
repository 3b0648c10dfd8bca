"""Old import path of :mod:`greenimpact.sectors.steel.synthetic` (kept for existing code)."""

from greenimpact.sectors.steel.synthetic import (  # noqa: F401
    SYNTHETIC_PLANT,
    synthetic_plant_series,
    synthetic_truth,
)
