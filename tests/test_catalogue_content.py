"""The embedded datasets: every one loads, every number has a source and a confidence tag,
and the published figures the models rely on are what the sources say."""

from __future__ import annotations

import numpy as np
import pytest
from numpy.testing import assert_allclose

from greenimpact import data, results

DATASETS = list(data.catalogue()["datasets"])


@pytest.mark.parametrize("name", DATASETS)
def test_dataset_loads_and_every_row_is_sourced(name):
    df = data.load(name)
    assert len(df) > 0
    assert df["source"].notna().all() and df["confidence"].notna().all()


def test_every_catalogue_source_is_cited():
    """Every source in the catalogue is cited by a dataset row or a scenario value."""
    from greenimpact import scenarios

    cited = set()
    for name in DATASETS:
        cited |= set(data.load(name)["source"])
    for model in scenarios.model_names():
        for body in scenarios.load_model_spec(model)["scenarios"].values():
            cited |= {v["source"] for v in (body.get("values") or {}).values()}
    assert set(data.sources().index) == cited - {"assumption"}


def test_catalog_lists_all_datasets():
    cat = data.catalog()
    assert cat["dataset"].tolist() == DATASETS
    assert (cat[["verified", "partial", "unverified", "assumption"]].sum(axis=1) == cat["rows"]).all()


def test_required_series_are_present():
    cons = data.load("electricity_consumption").query("series == 'NEA statistics'")
    assert sorted(cons["year"]) == list(range(2015, 2026))
    ef = data.load("grid_emission_factors")
    assert {"average", "excl_traded_nonfossil", "fossil_only", "enterprise_reporting"} <= set(ef["factor"])
    assert set(ef["region_level"]) == {"national", "regional", "provincial"}
    assert ef.query("region_level == 'regional' and year == 2022")["region"].nunique() == 7


def test_greenpeace_2018_share_reproduces():
    """Greenpeace East Asia & NCEPU (2019): 160.889 TWh = 2.35 % of 6,844.9 TWh (NEA 2018)."""
    dc = data.load("dc_electricity").query("series == 'Greenpeace/NCEPU 2019' and year == 2018")
    total = data.load("electricity_consumption").query("series == 'NEA statistics' and year == 2018")
    share = 100 * dc["value"].iloc[0] / total["value"].iloc[0]
    assert_allclose(share, 2.35, atol=0.005)
    assert_allclose(share, dc["share_reported"].iloc[0], atol=0.005)


def test_article_2023_share_is_consistent_with_nea_total():
    """Seed article: 150 TWh in 2023 = about 1.6 % of national use (NEA 2023: 9,224.1 TWh)."""
    total = data.load("electricity_consumption").query("series == 'NEA statistics' and year == 2023")
    assert_allclose(100 * 150 / total["value"].iloc[0], 1.6, atol=0.05)


def test_mee_nbs_2022_national_factors():
    """MEE/NBS announcement of 2024-12-20: 2022 national average 0.5366, excluding market-traded
    non-fossil power 0.5856, fossil-only 0.8325 kg CO2/kWh."""
    ef = data.load("grid_emission_factors").query("region == 'CN' and year == 2022").set_index("factor")
    assert_allclose(ef.loc[["average", "excl_traded_nonfossil", "fossil_only"], "value"], [0.5366, 0.5856, 0.8325])


def test_dc_estimates_disagree_by_about_two_times():
    spread = data.spread("dc_electricity").set_index(["region", "year"])
    assert_allclose(spread.loc[("CN", 2018), "ratio"], 160.889 / 61.3)
    assert spread["ratio"].max() > 2


def test_claims_cover_the_article():
    claims = data.load("claims")
    assert claims["claim_id"].is_unique and len(claims) >= 40
    assert (claims["source"] == "seed_article").all()
    assert set(claims["confidence"]) == {"unverified"}
    # a few numbers every reader quotes
    for value in (700, 5.3, 150, 1.6, 1535, 15, 2.16, 1.98, 69, 40, 10327, 87117, 22.98):
        assert np.isclose(claims["value"], value).any(), value
    ranges = claims.dropna(subset=["value_high"])
    assert (ranges["value_high"] > ranges["value"]).all()


@pytest.mark.parametrize("name", ["electricity_consumption", "grid_emission_factors", "dc_electricity"])
def test_iamc_export_validates(name):
    frame = data.to_iamc(name)
    assert list(frame.columns) == results.IAMC_COLUMNS
    assert len(frame) == len(data.load(name))


def test_natural_gas_against_china_mrv_default():
    """China's enterprise MRV defaults (GB/T 32151 series / NDRC accounting guidelines): NCV
    389.31 GJ per 10^4 Nm3, 15.3 t C/TJ, 99 % oxidation -> 389.31 x 15.3e-3 x 0.99 x 44/12
    = 21.62 t CO2 per 10^4 m3; the GB/T 2589 gas-field pair gives 19.96 t (7.7 % lower)."""
    from greenimpact.sectors.parks.accounting import fuel_co2_t, standard_coal_tce
    from greenimpact.sectors.parks.metering import conversion_factors

    def t_per_1e4_m3(basis):
        f = conversion_factors(natural_gas=basis)
        return float(fuel_co2_t(standard_coal_tce(1e4, f["kgce"]["natural_gas"]), f["co2"]["natural_gas"]))

    assert_allclose(t_per_1e4_m3("mrv_default"), 389.31 * 15.3e-3 * 0.99 * 44 / 12, rtol=1e-5)
    assert_allclose(t_per_1e4_m3("mrv_default"), 21.62, atol=0.005)
    assert_allclose(1 - t_per_1e4_m3("gas_field") / t_per_1e4_m3("mrv_default"), 0.077, atol=0.001)


def test_2023_grid_factors_as_published():
    """MEE/NBS 2023 factors (January 2026, restated by Guangming Daily): national 0.5306,
    excluding traded non-fossil 0.6096, fossil-only 0.8273; regional grids North 0.6361,
    Northeast 0.5122, East 0.5500, Central 0.5271, Northwest 0.5543, South 0.4042, Southwest 0.2472."""
    ef = data.load("grid_emission_factors").query("year == 2023")
    got = ef.set_index(["factor", "region"])["value"]
    expected = {("average", "CN"): 0.5306, ("excl_traded_nonfossil", "CN"): 0.6096, ("fossil_only", "CN"): 0.8273,
                ("average", "North China"): 0.6361, ("average", "Northeast China"): 0.5122,
                ("average", "East China"): 0.5500, ("average", "Central China"): 0.5271,
                ("average", "Northwest China"): 0.5543, ("average", "South China"): 0.4042,
                ("average", "Southwest China"): 0.2472}
    assert_allclose([got[k] for k in expected], list(expected.values()))
    assert len(ef) == len(expected)  # no 2023 provincial value: the table was not located


def test_green_market_start_dates():
    """Green-power trading pilots began in September 2021 (CPNN 2024 citing NEA); voluntary GEC
    subscription in 2017; the full-coverage notice in 2023."""
    ms = data.load("green_market_milestones").set_index(["instrument", "event"])
    assert tuple(ms.loc[("green_power_trading", "pilot_start"), ["year", "month"]]) == (2021, 9)
    assert ms.loc[("certificates", "voluntary_subscription_start"), "year"] == 2017
    assert ms.loc[("certificates", "full_coverage_notice"), "year"] == 2023


def test_dc_history_rows_carry_a_scope_label():
    """Every data-centre estimate says its boundary and coverage, or says the source does not."""
    dc = data.load("dc_electricity")
    assert dc["boundary"].notna().all() and dc["coverage"].notna().all()
    iea = dc.query("series == 'IEA Energy and AI 2025' and region == 'CN'")
    assert (iea["boundary"] == "whole_site").all()
