"""Units parse and convert; result frames keep the IAMC contract and the code list."""

from __future__ import annotations

import pandas as pd
import pytest
from numpy.testing import assert_allclose

from greenimpact import results
from greenimpact.results import ResultError
from greenimpact.units import UnitError, check_unit, convert, parse_unit


def test_tonne_of_coal_equivalent():
    """GB/T 2589-2020: 1 kgce = 7,000 kcal = 29.3076 MJ, so 1 tce = 29.3076 GJ."""
    assert_allclose(convert(1.0, "tce", "GJ"), 29.3076)
    assert_allclose(convert(7000.0, "kcal_it", "kgce"), 1.0)  # International Table calorie, 4.1868 J


def test_epa_gasoline_factor_per_litre():
    """US EPA: 8,887 g CO2 per US gallon of gasoline = 2.348 kg CO2 per litre."""
    assert_allclose(convert(8887.0, "g CO2/gallon", "kg CO2/L"), 2.348, atol=5e-4)


def test_emission_units():
    assert_allclose(convert(1.0, "Mt CO2/yr", "kg CO2/yr"), 1e9)
    assert_allclose(convert(0.5366, "kg CO2/kWh", "t CO2/MWh"), 0.5366)
    assert_allclose(convert(150.0, "billion kWh", "TWh"), 150.0)


def test_kt_is_kilotonne_not_knot():
    """Emissions accounting writes kt for kilotonne (1 kt = 1000 t); pint alone reads it as knot."""
    assert convert(1, "Mt CO2", "kt CO2") == 1000
    assert_allclose(convert(2.5, "kt CO2/yr", "t CO2/yr"), 2500.0)
    with pytest.raises(UnitError, match="cannot convert"):
        convert(1.0, "kt", "m/s")


def test_c_is_carbon_not_coulomb():
    """GB/T 32151 / IPCC carbon contents are in t C/TJ: C is carbon, a mass of its own that never
    turns into CO2 (or charge) by a unit conversion; 15.3 t C/TJ = 15.3 kg C/GJ."""
    assert_allclose(convert(15.3, "t C/TJ", "kg C/GJ"), 15.3)
    with pytest.raises(UnitError, match="cannot convert"):
        convert(1.0, "t C", "t CO2")
    with pytest.raises(UnitError, match="cannot convert"):
        convert(1.0, "C", "coulomb")
    assert parse_unit("degC") == parse_unit("°C")


@pytest.mark.parametrize("unit", ["TWh/yr", "Mt CO2/yr", "%", "1", "million m^3/yr", "million GEC", "CNY/kWh", "W/m^2"])
def test_units_used_in_results_parse(unit):
    parse_unit(unit)


def test_bad_units_are_named():
    with pytest.raises(UnitError, match="'TWh/blorp' does not parse"):
        parse_unit("TWh/blorp")
    with pytest.raises(UnitError, match="is not the expected"):
        check_unit("GWh/yr", "TWh/yr")
    with pytest.raises(UnitError, match="cannot convert 'TWh' to 'Mt CO2'"):
        convert(1.0, "TWh", "Mt CO2")


def record(**kw):
    base = {"model": "m", "scenario": "s", "region": "CN", "variable": "Electricity|Total",
            "unit": "TWh/yr", "year": 2024, "value": 1.0}
    return {**base, **kw}


def test_frame_fills_unit_from_codelist():
    f = results.frame([{"variable": "Electricity|Data Centres", "year": 2024, "value": 102.0}],
                      scenario="historical", region="CN")
    assert f.loc[0, "unit"] == "TWh/yr" and f.loc[0, "model"] == "greenimpact"


def test_unlisted_variable_is_rejected():
    with pytest.raises(ResultError, match="'Electricity|Bogus' is not in the code list"):
        results.validate(pd.DataFrame([record(variable="Electricity|Bogus")]))


def test_wrong_unit_is_rejected():
    with pytest.raises(ResultError, match="has unit 'GWh/yr'; the code list says 'TWh/yr'"):
        results.validate(pd.DataFrame([record(unit="GWh/yr")]))


def test_duplicates_and_nonfinite_are_rejected():
    with pytest.raises(ResultError, match="duplicate rows"):
        results.validate(pd.DataFrame([record(), record()]))
    with pytest.raises(ResultError, match="non-finite value"):
        results.validate(pd.DataFrame([record(value=float("nan"))]))
    with pytest.raises(ResultError, match="whole years"):
        results.validate(pd.DataFrame([record(year=2024.5)]))
    with pytest.raises(ResultError, match="lacks columns"):
        results.validate(pd.DataFrame([{"variable": "Electricity|Total"}]))


def test_codelist_units_parse_and_variables_are_unique():
    cl = results.codelist()
    assert cl["variable"].is_unique
    for unit in cl["unit"]:
        parse_unit(unit)


def test_save_writes_atomically_to_output_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("GREENIMPACT_OUTPUT_DIR", str(tmp_path / "out"))
    path = results.save(pd.DataFrame([record()]), "history")
    assert path == tmp_path / "out" / "history.csv"
    back = pd.read_csv(path)
    assert back.columns.tolist() == results.IAMC_COLUMNS and back.loc[0, "value"] == 1.0
    assert [p.name for p in path.parent.iterdir()] == ["history.csv"]
    with pytest.raises(ResultError, match="plain file name"):
        results.save(pd.DataFrame([record()]), "../escape")
