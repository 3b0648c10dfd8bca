"""Steel carbon management: published values, the plant and sector models, the composer and
bad input."""

from __future__ import annotations

import time

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose

import greenimpact
from greenimpact import data, results
from greenimpact.compute.platform import platform_footprint
from greenimpact.scenarios import resolve
from greenimpact.sectors import steel
from greenimpact.sectors.steel_synthetic import synthetic_plant_series, synthetic_truth
from greenimpact.stats import interrupted_time_series


@pytest.fixture(scope="module")
def params():
    return {k: v.value for k, v in resolve("steel").items()}


# --------------------------------------------------------------------------------------------
# published values


def test_worldsteel_2022_route_weighted_mean():
    """worldsteel Sustainability Indicators 2023 report (data year 2022; kydy.com.cn summary):
    BF-BOF 2.33, scrap-EAF 0.68, DRI-EAF 1.37 t CO2/t with shares 72 / 21 / 7 % weight to
    1.916 t CO2/t, the published 1.91 (2023 report) and 1.92 (2024 report)."""
    routes = steel.route_table(2023)
    mean = steel.route_mix_intensity(routes["value"], routes["share_pct"] / 100)
    assert_allclose(mean, 2.33 * 0.72 + 0.68 * 0.21 + 1.37 * 0.07)
    assert_allclose(mean, 1.916, atol=0.005)
    published = data.load("steel_intensity").query("year == 2022").set_index("edition")["value"]
    assert_allclose(published.loc[[2023, 2024]], [1.91, 1.92])
    assert np.all(np.abs(published - mean) <= 0.01)


def test_worldsteel_2022_energy_weighted_mean():
    """Same report: energy 23.98 / 10.20 / 22.37 GJ/t weight to 20.97 GJ/t against the
    reported 20.99 GJ/t."""
    routes = steel.route_table(2023)
    energy = steel.route_mix_intensity(routes["energy_gj_per_t"], routes["share_pct"] / 100)
    assert_allclose(energy, 20.97, atol=0.005)
    reported = data.load("steel_intensity").query("edition == 2023 and year == 2022")["energy_gj_per_t"].iloc[0]
    assert_allclose(reported, 20.99)
    assert abs(energy - reported) < 0.05


def test_seed_article_baosteel_claim_is_minus_8_3_pct():
    """Seed article (Tencent News, 2025-02-08): Baosteel's intensity fell from about 2.16 to
    below 1.98 after the platform went live: -8.3 %."""
    art = data.load("baosteel_intensity").query("series == 'Seed article'").set_index("period")["value"]
    assert_allclose(steel.relative_change(art["before platform"], art["after platform"]), -8.33, atol=0.005)


def test_baosteel_reported_changes():
    """Baosteel investor-platform reply (2025-11-11, via ttm.financial): 2.13 (2020) -> 2.04
    (2023) -> 2.00 (2024) t CO2/t, stated as -4.23 % and -6.1 % vs 2020."""
    rep = data.load("baosteel_intensity").query("kind == 'reported'").set_index("year")
    change = steel.relative_change(rep.loc[2020, "value"], rep.loc[[2023, 2024], "value"])
    assert_allclose(change, [-4.23, -6.1], atol=0.01)
    assert_allclose(change, rep.loc[[2023, 2024], "change_reported_pct"], atol=0.01)
    assert set(rep["boundary"]) == {"not_stated"}


def test_boundaries_are_labelled_and_kept_apart():
    for name in ("steel_intensity", "steel_route_intensity"):
        assert set(data.load(name)["boundary"]) == {"worldsteel_iso14404"}
    assert set(data.load("baosteel_intensity")["boundary"]) == {"not_stated"}
    assert set(steel.BOUNDARIES) == set(data.catalogue()["datasets"]["steel_intensity"]["columns"]["boundary"]["allowed"])


def test_china_output_series_and_scenario_agree():
    """worldsteel January releases: China 996.3 (2019) ... 1,005.1 Mt (2024); the scenario's
    output history is the same series, so the two cannot drift apart."""
    out = data.load("crude_steel_output").query("series == 'worldsteel January release' and region == 'CN'")
    assert out["year"].tolist() == list(range(2019, 2025))
    hist = resolve("steel")["crude_steel_output_mt"].value
    assert_allclose([hist[y] for y in range(2019, 2025)], out["value"])
    assert_allclose(out.set_index("year").loc[2024, "value"], 1005.1)


def test_ndrc_plan_and_baosteel_targets():
    """NDRC 2024 steel action plan: about 53 Mt CO2 and 20 Mtce by 2025 (Japan Metal Daily);
    Baosteel targets -8 / -15 / -30 % vs 2020 for 2025 / 2030 / 2035."""
    plan = steel.targets("CN").iloc[0]
    assert (plan["year"], plan["value"], plan["unit"], plan["energy_saving"]) == (2025, 53.0, "Mt CO2", 20.0)
    tgt = steel.targets("Baosteel").set_index("year")["value"]
    assert tgt.to_dict() == {2025: -8.0, 2030: -15.0, 2035: -30.0}


# --------------------------------------------------------------------------------------------
# model functions


def test_route_mix_steps_add_up():
    steps = steel.route_mix_steps([2.33, 0.68, 1.37], [0.72, 0.21, 0.07])
    assert_allclose(steps["delta"].iloc[0] + steps["delta"].iloc[1:-1].sum(), steps["delta"].iloc[-1])


def test_plant_intensity_scope_1_and_scope_1_2():
    scope1 = steel.plant_intensity(18, [0.9, 0.1], [0.1, 0.056], 0.1)
    scope12 = steel.plant_intensity(18, [0.9, 0.1], [0.1, 0.056], 0.1, 0.4, 0.5366)
    assert_allclose(scope1, 18 * (0.09 + 0.0056) + 0.1)
    assert_allclose(scope12 - scope1, 0.4 * 0.5366)


def test_plant_model_reproduces_baosteel_2024_and_shows_target_gap(params):
    """With the central platform effect (3.46 %) and background trend (0.7 %/yr), the plant
    model gives Baosteel's reported 2.00 t CO2/t for 2024 (from 2.13 in 2020)."""
    t = steel.plant_terms(params, np.array([2020, 2023, 2024, 2030]))
    assert_allclose(t["intensity_with"][0], 2.13)
    assert_allclose(t["intensity_with"][2], 2.00, atol=0.005)
    assert abs(t["intensity_with"][1] - 2.04) < 0.03
    assert t["intensity_with"][3] > 2.13 * 0.85  # the 2030 target (-15 %) is missed in this scenario
    assert_allclose(t["avoided_mt"], 51.0 * (t["intensity_without"] - t["intensity_with"]))


def test_impact_terms_broadcast_over_draws_and_years(params):
    n = 1_000_000
    rng = np.random.default_rng(0)
    p = dict(params)
    p["adoption_2030_pct"] = rng.uniform(25, 80, (n, 1))
    p["energy_efficiency_pct"] = rng.uniform(0.5, 3.0, (n, 1))
    p["grid_factor_kg_per_kwh"] = rng.uniform(0.4, 0.7252, (n, 1))
    start = time.perf_counter()
    t = steel.impact_terms(p, np.array([2025, 2030]))
    assert time.perf_counter() - start < 5
    assert t["avoided_mt"].shape == (n, 2) and t["compute_mt"].shape == (n, 2)
    for i in (0, 17, n - 1):  # the vectorised result equals a scalar evaluation of draw i
        one = dict(params) | {k: float(p[k][i, 0]) for k in ("adoption_2030_pct", "energy_efficiency_pct", "grid_factor_kg_per_kwh")}
        s = steel.impact_terms(one, np.array([2025, 2030]))
        assert_allclose(t["avoided_mt"][i], s["avoided_mt"])
        assert_allclose(t["compute_mt"][i], s["compute_mt"])


def test_compute_footprint_equals_platform_footprint(params):
    """The numpy footprint in impact_terms is the shared platform_footprint method."""
    t = steel.impact_terms(params, 2030)
    covered = float(t["output_mt"] * t["adoption_pct"] / 100)
    fp = platform_footprint(steel.platform_devices(params, covered), params["grid_factor_kg_per_kwh"])
    assert_allclose(fp["total_t"].sum() / 1e6, t["compute_mt"])
    assert_allclose(fp["energy_mwh"].sum() / 1e6, t["electricity_twh"])
    assert t["compute_mt"] < 1e-3 * t["avoided_mt"]


def test_run_returns_valid_iamc_with_totals_from_impact_terms(params):
    frame = greenimpact.run("steel")
    assert set(frame["region"]) == {"CN", "Baosteel"}
    assert results.validate(frame).shape == frame.shape
    cn = frame[frame["region"] == "CN"].pivot(index="year", columns="variable", values="value")
    assert cn.index.tolist() == list(steel.YEARS)
    t = steel.impact_terms(params, np.array(steel.YEARS))
    assert_allclose(cn["Emissions|CO2|Avoided|Steel|Carbon Management"], t["avoided_mt"])
    assert_allclose(cn["Emissions|CO2|Compute|Steel|Carbon Management"], t["compute_mt"])
    units = frame.drop_duplicates("variable").set_index("variable")["unit"]
    assert units["Emissions|CO2|Avoided|Steel|Carbon Management"] == "Mt CO2/yr"
    assert units["Intensity|CO2|Steel|With Platform"] == "t CO2/t"
    target = frame.query("region == 'Baosteel' and variable == 'Intensity|CO2|Steel|Target'").set_index("year")["value"]
    assert_allclose(target.loc[[2025, 2030, 2035]], 2.13 * np.array([0.92, 0.85, 0.70]))
    assert frame.query("region == 'CN' and year == 2019")["value"].pipe(np.isfinite).all()


def test_scenarios_order_and_overrides():
    base = greenimpact.run("steel").query("region == 'CN' and year == 2030 and variable == 'Emissions|CO2|Avoided|Steel|Carbon Management'")
    vals = {s: float(greenimpact.run("steel", s).query(
        "region == 'CN' and year == 2030 and variable == 'Emissions|CO2|Avoided|Steel|Carbon Management'")["value"].iloc[0])
        for s in ("slow_adoption", "fast_adoption")}
    assert vals["slow_adoption"] < base["value"].iloc[0] < vals["fast_adoption"]
    zero = greenimpact.run("steel", adoption_2024_pct=0.0, adoption_2030_pct=0.0, adoption_2035_pct=0.0)
    assert (zero.query("region == 'CN' and variable == 'Emissions|CO2|Avoided|Steel|Carbon Management'")["value"] == 0).all()


def test_every_uncertain_assumption_has_a_range():
    """Every float set as an assumption carries low / high, except declared scenario levers."""
    from greenimpact.scenarios import load_model_spec

    spec = load_model_spec("steel")
    levers = {"eaf_shift_pp"}
    for sname, body in spec["scenarios"].items():
        for pname, entry in (body.get("values") or {}).items():
            if spec["parameters"][pname]["type"] == "float" and entry["source"] == "assumption" and not (
                sname == "baseline" and pname in levers
            ):
                assert "low" in entry and "high" in entry, (sname, pname)


def test_sector_range_is_ordered_and_deterministic():
    a = steel.sector_range(years=(2025, 2030), n=4000, seed=1)
    b = steel.sector_range(years=(2025, 2030), n=4000, seed=1)
    pd.testing.assert_frame_equal(a, b)
    assert (a["p05"] <= a["p50"]).all() and (a["p50"] <= a["p95"]).all()
    av = a[a["term"] == "avoided_mt"]
    assert ((av["p05"] <= av["central"]) & (av["central"] <= av["p95"])).all()


# --------------------------------------------------------------------------------------------
# the plant series: schema, synthetic example, ITS workflow


def test_embedded_plant_series_is_the_seeded_synthetic_generator():
    embedded = data.load("steel_plant_series")
    generated = synthetic_plant_series()
    assert embedded["synthetic"].all() and (embedded["note"] == "SYNTHETIC").all()
    assert "SYNTHETIC" in embedded["plant"].iloc[0]
    assert_allclose(embedded["value"], generated["value"])
    assert_allclose(embedded["crude_steel_mt"], generated["crude_steel_mt"])
    assert embedded[["year", "month"]].astype(int).values.tolist() == generated[["year", "month"]].values.tolist()


def test_synthetic_series_is_calibrated_to_the_article():
    df = synthetic_plant_series(noise_tco2_per_t=0.0, season_tco2_per_t=0.0)
    assert_allclose(df["value"].iloc[0], 2.16)
    assert_allclose(df["value"].iloc[-1], 1.98, atol=1e-4)


def test_its_on_the_synthetic_plant_covers_the_truth():
    series = steel.plant_series(data.load("steel_plant_series"))
    assert series.attrs["synthetic"] and series.attrs["boundary"] == "not_stated"
    res = interrupted_time_series(series, "value", "month", "2021-01", seasonality=True)
    truth = synthetic_truth()
    assert res.level_change_ci[0] <= truth["level_change"] <= res.level_change_ci[1]
    assert res.slope_change_ci[0] <= truth["slope_change"] <= res.slope_change_ci[1]
    table = steel.effect_comparison(res, label="ITS (SYNTHETIC)", boundary=series.attrs["boundary"])
    assert table["figure"].tolist()[:2] == ["ITS (SYNTHETIC)", "seed article"]
    assert_allclose(table.set_index("figure").loc["seed article", "change_pct"], -8.33, atol=0.005)


def test_users_plant_file_is_validated_by_the_data_layer(tmp_path):
    good = synthetic_plant_series().assign(source="", confidence="", note="", synthetic=False, plant="My plant")
    path = tmp_path / "plant.csv"
    good.to_csv(path, index=False)
    mine = data.load("steel_plant_series", path=path)
    assert len(steel.plant_series(mine)) == 72
    bad = good.copy()
    bad.loc[4, "month"] = 13
    bad.loc[7, "unit"] = "kg CO2/t"
    bad.to_csv(path, index=False)
    with pytest.raises(data.DataValidationError) as err:
        data.load("steel_plant_series", path=path)
    text = str(err.value)
    assert "row 5 (line 6), column 'month': 13 is above the maximum 12" in text
    assert "row 8 (line 9), column 'unit'" in text
    dup = pd.concat([good, good.iloc[[10]]])
    dup.to_csv(path, index=False)
    with pytest.raises(data.DataValidationError, match=r"duplicate key \(plant='My plant', year='2019', month='11'\)"):
        data.load("steel_plant_series", path=path)


def test_gaps_and_mixed_boundaries_in_a_plant_series_are_refused():
    df = synthetic_plant_series()
    series = steel.plant_series(df.drop(index=[30]))
    with pytest.raises(ValueError, match=r"gaps, 1 missing month\(s\): 2021-07"):
        interrupted_time_series(series, "value", "month", "2021-01")
    mixed = df.assign(boundary=np.where(df.index < 10, "scope1", "worldsteel_iso14404"))
    with pytest.raises(ValueError, match=r"mixes emission boundaries \['scope1', 'worldsteel_iso14404'\] in column 'boundary'"):
        steel.plant_series(mixed)
    two = pd.concat([df, df.assign(plant="Other")])
    with pytest.raises(ValueError, match="holds 2 plants"):
        steel.plant_series(two)
    with pytest.raises(ValueError, match="plant 'Nope' is not in the series"):
        steel.plant_series(df, plant="Nope")


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: steel.route_mix_intensity([2.33, 0.68], [0.72, 0.21]), "route_share must sum to 1"),
        (lambda: steel.route_mix_intensity([2.33, 0.68], [72, 28]), r"route_share must be within \[0, 1\]"),
        (lambda: steel.combined_cut(1.0, 120.0), r"cut #2 must be within \[0, 100\)"),
        (lambda: steel.eaf_shift_cut(-1, 2.33, 0.68), "shift_pp must be >= 0"),
        (lambda: steel.impact_terms({"output_growth_pct": 1.0}, 2030), "params lacks 'crude_steel_output_mt'"),
        (lambda: steel.adoption_share(2030, 2025, 10, 20, 30), "start_year must be before 2024"),
        (lambda: steel.route_table(2030), r"edition 2030 is not in steel_route_intensity"),
        (lambda: greenimpact.run("steel", adoption_2030_pct=120.0), "parameter 'adoption_2030_pct': 120.0 % is above the maximum 100"),
    ],
)
def test_bad_model_input(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_figures_draw_without_warnings(params, recwarn):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    frame = greenimpact.run("steel")
    steel.plot_route_waterfall(2023, reported=1.91)
    steel.plot_trajectory(frame)
    steel.plot_sector_range(steel.sector_range(years=(2024, 2025, 2030), n=500), plan_mt=53)
    steel.plot_net(frame, year=2030)
    series = steel.plant_series(data.load("steel_plant_series"))
    interrupted_time_series(series, "value", "month", "2021-01", seasonality=True).plot()
    plt.close("all")
    assert not [w for w in recwarn if "matplotlib" in str(w.filename) or "seaborn" in str(w.filename)]
