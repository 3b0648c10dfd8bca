"""Old import path of :mod:`greenimpact.sectors.transport.synthetic` (kept for existing code)."""

from greenimpact.sectors.transport.synthetic import DETECTOR_COLUMNS, detector_data  # noqa: F401
