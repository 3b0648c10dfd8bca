"""The seeded SYNTHETIC park: same seed, same park; labelled synthetic; calibrated to the
catalogue's published aggregates."""

from __future__ import annotations

import pandas as pd
import pytest

from greenimpact import data
from greenimpact.sectors import parks
from greenimpact.sectors.parks_synthetic import synthetic_park as old_path


def test_synthetic_park_is_seeded_labelled_and_calibrated():
    a = parks.synthetic_park(seed=7)
    b = parks.synthetic_park(seed=7)
    pd.testing.assert_frame_equal(a.metering, b.metering)
    assert a.metering["enterprise"].nunique() == 40 and a.metering["month"].nunique() == 36
    assert set(a.metering["note"]) == {"synthetic"} and set(a.production["source"]) == {
        "greenimpact_synthetic_park"
    }
    # calibrated: 10 % saving = the ISO 50001 initial improvement in the catalogue
    ctx = data.load("park_context").set_index("quantity")
    assert a.truth["saving_pct"] == ctx.loc["ems_initial_saving", "value"] == 10.0
    # the park sits in the 0.2-1 Mtce/yr size class
    card = parks.scorecard(parks.inventory(a.metering))
    assert 2e5 <= card.attrs["energy_tce"] < 1e6
    with pytest.raises(ValueError, match="n_months must be >= 12"):
        parks.synthetic_park(n_months=6)


def test_bad_settings_name_the_argument():
    with pytest.raises(ValueError, match="n_enterprises must be >= 4"):
        parks.synthetic_park(n_enterprises=3)
    with pytest.raises(ValueError, match="adopt_share must be > 0"):
        parks.synthetic_park(adopt_share=0)
    with pytest.raises(ValueError, match="saving_pct must be < 100 %"):
        parks.synthetic_park(saving_pct=100)


def test_old_import_path_still_works():
    assert old_path is parks.synthetic_park
