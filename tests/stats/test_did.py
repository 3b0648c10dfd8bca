"""Difference-in-differences on (synthetic) detector data."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose

from greenimpact import data
from greenimpact.sectors.transport_synthetic import DETECTOR_COLUMNS, detector_data
from greenimpact.stats import difference_in_differences


def test_ci_covers_the_true_effect_in_at_least_90_percent_of_repetitions():
    """150 seeded synthetic panels (8 treated + 8 control intersections, 14 + 14 days, AR(1)
    noise within intersections, common day shocks): the 95 % cluster-robust CI must contain the
    true effect at least 90 % of the time."""
    hits, reps = 0, 150
    for seed in range(reps):
        df = detector_data(n_treated=8, n_control=8, days_before=14, days_after=14, seed=seed)
        res = difference_in_differences(
            df, "delay_s_per_veh", "treated", "post", cluster="intersection"
        )
        hits += res.effect_ci[0] <= df.attrs["true_effect_s"] <= res.effect_ci[1]
    assert hits / reps >= 0.90


def test_recovers_the_effect_on_the_embedded_synthetic_file():
    df = data.load("detector_counts")
    assert (df["note"] == "SYNTHETIC").all() and (df["source"] == "greenimpact_synthetic").all()
    res = difference_in_differences(
        df, "delay_s_per_veh", "treated", "post", cluster="intersection"
    )
    assert res.effect_ci[0] <= -5.4 <= res.effect_ci[1]
    assert res.p_value < 0.01 and res.n_clusters == 24 and res.n_obs == len(df)
    assert -0.16 < res.relative_effect < -0.09
    assert res.cov_type == "cluster" and res.model.use_t
    summary = res.summary()
    assert list(summary.columns[:4]) == ["outcome", "effect", "ci95_low", "ci95_high"]


def test_embedded_file_is_the_generator_output():
    """data/detector_counts_synthetic.csv is detector_data() with default arguments."""
    made = detector_data()
    assert made.attrs["synthetic"] is True and list(made.columns) == DETECTOR_COLUMNS
    stored = pd.read_csv(data.data_dir() / "detector_counts_synthetic.csv")
    pd.testing.assert_frame_equal(made.reset_index(drop=True), stored, check_dtype=False)


def test_exact_two_by_two_means_and_hc1_without_clusters():
    df = pd.DataFrame(
        {"y": [10.0, 12, 20, 19, 11, 13, 21, 18], "t": [0, 0, 1, 1] * 2, "p": [0, 1, 0, 1] * 2}
    )
    res = difference_in_differences(df, "y", "t", "p")
    means = df.groupby(["t", "p"])["y"].mean()
    assert_allclose(res.effect, (means[1, 1] - means[1, 0]) - (means[0, 1] - means[0, 0]))
    assert res.cov_type == "HC1" and res.n_clusters is None
    assert res.effect_ci[0] < res.effect < res.effect_ci[1]
    assert_allclose(res.baseline_mean, 20.5)


@pytest.mark.parametrize(
    "change, kwargs, message",
    [
        (lambda d: d.drop(columns=["post"]), {}, r"column 'post' \(argument post\) is not in data"),
        (lambda d: d, {"cluster": "site"}, r"column 'site' \(argument cluster\) is not in data"),
        (
            lambda d: d.assign(treated=np.where(d.index == 3, 2, d["treated"])),
            {},
            r"column 'treated' \(argument treated\) must be boolean or 0/1, got 2 in row 4",
        ),
        (
            lambda d: d.assign(delay_s_per_veh=d["delay_s_per_veh"].where(d.index != 5)),
            {},
            r"column 'delay_s_per_veh' \(argument outcome\) .* row 6",
        ),
        (
            lambda d: d[~d["treated"].astype(bool) | ~d["post"].astype(bool)],
            {},
            "no observations with treated=True and post=True",
        ),
        (lambda d: d, {"cluster": "one"}, r"at least 2 clusters"),
    ],
)
def test_bad_input_names_the_column(change, kwargs, message):
    df = detector_data(n_treated=2, n_control=2, days_before=7, days_after=7, seed=0).assign(
        one="x"
    )
    with pytest.raises(ValueError, match=message):
        difference_in_differences(
            change(df).reset_index(drop=True), "delay_s_per_veh", "treated", "post", **kwargs
        )


def test_generator_rejects_bad_arguments():
    with pytest.raises(ValueError, match="n_treated must be a whole number >= 1"):
        detector_data(n_treated=0)
    with pytest.raises(ValueError, match="effect_pct must be within"):
        detector_data(effect_pct=120)
