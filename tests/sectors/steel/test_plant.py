"""Steel plants over time (greenimpact.sectors.steel.plant): published changes, plant
intensity, phase-in, background trend, adoption, output, and bad input."""

from __future__ import annotations

import numpy as np
import pytest
from numpy.testing import assert_allclose

from greenimpact import data
from greenimpact.sectors.steel import plant


def test_seed_article_baosteel_claim_is_minus_8_3_pct():
    """Seed article (Tencent News, 2025-02-08): Baosteel's intensity fell from about 2.16 to
    below 1.98 after the platform went live: -8.3 %."""
    art = data.load("baosteel_intensity").query("series == 'Seed article'").set_index("period")["value"]
    assert_allclose(plant.relative_change(art["before platform"], art["after platform"]), -8.33, atol=0.005)


def test_baosteel_reported_changes():
    """Baosteel investor-platform reply (2025-11-11, via ttm.financial): 2.13 (2020) -> 2.04
    (2023) -> 2.00 (2024) t CO2/t, stated as -4.23 % and -6.1 % vs 2020."""
    rep = data.load("baosteel_intensity").query("kind == 'reported'").set_index("year")
    change = plant.relative_change(rep.loc[2020, "value"], rep.loc[[2023, 2024], "value"])
    assert_allclose(change, [-4.23, -6.1], atol=0.01)
    assert_allclose(change, rep.loc[[2023, 2024], "change_reported_pct"], atol=0.01)
    assert set(rep["boundary"]) == {"not_stated"}


def test_plant_intensity_scope_1_and_scope_1_2():
    scope1 = plant.plant_intensity(18, [0.9, 0.1], [0.1, 0.056], 0.1)
    scope12 = plant.plant_intensity(18, [0.9, 0.1], [0.1, 0.056], 0.1, 0.4, 0.5366)
    assert_allclose(scope1, 18 * (0.09 + 0.0056) + 0.1)
    assert_allclose(scope12 - scope1, 0.4 * 0.5366)


def test_ramp_background_adoption_and_output():
    assert_allclose(plant.ramp(np.arange(2019, 2025), 2021, 3.0), [0, 0, 1 / 3, 2 / 3, 1, 1])
    assert_allclose(plant.background_factor([2020, 2022], 2020, 10.0), [1.0, 0.81])
    assert_allclose(plant.background_factor(2021, 2020, -1.0), 1.01)
    draws = np.array([[10.0], [20.0]])
    share = plant.adoption_share(np.array([2019, 2024, 2030]), 2019, draws, 50.0, 70.0)
    assert share.shape == (2, 3)
    assert_allclose(share, [[0, 10, 50], [0, 20, 50]])
    assert_allclose(plant.output_path([2019, 2020], {2020: 100.0}, 5.0), [100.0, 100.0])
    assert_allclose(plant.output_path([2021, 2022], {2020: 100.0}, np.array([[5.0], [0.0]])),
                    [[105.0, 110.25], [100.0, 100.0]])


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: plant.adoption_share(2030, 2025, 10, 20, 30), "start_year must be < 2024, got 2025"),
        (lambda: plant.adoption_share(2030, 2019, 10, 120, 30), "pct_2030 must be <= 100 %, got 120"),
        (lambda: plant.ramp(2030, 2021, 0.0), "ramp_years must be > 0 yr, got 0"),
        (lambda: plant.background_factor(2030, 2020, 100.0), "pct_per_yr must be < 100 %/yr, got 100"),
        (lambda: plant.relative_change([2.0, 0.0], 1.0), r"before must not be 0 \(first at position 1\)"),
        (lambda: plant.output_path(2030, {}, 1.0), "history_mt must give at least one year"),
        (lambda: plant.output_path(2030, {2024: 1000.0}, -120.0), "growth_pct must be >= -100 %/yr"),
        (lambda: plant.plant_intensity(18, [0.9, 0.2], [0.1, 0.056]), "carrier_share must sum to 1"),
        (lambda: plant.plant_intensity(-1, [0.9, 0.1], [0.1, 0.056]), "energy_gj_per_t must be >= 0 GJ/t"),
        (lambda: plant.plant_intensity(18, [0.9, 0.1], [0.1, 0.056], 0.1, 0.4, -0.5),
         "grid_factor_kg_per_kwh must be >= 0 kg CO2/kWh"),
    ],
)
def test_bad_plant_input(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_sector_model_refuses_a_negative_intensity():
    """Cuts that together exceed the intensity they act on are refused by the composer too, with the
    terms named (each parameter inside its own bounds)."""
    import greenimpact as gi
    from greenimpact.scenarios import ParameterError

    with pytest.raises(ValueError, match="intensity_with is negative") as err:
        gi.run("steel", "baseline", bf_bof_tco2_per_t=5.0, scrap_eaf_tco2_per_t=0.0, eaf_shift_pp=50.0,
               plant_base_intensity_tco2_per_t=0.0)
    assert not isinstance(err.value, ParameterError)  # each value is inside its bounds
    assert "without_tco2_per_t=0" in str(err.value) and "cut_tco2_per_t=" in str(err.value)
