"""The SYNTHETIC steel plant series (greenimpact.sectors.steel.synthetic): the embedded file is
the seeded generator, calibrated to the seed article, and bad input is refused."""

from __future__ import annotations

import pytest
from numpy.testing import assert_allclose

from greenimpact import data
from greenimpact.sectors.steel.synthetic import (
    SYNTHETIC_PLANT,
    synthetic_plant_series,
    synthetic_truth,
)


def test_embedded_plant_series_is_the_seeded_synthetic_generator():
    embedded = data.load("steel_plant_series")
    generated = synthetic_plant_series()
    assert embedded["synthetic"].all() and (embedded["note"] == "SYNTHETIC").all()
    assert embedded["plant"].iloc[0] == SYNTHETIC_PLANT and "SYNTHETIC" in SYNTHETIC_PLANT
    assert_allclose(embedded["value"], generated["value"])
    assert_allclose(embedded["crude_steel_mt"], generated["crude_steel_mt"])
    assert embedded[["year", "month"]].astype(int).values.tolist() == generated[["year", "month"]].values.tolist()


def test_synthetic_series_is_calibrated_to_the_article():
    """Seed article: about 2.16 before the platform, below 1.98 t CO2/t after."""
    df = synthetic_plant_series(noise_tco2_per_t=0.0, season_tco2_per_t=0.0)
    assert_allclose(df["value"].iloc[0], 2.16)
    assert_allclose(df["value"].iloc[-1], 1.98, atol=1e-4)
    assert df.attrs["truth"] == synthetic_truth()


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"ar_rho": 1.0}, "ar_rho must be < 1, got 1"),
        ({"noise_tco2_per_t": -0.1}, "noise_tco2_per_t must be >= 0 t CO2/t"),
        ({"output_mt_per_yr": 0.0}, "output_mt_per_yr must be > 0 Mt/yr, got 0"),
        ({"level_share": 1.5}, r"level_share must be <= 1 \(a fraction, not a percentage\)"),
        ({"intervention": "2030-01"}, "intervention '2030-01' must lie after 2019-01 and not after 2024-12"),
    ],
)
def test_bad_synthetic_input(kwargs, message):
    with pytest.raises(ValueError, match=message):
        synthetic_plant_series(**kwargs)
