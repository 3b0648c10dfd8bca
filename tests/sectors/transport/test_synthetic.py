"""SYNTHETIC detector data (greenimpact.sectors.transport.synthetic) and the ``detector_counts``
schema that a user's own export is validated against."""

from __future__ import annotations

import pandas as pd
import pytest

from greenimpact import data
from greenimpact.sectors import transport_synthetic
from greenimpact.sectors.transport.synthetic import DETECTOR_COLUMNS, detector_data


def test_embedded_example_is_the_default_generator_output():
    """``data/detector_counts_synthetic.csv`` is :func:`detector_data` with its defaults, and is
    labelled synthetic in every row; the old import path still gives the same functions."""
    made = detector_data()
    embedded = data.load("detector_counts")
    assert made.attrs["synthetic"] and list(made.columns) == DETECTOR_COLUMNS
    assert (embedded["note"] == "SYNTHETIC").all() and (embedded["source"] == "greenimpact_synthetic").all()
    pd.testing.assert_frame_equal(
        embedded[DETECTOR_COLUMNS].reset_index(drop=True), made, check_dtype=False, check_exact=False
    )
    assert transport_synthetic.detector_data is detector_data
    assert transport_synthetic.DETECTOR_COLUMNS is DETECTOR_COLUMNS


def test_generator_rejects_a_bad_base_delay():
    with pytest.raises(ValueError, match="base_delay_s must be > 0 s/veh, got 0"):
        detector_data(base_delay_s=0)


def test_detector_csv_missing_column_and_duplicate_rows(tmp_path):
    frame = data.load("detector_counts").head(6)
    missing = tmp_path / "missing.csv"
    frame.drop(columns=["delay_s_per_veh"]).to_csv(missing, index=False)
    with pytest.raises(data.DataValidationError, match=r"column 'delay_s_per_veh': missing column"):
        data.load("detector_counts", path=missing)
    dup = tmp_path / "dup.csv"
    pd.concat([frame, frame.iloc[[2]]]).to_csv(dup, index=False)
    with pytest.raises(
        data.DataValidationError,
        match=r"duplicate key \(intersection='T01', date='2022-03-09'\) in rows 3, 7",
    ):
        data.load("detector_counts", path=dup)
    negative = tmp_path / "negative.csv"
    frame.assign(volume_veh=[-1, 5, 5, 5, 5, 5]).to_csv(negative, index=False)
    with pytest.raises(
        data.DataValidationError, match=r"row 1 \(line 2\), column 'volume_veh': -1 is negative"
    ):
        data.load("detector_counts", path=negative)


def test_user_detector_file_without_provenance_columns_filled(tmp_path):
    """A user's export may leave source, confidence and note empty."""
    mine = data.load("detector_counts").head(4).assign(source=None, confidence=None, note=None)
    path = tmp_path / "mine.csv"
    mine.to_csv(path, index=False)
    loaded = data.load("detector_counts", path=path)
    assert loaded["source"].isna().all() and len(loaded) == 4


