"""Fuel, CO2 and electricity per vehicle (greenimpact.sectors.transport.fuel): published factors
and bad input."""

from __future__ import annotations

import pytest
from numpy.testing import assert_allclose

from greenimpact import data
from greenimpact.sectors.transport import fuel


def test_epa_gasoline_factor():
    """US EPA (EPA-420-F-23-014): 8,887 g CO2 per gallon of gasoline = 2.348 kg CO2 per litre
    (1 US gal = 3.78541 L); the embedded dataset holds the same figure."""
    assert_allclose(fuel.fuel_co2_kg(1.0, 8.887 / 3.78541), 2.348, atol=5e-4)
    f = data.load("vehicle_fuel_factors").query("factor == 'co2_per_litre' and series == 'US EPA'")
    assert_allclose(f.set_index("fuel").loc["gasoline", "value"], 8.887 / 3.78541, atol=5e-4)
    assert_allclose(f.set_index("fuel").loc["diesel", "value"], 10.180 / 3.78541, atol=5e-4)


def test_doe_idle_rates_convert_from_gallons():
    """US DOE VTO Fact #861 (2015): compact sedan 0.16 gal/h = 0.61 L/h, transit bus 0.97 gal/h."""
    f = (
        data.load("vehicle_fuel_factors")
        .query("factor == 'idle_fuel_rate'")
        .set_index(["vehicle", "fuel"])
    )
    assert_allclose(
        f.loc[("compact sedan (2.0 L)", "gasoline"), "value"], 0.16 * 3.78541, atol=1e-4
    )
    assert_allclose(f.loc[("transit bus (30000 lb)", "diesel"), "value"], 0.97 * 3.78541, atol=1e-4)


def test_elemental_fuel_terms_add_up():
    """Elemental model (Akcelik 1983): cruise + idle + stops; one hour of idling at the DOE
    compact-sedan rate burns 0.61 L."""
    assert_allclose(fuel.elemental_fuel(1.0, 30, 1, 0.07, 0.61, 0.018), 0.07 + 0.61 * 30 / 3600 + 0.018)
    assert_allclose(fuel.elemental_fuel(0, 3600, 0, 0.07, 0.61, 0.018), 0.61)
    assert_allclose(fuel.electricity_co2_kg(10, 0.5366), 5.366)


def test_nev_share_is_linear_through_the_anchors_and_clipped():
    assert_allclose(fuel.nev_share_pct([2023, 2029, 2035], 10, 50), [10.0, 30.0, 50.0])
    assert_allclose(fuel.nev_share_pct([2000, 2060], 10, 50), [0.0, 100.0])


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: fuel.nev_share_pct(2030, 120, 50), r"share_2023_pct must be <= 100 %, got 120"),
        (lambda: fuel.fuel_co2_kg(-1, 2.3), "fuel_l must be >= 0 L"),
        (lambda: fuel.electricity_co2_kg(1, -0.5), "grid_factor_kg_per_kwh must be >= 0"),
        (lambda: fuel.elemental_fuel(1, [10, -3], 1, 0.07, 0.61, 0.018), r"delay_s must be >= 0 s, got -3 \(first at position 1\)"),
    ],
)
def test_bad_input_names_the_argument(call, message):
    with pytest.raises(ValueError, match=message):
        call()
