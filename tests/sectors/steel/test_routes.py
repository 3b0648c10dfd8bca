"""Steel routes (greenimpact.sectors.steel.routes): worldsteel's route-weighted intensities,
the waterfall steps, the EAF shift and combined cuts, and bad input."""

from __future__ import annotations

import numpy as np
import pytest
from numpy.testing import assert_allclose

from greenimpact import data
from greenimpact.sectors import steel
from greenimpact.sectors.steel import routes


def test_worldsteel_2022_route_weighted_mean():
    """worldsteel Sustainability Indicators 2023 report (data year 2022; kydy.com.cn summary):
    BF-BOF 2.33, scrap-EAF 0.68, DRI-EAF 1.37 t CO2/t with shares 72 / 21 / 7 % weight to
    1.916 t CO2/t, the published 1.91 (2023 report) and 1.92 (2024 report)."""
    table = steel.route_table(2023)
    mean = routes.route_mix_intensity(table["value"], table["share_pct"] / 100)
    assert_allclose(mean, 2.33 * 0.72 + 0.68 * 0.21 + 1.37 * 0.07)
    assert_allclose(mean, 1.916, atol=0.005)
    published = data.load("steel_intensity").query("year == 2022").set_index("edition")["value"]
    assert_allclose(published.loc[[2023, 2024]], [1.91, 1.92])
    assert np.all(np.abs(published - mean) <= 0.01)


def test_worldsteel_2022_energy_weighted_mean():
    """Same report: energy 23.98 / 10.20 / 22.37 GJ/t weight to 20.97 GJ/t against the
    reported 20.99 GJ/t."""
    table = steel.route_table(2023)
    energy = routes.route_mix_intensity(table["energy_gj_per_t"], table["share_pct"] / 100)
    assert_allclose(energy, 20.97, atol=0.005)
    reported = data.load("steel_intensity").query("edition == 2023 and year == 2022")["energy_gj_per_t"].iloc[0]
    assert_allclose(reported, 20.99)
    assert abs(energy - reported) < 0.05


def test_boundaries_are_labelled_and_kept_apart():
    for name in ("steel_intensity", "steel_route_intensity"):
        assert set(data.load(name)["boundary"]) == {"worldsteel_iso14404"}
    assert set(data.load("baosteel_intensity")["boundary"]) == {"not_stated"}
    allowed = data.catalogue()["datasets"]["steel_intensity"]["columns"]["boundary"]["allowed"]
    assert set(routes.BOUNDARIES) == set(allowed)


def test_route_mix_steps_add_up():
    steps = routes.route_mix_steps([2.33, 0.68, 1.37], [0.72, 0.21, 0.07])
    assert_allclose(steps["delta"].iloc[0] + steps["delta"].iloc[1:-1].sum(), steps["delta"].iloc[-1])
    assert steps["step"].tolist() == ["all BF-BOF", "21% scrap-EAF", "7% DRI-EAF", "route mix"]


def test_route_mix_intensity_broadcasts_over_leading_axes():
    shares = np.array([[0.72, 0.21, 0.07], [1.0, 0.0, 0.0]])
    assert_allclose(routes.route_mix_intensity([2.33, 0.68, 1.37], shares), [1.9163, 2.33], atol=1e-4)


def test_eaf_shift_and_combined_cut():
    assert_allclose(routes.eaf_shift_cut([0.0, 10.0], 2.33, 0.68), [0.0, 0.165])
    assert_allclose(routes.combined_cut(1.5, 1.0, 1.0), 1 - 0.985 * 0.99 * 0.99)
    assert_allclose(routes.combined_cut(np.array([0.0, 50.0]), 50.0), [0.5, 0.75])


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: routes.route_mix_intensity([2.33, 0.68], [0.72, 0.21]), "route_share must sum to 1"),
        (lambda: routes.route_mix_intensity([2.33, 0.68], [72, 28]),
         r"route_share must be <= 1 \(a fraction, not a percentage\), got 72 \(first at position 0\)"),
        (lambda: routes.route_mix_intensity([2.33, -0.68], [0.5, 0.5]),
         r"route_intensity_tco2_per_t must be >= 0 t CO2/t, got -0.68 \(first at position 1\)"),
        (lambda: routes.route_mix_steps([2.33, 0.68], [0.72, 0.21, 0.07]), "must be 1-d and of equal length"),
        (lambda: routes.combined_cut(1.0, 120.0), r"cuts_pct\[1\] must be < 100 %, got 120"),
        (lambda: routes.combined_cut(), "cuts_pct: give at least one cut"),
        (lambda: routes.eaf_shift_cut(-1, 2.33, 0.68), "shift_pp must be >= 0 percentage points, got -1"),
        (lambda: routes.eaf_shift_cut(1, np.nan, 0.68), "bf_bof_tco2_per_t must not contain NaN"),
    ],
)
def test_bad_route_input(call, message):
    with pytest.raises(ValueError, match=message):
        call()
