"""Data-centre electricity demand (greenimpact.compute.demand): published shares, the
accelerator fleet, the top-down fits and bad input."""

from __future__ import annotations

import numpy as np
import pytest
from numpy.testing import assert_allclose

from greenimpact import data
from greenimpact.compute import demand


def nea(year):
    nat = data.load("electricity_consumption").query("series == 'NEA statistics' and year == @year")
    return float(nat["value"].iloc[0])


# ------------------------------------------------------------------------------- published values


def test_article_2023_share():
    """Seed article: 150 TWh of computing-centre electricity in 2023, about 1.6 % of national
    use (NEA 2023: 9,224.1 TWh)."""
    assert_allclose(demand.share_pct(150.0, nea(2023)), 1.6, atol=0.05)


def test_greenpeace_2018_share_from_history():
    """Greenpeace East Asia & NCEPU (2019): 160.889 TWh = 2.35 % of 6,844.9 TWh in 2018."""
    hist = demand.history().query("series == 'Greenpeace/NCEPU 2019' and year == 2018")
    assert_allclose(hist["share_pct"].iloc[0], 2.35, atol=0.005)
    assert_allclose(hist["share_pct"].iloc[0], hist["share_reported"].iloc[0], atol=0.005)


# ------------------------------------------------------------------------------- model identities


def test_accelerator_stock_identity():
    fleet = demand.accelerator_fleet(
        np.arange(2024, 2036), base_year=2024, base_energy_twh=5.0, shipment_growth_pct=np.linspace(50, 10, 12),
        power_w=np.linspace(700, 1400, 12), utilisation=0.6, host_overhead=1.5, lifetime_yr=5,
    )
    assert_allclose(fleet["stock"][1:], fleet["stock"][:-1] + fleet["shipments"][1:] - fleet["retirements"][1:])
    assert_allclose(fleet["energy_twh"][0], 5.0)


def test_loglinear_fit_recovers_growth():
    years = np.arange(2015, 2026)
    values = 5000 * 1.06 ** (years - 2015) * np.exp(np.resize([0.01, -0.01], years.size))
    fit, info = demand.fit_loglinear(years, values, [2030])
    assert_allclose(info["growth_pct"], 6.0, atol=0.2)
    assert fit["pi_low"].iloc[0] < 5000 * 1.06**15 < fit["pi_high"].iloc[0]


def test_ets_damped_on_nea_series():
    nat = data.load("electricity_consumption").query("series == 'NEA statistics'").sort_values("year")
    fit, info = demand.fit_ets_damped(nat["year"], nat["value"], horizon=5)
    assert fit["year"].tolist() == [2026, 2027, 2028, 2029, 2030]
    assert (fit["pi_low"] < fit["mean"]).all() and (fit["mean"] < fit["pi_high"]).all()
    assert 10_400 < fit["mean"].iloc[-1] < 16_000
    assert 0 < info["damping_trend"] <= 1


def test_bottom_up_splits_conventional_it():
    bu = demand.bottom_up(np.arange(2024, 2031), base_year=2024, it_base_twh=100.0, accelerated_share_pct=20.0,
                          conventional_growth_pct=5.0, storage_share_pct=10.0, network_share_pct=5.0,
                          shipment_growth_pct=30.0, power_w=700, utilisation=0.6, host_overhead=1.5, lifetime_yr=5)
    assert_allclose(bu["accelerated"][0], 20.0)
    assert_allclose(bu["servers"] + bu["storage"] + bu["network"] + bu["accelerated"], bu["it"])
    assert_allclose(bu["storage"] / (bu["it"] - bu["accelerated"]), 0.10)


# ------------------------------------------------------------------------------- bad input: every error names the argument


def fleet(**kwargs):
    args = {"base_year": 2024, "base_energy_twh": 1, "shipment_growth_pct": 0, "power_w": 700, "utilisation": 0.5,
            "host_overhead": 1.2, "lifetime_yr": 5} | kwargs
    return demand.accelerator_fleet([2024], **args)


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: fleet(utilisation=0), r"utilisation must be > 0, got 0 \(scalar input\)"),
        (lambda: fleet(utilisation=1.2), "utilisation must be <= 1"),
        (lambda: fleet(power_w=-1), "power_w must be > 0 W, got -1"),
        (lambda: fleet(power_w=[700, -1]), r"power_w must be > 0 W, got -1 \(first at position 1\)"),
        (lambda: fleet(lifetime_yr=0), "lifetime_yr must be >= 1"),
        (lambda: fleet(lifetime_yr=4.5), "lifetime_yr must be a whole number"),
        (lambda: fleet(host_overhead=0.9), "host_overhead must be >= 1"),
        (lambda: fleet(base_energy_twh=0), "base_energy_twh must be > 0 TWh/yr"),
        (lambda: fleet(shipment_growth_pct=-100), "shipment_growth_pct must be > -100 %/yr"),
        (lambda: demand.accelerator_fleet([2025], base_year=2024, base_energy_twh=1, shipment_growth_pct=0,
                                          power_w=700, utilisation=0.5, host_overhead=1.2, lifetime_yr=5),
         "years must be consecutive and start at base_year"),
        (lambda: demand.share_pct(1.0, 0.0), "total_twh must be > 0 TWh/yr"),
        (lambda: demand.share_pct(-1.0, 10.0), "part_twh must be >= 0 TWh/yr"),
        (lambda: demand.national_consumption([2024, 2026], base_year=2024, base_twh=1.0, growth_pct=5.0),
         "years must be consecutive"),
        (lambda: demand.national_consumption([2024, 2025], base_year=2024, base_twh=0.0, growth_pct=5.0),
         "base_twh must be > 0"),
        (lambda: demand.national_consumption([2024, 2025], base_year=2024, base_twh=1.0, growth_pct=-100.0),
         "growth_pct must be > -100"),
        (lambda: demand.inference_twh(-1.0, 0.3), "requests_per_day must be >= 0 request/day"),
        (lambda: demand.inference_twh(1.0, -0.3), "wh_per_request must be >= 0 Wh/request"),
        (lambda: demand.fit_loglinear([2020, 2021, 2022], [1.0, 0.0, 2.0], [2030]), "values must be > 0"),
        (lambda: demand.fit_loglinear([2020, 2021], [1.0, 2.0], [2030]), "years and values must have the same length"),
        (lambda: demand.fit_ets_damped(range(2015, 2020), np.ones(5), 3), "years must hold at least 6"),
        (lambda: demand.fit_ets_damped([2015, 2016, 2018, 2019, 2020, 2021], np.ones(6), 3), "years must be consecutive"),
        (lambda: demand.fit_ets_damped(range(2015, 2022), np.ones(7), 0), "horizon must be >= 1"),
        (lambda: demand.bottom_up([2024], base_year=2024, it_base_twh=10, accelerated_share_pct=0,
                                  conventional_growth_pct=0, storage_share_pct=10, network_share_pct=5),
         "accelerated_share_pct must be > 0 %"),
        (lambda: demand.bottom_up([2024], base_year=2024, it_base_twh=10, accelerated_share_pct=20,
                                  conventional_growth_pct=0, storage_share_pct=110, network_share_pct=5),
         "storage_share_pct must be <= 100 %"),
        (lambda: demand.bottom_up([2024], base_year=2024, it_base_twh=10, accelerated_share_pct=20,
                                  conventional_growth_pct=0, storage_share_pct=60, network_share_pct=40),
         "storage_share_pct \\+ network_share_pct must be < 100 %"),
    ],
)
def test_bad_input_names_the_argument(call, message):
    with pytest.raises(ValueError, match=message):
        call()
