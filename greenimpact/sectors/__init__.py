"""Sector models: emission reductions that computing enables (transport, industrial parks, steel)."""
