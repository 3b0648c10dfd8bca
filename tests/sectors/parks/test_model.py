"""The parks model: the park to analyse, its lever trajectory, and the national model behind
greenimpact.run("parks") (national scale-up, both framings, compute footprint, sourced scenario
values, vectorised impact terms, the Monte Carlo band); and the package's import layers."""

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
from greenimpact.scenarios import load_model_spec, values
from greenimpact.sectors import parks
from greenimpact.uncertainty import draw


def baseline_params(scenario="baseline"):
    return values("parks", scenario)


def test_published_and_article_shares_stay_separate():
    """Guo et al. (2021): 2.82 Gt = about 31 % of national CO2 in 2015 (extrapolation); the seed
    article claims about 40 % (and 69 % of energy) without a source."""
    share = data.load("park_emission_share").set_index(["series", "quantity"])
    assert share.loc[("Guo et al. 2021", "park_share_of_national_co2"), "value"] == 31
    assert share.loc[("Guo et al. 2021", "park_co2"), "value"] == 2820
    assert share.loc[("seed article", "park_share_of_national_co2"), "value"] == 40
    assert share.loc[("seed article", "park_share_of_national_energy"), "value"] == 69
    assert set(share.xs("seed article")["confidence"]) == {"unverified"}
    derived = share.loc[("Guo et al. 2021 (derived)", "national_co2")]
    assert_allclose(derived["value"], 2820 / 0.31, atol=0.5)
    assert derived["kind"] == "derived"


def test_run_returns_the_code_list_variables():
    frame = greenimpact.run("parks")
    assert set(frame["region"]) == {"CN"} and sorted(set(frame["year"])) == list(range(2020, 2036))
    for var in ("Emissions|CO2|Avoided|Industrial Parks", "Emissions|CO2|Compute|Industrial Parks"):
        assert (frame.loc[frame["variable"] == var, "unit"] == "Mt CO2/yr").all()
    listed = set(results.codelist().query("file == 'parks.yaml'")["variable"])
    assert set(frame["variable"]) == listed


def test_run_totals_come_from_impact_terms():
    params = baseline_params()
    frame = greenimpact.run("parks").set_index(["variable", "year"])["value"]
    terms = parks.impact_terms(params, np.arange(2020, 2036))
    for var, key in parks.VARIABLES.items():
        assert_allclose(frame.loc[var].to_numpy(), terms[key])


def test_baseline_numbers_by_hand():
    """2030: 9,097 Mt x 31 % x 3.6 % covered x 10 % saving; both framings scale with the share."""
    p = baseline_params()
    t = parks.impact_terms(p, 2030)
    assert_allclose(t["park_co2_mt"], 9097 * 0.31)
    assert_allclose(t["avoided_mt"], 9097 * 0.31 * 0.036 * 0.10)
    article = parks.impact_terms(baseline_params("article_claim"), 2030)
    assert_allclose(article["avoided_mt"] / t["avoided_mt"], 40 / 31)
    assert_allclose(article["compute_mt"], t["compute_mt"])
    # compute footprint: 100 parks (3.6 % of 2,781) x (800 meters x 3 W + 6.3 servers x 500 W x 0.55 x PUE 1.46)
    per_park_mwh = (800 * 3 + 6.3 * 500 * 0.55 * 1.46) * 8760 / 1e6
    per_park_t = per_park_mwh * 0.5366 + (800 * 10 / 10 + 6.3 * 1500 / 5) / 1000
    assert_allclose(t["compute_mt"], 2781 * 0.036 * per_park_t / 1e6)
    assert t["avoided_mt"] > 1000 * t["compute_mt"]
    # nothing before the programme's 2025 base year
    assert parks.impact_terms(p, 2024)["avoided_mt"] == 0


def test_impact_terms_broadcast_over_a_million_draws():
    draws = draw(values("parks"), 1_000_000, seed=1)
    start = time.perf_counter()
    t = parks.impact_terms(draws, 2030)
    elapsed = time.perf_counter() - start
    assert t["avoided_mt"].shape == (1_000_000,) and t["compute_mt"].shape == (1_000_000,)
    assert np.all(t["avoided_mt"] > 0) and np.all(t["compute_mt"] > 0)
    assert elapsed < 5
    # a scalar draw equals the central run
    one = {k: (v[:1] if isinstance(v, np.ndarray) else v) for k, v in draws.items()}
    assert parks.impact_terms(one, 2030)["avoided_mt"].shape == (1,)


def test_national_range_has_both_framings():
    band = parks.national_range(year=2030, draws=5000)
    assert list(band.columns) == ["framing", "share_pct", "year", "term", "central", "mean", "p05", "p50",
                                  "p95", "prob_positive"]
    assert band.attrs["draws"] == 5000 and set(band["year"]) == {2030}
    rng = band.set_index(["framing", "term"])
    pub = rng.loc[("published share", "avoided_mt")]
    art = rng.loc[("article claim", "avoided_mt")]
    assert pub["p05"] < pub["p50"] < pub["p95"] and art["central"] > pub["central"]
    assert rng.loc[("published share", "compute_mt"), "p95"] < pub["p05"]
    assert set(rng["share_pct"]) == {31.0, 40.0}


def test_national_range_holds_overrides_fixed():
    """Overrides are held fixed, even when equal to the scenario's values: with every input of
    the 2030 avoided CO2 overridden, every draw gives the central value."""
    band = parks.national_range(year=2030, draws=2000, framings=("published",), ems_saving_pct=10.0,
                                adoption_2030_pct=3.6, park_share_published_pct=31.0,
                                national_co2_mt=9097.0, multi_energy_saving_pct=0.0).set_index("term")
    row = band.loc["avoided_mt"]
    assert_allclose([row["p05"], row["p95"]], row["central"])


def test_national_scenarios_label_the_framings():
    frame = parks.national_scenarios("baseline")
    assert set(frame["scenario"]) == {"baseline (published share)", "baseline (article claim)"}
    shares = (
        frame[frame["variable"] == "Share|Industrial Parks|National CO2"]
        .groupby("scenario")["value"]
        .first()
    )
    assert shares.to_dict() == {
        "baseline (article claim)": 40.0,
        "baseline (published share)": 31.0,
    }


def test_every_uncertain_value_is_sourced_with_a_range():
    spec = load_model_spec("parks")
    base = spec["scenarios"]["baseline"]["values"]
    for name, entry in base.items():
        decl = spec["parameters"][name]
        if decl["type"] == "float":
            assert "low" in entry and "high" in entry, name
            assert entry["low"] <= entry["value"] <= entry["high"], name
        if entry["source"] == "assumption":
            assert entry.get("reason"), name
    # the unverified 5-15 % integrated-energy saving is never a silent default
    me = base["multi_energy_saving_pct"]
    assert me["source"] == "assumption" and me["value"] == 0 and me["high"] == 15
    assert "unverified" in me["reason"]


def test_impact_terms_rejects_an_unknown_basis():
    p = baseline_params() | {"park_share_basis": "guess"}
    with pytest.raises(ValueError, match="park_share_basis"):
        parks.impact_terms(p, 2030)
    with pytest.raises(greenimpact.api.ParameterError, match="not one of published, article"):
        greenimpact.run("parks", park_share_basis="guess")


def test_load_park_presets():
    met, prod, truth = parks.load_park("synthetic", n_enterprises=5, n_months=12, seed=1)
    assert truth["label"] == "synthetic" and len(prod) == 60
    with pytest.raises(ValueError, match="production"):
        parks.load_park("my_metering.csv")


def test_park_trajectory_uses_the_scenario_levers():
    park = parks.synthetic_park(n_enterprises=6, n_months=12, seed=4)
    inv = parks.inventory(park.metering)
    p = baseline_params()
    got = parks.park_trajectory(inv, p)
    want = parks.trajectory(inv, start_year=2023, **{k: p[k] for k in parks.LEVERS})
    pd.testing.assert_frame_equal(got, want)


PACKAGE = Path(parks.__file__).parent
EQUATIONS = {"accounting", "inventory"}


def _imports(module):
    """(top-level, all) sibling modules imported by ``module`` of the parks package."""
    tree = ast.parse((PACKAGE / f"{module}.py").read_text(encoding="utf-8"))
    top, every = set(), set()
    for node in ast.walk(tree):
        names = []
        if isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module]
        elif isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        for name in names:
            if name.startswith("greenimpact.sectors.parks."):
                sibling = name.rsplit(".", 1)[1]
                every.add(sibling)
                if node in tree.body:
                    top.add(sibling)
    return top, every


def test_no_import_circle_and_equations_stay_pure():
    modules = [p.stem for p in PACKAGE.glob("*.py") if p.stem != "__init__"]
    graph = {m: _imports(m)[1] for m in modules}
    state = {}

    def visit(m, path):
        if state.get(m) == "done":
            return
        assert state.get(m) != "open", f"import circle: {' -> '.join(path + [m])}"
        state[m] = "open"
        for dep in graph[m]:
            visit(dep, path + [m])
        state[m] = "done"

    for m in modules:
        visit(m, [])
    assert "model" not in graph["synthetic"] and "views" not in graph["model"]
    for m in EQUATIONS:
        tree = ast.parse((PACKAGE / f"{m}.py").read_text(encoding="utf-8"))
        top = {n.module if isinstance(n, ast.ImportFrom) else n.names[0].name
               for n in tree.body if isinstance(n, ast.Import | ast.ImportFrom)}
        assert top <= {"__future__", "numpy", "greenimpact.checks", "greenimpact.sectors.parks.accounting"}, (m, top)
