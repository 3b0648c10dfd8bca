"""Old import path of :mod:`greenimpact.sectors.parks.synthetic`."""

from greenimpact.sectors.parks.synthetic import SyntheticPark, synthetic_park  # noqa: F401
