"""Footprint of the platforms behind the sector applications."""

from __future__ import annotations

import pandas as pd
import pytest
from numpy.testing import assert_allclose

from greenimpact.compute.platform import device_energy_mwh, platform_footprint


def test_h100_annual_energy():
    """H100 SXM at 700 W TDP and 61 % utilisation: about 3,740 kWh a year (research notes §0,
    from NVIDIA's 700 W TDP, product brief PB-11133-001)."""
    assert_allclose(device_energy_mwh(1, 700, 0.61), 3.74052, rtol=1e-6)


def test_de_vries_chatgpt_fleet_per_day():
    """de Vries (2023, Joule 7(10)): 3,617 HGX A100 servers x 6.5 kW x 24 h = 564 MWh a day."""
    assert_allclose(device_energy_mwh(3617, 6500) / 365, 564.252, rtol=1e-6)


def test_platform_footprint_operational_and_embodied():
    devices = pd.DataFrame(
        {"name": ["server", "camera"], "count": [10, 100], "power_w": [500.0, 10.0], "duty": [1.0, 1.0],
         "pue": [1.5, 1.0], "embodied_kg": [1000.0, 50.0], "lifetime_yr": [5.0, 10.0]}
    )
    fp = platform_footprint(devices, 0.5366).set_index("name")
    assert_allclose(fp.loc["server", "energy_mwh"], 10 * 0.5 * 1.5 * 8760 / 1000)
    assert_allclose(fp.loc["server", "operational_t"], 65.7 * 0.5366)
    assert_allclose(fp.loc["camera", "embodied_t"], 100 * 50 / 10 / 1000)
    assert_allclose(fp["total_t"], fp["operational_t"] + fp["embodied_t"])


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"pue": 0.9}, r"pue must be >= 1, got 0.9 \(scalar input\)"),
        ({"duty": 1.2}, r"duty must be <= 1 \(a fraction, not a percentage\)"),
        ({"power_w": -1}, "power_w must be >= 0 W"),
        ({"count": [1, -2]}, r"count must be >= 0, got -2 \(first at position 1\)"),
    ],
)
def test_bad_device_inputs(kwargs, message):
    args = {"count": 1, "power_w": 100, "duty": 1.0, "pue": 1.2} | kwargs
    with pytest.raises(ValueError, match=message):
        device_energy_mwh(**args)


def test_embodied_needs_a_positive_lifetime():
    devices = pd.DataFrame({"name": ["server"], "count": [1], "power_w": [100.0], "duty": [1.0], "pue": [1.2],
                            "embodied_kg": [1000.0]})
    with pytest.raises(ValueError, match="devices table has embodied_kg but lacks column lifetime_yr"):
        platform_footprint(devices, 0.5)
    with pytest.raises(ValueError, match="lifetime_yr must be > 0 yr"):
        platform_footprint(devices.assign(lifetime_yr=0.0), 0.5)
    with pytest.raises(ValueError, match="grid_factor_kg_per_kwh must be >= 0 kg CO2/kWh"):
        platform_footprint(devices.assign(lifetime_yr=5.0), -0.5)
