"""Delay, capacity and stops at a signal (greenimpact.sectors.transport.signals): published worked
examples and bad input."""

from __future__ import annotations

import pandas as pd
import pytest
from numpy.testing import assert_allclose

from greenimpact.sectors.transport import signals as sg

# --------------------------------------------------------------------------------------------
# published worked examples


def test_webster_optimal_cycle_worked_example():
    """Webster (1958) optimum cycle, worked example (byjus; research notes section 0): flows 500
    and 300 pcu/h at s = 1,600 pcu/h give Y = 0.5; L = 16 s; C0 = (1.5 x 16 + 5) / (1 - 0.5) = 58 s."""
    assert_allclose(sg.webster_optimal_cycle(16, [500 / 1600, 300 / 1600]), 58.0)
    assert_allclose(sg.webster_optimal_cycle(16, [[0.25, 0.25], [0.3125, 0.1875]]), [58.0, 58.0])


def test_webster_delay_worked_example():
    """Webster (1958) three-term delay (Salter 1989 reproduction; research notes section 0):
    C = 90 s, g/C = 0.5, q = 0.2 veh/s, x = 0.8 gives 18.75 + 8.00 - 3.12 = 23.63 s/veh."""
    assert_allclose(sg.webster_delay(720, 1800, 90, 45), 23.63, atol=0.005)


def test_hcm_uniform_and_incremental_delay_worked_example():
    """HCM 2000 control delay (Abou Zeid lecture note; Akcelik 2001; research notes section 0):
    C = 90 s, g/C = 0.5, X = 0.8, c = 900 veh/h, T = 0.25 h, k = 0.5, I = 1:
    d1 = 18.75 s, d2 = 7.39 s, d = 26.14 s with PF = 1."""
    assert_allclose(sg.hcm_uniform_delay(90, 45, 720, 900), 18.75)
    assert_allclose(
        sg.hcm_incremental_delay(720, 900, period_h=0.25, k=0.5, i=1.0), 7.39, atol=0.005
    )
    assert_allclose(sg.hcm_control_delay(90, 45, 720, 900), 26.14, atol=0.005)


def test_bpr_ratio_at_capacity():
    """BPR (Bureau of Public Roads 1964 Traffic Assignment Manual; form confirmed by Gore et al.
    2023, TRR 2677(5)): alpha = 0.15, beta = 4 gives t/t0 = 1.15 at v/c = 1 (research notes
    section 0 also lists 1.0094, 1.0614 and 1.311 at v/c = 0.5, 0.8, 1.2)."""
    assert_allclose(sg.bpr_travel_time(1.0, 1.0, 1.0), 1.15)
    assert_allclose(
        sg.bpr_travel_time(1.0, [0.5, 0.8, 1.2], 1.0), [1.0094, 1.0614, 1.311], atol=5e-4
    )


def test_webster_uniform_term_equals_hcm_d1_and_stops_formula():
    """Below saturation Webster's first term equals HCM d1 (Strong & Rouphail 2006); at zero
    flow only that term remains. Stops (1 - g/C) / (1 - y): 0.5 / 0.6 at the worked example."""
    assert_allclose(sg.webster_delay(0, 1800, 90, 45), sg.hcm_uniform_delay(90, 45, 0, 900))
    assert_allclose(sg.stops_per_vehicle(720, 1800, 90, 45), 0.5 / 0.6)
    assert_allclose(sg.stops_per_vehicle(720, 1800, 90, 45, partial_stop_factor=0.9), 0.75)


def test_green_splits_and_series_pass_through():
    assert_allclose(sg.webster_green_splits(58, 16, [0.3125, 0.1875]), [26.25, 15.75])
    flows = pd.Series([360.0, 720.0], index=["a", "b"])
    out = sg.webster_delay(flows, 1800, 90, 45)
    assert isinstance(out, pd.Series) and list(out.index) == ["a", "b"]
    assert_allclose(out["b"], 23.63, atol=0.005)
    assert_allclose(sg.degree_of_saturation(720, 1800, 90, 45), 0.8)


# --------------------------------------------------------------------------------------------
# bad input names the argument


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: sg.webster_delay(-1, 1800, 90, 45), r"flow_vph must be >= 0 veh/h, got -1 \(scalar input\)"),
        (lambda: sg.webster_delay(500, 1800, 90, 95), "green_s must not exceed cycle_s"),
        (lambda: sg.webster_delay(500, 0, 90, 45), "saturation_flow_vph must be > 0 veh/h"),
        (
            lambda: sg.webster_delay([500, 950], 1800, 90, 45),
            r"degree of saturation .* must be < 1 .* position 1",
        ),
        (lambda: sg.webster_optimal_cycle(16, [0.6, 0.5]), "sum of flow_ratios Y must be < 1"),
        (lambda: sg.webster_green_splits(10, 16, [0.3, 0.2]), "cycle_s must exceed lost_time_s"),
        (lambda: sg.hcm_control_delay(90, 100, 500, 900), "green_s must not exceed cycle_s"),
        (lambda: sg.hcm_control_delay(90, 45, [5, -5], 900), r"volume_vph must be >= 0 veh/h, got -5 \(first at position 1\)"),
        (lambda: sg.hcm_control_delay(90, 45, 500, 0), "capacity_vph must be > 0"),
        (lambda: sg.bpr_travel_time(1.0, 1.0, 0.0), "capacity must be > 0"),
        (lambda: sg.stops_per_vehicle(950, 1800, 90, 45), "degree of saturation"),
        (lambda: sg.stops_per_vehicle(500, 1800, 90, 45, 1.2), "partial_stop_factor must be <= 1"),
        (lambda: sg.webster_delay("fast", 1800, 90, 45), "flow_vph must be numeric"),
        (lambda: sg.webster_delay(float("nan"), 1800, 90, 45), "flow_vph must not contain NaN"),
    ],
)
def test_bad_input_names_the_argument(call, message):
    with pytest.raises(ValueError, match=message):
        call()
