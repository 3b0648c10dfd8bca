"""The data layer names the file, row, column and expectation of every bad input."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from greenimpact import data
from greenimpact.data import DataError, DataValidationError

HEADER = "series,year,value,unit,share,source,confidence,note\n"


def write(root, body, name="mine.csv", header=HEADER):
    path = root / name
    path.write_text(header + body, encoding="utf-8")
    return path


def error_for(root, body, header=HEADER):
    path = write(root, body, header=header)
    with pytest.raises(DataValidationError) as info:
        data.load("power", path=path)
    return info.value, str(info.value)


def test_valid_file_loads_with_types(mini_data):
    df = data.load("power")
    assert list(df.columns) == ["series", "year", "value", "unit", "share", "source", "confidence", "note"]
    assert str(df["year"].dtype) == "Int64"
    assert df["value"].tolist() == [100.5, 110.0, 300.0]
    assert pd.isna(df.loc[1, "share"]) and df.loc[1, "note"] == "growth, rounded"
    assert df.attrs["dataset"] == "power" and len(df.attrs["sha256"]) == 64


def test_user_file_of_same_schema(mini_data):
    path = write(mini_data, "own,2022,42,TWh/yr,,src_a,assumption,my estimate\n")
    df = data.load("power", path=path)
    assert df["value"].tolist() == [42.0]


def test_missing_column(mini_data):
    err, msg = error_for(mini_data, "a,2020,1,TWh/yr,src_a,verified,\n",
                         header="series,year,value,unit,source,confidence,note\n")
    assert "mine.csv" in msg and "column 'share'" in msg and "missing column" in msg


def test_wrong_unit(mini_data):
    err, msg = error_for(mini_data, "a,2020,1,GWh/yr,,src_a,verified,\n")
    assert re.search(r"mine\.csv, row 1 \(line 2\), column 'unit': unit 'GWh/yr' .*'TWh/yr'", msg)


def test_unparseable_unit(mini_data):
    err, msg = error_for(mini_data, "a,2020,1,TWh/fortnightly,,src_a,verified,\n")
    assert "row 1" in msg and "column 'unit'" in msg and "does not parse" in msg


def test_non_numeric_value(mini_data):
    err, msg = error_for(mini_data, "a,2020,1,TWh/yr,,src_a,verified,\nb,2020,abc,TWh/yr,,src_a,verified,\n")
    assert "row 2 (line 3), column 'value': 'abc' is not a number" in msg


def test_non_integer_year(mini_data):
    err, msg = error_for(mini_data, "a,2020.5,1,TWh/yr,,src_a,verified,\n")
    assert "column 'year': '2020.5' is not a whole number" in msg


def test_negative_where_forbidden(mini_data):
    err, msg = error_for(mini_data, "a,2020,-3,TWh/yr,,src_a,verified,\n")
    assert "row 1 (line 2), column 'value': -3 is negative" in msg


def test_above_maximum(mini_data):
    err, msg = error_for(mini_data, "a,2020,3,TWh/yr,120,src_a,verified,\n")
    assert "column 'share': 120 is above the maximum 100" in msg


def test_nan_where_forbidden(mini_data):
    err, msg = error_for(mini_data, "a,2020,,TWh/yr,,src_a,verified,\n")
    assert "row 1 (line 2), column 'value': empty value where one is required" in msg


@pytest.mark.parametrize("text", ["nan", "NaN", "inf", "-inf"])
def test_nan_or_inf_text_is_rejected(mini_data, text):
    err, msg = error_for(mini_data, f"a,2020,{text},TWh/yr,,src_a,verified,\n")
    assert "row 1 (line 2), column 'value'" in msg
    assert "is not a number" in msg or "is not finite" in msg


def test_duplicate_key(mini_data):
    err, msg = error_for(mini_data, "a,2020,1,TWh/yr,,src_a,verified,\na,2020,2,TWh/yr,,src_a,verified,\n")
    assert "duplicate key (series='a', year='2020') in rows 1, 2" in msg


def test_unknown_source_id(mini_data):
    err, msg = error_for(mini_data, "a,2020,1,TWh/yr,,src_zzz,verified,\n")
    assert "column 'source': unknown source id 'src_zzz'" in msg


def test_bad_confidence_tag(mini_data):
    err, msg = error_for(mini_data, "a,2020,1,TWh/yr,,src_a,probably,\n")
    assert "'probably' is not a confidence tag" in msg


def test_all_problems_are_reported_together(mini_data):
    err, msg = error_for(mini_data, "a,2020,-1,TWh/yr,,src_a,verified,\nb,1990,x,MWh,,nope,verified,\n")
    assert len(err.problems) >= 4
    assert msg.startswith(f"{len(err.problems)} problems in")


def test_unknown_dataset_lists_known_ones(mini_data):
    with pytest.raises(DataError, match=r"unknown dataset 'nope' \(datasets: power\)"):
        data.load("nope")


def test_missing_file(mini_data, tmp_path):
    with pytest.raises(DataError, match="does not exist"):
        data.load("power", path=tmp_path / "absent.csv")


def test_bad_catalogue_is_reported(mini_data):
    cat = mini_data / "catalogue.yaml"
    cat.write_text(cat.read_text().replace("type: int,", "type: integer,"), encoding="utf-8")
    with pytest.raises(DataError, match=r"column 'year': type must be one of"):
        data.load("power")


def test_catalog_and_sources(mini_data):
    cat = data.catalog()
    assert cat.loc[0, "dataset"] == "power" and cat.loc[0, "rows"] == 3
    assert cat.loc[0, ["verified", "partial", "unverified", "assumption"]].tolist() == [1, 1, 1, 0]
    assert data.sources().loc["src_b", "note"] == "secondary"
    assert data.cited_sources("power")["rows"].to_dict() == {"src_a": 2, "src_b": 1}


def test_describe(mini_data):
    desc = data.describe("power").set_index("column")
    assert desc.loc["value", "unit"] == "from column 'unit'"
    assert desc.loc["year", "constraints"] == ">= 2000; <= 2050"
    assert not desc.loc["share", "required"]


def test_file_hashes_change_with_content(mini_data):
    before = data.file_hashes()
    (mini_data / "power.csv").write_text(HEADER + "x,2020,1,TWh/yr,,src_a,verified,\n", encoding="utf-8")
    after = data.file_hashes()
    assert set(before) == {"catalogue.yaml", "power.csv"}
    assert before["power.csv"] != after["power.csv"]
    assert data.load("power")["series"].tolist() == ["x"]  # the cache follows the content


def test_duplicate_source_id_in_catalogue_is_refused(mini_data):
    cat = mini_data / "catalogue.yaml"
    text = cat.read_text()
    cat.write_text(text.replace("datasets:", '  src_a: {title: "again", organisation: "X", year: 2020}\ndatasets:'), encoding="utf-8")
    with pytest.raises(DataError, match=r"line \d+: duplicate key 'src_a'"):
        data.load("power")
