"""A park's own metering and production CSV files: bad input is refused with the file, row and
column named; the embedded examples are the synthetic generator's output."""

from __future__ import annotations

import pytest
from numpy.testing import assert_allclose

from greenimpact import data
from greenimpact.data import DataValidationError
from greenimpact.sectors import parks

HEADER = "enterprise,month,carrier,quantity,unit,source,confidence,note\n"


def good_rows():
    rows = []
    for m in ("2024-01", "2024-02", "2024-03"):
        rows.append(f"E01,{m},electricity,1200.5,MWh,,,")
        rows.append(f"E01,{m},natural_gas,35000,m**3,,,")
        rows.append(f"E02,{m},electricity,800,MWh,,,")
    return rows


def write(tmp_path, rows, name="metering.csv"):
    path = tmp_path / name
    path.write_text(HEADER + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def refused(path):
    with pytest.raises(DataValidationError) as err:
        parks.load_metering(path)
    return str(err.value)


def test_a_good_file_loads(tmp_path):
    df = parks.load_metering(write(tmp_path, good_rows()))
    assert len(df) == 9 and df["source"].isna().all()
    inv = parks.inventory(df)
    assert inv["energy_tce"].gt(0).all()


def test_schema_is_documented():
    cols = data.describe("park_metering").set_index("column")
    assert (
        "electricity" in cols.loc["carrier", "constraints"]
        and cols.loc["quantity", "constraints"] == ">= 0"
    )
    assert not cols.loc["source", "required"]


def test_unknown_carrier(tmp_path):
    rows = good_rows()
    rows[4] = "E01,2024-02,hydrogen,10,t,,,"
    msg = refused(write(tmp_path, rows))
    assert "metering.csv" in msg
    assert "row 5 (line 6), column 'carrier': 'hydrogen' is not allowed" in msg


def test_negative_consumption(tmp_path):
    rows = good_rows()
    rows[2] = "E02,2024-01,electricity,-800,MWh,,,"
    msg = refused(write(tmp_path, rows))
    assert "row 3 (line 4), column 'quantity': -800 is negative (must be >= 0)" in msg


def test_duplicate_enterprise_month_rows(tmp_path):
    rows = good_rows() + ["E01,2024-02,electricity,1300,MWh,,,"]
    msg = refused(write(tmp_path, rows))
    assert "row 10 (line 11)" in msg
    assert (
        "duplicate key (enterprise='E01', month='2024-02', carrier='electricity') in rows 4, 10"
        in msg
    )


def test_missing_month(tmp_path):
    rows = [r for r in good_rows() if not r.startswith("E01,2024-02,natural_gas")]
    msg = refused(write(tmp_path, rows))
    assert "row 7 (line 8), column 'month'" in msg  # the enterprise's next gas row, after the gap
    assert "enterprise 'E01', carrier 'natural_gas': no row for month 2024-02" in msg
    assert "2024-01 to 2024-03" in msg


def test_missing_trailing_month(tmp_path):
    rows = [r for r in good_rows() if not r.startswith("E02,2024-03")]
    msg = refused(write(tmp_path, rows))
    assert "enterprise 'E02', carrier 'electricity': no row for month 2024-03" in msg
    assert "row 6 (line 7), column 'month'" in msg


def test_mixed_units_for_one_carrier(tmp_path):
    rows = good_rows()
    rows[4] = "E01,2024-02,natural_gas,35,thousand m**3,,,"
    msg = refused(write(tmp_path, rows))
    assert "row 5 (line 6), column 'unit': mixed units for carrier 'natural_gas'" in msg
    assert "'m**3' in row 2" in msg


def test_unit_that_does_not_fit_the_carrier(tmp_path):
    rows = good_rows()
    rows[0] = "E01,2024-01,electricity,1200.5,m**3,,,"
    msg = refused(write(tmp_path, rows))
    assert "row 1 (line 2), column 'unit': unit 'm**3' does not fit carrier 'electricity'" in msg


def test_unit_not_in_schema(tmp_path):
    rows = good_rows()
    rows[0] = "E01,2024-01,electricity,1200.5,Wh,,,"
    msg = refused(write(tmp_path, rows))
    assert "row 1 (line 2), column 'unit'" in msg


def test_bad_month_format(tmp_path):
    rows = good_rows()
    rows[3] = "E01,2024-2,electricity,1200.5,MWh,,,"
    msg = refused(write(tmp_path, rows))
    assert "row 4 (line 5), column 'month': '2024-2' is not a month (YYYY-MM expected" in msg


def test_production_missing_month_and_mixed_product_units(tmp_path):
    head = "enterprise,month,sector,output_value,value_unit,product_output,product_unit,platform,source,confidence,note\n"
    rows = [
        "E01,2024-01,chemicals,10,million CNY,5,t,false,,,",
        "E01,2024-03,chemicals,11,million CNY,5,kg,true,,,",
        "E02,2024-01,,3,million CNY,,,false,,,",
        "E02,2024-02,,3,million CNY,,,false,,,",
        "E02,2024-03,,3,million CNY,,,true,,,",
    ]
    path = tmp_path / "production.csv"
    path.write_text(head + "\n".join(rows) + "\n", encoding="utf-8")
    with pytest.raises(DataValidationError) as err:
        parks.load_production(path)
    msg = str(err.value)
    assert "row 2 (line 3), column 'product_unit': mixed product units for enterprise 'E01'" in msg
    assert "row 2 (line 3), column 'month': enterprise 'E01': no row for month 2024-02" in msg


def test_embedded_examples_are_the_generator_output():
    """data/park_metering_example.csv and park_production_example.csv come from the seeded
    generator (4 enterprises, 12 months, seed 2033) and pass the parks checks."""
    park = parks.synthetic_park(n_enterprises=4, n_months=12, seed=2033, start="2024-01")
    m = parks.load_metering()
    p = parks.load_production()
    assert_allclose(m["quantity"], park.metering["quantity"])
    assert m[["enterprise", "month", "carrier", "unit"]].equals(
        park.metering[["enterprise", "month", "carrier", "unit"]].astype(object)
    )
    assert_allclose(p["output_value"], park.production["output_value"])
    assert (p["platform"].astype(bool).to_numpy() == park.production["platform"].to_numpy()).all()
