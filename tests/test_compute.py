"""Compute-footprint model: published values, scenario results, contracts and bad input."""

from __future__ import annotations

import numpy as np
import pytest
from numpy.testing import assert_allclose

import greenimpact as gi
from greenimpact import data
from greenimpact.compute import ai, carbon, demand
from greenimpact.compute.model import compute_paths
from greenimpact.scenarios import ParameterError, ScenarioError, resolve

REQUIRED = {
    "Electricity|Data Centres": "TWh/yr",
    "Electricity|Total": "TWh/yr",
    "Electricity|Data Centres|Share": "%",
    "Emissions|CO2|Data Centres|Location-based": "Mt CO2/yr",
    "Emissions|CO2|Data Centres|Market-based": "Mt CO2/yr",
    "Renewable Share|Data Centres": "%",
    "Green Certificates|Data Centres": "million",
    "PUE|Data Centres": "1",
    "Water|Data Centres": "million m^3/yr",
}


@pytest.fixture(scope="module")
def results():
    return {s: gi.run("compute", s) for s in gi.api.scenarios("compute")["scenario"]}


def value(frame, variable, year):
    row = frame[(frame["variable"] == variable) & (frame["year"] == year)]
    assert len(row) == 1, (variable, year)
    return float(row["value"].iloc[0])


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


def test_baseline_reproduces_iea_china(results):
    """IEA Energy and AI (2025): China's data centres 102 TWh in 2024 and 277 TWh in 2030 (base
    case). The baseline is calibrated to both."""
    base = results["baseline"]
    assert_allclose(value(base, "Electricity|Data Centres", 2024), 102.0, rtol=1e-9)
    assert_allclose(value(base, "Electricity|Data Centres", 2030), 277.0, rtol=0.01)


def test_ai_surge_reaches_the_article_case(results):
    """Seed article: in the AI-explosion case data centres pass 700 TWh in 2030, about 5.3 % of
    national consumption."""
    surge = results["ai_surge"]
    assert value(surge, "Electricity|Data Centres", 2030) >= 700
    assert_allclose(value(surge, "Electricity|Data Centres|Share", 2030), 5.3, atol=0.3)
    assert_allclose(value(surge, "Electricity|Data Centres", 2023), 150.0)


def test_implied_national_total_of_the_article():
    """700 TWh = 5.3 % implies about 13,200 TWh of national use in 2030; the model's national
    projection (NEA 2025 + 5 %/yr) is within 1 % of that."""
    implied = 700 / 0.053
    assert_allclose(implied, 13_208, rtol=1e-3)
    paths = compute_paths({k: v.value for k, v in resolve("compute", "baseline").items()})
    nat_2030 = paths["national_twh"][list(paths["years"]).index(2030)]
    assert_allclose(nat_2030, implied, rtol=0.01)


def test_headwinds_is_nearly_30_percent_below_base(results):
    """IEA Energy and AI: Headwinds reduces projected consumption by nearly 30 % by 2030."""
    ratio = value(results["headwinds"], "Electricity|Data Centres", 2030) / value(
        results["baseline"], "Electricity|Data Centres", 2030
    )
    assert 0.68 <= ratio <= 0.75


# ------------------------------------------------------------------------------- model identities


def test_result_contract(results):
    for name, frame in results.items():
        for variable, unit in REQUIRED.items():
            part = frame[frame["variable"] == variable]
            assert set(part["unit"]) == {unit}, (name, variable)
            assert set(part["region"]) == {"CN"}
            assert set(range(2018, 2036)) <= set(part["year"]), (name, variable)


def test_energy_balance(results):
    for frame in results.values():
        piv = frame.pivot_table(index="year", columns="variable", values="value")
        assert_allclose(piv["Electricity|Data Centres|IT"] * piv["PUE|Data Centres"], piv["Electricity|Data Centres"])
        parts = piv[[c for c in piv if c.startswith("Electricity|Data Centres|IT|")]].dropna()
        assert_allclose(parts.sum(axis=1), piv.loc[parts.index, "Electricity|Data Centres|IT"])
        assert_allclose(
            piv["Electricity|Data Centres|Share"],
            100 * piv["Electricity|Data Centres"] / piv["Electricity|Total"],
        )


def test_accelerator_stock_identity():
    fleet = demand.accelerator_fleet(
        np.arange(2024, 2036), base_year=2024, base_energy_twh=5.0, shipment_growth_pct=np.linspace(50, 10, 12),
        power_w=np.linspace(700, 1400, 12), utilisation=0.6, host_overhead=1.5, lifetime_yr=5,
    )
    assert_allclose(fleet["stock"][1:], fleet["stock"][:-1] + fleet["shipments"][1:] - fleet["retirements"][1:])
    assert_allclose(fleet["energy_twh"][0], 5.0)


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


def test_market_below_location_in_every_model_year_past_break_even(results):
    for frame in results.values():
        piv = frame.pivot_table(index="year", columns="variable", values="value")
        mkt = piv["Emissions|CO2|Data Centres|Market-based"]
        loc = piv["Emissions|CO2|Data Centres|Location-based"]
        share = piv["Renewable Share|Data Centres"]
        ratio = piv["Emission Factor|Electricity|Residual"] / piv["Emission Factor|Electricity|Location-based"]
        above = share > 100 * (1 - 1 / ratio) + 1.0
        assert above.any() and (mkt[above] < loc[above]).all()


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


# ------------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    "override, message",
    [
        ({"pue_cold_plate": 0.9}, "parameter 'pue_cold_plate': 0.9 is below the minimum 1"),
        ({"renewable_share_pct": {2030: 120}}, "parameter 'renewable_share_pct': 120.0 % is above the maximum 100"),
        ({"accelerator_power_w": {2030: -5}}, "parameter 'accelerator_power_w': -5.0 W is below the minimum 50"),
        ({"end_year": 2100}, "parameter 'end_year': 2100 yr is above the maximum 2060"),
        ({"base_year": 2010}, "parameter 'base_year': 2010 yr is below the minimum 2018"),
        ({"utilisation": 1.5}, "parameter 'utilisation': 1.5 is above the maximum 1"),
        ({"shipment_growth_pct": {1990: 10}}, "parameter 'shipment_growth_pct': year 1990 is outside 2015-2060"),
    ],
)
def test_bad_overrides_name_the_parameter(override, message):
    with pytest.raises(ParameterError, match=message.replace("(", r"\(").replace(")", r"\)")):
        gi.run("compute", **override)


def test_unknown_scenario():
    with pytest.raises(ScenarioError, match="unknown scenario 'boom' for model 'compute'"):
        gi.run("compute", "boom")


def test_anchor_without_base_year_value():
    with pytest.raises(ValueError, match="anchor_series 'IEA Energy and AI 2025' has no value for base_year 2023"):
        gi.run("compute", base_year=2023)


def test_bad_function_inputs():
    with pytest.raises(ValueError, match="renewable_share_pct must be <= 100"):
        carbon.renewable_claims(1.0, 101.0)
    with pytest.raises(ValueError, match="utilisation must be within"):
        demand.accelerator_fleet([2024], base_year=2024, base_energy_twh=1, shipment_growth_pct=0, power_w=700,
                                 utilisation=0, host_overhead=1.2, lifetime_yr=5)
    with pytest.raises(ValueError, match="power_w must be > 0"):
        demand.accelerator_fleet([2024], base_year=2024, base_energy_twh=1, shipment_growth_pct=0, power_w=-1,
                                 utilisation=0.5, host_overhead=1.2, lifetime_yr=5)
    with pytest.raises(ValueError, match="requests_per_day must be > 0"):
        ai.fleet_wh_per_request(10, 6.5, 0)
