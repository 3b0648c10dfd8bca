"""Industrial parks, the accounting equations: GB/T 2589 standard coal, fuel and electricity CO2,
the zero-carbon park core indicator and platform adoption."""

from __future__ import annotations

import numpy as np
import pytest
from numpy.testing import assert_allclose

from greenimpact import data
from greenimpact.sectors.parks import accounting, conversion_factors, indicator_thresholds


def test_standard_coal_pure_function_and_bad_input():
    """GB/T 2589-2020: electricity at its calorific equivalent 0.1229 kgce/kWh."""
    assert_allclose(accounting.standard_coal_tce([1e6, 2e6], 0.1229), [122.9, 245.8])
    with pytest.raises(ValueError, match="quantity must be >= 0"):
        accounting.standard_coal_tce(-1, 0.1229)
    with pytest.raises(ValueError, match="kgce_per_unit must be > 0"):
        accounting.standard_coal_tce(1, 0)
    with pytest.raises(ValueError, match=r"quantity must be >= 0, got -2 \(first at position 1\)"):
        accounting.standard_coal_tce([1.0, -2.0], 0.1229)


def test_fuel_co2_ipcc_default():
    """IPCC 2006 default for natural gas, 56.1 kg CO2/GJ: 1000 tce -> 1644.2 t CO2."""
    assert_allclose(accounting.fuel_co2_t(1000, 56.1), 1000 * 29.3076 * 56.1 / 1000)
    with pytest.raises(ValueError, match="co2_kg_per_gj must be >= 0 kg CO2/GJ"):
        accounting.fuel_co2_t(1, -1)


def test_electricity_co2_counts_covered_mwh_up_to_the_purchase():
    """Residual factor 0.5856 kg CO2/kWh (MEE/NBS 2022); certificates beyond the purchase are
    not counted twice."""
    assert_allclose(accounting.electricity_co2_t(1000, 0.5856, covered_mwh=250), 750 * 0.5856)
    assert_allclose(accounting.electricity_co2_t(100, 0.5856, covered_mwh=250), 0.0)
    with pytest.raises(ValueError, match="covered_mwh must be >= 0 MWh"):
        accounting.electricity_co2_t(100, 0.5856, covered_mwh=-1)


def test_carbon_per_energy_refuses_zero_energy():
    assert_allclose(accounting.carbon_per_energy(90_000, 500_000), 0.18)
    with pytest.raises(ValueError, match="energy_tce must be > 0 tce"):
        accounting.carbon_per_energy(1.0, [1.0, 0.0])


def test_core_threshold_size_classes():
    """发改环资〔2025〕910号: <= 0.20 t CO2/tce for 0.2-1 Mtce/yr, <= 0.30 from 1 Mtce/yr."""
    th = indicator_thresholds().query("indicator == 'carbon_per_energy'").sort_values("energy_min_tce")
    assert_allclose(th["threshold"], [0.20, 0.30])
    assert_allclose(th["energy_min_tce"], [200_000, 1_000_000])
    got = accounting.core_indicator_threshold([199_999, 200_000, 999_999, 1_000_000, 5e6], 2e5, 1e6, 0.2, 0.3)
    assert np.isnan(got[0])
    assert_allclose(got[1:], [0.2, 0.2, 0.3, 0.3])


def test_adoption_is_linear_from_2025_and_checks_shares():
    assert_allclose(accounting.adoption_pct([2024, 2025, 2027, 2030, 2035], 2.0, 4.0), [0, 2, 2.8, 4, 4])
    with pytest.raises(ValueError, match="adoption_2030_pct must be <= 100 %"):
        accounting.adoption_pct(2030, 2.0, 140.0)


def test_factors_from_table_pick_the_basis():
    """GB/T 2589-2020 coefficients per canonical unit: electricity 122.9 kgce/MWh, gas-field
    natural gas 1.2143 kgce/m3, raw coal 714.3 kgce/t, heat 34.12 kgce/GJ."""
    f = conversion_factors()
    assert_allclose([f["kgce"][c] for c in ("electricity", "natural_gas", "coal", "steam_heat")],
                    [122.9, 1.2143, 714.3, 34.12], rtol=1e-9)
    table = data.load("energy_conversion_factors")
    assert accounting.factors_from_table(table) == f
    with pytest.raises(ValueError, match="coal='anthracite' is not a basis of coal"):
        accounting.factors_from_table(table, coal="anthracite")
