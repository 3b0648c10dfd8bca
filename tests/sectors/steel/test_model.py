"""Steel model (greenimpact.sectors.steel.model): scenario data against published values, the
plant and sector terms, the composer, the Monte Carlo range, the package's import structure and
bad input."""

from __future__ import annotations

import ast
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose

import greenimpact
from greenimpact import data, results
from greenimpact.compute.platform import platform_footprint
from greenimpact.scenarios import values
from greenimpact.sectors import steel
from greenimpact.sectors.steel import model


@pytest.fixture(scope="module")
def params():
    return values("steel")


# --------------------------------------------------------------------------------------------
# scenario data against published values


def test_china_output_series_and_scenario_agree(params):
    """worldsteel January releases: China 996.3 (2019) ... 1,005.1 Mt (2024); the scenario's
    output history is the same series, so the two cannot drift apart."""
    out = data.load("crude_steel_output").query("series == 'worldsteel January release' and region == 'CN'")
    assert out["year"].tolist() == list(range(2019, 2025))
    hist = params["crude_steel_output_mt"]
    assert_allclose([hist[y] for y in range(2019, 2025)], out["value"])
    assert_allclose(out.set_index("year").loc[2024, "value"], 1005.1)


def test_ndrc_plan_and_baosteel_targets():
    """NDRC 2024 steel action plan: about 53 Mt CO2 and 20 Mtce by 2025 (Japan Metal Daily);
    Baosteel targets -8 / -15 / -30 % vs 2020 for 2025 / 2030 / 2035."""
    plan = model.targets("CN").iloc[0]
    assert (plan["year"], plan["value"], plan["unit"], plan["energy_saving"]) == (2025, 53.0, "Mt CO2", 20.0)
    tgt = model.targets("Baosteel").set_index("year")["value"]
    assert tgt.to_dict() == {2025: -8.0, 2030: -15.0, 2035: -30.0}


def test_route_table_and_baosteel_figures():
    table = model.route_table(2023)
    assert table["route"].tolist() == list(steel.ROUTES)
    figs = model.baosteel_figures()
    assert set(figs["boundary_text"]) == {steel.BOUNDARIES["not_stated"]}


# --------------------------------------------------------------------------------------------
# plant and sector terms


def test_plant_model_reproduces_baosteel_2024_and_shows_target_gap(params):
    """With the central platform effect (3.46 %) and background trend (0.7 %/yr), the plant
    model gives Baosteel's reported 2.00 t CO2/t for 2024 (from 2.13 in 2020)."""
    t = model.plant_terms(params, np.array([2020, 2023, 2024, 2030]))
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
    t = model.impact_terms(p, np.array([2025, 2030]))
    assert time.perf_counter() - start < 5
    assert t["avoided_mt"].shape == (n, 2) and t["compute_mt"].shape == (n, 2)
    for i in (0, 17, n - 1):  # the vectorised result equals a scalar evaluation of draw i
        one = dict(params) | {k: float(p[k][i, 0]) for k in ("adoption_2030_pct", "energy_efficiency_pct", "grid_factor_kg_per_kwh")}
        s = model.impact_terms(one, np.array([2025, 2030]))
        assert_allclose(t["avoided_mt"][i], s["avoided_mt"])
        assert_allclose(t["compute_mt"][i], s["compute_mt"])


def test_compute_footprint_equals_platform_footprint(params):
    """The numpy footprint in impact_terms is the shared platform_footprint method."""
    t = model.impact_terms(params, 2030)
    covered = float(t["output_mt"] * t["adoption_pct"] / 100)
    fp = platform_footprint(model.platform_devices(params, covered), params["grid_factor_kg_per_kwh"])
    assert_allclose(fp["total_t"].sum() / 1e6, t["compute_mt"])
    assert_allclose(fp["energy_mwh"].sum() / 1e6, t["electricity_twh"])
    assert t["compute_mt"] < 1e-3 * t["avoided_mt"]


# --------------------------------------------------------------------------------------------
# the composer


def test_run_returns_valid_iamc_with_totals_from_impact_terms(params):
    frame = greenimpact.run("steel")
    assert set(frame["region"]) == {"CN", "Baosteel"}
    assert results.validate(frame).shape == frame.shape
    cn = frame[frame["region"] == "CN"].pivot(index="year", columns="variable", values="value")
    assert cn.index.tolist() == list(steel.YEARS)
    assert set(cn.columns) == set(model.VARIABLES)
    t = model.impact_terms(params, np.array(steel.YEARS))
    assert_allclose(cn["Emissions|CO2|Avoided|Steel|Carbon Management"], t["avoided_mt"])
    assert_allclose(cn["Emissions|CO2|Compute|Steel|Carbon Management"], t["compute_mt"])
    units = frame.drop_duplicates("variable").set_index("variable")["unit"]
    assert units["Emissions|CO2|Avoided|Steel|Carbon Management"] == "Mt CO2/yr"
    assert units["Intensity|CO2|Steel|With Platform"] == "t CO2/t"
    target = frame.query("region == 'Baosteel' and variable == 'Intensity|CO2|Steel|Target'").set_index("year")["value"]
    assert_allclose(target.loc[[2025, 2030, 2035]], 2.13 * np.array([0.92, 0.85, 0.70]))
    assert frame.query("region == 'CN' and year == 2019")["value"].pipe(np.isfinite).all()


def test_scenarios_order_and_overrides():
    def avoided_2030(frame):
        sel = frame[(frame["region"] == "CN") & (frame["year"] == 2030)]
        return float(sel.loc[sel["variable"] == "Emissions|CO2|Avoided|Steel|Carbon Management", "value"].iloc[0])

    vals = {s: avoided_2030(greenimpact.run("steel", s)) for s in ("slow_adoption", "baseline", "fast_adoption")}
    assert vals["slow_adoption"] < vals["baseline"] < vals["fast_adoption"]
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


# --------------------------------------------------------------------------------------------
# uncertainty


def test_sector_range_is_a_band_ordered_and_deterministic():
    a = model.sector_range(years=(2025, 2030), draws=4000, seed=1)
    b = model.sector_range(years=(2025, 2030), draws=4000, seed=1)
    pd.testing.assert_frame_equal(a, b)
    assert a.columns.tolist() == ["year", "term", "central", "mean", "p05", "p50", "p95", "prob_positive"]
    assert a.attrs["draws"] == 4000
    assert a["term"].tolist() == ["avoided_mt"] * 2 + ["compute_mt"] * 2 + ["net_mt"] * 2
    assert (a["p05"] <= a["p50"]).all() and (a["p50"] <= a["p95"]).all()
    av = a[a["term"] == "avoided_mt"]
    assert ((av["p05"] <= av["central"]) & (av["central"] <= av["p95"])).all()


def test_sector_range_summarises_the_monte_carlo_draws():
    mc = model.monte_carlo(years=(2025, 2030), draws=3000, seed=2)
    assert len(mc) == 6000 and mc["draw"].nunique() == 3000
    band = model.sector_range(years=(2025, 2030), draws=3000, seed=2).set_index(["term", "year"])
    q = mc.groupby("year")["net_mt"].quantile([0.05, 0.5, 0.95]).unstack()
    assert_allclose(band.loc["net_mt", ["p05", "p50", "p95"]].to_numpy(), q.to_numpy())
    assert_allclose(band.loc["net_mt", "mean"], mc.groupby("year")["net_mt"].mean())


def test_overrides_are_held_fixed_in_the_range(params):
    """An override (even one equal to the scenario's value) is not drawn: with every ranged
    parameter fixed at its value, the range collapses to the central value."""
    from greenimpact.uncertainty import ranges

    fixed = {name: params[name] for name in ranges(params).names}
    band = model.sector_range(years=(2030,), draws=200, seed=0, **fixed)
    assert_allclose(band["p05"], band["central"])
    assert_allclose(band["p95"], band["central"])


# --------------------------------------------------------------------------------------------
# package structure and bad input


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            names.add(("." * node.level) + (node.module or ""))
    return names


def test_package_layers_have_no_import_circle():
    """Equation modules import only numpy, pandas and the shared checks (and each other);
    model never imports views or synthetic; synthetic imports no other module of the package."""
    pkg = Path(model.__file__).parent
    sibling = "greenimpact.sectors.steel."
    for name in ("routes", "plant"):
        allowed = {"__future__", "numpy", "pandas", "greenimpact", "greenimpact.checks"}
        extra = {m for m in _imports(pkg / f"{name}.py") if m not in allowed and not m.startswith(sibling)}
        assert not extra, (name, extra)
        assert not {m for m in _imports(pkg / f"{name}.py") if m.startswith(sibling)} - {sibling + "routes"}
    assert not {m for m in _imports(pkg / "model.py") if m.startswith(sibling)} - {sibling + "routes", sibling + "plant"}
    assert not {m for m in _imports(pkg / "synthetic.py") if m.startswith(sibling)}
    assert "matplotlib" not in " ".join(_imports(pkg / "model.py") | _imports(pkg / "routes.py") | _imports(pkg / "plant.py"))


def test_old_import_paths_keep_working():
    from greenimpact.sectors import steel_synthetic

    assert steel_synthetic.synthetic_truth is steel.synthetic_truth
    assert steel.impact_terms is model.impact_terms
    assert greenimpact.api.scenarios("steel")["scenario"].tolist()[0] == "baseline"


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: model.impact_terms({"output_growth_pct": 1.0}, 2030), "params lacks 'crude_steel_output_mt'"),
        (lambda: model.impact_terms(values("steel") | {"eaf_share_pct": 110.0}, 2030), "eaf_share_pct must be <= 100 %"),
        (lambda: model.platform_devices(values("steel"), -1.0), "covered_mt must be >= 0 Mt/yr, got -1"),
        (lambda: model.route_table(2030), r"edition 2030 is not in steel_route_intensity"),
        (lambda: model.targets("Mars"), "no targets for region 'Mars'"),
        (lambda: model.sector_range(years=(2030,), draws=0), "draws must be a whole number >= 1"),
        (lambda: greenimpact.run("steel", adoption_2030_pct=120.0), "parameter 'adoption_2030_pct': 120.0 % is above the maximum 100"),
    ],
)
def test_bad_model_input(call, message):
    with pytest.raises(ValueError, match=message):
        call()
