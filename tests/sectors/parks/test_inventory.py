"""Industrial parks, the inventory and what follows from it: GB/T 2589 conversion of mixed units,
Scope 1 and 2, the zero-carbon park scorecard, enterprise ranking, levers and net zero."""

from __future__ import annotations

import pandas as pd
import pytest
from numpy.testing import assert_allclose

from greenimpact.sectors import parks

MONTHS = [f"2024-{m:02d}" for m in range(1, 13)]


def metering(rows_per_month):
    """A one-year metering table repeating ``rows_per_month`` [(enterprise, carrier, qty, unit)]."""
    return pd.DataFrame(
        [
            {"enterprise": e, "month": m, "carrier": c, "quantity": q, "unit": u}
            for m in MONTHS
            for e, c, q, u in rows_per_month
        ]
    )


def test_tce_of_a_known_mix():
    """GB/T 2589-2020 standard-coal coefficients (1 kgce = 7000 kcal = 29.3076 MJ): electricity
    0.1229 kgce/kWh (calorific equivalent), gas-field natural gas 1.2143 kgce/m3, raw coal
    0.7143 kgce/kg, heat 0.03412 kgce/MJ, diesel 1.4571 kgce/kg. Quantities are given in mixed
    units (kWh, thousand m3, t, GJ, kg) to exercise the unit conversion."""
    mix = pd.DataFrame(
        {
            "enterprise": "A",
            "month": "2024-01",
            "carrier": ["electricity", "natural_gas", "coal", "steam_heat", "oil"],
            "quantity": [1_000_000.0, 100.0, 50.0, 1000.0, 10_000.0],
            "unit": ["kWh", "thousand m**3", "t", "GJ", "kg"],
        }
    )
    inv = parks.inventory(mix).set_index("carrier")
    expected = {
        "electricity": 122.9,
        "natural_gas": 121.43,
        "coal": 35.715,
        "steam_heat": 34.12,
        "oil": 14.571,
    }
    assert_allclose(inv.loc[list(expected), "energy_tce"], list(expected.values()), rtol=1e-9)
    assert_allclose(inv["energy_tce"].sum(), 328.736, rtol=1e-9)
    # the calorific equivalents follow from the kgce definition (7000 kcal = 29.3076 MJ)
    assert_allclose(860 / 7000, 0.1229, atol=5e-5)  # 1 kWh = 860 kcal
    assert_allclose(3.6 / 29.3076, 0.1229, atol=1e-4)
    assert_allclose(1 / 29.3076, 0.03412, atol=5e-6)


def test_scope2_location_and_market_based():
    """Market-based Scope 2 counts green power and certificates (GEC = 1 MWh) against the
    residual factor 0.6096; location-based uses the average 0.5306 (MEE/NBS 2023 factors,
    published January 2026)."""
    m = pd.DataFrame(
        {
            "enterprise": "A",
            "month": "2024-01",
            "carrier": ["electricity", "green_power", "gec", "pv_onsite"],
            "quantity": [1000.0, 300.0, 200.0, 50.0],
            "unit": "MWh",
        }
    )
    inv = parks.inventory(m).set_index("carrier")
    assert set(inv.index) == {"electricity", "pv_onsite"}  # instruments are not energy
    assert_allclose(inv.loc["electricity", "scope2_location_t"], 1000 * 0.5306)
    assert_allclose(inv.loc["electricity", "scope2_market_t"], 500 * 0.6096)
    assert_allclose(
        inv.loc["pv_onsite", ["scope2_market_t", "scope1_t"]].to_numpy(float), [0.0, 0.0]
    )
    assert_allclose(inv["clean_tce"].sum(), (500 + 50) * 0.1229)
    # certificates beyond the purchase are not counted twice
    assert_allclose(parks.electricity_co2_t(100, 0.5856, covered_mwh=250), 0.0)


def test_core_indicator_small_park_hand_computed():
    """A 0.24 Mtce/yr park (class 0.2-1 Mtce, threshold 0.20) whose electricity is fully covered
    by green power: only its natural gas emits. Per month 150,000 MWh x 0.1229 kgce/kWh =
    18,435 tce and 10^6 m3 x 1.2143 kgce/m3 = 1,214.3 tce; gas CO2 = 1,214.3 tce x 29.3076 GJ/tce
    x 56.1 kg/GJ (IPCC 2006 default) = 1,996.49 t."""
    inv = parks.inventory(
        metering(
            [
                ("A", "electricity", 150_000.0, "MWh"),
                ("A", "green_power", 150_000.0, "MWh"),
                ("A", "natural_gas", 1e6, "m**3"),
            ]
        )
    )
    card = parks.scorecard(inv).set_index("indicator")
    energy = 12 * (150_000 * 0.1229 + 1e6 * 1.2143 / 1000)
    co2 = 12 * (1e6 * 1.2143 / 1000) * 29.3076 * 56.1 / 1000
    assert_allclose(card.attrs["energy_tce"], energy)
    assert_allclose(energy, 235_791.6)
    assert_allclose(card.loc["carbon_per_energy", "value"], co2 / energy)
    assert_allclose(card.loc["carbon_per_energy", "value"], 0.10161, atol=5e-6)
    assert card.loc["carbon_per_energy", "threshold"] == 0.20
    assert (
        card.loc["carbon_per_energy", "status"] == "pass"
        and card.loc["carbon_per_energy", "gap"] == 0
    )
    # clean share: the covered electricity over all energy
    assert_allclose(card.loc["clean_energy_share", "value"], 100 * 150_000 * 0.1229 / (energy / 12))
    assert card.loc["clean_energy_share", "status"] == "pass"


def test_core_indicator_large_park_hand_computed():
    """A 1.2 Mtce/yr park (class >= 1 Mtce, threshold 0.30): per month 700,000 MWh of grid
    electricity of which 400,000 MWh covered by green power, and 20,000 t of raw coal.
    Energy 700,000 x 0.1229 + 20,000 x 714.3 / 1000 tce; CO2 = 300,000 MWh x 0.6096 (residual
    factor, MEE/NBS 2023) + 14,286 tce x 29.3076 x 94.6 / 1000."""
    inv = parks.inventory(
        metering(
            [
                ("B1", "electricity", 400_000.0, "MWh"),
                ("B1", "green_power", 400_000.0, "MWh"),
                ("B2", "electricity", 300_000.0, "MWh"),
                ("B2", "coal", 20_000.0, "t"),
            ]
        )
    )
    card = parks.scorecard(inv).set_index("indicator")
    energy = 12 * (700_000 * 0.1229 + 20_000 * 0.7143)
    co2 = 12 * (300_000 * 0.6096 + 20_000 * 0.7143 * 29.3076 * 94.6 / 1000)
    assert_allclose(energy, 1_203_792.0)
    value = co2 / energy
    assert_allclose(
        card.loc["carbon_per_energy", ["value", "threshold"]].to_numpy(float), [value, 0.30]
    )
    assert_allclose(value, 2.2179, atol=5e-5)
    assert card.loc["carbon_per_energy", "status"] == "fail"
    assert_allclose(card.loc["carbon_per_energy", "gap"], value - 0.30)
    assert_allclose(card.loc["carbon_per_energy", "gap_t_co2"], (value - 0.30) * energy)
    # location-based counts no green power
    loc = parks.scorecard(inv, basis="location").set_index("indicator")
    assert loc.loc["carbon_per_energy", "value"] > value


def test_scorecard_guiding_values_and_small_parks():
    inv = parks.inventory(metering([("A", "electricity", 1000.0, "MWh")]))
    card = parks.scorecard(
        inv, guiding={"waste_heat_use": 40.0, "water_reuse": 85.0, "product_energy_level": 3}
    ).set_index("indicator")
    assert card.loc["carbon_per_energy", "status"] == "below size classes"
    assert (
        card.loc["waste_heat_use", "status"] == "fail" and card.loc["waste_heat_use", "gap"] == 10.0
    )
    assert card.loc["water_reuse", "status"] == "pass"
    assert card.loc["product_energy_level", "status"] == "fail"  # level 3 is worse than level 2
    assert card.loc["solid_waste_use", "status"] == "no data"


def test_summary_ranks_enterprises_and_intensities():
    park = parks.synthetic_park(n_enterprises=8, n_months=24, seed=3)
    inv = parks.inventory(park.metering)
    s = parks.enterprise_summary(inv, park.production)
    assert s["total_market_t"].is_monotonic_decreasing
    assert_allclose(s["share_pct"].sum(), 100)
    assert_allclose(s["tco2_per_mcny"], s["total_market_t"] / s["output_mcny"])
    assert s.attrs["months"] == [f"2024-{m:02d}" for m in range(1, 13)]
    by = parks.emissions_by_carrier(inv)
    assert_allclose(by["co2_t"].sum(), s["total_market_t"].sum())
    assert by.attrs["order"] == s["enterprise"].tolist()


def test_trajectory_starts_at_the_inventory_and_reaches_net_zero():
    park = parks.synthetic_park(n_enterprises=6, n_months=12, seed=4)
    inv = parks.inventory(park.metering)
    traj = parks.trajectory(
        inv,
        start_year=2025,
        ems_saving_pct=10,
        electrification_pct_per_yr=5,
        heat_pump_cop=3,
        pv_kwp_per_enterprise=1000,
        pv_yield_kwh_per_kwp=1000,
        green_power_pct_per_yr=8,
    )
    first = traj[traj["year"] == 2025]
    s = parks.enterprise_summary(inv).set_index("enterprise")
    assert_allclose(
        first.set_index("enterprise")["co2_t"],
        s.loc[first["enterprise"], "total_market_t"],
        rtol=1e-9,
    )
    assert_allclose(first["energy_tce"].sum(), s["energy_tce"].sum(), rtol=1e-9)
    # fuel and heat are gone after 100 / 5 = 20 years; green power covers the grid after <= 12.5
    nz = parks.net_zero_year(traj, by=None, threshold_t_per_tce=0.2)
    assert nz["net_zero_year"].iloc[0] == 2045
    assert nz["indicator_year"].iloc[0] <= 2045
    assert traj.groupby("year")["co2_t"].sum().is_monotonic_decreasing
    with pytest.raises(ValueError, match="heat_pump_cop must be > 0"):
        parks.trajectory(inv, start_year=2025, heat_pump_cop=0)
