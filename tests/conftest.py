"""Shared fixtures."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def mini_data(tmp_path, monkeypatch):
    """A small data directory with one time-series dataset, selected via GREENIMPACT_DATA_DIR."""
    root = tmp_path / "data"
    root.mkdir()
    (root / "catalogue.yaml").write_text(
        textwrap.dedent(
            """
            sources:
              src_a: {title: "Statistical bulletin", organisation: "Agency A", year: 2024, url: "https://example.org/a"}
              src_b: {title: "Forecast", organisation: "Institute B", year: 2023, url: null, note: "secondary"}
            datasets:
              power:
                file: power.csv
                title: Power use
                description: test dataset
                kind: timeseries
                key: [series, year]
                plot: {x: year, y: value, hue: series}
                columns:
                  series: {type: str}
                  year: {type: int, min: 2000, max: 2050}
                  value: {type: float, unit_column: unit, min: 0}
                  unit: {type: str, allowed: ["TWh/yr"]}
                  share: {type: float, nullable: true, max: 100}
                  source: {type: source}
                  confidence: {type: confidence}
                  note: {type: str, nullable: true}
            """
        ),
        encoding="utf-8",
    )
    (root / "power.csv").write_text(
        "series,year,value,unit,share,source,confidence,note\n"
        "stats,2020,100.5,TWh/yr,2.1,src_a,verified,\n"
        "stats,2021,110,TWh/yr,,src_a,partial,\"growth, rounded\"\n"
        "forecast,2030,300,TWh/yr,5,src_b,unverified,\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("GREENIMPACT_DATA_DIR", str(root))
    return root


@pytest.fixture
def repo_copy_data(tmp_path, monkeypatch):
    """A writable copy of the real data directory, selected via GREENIMPACT_DATA_DIR."""
    dst = tmp_path / "data"
    shutil.copytree(REPO / "data", dst)
    monkeypatch.setenv("GREENIMPACT_DATA_DIR", str(dst))
    return dst
