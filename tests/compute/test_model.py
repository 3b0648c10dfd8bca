"""The compute-footprint model (greenimpact.compute.model): published values the scenarios
reproduce, result contract, identities and bad overrides."""

from __future__ import annotations

import pytest
from numpy.testing import assert_allclose

import greenimpact as gi
from greenimpact.compute.model import compute_paths
from greenimpact.scenarios import ParameterError, ScenarioError, values

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


# ------------------------------------------------------------------------------- published values


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
    paths = compute_paths(values("compute", "baseline"))
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


def test_market_below_location_in_every_model_year_past_break_even(results):
    for frame in results.values():
        piv = frame.pivot_table(index="year", columns="variable", values="value")
        mkt = piv["Emissions|CO2|Data Centres|Market-based"]
        loc = piv["Emissions|CO2|Data Centres|Location-based"]
        share = piv["Renewable Share|Data Centres"]
        ratio = piv["Emission Factor|Electricity|Residual"] / piv["Emission Factor|Electricity|Location-based"]
        above = share > 100 * (1 - 1 / ratio) + 1.0
        assert above.any() and (mkt[above] < loc[above]).all()


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


def test_cooling_shares_above_100_percent_name_the_parameters_and_year():
    with pytest.raises(ValueError, match=r"liquid_share_pct \+ immersion_share_pct must be <= 100 %, got 110 % in 2030"):
        gi.run("compute", liquid_share_pct={2024: 10.0, 2030: 90.0}, immersion_share_pct={2024: 0.0, 2030: 20.0})


def test_base_year_after_end_year():
    params = {**values("compute", "baseline"), "base_year": 2036}
    with pytest.raises(ValueError, match="base_year must lie in 2018-2034 \\(before end_year\\), got 2036"):
        compute_paths(params)


def test_pre_anchor_years_are_flagged_or_inside_the_published_band(results):
    """Issue 12: every model year before the anchor either lies inside the published band for that
    year (dc_electricity estimates) or carries Electricity|Data Centres|Back-cast = 1; from the
    anchor year on the flag is 0 and the anchor reproduces its published value."""
    from greenimpact.compute import views

    for name, frame in results.items():
        piv = frame.pivot_table(index="year", columns="variable", values="value")
        base = values("compute", name)["base_year"]
        flag = piv["Electricity|Data Centres|Back-cast"]
        assert (flag.loc[:base - 1] == 1).all() and (flag.loc[base:] == 0).all()
        band = views.history_band(frame, name)
        assert ((band["status"] == "inside") | (band["back_cast"] == 1)).all()
    band = views.history_band(results["baseline"], "baseline")
    anchor = band[band["year"] == 2024].iloc[0]
    assert anchor["status"] == "inside" and anchor["back_cast"] == 0
    assert_allclose(anchor["model_TWh"], 102.0)  # IEA Energy and AI (2025), China 2024


def test_no_certificates_or_green_power_before_their_markets(results):
    """Green-power trading began in September 2021 (CPNN 2024, NEA statistics); the certificate
    claim of the baseline starts with the full-coverage notice (July 2023). Before those dates the
    model claims nothing through them."""
    for name, frame in results.items():
        piv = frame.pivot_table(index="year", columns="variable", values="value")
        assert (piv.loc[:2020, "Electricity|Data Centres|Green Power Trading"] == 0).all()
        if values("compute", name)["certificate_market_start"] == "full_coverage_notice":
            assert (piv.loc[:2022, "Green Certificates|Data Centres"] == 0).all()
            assert piv.loc[2023, "Green Certificates|Data Centres"] > 0
    voluntary = gi.run("compute", "baseline", certificate_market_start="voluntary_subscription_start")
    piv = voluntary.pivot_table(index="year", columns="variable", values="value")
    assert (piv.loc[2018:2022, "Green Certificates|Data Centres"] > 0).all()


def test_residual_factor_follows_the_traded_share(results):
    """The residual factor is the MEE/NBS average over (1 - traded non-fossil share): the published
    pairs in 2022 (0.5856) and 2023 (0.6096), then rising with the traded volume rather than a
    frozen 2022 ratio of 1.091; the break-even share equals the traded share."""
    piv = results["baseline"].pivot_table(index="year", columns="variable", values="value")
    res = piv["Emission Factor|Electricity|Residual"]
    assert_allclose(res.loc[[2022, 2023]], [0.5856, 0.6096], atol=1e-12)
    assert_allclose(piv["Emission Factor|Electricity|Break-even Renewable Share"],
                    piv["Electricity|Traded Non-fossil|Share"])
    assert_allclose(piv.loc[2023, "Emission Factor|Electricity|Break-even Renewable Share"], 12.959, atol=5e-4)
    ratio = res / piv["Emission Factor|Electricity|Location-based"]
    assert (ratio.loc[2024:] > 0.6096 / 0.5306).all()
    faster = gi.run("compute", "baseline", traded_nonfossil_growth_pct=15.0)
    fres = faster.pivot_table(index="year", columns="variable", values="value")["Emission Factor|Electricity|Residual"]
    assert (fres.loc[2024:] > res.loc[2024:]).all()
    assert_allclose(fres.loc[:2023], res.loc[:2023])


def test_ai_demand_and_the_fleet_add_up(results):
    """Inference + training + other accelerated workloads = the accelerator fleet's electricity in
    every projected year (the gap is an explicit term, never hidden); training stays below
    inference (IEA 2026: AI energy 'has already shifted decisively from training to inference')."""
    for frame in results.values():
        piv = frame.pivot_table(index="year", columns="variable", values="value").dropna(
            subset=["Electricity|Data Centres|AI Inference"])
        total = (piv["Electricity|Data Centres|AI Inference"] + piv["Electricity|Data Centres|AI Training"]
                 + piv["Electricity|Data Centres|Other Accelerated Workloads"])
        assert_allclose(total, piv["Electricity|Data Centres|IT|Accelerated Servers"], rtol=1e-12)
        assert (piv["Electricity|Data Centres|AI Training"] < piv["Electricity|Data Centres|AI Inference"]).all()
