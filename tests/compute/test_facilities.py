"""Data-centre facilities: PUE by cooling technology, density, PUE targets, waste heat, water and
load flexibility (greenimpact/compute/facilities.py) and their embedded datasets."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose

from greenimpact import data
from greenimpact.compute import facilities as fac
from greenimpact.units import convert

# --------------------------------------------------------------------------------------------
# PUE and the cooling mix


def test_fleet_pue_is_exact_for_total_facility_energy():
    """E_fac = sum_k E_IT,k * PUE_k, so fleet PUE = E_fac / E_IT = sum_k s_k * PUE_k."""
    e_it = np.array([700.0, 250.0, 50.0])  # MWh by technology
    pue = np.array([1.46, 1.20, 1.07])
    e_fac = np.sum(e_it * pue)
    assert_allclose(fac.fleet_pue(e_it / e_it.sum(), pue), e_fac / e_it.sum(), rtol=1e-12)
    # vectorised over leading axes (one row per year)
    shares = np.array([[1.0, 0.0, 0.0], [0.5, 0.4, 0.1]])
    assert_allclose(fac.fleet_pue(shares, pue), [1.46, 0.73 + 0.48 + 0.107])


def test_fleet_pue_along_an_adoption_path_with_embedded_central_values():
    mix = fac.cooling_mix_path(range(2024, 2031), {2024: 0.1, 2030: 0.5}, {2024: 0.0, 2030: 0.1})
    assert_allclose(mix.sum(axis=1), 1.0)
    assert list(mix.columns) == list(fac.TECHNOLOGIES)
    pue = fac.load_cooling_technologies("pue")
    path = fac.fleet_pue(mix, pue)
    assert list(path.index) == list(range(2024, 2031))
    assert (np.diff(path.to_numpy()) < 0).all()  # more liquid cooling, lower PUE
    assert_allclose(path.loc[2030], 0.5 * 1.46 + 0.4 * 1.20 + 0.1 * 1.07)


def test_cooling_mix_path_interpolates_and_holds_ends():
    mix = fac.cooling_mix_path([2020, 2025, 2035], {2025: 0.2, 2030: 0.6})
    assert_allclose(mix["cold_plate"], [0.2, 0.2, 0.6])  # held before 2025 and after 2030
    assert_allclose(mix["immersion"], 0.0)
    with pytest.raises(ValueError, match="years outside liquid_share_path"):
        fac.cooling_mix_path([2020], {2025: 0.2, 2030: 0.6}, extrapolate=False)


def test_rack_density_effect_of_liquid_cooling():
    """Seed article (claims C025-C027, unverified): cold-plate liquid cooling lifts a rack from
    8-10 kW to 33 kW. For 1 MW of IT load that is 100-125 air-cooled racks against 31."""
    dens = fac.load_cooling_technologies()
    art = dens.query("parameter == 'rack_density' and series == 'seed article'").set_index(
        ["technology", "bound"]
    )["value"]
    assert_allclose(art.loc[[("air", "low"), ("air", "high"), ("cold_plate", "central"), ("cold_plate", "max")]],
                    [8, 10, 33, 66])
    racks = fac.racks_needed(1000.0, [8.0, 10.0, 33.0])
    assert_allclose(racks, [125, 100, 31])
    assert fac.racks_needed(990.0, 33.0) == 30  # exact multiples are not rounded up
    assert_allclose(fac.mean_rack_density_kw([1.0, 0.0], [9.0, 33.0]), 9.0)
    assert_allclose(fac.mean_rack_density_kw([0.5, 0.5], [10.0, 30.0]), 15.0)  # harmonic, not 20


def test_cooling_table_is_honestly_tagged():
    """Research notes 4.3 and section 6 item 7: the liquid-cooling PUE ranges and the air density
    limits are industry rules of thumb [U]; central values are assumptions with a reason."""
    t = fac.load_cooling_technologies()
    rules = t[t["series"] == "industry rules of thumb"]
    assert set(rules["confidence"]) == {"unverified"}
    assert set(t.query("source == 'seed_article'")["confidence"]) == {"unverified"}
    central = t[(t["bound"] == "central") & (t["source"] != "seed_article")]
    assert set(central["confidence"]) == {"assumption"}  # never an unverified row as a default
    assumptions = t[t["confidence"] == "assumption"]
    assert assumptions["note"].str.len().gt(20).all()
    pue = t.query("parameter == 'pue'").pivot(index="technology", columns="bound", values="value")
    assert_allclose(pue.loc["cold_plate", ["low", "high"]], [1.15, 1.25])
    assert_allclose(pue.loc["immersion", ["low", "high"]], [1.04, 1.10])
    assert (pue["low"] <= pue["central"]).all() and (pue["central"] <= pue["high"]).all()


def test_load_cooling_technologies_asks_for_a_series_when_sources_conflict():
    with pytest.raises(ValueError, match="choose one with series="):
        fac.load_cooling_technologies("rack_density", "high")
    hi = fac.load_cooling_technologies("rack_density", "high", series="seed article")
    assert hi.to_dict() == {"air": 10.0}


# --------------------------------------------------------------------------------------------
# PUE targets


def test_pue_policy_targets_match_the_research_notes():
    """Research notes 4.2 [V]: national average < 1.5 by end-2025 (2024 action plan); hub nodes
    <= 1.25 east / <= 1.2 west (2022 cluster approvals), < 1.25 (Dec 2021 plan); procurement
    standard <= 1.4 from June 2023 and <= 1.3 from 2025; large/hyperscale < 1.3 by 2025; green DC
    recommendation <= 1.30."""
    t = fac.load_pue_targets().set_index("target_id")
    expect = {
        "action_plan_national_avg_2025": ("<", 1.5, 2025),
        "edws_east_clusters": ("<=", 1.25, 2022),
        "edws_west_clusters": ("<=", 1.2, 2022),
        "dc_5g_plan_hub_nodes_2025": ("<", 1.25, 2025),
        "procurement_2023": ("<=", 1.4, 2023),
        "procurement_2025": ("<=", 1.3, 2025),
        "big_data_guidance_large_2025": ("<", 1.3, 2025),
        "green_dc_recommendation_2025": ("<=", 1.3, 2025),
    }
    for tid, (cmp, cap, year) in expect.items():
        assert (t.loc[tid, "comparison"], t.loc[tid, "pue_max"], t.loc[tid, "year"]) == (cmp, cap, year), tid
    assert t["applies_to"].str.len().gt(10).all()


def test_check_pue_targets_along_a_trajectory():
    years = np.arange(2023, 2031)
    pue = np.linspace(1.48, 1.34, years.size)  # 1.48, 1.46, 1.44, ...
    res = fac.check_pue_targets(years, pue, fac.load_pue_targets())
    nat = res.query("target_id == 'action_plan_national_avg_2025'").set_index("year")
    assert list(nat.index) == list(range(2025, 2031))
    assert nat["met"].all()
    assert_allclose(nat.loc[2025, "gap"], 1.44 - 1.5)
    proc = res.query("target_id == 'procurement_2025'").set_index("year")
    assert not proc["met"].any()
    assert_allclose(proc.loc[2030, "gap"], 1.34 - 1.3)
    only = fac.check_pue_targets(years, pue, fac.load_pue_targets(), all_years=False)
    assert only["target_id"].is_unique


def test_check_pue_targets_by_scope_and_unreached_years():
    t = fac.load_pue_targets()
    res = fac.check_pue_targets([2024], {"hub_node_west": [1.19], "national_average": [1.46]}, t)
    assert set(res["scope"]) == {"hub_node_west", "national_average"}
    west = res.query("scope == 'hub_node_west'").iloc[0]
    assert bool(west["met"]) and west["year"] == 2024
    nat = res.query("scope == 'national_average'").iloc[0]
    assert nat["year"] == 2025 and pd.isna(nat["met"]) and np.isnan(nat["pue_model"])
    at_cap = fac.check_pue_targets([2025], [1.3], t.query("target_id == 'procurement_2025'"))
    assert bool(at_cap["met"].iloc[0])  # "<=" includes the cap
    strict = fac.check_pue_targets([2025], [1.3], t.query("target_id == 'big_data_guidance_large_2025'"))
    assert not bool(strict["met"].iloc[0])  # "<" does not


def test_observed_pue_series():
    """Research notes 4.2: national average 1.65 (2019) and about 1.46 (2024) [P]; national green
    data centres about 1.2 [V]; Uptime global 1.65 (2014), 1.57, 1.55, 1.58 (2021-2023) [V]."""
    obs = data.load("pue_observed")
    nat = obs.query("series == 'national average'").set_index("year")
    assert_allclose(nat.loc[[2019, 2024], "value"], [1.65, 1.46])
    assert set(nat["confidence"]) == {"partial"}
    up = obs.query("series == 'Uptime global survey'").set_index("year")["value"]
    assert_allclose(up.loc[[2014, 2021, 2022, 2023]], [1.65, 1.57, 1.55, 1.58])
    green = obs.query("series == 'national green data centres'")
    assert_allclose(green["value"], 1.2) and (green["confidence"] == "verified").all()


# --------------------------------------------------------------------------------------------
# waste heat


def test_heat_pump_energy_balance():
    """Q_out = Q_in + W and W = Q_out / COP; Tencent Tianjin Binhai heat pumps: rated heating
    COP 4.9 (research notes 4.4, 清洁供热平台 2021) [V]."""
    cop = data.load("facility_parameters").query("parameter == 'heat_pump_cop_rated'")["value"].iloc[0]
    assert cop == 4.9
    q_in = np.array([0.0, 1000.0, 10_327.0])
    q_out = fac.heat_pump_output_kw(q_in, cop)
    w = fac.heat_pump_electricity_kw(q_out, cop)
    assert_allclose(q_out, q_in + w)
    assert_allclose(q_out[1:] / w[1:], cop)
    assert_allclose(fac.recoverable_heat_kw(12_000, [0.0, 0.5, 1.0]), [0, 6000, 12_000])


def test_heating_cost_saved_nets_out_heat_pump_electricity():
    gross = fac.heating_cost_saved(1000.0, 4392.0, 0.2)
    net = fac.heating_cost_saved(1000.0, 4392.0, 0.2, heat_pump_electricity_kw=250.0,
                                 electricity_price_cny_per_kwh=0.5)
    assert_allclose(gross, 1000 * 4392 * 0.2)
    assert_allclose(gross - net, 250 * 4392 * 0.5)
    assert_allclose(fac.energy_reuse_factor(2.5e6, 1.0e7), 0.25)


def test_harbin_implied_heat_intensity_and_price():
    """Seed article (China Mobile Harbin, claims C029-C031, unverified): 10,327 kW of waste heat,
    87,117 m2 heated, 2.09 million CNY saved a year. Harbin's heating season 20 Oct - 20 Apr =
    183 days = 4,392 h (facility_parameters, partial).

    Inputs: the three article figures and the season. Computed: the implied design heat load
    10,327 kW / 87,117 m2 = 118.5 W/m2 and the implied heat price 2.09 M CNY / (10,327 kW x
    4,392 h) = 0.0461 CNY/kWh = 12.8 CNY/GJ (full capacity all season; a lower load factor raises
    it), i.e. 24.0 CNY per m2 and season."""
    case = fac.harbin_case()
    assert case["season_h"] == 183 * 24
    assert_allclose(case["design_load_w_per_m2"], 10_327_000 / 87_117, rtol=1e-12)
    assert_allclose(case["design_load_w_per_m2"], 118.54, atol=0.005)
    assert_allclose(case["price_cny_per_kwh"], 2.09e6 / (10_327 * 4392), rtol=1e-12)
    assert_allclose(case["price_cny_per_kwh"], 0.04608, atol=5e-6)
    assert_allclose(case["price_cny_per_gj"], 12.80, atol=0.005)
    assert_allclose(case["saving_cny_per_m2"], 23.99, atol=0.005)
    half = fac.harbin_case(load_factor=0.5)
    assert_allclose(half["price_cny_per_kwh"], 2 * case["price_cny_per_kwh"])


def test_harbin_case_reproduced_within_5_percent():
    """The Harbin case within 5 % (issue 3, section 6).

    Inputs: the article's 10,327 kW (C029); Harbin's 4,392-h heating season (facility_parameters,
    partial); and two parameters that are *implied by the article itself*, rounded as a report
    would quote them: a design heat load of 118.5 W/m2 and a heat price of 0.046 CNY/kWh.
    Reproduced: the heated area 87,117 m2 (C030) and the saving 2.09 M CNY/yr (C031).

    This is a consistency check of the forward functions and their units, not an independent
    validation: no sourced Harbin design load or heat price reproduces the article (see
    test_harbin_area_is_not_reproduced_by_the_cjj34_office_index; no Harbin heat price was found)."""
    claims = data.load("claims").set_index("claim_id")["value"]
    heat_kw, area, saving = claims["C029"], claims["C030"], claims["C031"] * 1e6
    hours = 183 * 24
    assert_allclose(fac.heated_area_m2(heat_kw, 118.5), area, rtol=0.05)
    assert_allclose(fac.heating_cost_saved(heat_kw, hours, 0.046), saving, rtol=0.05)


def test_harbin_area_is_not_reproduced_by_the_cjj34_office_index():
    """CJJ 34 area heat index for offices in severe-cold areas, 70 W/m2 (energy-saving measures)
    to 80 W/m2 (none) (facility_parameters, partial: seen via third-party code). At those loads
    10,327 kW would heat 129,000-148,000 m2, 48-69 % more than the article's 87,117 m2: the
    article's figures imply about 118.5 W/m2, 1.48 times the top of the office range. Either the
    10,327 kW is a heat-recovery capacity rather than the design load of the heated area, it also
    serves hot water (the article says heating and hot water), or the figures do not belong
    together. The test records the discrepancy so that the report states it."""
    idx = data.load("facility_parameters").query("parameter == 'heat_index_office'")["value"]
    assert_allclose(sorted(idx), [70, 80])
    area = fac.heated_area_m2(10_327, np.array([80.0, 70.0]))
    assert_allclose(area, [129_087.5, 147_528.6], rtol=1e-6)
    assert (area / 87_117 > 1.45).all()
    assert fac.harbin_case()["design_load_w_per_m2"] / max(idx) > 1.45


# --------------------------------------------------------------------------------------------
# water


def test_lbnl_us_water_from_wue():
    """LBNL 2024 (secondary restatements, research notes anchors 3.2): US data centres used
    176 TWh in 2023 at an average WUE of 0.38 L/kWh (0.36 in 2014) and about 17 billion US gallons
    of direct water. 176 TWh x 0.38 L/kWh = 66.9 billion L = 17.7 billion gal, 4 % above 17.

    Tolerance 5 %: "about 17" is rounded to two figures (up to +-3 %) and 0.38 to two figures
    (+-1.3 %). The match holds only with WUE applied to *total* data-centre electricity; applied to
    IT energy (176 TWh / PUE of just over 1.4), as The Green Grid's definition reads, it gives about
    12.6 billion gal (-26 %), so the restated WUE and water figures are not on an IT-energy basis
    (or one of them is misquoted). The report should say which basis it uses."""
    p = data.load("facility_parameters").query("series == 'LBNL US'").set_index(["parameter", "year"])["value"]
    twh = p[("dc_electricity", 2023)]
    wue = p[("wue_fleet_average", 2023)]
    gal = p[("direct_water_use", 2023)] * 1e9
    m3 = fac.water_use_m3(twh * 1e6, wue)
    assert_allclose(m3, 66.88e6, rtol=1e-9)
    assert_allclose(convert(m3, "m^3", "gal"), gal, rtol=0.05)
    it_basis = convert(fac.water_use_m3(twh * 1e6 / 1.4, wue), "m^3", "gal")
    assert abs(it_basis / gal - 1) > 0.2
    assert p[("wue_fleet_average", 2014)] == 0.36


def test_water_reuse_splits_use():
    use = fac.water_use_m3([100.0, 200.0], 0.38)
    reused = fac.water_reuse_m3(use, 0.3)
    assert_allclose(reused + fac.net_water_use_m3(use, 0.3), use)


# --------------------------------------------------------------------------------------------
# load flexibility


def _year_profiles(seed=3):
    rng = np.random.default_rng(seed)
    hours = np.arange(8760)
    hod = hours % 24
    load = 80 + 10 * np.sin(2 * np.pi * (hod - 14) / 24) + rng.normal(0, 2, hours.size)
    tariff = np.where((hod >= 8) & (hod < 22), 900.0, 350.0) + rng.normal(0, 5, hours.size)  # synthetic
    intensity = 0.55 - 0.15 * np.clip(np.sin(np.pi * (hod - 6) / 12), 0, None)  # solar dip, synthetic
    return load, tariff, intensity


def test_shift_load_conserves_energy_each_day_and_respects_the_cap():
    """Synthetic hourly year (seeded; no sourced Chinese TOU tariff or hourly intensity profile is
    embedded): moving 20 % of each day's energy keeps every day's energy, never exceeds the limit
    and lowers the bill."""
    load, tariff, intensity = _year_profiles()
    r = fac.shift_load(load, tariff, intensity, 0.2, max_power_mw=100.0)
    assert_allclose(r["load_mw"].reshape(-1, 24).sum(axis=1), load.reshape(-1, 24).sum(axis=1), rtol=1e-12)
    assert r["load_mw"].max() <= 100.0 + 1e-9
    assert (r["load_mw"] >= (1 - 0.2) * load - 1e-9).all()
    assert r["cost_after_cny"] < r["cost_before_cny"]
    assert_allclose(r["cost_saving_share"], 1 - r["cost_after_cny"] / r["cost_before_cny"])
    default = fac.shift_load(load, tariff, intensity, 0.2)
    assert default["peak_after_mw"] <= default["peak_before_mw"] + 1e-9
    co2 = fac.shift_load(load, tariff, intensity, 0.2, max_power_mw=100.0, objective="co2")
    assert co2["co2_after_t"] <= r["co2_after_t"] and co2["cost_after_cny"] >= r["cost_after_cny"]
    none = fac.shift_load(load, tariff, intensity, 0.0)
    assert_allclose(none["load_mw"], load)


def test_shift_load_matches_the_linear_programme_optimum():
    from scipy.optimize import linprog

    rng = np.random.default_rng(7)
    load = rng.uniform(5, 15, 24)
    tariff = rng.uniform(200, 1200, 24)
    s, cap = 0.35, 16.0
    r = fac.shift_load(load, tariff, 0.5, s, max_power_mw=cap)
    fixed = (1 - s) * load
    lp = linprog(tariff, A_eq=np.ones((1, 24)), b_eq=[s * load.sum()], bounds=list(zip([0] * 24, cap - fixed, strict=True)))
    assert lp.success
    assert_allclose(r["cost_after_cny"], tariff @ fixed + lp.fun, rtol=1e-9)


def test_abb_xiamen_order_of_magnitude():
    """Seed article (claim C028, unverified): ABB's Xiamen industrial centre cut its electricity
    cost by about 22.98 % with source-grid-load-storage control of PV, storage, charging and
    HVAC. Shifting alone is not comparable one-to-one; with a constructed three-level tariff
    (350 / 600 / 1000 CNY/MWh, 8 h each; an assumption, not a sourced tariff), a flat load, 30 %
    deferrable and 30 % spare capacity, shifting saves 10 %, the same order of magnitude."""
    claims = data.load("claims").set_index("claim_id")
    abb = claims.loc["C028", "value"] / 100
    tariff = np.repeat([350.0, 600.0, 1000.0], 8)
    r = fac.shift_load(np.full(24, 10.0), tariff, 0.55, 0.3, max_power_mw=13.0)
    assert_allclose(r["cost_saving_share"], 0.10, rtol=1e-9)
    assert abb / 10 < r["cost_saving_share"] < abb * 10


# --------------------------------------------------------------------------------------------
# bad input: every error names the argument


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: fac.fleet_pue([0.5, 0.5], [0.95, 1.2]), r"pue_by_tech must be >= 1, got 0.95 \(first at position 0\)"),
        (lambda: fac.fleet_pue([0.6, 0.6], [1.2, 1.2]), r"it_share_by_tech must sum to 1 .*got 1.2 \(scalar input\)"),
        (lambda: fac.fleet_pue([1.5, -0.5], [1.2, 1.2]), r"it_share_by_tech must be >= 0 .*got -0.5 \(first at position 1\)"),
        (lambda: fac.fleet_pue([30, 70], [1.2, 1.2]), r"it_share_by_tech .*not a percentage"),
        (lambda: fac.fleet_pue(pd.DataFrame({"air": [1.0]}), {"cold_plate": 1.2}), "pue_by_tech has no value"),
        (lambda: fac.cooling_mix_path([2025], {2025: 1.2}), "liquid_share_path must be <= 1"),
        (lambda: fac.cooling_mix_path([2025], {2025: 0.2}, {2025: 0.3}), "immersion_share_path exceeds"),
        (lambda: fac.racks_needed(-1, 10), "it_load_kw must be >= 0"),
        (lambda: fac.racks_needed(100, 0), "density_kw must be > 0"),
        (lambda: fac.check_pue_targets([2025], [0.9], fac.load_pue_targets()), "pue must be >= 1"),
        (lambda: fac.check_pue_targets([2025, 2026], [1.3], fac.load_pue_targets()), "pue has shape"),
        (lambda: fac.recoverable_heat_kw(-5, 0.5), "it_load_kw must be >= 0"),
        (lambda: fac.recoverable_heat_kw(5, 1.5), "capture_fraction must be <= 1"),
        (lambda: fac.heat_pump_output_kw(100, 1.0), r"cop must be > 1, got 1 \(scalar input\)"),
        (lambda: fac.heat_pump_electricity_kw(100, 0.8), "cop must be > 1"),
        (lambda: fac.heat_pump_output_kw(-100, 3.0), "source_heat_kw must be >= 0"),
        (lambda: fac.heated_area_m2(-1, 80), "heat_kw must be >= 0"),
        (lambda: fac.heated_area_m2(100, 0), "design_load_w_per_m2 must be > 0"),
        (lambda: fac.heating_cost_saved(100, 10, -0.1), "heat_price_cny_per_kwh must be >= 0"),
        (lambda: fac.heating_cost_saved(100, 10, 0.1, heat_pump_electricity_kw=-1), "heat_pump_electricity_kw must be >= 0"),
        (lambda: fac.water_use_m3(-1, 0.38), "energy_mwh must be >= 0"),
        (lambda: fac.water_use_m3(1, -0.38), "wue_l_per_kwh must be >= 0"),
        (lambda: fac.water_reuse_m3(1, 1.1), "reuse_share must be <= 1"),
        (lambda: fac.energy_reuse_factor(2, 1), "reused_energy_kwh must not exceed facility_energy_kwh, got reused_energy_kwh = 2 kWh"),
        (lambda: fac.shift_load([-1.0] * 24, 500.0, 0.5, 0.2), "load_mw must be >= 0"),
        (lambda: fac.shift_load([1.0] * 24, 500.0, 0.5, 1.2), "deferrable_share must be <= 1"),
        (lambda: fac.shift_load([1.0] * 24, [500.0] * 23, 0.5, 0.2), "tariff_cny_per_mwh must be a scalar or have one value per hour"),
        (lambda: fac.shift_load([1.0] * 24, 500.0, -0.5, 0.2), "grid_intensity_kg_per_kwh must be >= 0 kg CO2/kWh"),
        (lambda: fac.shift_load([1.0] * 25, 500.0, 0.5, 0.2), "not a positive multiple of window_h"),
        (lambda: fac.shift_load([1.0] * 24, 500.0, 0.5, 0.2, objective="price"), "objective must be"),
        (lambda: fac.shift_load([10.0] * 24, 500.0, 0.5, 0.2, max_power_mw=7.0), "max_power_mw .* below the non-deferrable load"),
        (lambda: fac.shift_load([10.0, 0.0] * 12, 500.0, 0.5, 0.9, max_power_mw=1.5), "max_power_mw leaves"),
        (lambda: fac.shift_load([1.0] * 24, 500.0, 0.5, 0.2, max_power_mw=-1.0), "max_power_mw must be >= 0"),
        (lambda: fac.waste_heat_case(10_327, 0, 2.09e6, 4392), "area_m2 must be > 0 m2"),
        (lambda: fac.waste_heat_case(10_327, 1, 2.09e6, 4392, load_factor=0), "load_factor must be > 0"),
        (lambda: fac.racks_needed([10, -1], 10), r"it_load_kw must be >= 0 kW, got -1 \(first at position 1\)"),
        (lambda: fac.water_use_m3(np.nan, 0.38), "energy_mwh must not contain NaN"),
        (lambda: fac.shift_load([1.0] * 24, [500.0] * 23 + [np.inf], 0.5, 0.2), "tariff_cny_per_mwh must be finite"),
        (lambda: fac.shift_load([1.0] * 24, 500.0, 0.5, 0.2, window_h=0), "window_h must be >= 1"),
        (lambda: fac.shift_load([1.0] * 24, 500.0, 0.5, 0.2, window_h=12.0), "window_h must be a whole number"),
    ],
)
def test_bad_input_names_the_argument(call, message):
    with pytest.raises(ValueError, match=message):
        call()
