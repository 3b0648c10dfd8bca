"""Energy per AI request (greenimpact.compute.ai): published values and bad input."""

from __future__ import annotations

import pytest
from numpy.testing import assert_allclose

from greenimpact import data
from greenimpact.compute import ai


def test_de_vries_fleet():
    """de Vries (2023, Joule 7(10)): 3,617 HGX A100 servers x 6.5 kW x 24 h = 564 MWh/day over
    195 million requests a day = 2.9 Wh per request."""
    assert_allclose(3617 * 6.5 * 24 / 1000, 564.252)
    assert_allclose(ai.fleet_wh_per_request(3617, 6.5, 13e6 * 15), 2.89, atol=0.005)


def test_article_chatgpt_households():
    """Seed article: ChatGPT's >500,000 kWh a day equals about 17,000 US households; EIA (2021):
    a US residential customer used 10,715 kWh in 2020."""
    hh = float(data.load("household_electricity").query("country == 'US'")["value"].iloc[0])
    assert_allclose(ai.household_equivalents(500_000, hh), 17_000, rtol=0.01)
    # and 200 million requests a day at 2.5 Wh (New Yorker's rounding of de Vries) is 500,000 kWh
    assert_allclose(ai.daily_energy_kwh(200e6, 2.5), 500_000)


def test_request_estimates_imply_daily_energy_and_households():
    table = ai.request_estimates(200e6)
    assert (table["wh_per_request"].diff().dropna() <= 0).all()
    assert_allclose(table["kwh_per_day"], 200e6 * table["wh_per_request"] / 1000)


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: ai.fleet_wh_per_request(10, 6.5, 0), r"requests_per_day must be > 0 request/day, got 0 \(scalar input\)"),
        (lambda: ai.fleet_wh_per_request(-1, 6.5, 10), "servers must be >= 0"),
        (lambda: ai.fleet_wh_per_request(10, -6.5, 10), "power_kw must be >= 0 kW"),
        (lambda: ai.fleet_wh_per_request(10, 6.5, 10, hours_per_day=25), "hours_per_day must be <= 24 h/day"),
        (lambda: ai.daily_energy_kwh([1e6, -1.0], 0.3), r"requests_per_day must be >= 0 request/day, got -1 \(first at position 1\)"),
        (lambda: ai.daily_energy_kwh(1e6, -0.3), "wh_per_request must be >= 0 Wh/request"),
        (lambda: ai.household_equivalents(500.0, 0.0), "household_kwh_per_year must be > 0 kWh/yr"),
        (lambda: ai.household_equivalents(-500.0, 10_715), "kwh_per_day must be >= 0 kWh/day"),
        (lambda: ai.request_estimates(household_country="XX"), "no household electricity figure for country 'XX'"),
    ],
)
def test_bad_input_names_the_argument(call, message):
    with pytest.raises(ValueError, match=message):
        call()
