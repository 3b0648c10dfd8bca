"""Green power and carbon (greenimpact.compute.carbon): certificates, location- and
market-based emissions and bad input."""

from __future__ import annotations

import numpy as np
import pytest
from numpy.testing import assert_allclose

from greenimpact.compute import carbon


def test_certificates_equal_renewable_mwh_claimed():
    """One green electricity certificate = 1 MWh (NDRC/NEA 2023): certificates surrendered equal
    the renewable MWh claimed through them."""
    claims = carbon.renewable_claims(200.0, 40.0, onsite_pct_of_re=5.0, ppa_pct_of_re=45.0)
    assert_allclose(claims["certificates_million"] * 1e6, claims["certificate_twh"] * 1e6)  # MWh
    assert_allclose(claims["onsite_twh"] + claims["ppa_twh"] + claims["certificate_twh"], claims["renewable_twh"])


def test_market_based_falls_with_certificates_and_crosses_at_break_even():
    """MEE/NBS 2022: average 0.5366, excluding traded non-fossil 0.5856 kg CO2/kWh.

    Market-based emissions fall with every certificate and drop below location-based emissions
    exactly above the break-even share 1 - 0.5366/0.5856 = 8.4 %. (A literal reading of
    "market-based <= location-based whenever certificates > 0" is wrong with a residual factor
    above the average: a 1 % claim leaves market-based emissions higher, and that is correct
    accounting, not double counting.)"""
    shares = np.linspace(0, 100, 201)
    loc = carbon.location_based_mt(100.0, 0.5366)
    mkt = carbon.market_based_mt(100.0, shares, 0.5856)
    assert np.all(np.diff(mkt) < 0)
    s_star = carbon.break_even_share_pct(0.5366, 0.5856)
    assert_allclose(s_star, 8.367, atol=1e-3)
    assert np.all(mkt[shares > s_star] < loc) and np.all(mkt[shares < s_star] > loc)


def test_certificates_needed_after_other_claims():
    c = carbon.certificates_needed(100.0, 30.0, other_renewable_twh=10.0, price_cny=5.0)
    assert_allclose(c["certificates_million"], 20.0)
    assert_allclose(c["cost_million_cny"], 100.0)
    assert_allclose(carbon.certificates_needed(100.0, 5.0, other_renewable_twh=10.0)["certificates_million"], 0.0)


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: carbon.renewable_claims(1.0, 101.0), r"renewable_share_pct must be <= 100 %, got 101 \(scalar input\)"),
        (lambda: carbon.renewable_claims(-1.0, 10.0), "electricity_twh must be >= 0 TWh/yr"),
        (lambda: carbon.renewable_claims(1.0, 10.0, onsite_pct_of_re=60.0, ppa_pct_of_re=50.0),
         "onsite_pct_of_re \\+ ppa_pct_of_re must be <= 100 %, got 110"),
        (lambda: carbon.location_based_mt(10.0, -0.5), "grid_factor_kg_per_kwh must be >= 0 kg CO2/kWh"),
        (lambda: carbon.location_based_mt([10.0, 5.0], 0.5, onsite_twh=[1.0, 6.0]),
         r"onsite_twh must not exceed electricity_twh, .*\(first at position 1\)"),
        (lambda: carbon.market_based_mt(10.0, 11.0, 0.5856), "renewable_twh must not exceed electricity_twh"),
        (lambda: carbon.market_based_mt(10.0, 1.0, np.nan), "residual_factor_kg_per_kwh must not contain NaN"),
        (lambda: carbon.break_even_share_pct(0.5366, 0.0), "residual_factor must be > 0 kg CO2/kWh"),
        (lambda: carbon.certificates_needed(10.0, 120.0), "target_pct must be <= 100 %"),
        (lambda: carbon.certificates_needed(10.0, 20.0, price_cny=-1.0), "price_cny must be >= 0 CNY/GEC"),
    ],
)
def test_bad_input_names_the_argument(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_2023_factors_break_even_and_residual_relation():
    """MEE/NBS 2023 (published January 2026, restated by Guangming Daily): average 0.5306,
    excluding traded non-fossil 0.6096 kg CO2/kWh. Break-even share 1 - 0.5306/0.6096 = 12.96 %
    (2022: 8.37 %); the residual factor average / (1 - s) gives the published 0.6096 back."""
    from greenimpact import data

    ef = data.load("grid_emission_factors").query("region == 'CN' and year == 2023").set_index("factor")["value"]
    assert_allclose([ef["average"], ef["excl_traded_nonfossil"], ef["fossil_only"]], [0.5306, 0.6096, 0.8273])
    s = carbon.traded_nonfossil_share_pct(0.5306, 0.6096)
    assert_allclose(carbon.break_even_share_pct(0.5306, 0.6096), 100 * (1 - 0.5306 / 0.6096))
    assert_allclose(s, 12.959, atol=5e-4)
    assert_allclose(carbon.residual_factor(0.5306, s), 0.6096)
    assert_allclose(carbon.traded_nonfossil_share_pct(0.5366, 0.5856), 8.367, atol=5e-4)


def test_residual_factor_rises_with_traded_share():
    """Removing zero-carbon traded power from the denominator: with 1 TWh emitting 0.5 Mt, taking
    out 0.2 TWh leaves 0.5 Mt over 0.8 TWh = 0.625 kg/kWh."""
    assert_allclose(carbon.residual_factor(0.5, 20.0), 0.625)
    assert np.all(np.diff(carbon.residual_factor(0.5, [0.0, 10.0, 30.0])) > 0)
    with pytest.raises(ValueError, match="traded_share_pct must be < 100"):
        carbon.residual_factor(0.5, 100.0)


def test_no_claim_through_an_instrument_before_its_market():
    """Green-power trading began in September 2021: nothing claimed through it in 2020, a third
    of a year's claim in 2021 (4 of 12 months), all from 2022."""
    a = carbon.instrument_availability([2020, 2021, 2022], 2021, 9)
    assert_allclose(a, [0.0, 4 / 12, 1.0])
    c = carbon.renewable_claims(100.0, 30.0, onsite_pct_of_re=10.0, ppa_pct_of_re=40.0,
                                ppa_available=a, certificates_available=0.0)
    assert_allclose(c["ppa_twh"], [0.0, 4.0, 12.0])
    assert_allclose(c["certificate_twh"], 0.0)
    assert_allclose(c["renewable_twh"], c["onsite_twh"] + c["ppa_twh"])
    with pytest.raises(ValueError, match="ppa_available"):
        carbon.renewable_claims(100.0, 30.0, ppa_available=1.5)
