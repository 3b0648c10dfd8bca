"""The net account a reviewer would sign: L.1480 arithmetic, one boundary, a coherent central
case, uncertainty that can say no, exact Shapley wedges and Sobol indices.

Cases are built from first principles (hand computations, functions with known indices) as well
as checked on the package's own scenarios.
"""

from __future__ import annotations

import numpy as np
import pytest
from numpy.testing import assert_allclose

import greenimpact as gi
from greenimpact import impact, results, scenarios
from greenimpact.sectors import parks, steel, transport
from greenimpact.sensitivity import ishigami, saltelli_rows, sobol_indices
from greenimpact.uncertainty import median_triangular

NET_SCENARIOS = list(scenarios.load_model_spec("net")["scenarios"])


@pytest.fixture(scope="module")
def base():
    p = scenarios.values("net", "baseline")
    apps = {app: impact.application_params(app, p[f"{app}_scenario"]) for app in impact.APPLICATIONS}
    return apps, p


# ------------------------------------------------------------------------------ L.1480 arithmetic


@pytest.mark.parametrize(
    ("e", "f", "r", "a", "net"),
    [
        (10.0, 1.0, 0.0, 50.0, 4.0),  # the case: 0.5 x 10 - 1 (not 0.5 x 9 = 4.5)
        (10.0, 1.0, 20.0, 100.0, 7.0),  # 10 x 0.8 - 1
        (10.0, 1.0, 20.0, 25.0, 1.0),  # 0.25 x 8 - 1
        (1.0, 2.0, 0.0, 100.0, -1.0),  # footprint above the effect
        (4.0, 1.5, 50.0, 50.0, -0.5),  # F > a E (1 - r): 0.5 x 2 - 1.5
        (0.0, 0.2, 0.0, 50.0, -0.2),  # no effect: the footprint remains in full
    ],
)
def test_l1480_hand_computed(e, f, r, a, net):
    assert_allclose(impact.net_application(e, f, r, a)["net"], net)


def test_attribution_does_not_scale_the_footprint():
    """Halving attribution halves the credited effect; the footprint stays whole."""
    full = impact.net_application(10.0, 3.0, 0.0, 100.0)["net"]
    half = impact.net_application(10.0, 3.0, 0.0, 50.0)["net"]
    assert_allclose(full - half, 5.0)


# ------------------------------------------------------------------------------- one boundary


def test_transport_is_scaled_to_the_national_boundary(base):
    """s = C_nat x exposure x adoption / C_case, by hand for 2030 and halfway in 2027."""
    apps, p = base
    t = transport.impact_terms(apps["transport"], 2030)
    expected = (apps["transport"]["national_transport_co2_mt"] * p["transport_signal_exposure_pct"] / 100
                * p["transport_adoption_2030_pct"] / 100 / t["co2_before_mt"])
    assert_allclose(impact.transport_scale(apps["transport"], p, 2030, t["co2_before_mt"]), expected)
    mid = (p["transport_adoption_2025_pct"] + 0.4 * (p["transport_adoption_2030_pct"] - p["transport_adoption_2025_pct"]))
    t27 = transport.impact_terms(apps["transport"], 2027)
    assert_allclose(impact.transport_scale(apps["transport"], p, 2027, t27["co2_before_mt"]),
                    apps["transport"]["national_transport_co2_mt"] * p["transport_signal_exposure_pct"] / 100
                    * mid / 100 / t27["co2_before_mt"])
    terms = impact.net_terms(apps, p, 2030)
    real = p["transport_effect_real_pct"] / 100
    assert_allclose(terms["transport"]["enabled"], t["avoided_gross_mt"] * expected * real)
    assert_allclose(terms["transport"]["footprint"], t["compute_mt"] * expected)
    assert_allclose(expected, 1000 * 0.078 * 0.15 / t["co2_before_mt"])  # 78 Mt exposed x 15 % adopted
    assert expected > 5  # national, not one city


def test_overlap_changes_the_total_by_the_documented_amount(base):
    """Leaving steel plants inside parks to steel removes E_parks x overlap x steel_S12 / parks_CO2
    from the parks' enabled reduction, and nothing else."""
    apps, p = base
    none = impact.net_terms(apps, {**p, "steel_in_parks_pct": 0.0}, 2030)
    some = impact.net_terms(apps, p, 2030)
    st = steel.impact_terms(apps["steel"], 2030)
    pk = parks.impact_terms(apps["parks"], 2030)
    s12 = (p["steel_scope1_pct"] + p["steel_scope2_pct"]) / 100
    share = p["steel_in_parks_pct"] / 100 * st["emissions_without_mt"] * s12 / pk["park_co2_mt"]
    removed = pk["avoided_mt"] * p["parks_effect_real_pct"] / 100 * share
    assert_allclose(none["parks"]["enabled"] - some["parks"]["enabled"], removed)
    assert_allclose(some["parks"]["overlap"], removed)
    assert_allclose(none["total"]["enabled"] - some["total"]["enabled"], removed)
    assert_allclose(none["steel"]["enabled"], some["steel"]["enabled"])


def test_steel_is_counted_on_scope_1_and_2(base):
    apps, p = base
    t = impact.net_terms(apps, p, 2030)
    st = t["steel"]
    steel_all = steel.impact_terms(apps["steel"], 2030)["avoided_mt"] * p["steel_effect_real_pct"] / 100
    assert_allclose(st["scope1"] + st["scope2"] + st["upstream"], steel_all)
    assert_allclose(st["enabled"], st["scope1"] + st["scope2"])
    assert_allclose(st["scope1"] / steel_all, p["steel_scope1_pct"] / 100)


# -------------------------------------------------------------------- central case and ranges


def _inside(frame):
    bad = []
    p = frame.pivot_table(index="year", columns="variable", values="value")
    for var in impact.OUTPUTS.values():
        lo, hi, mid = p[f"{var}|p25"], p[f"{var}|p75"], p[var]
        tol = 1e-6 + 1e-4 * (p[f"{var}|p95"] - p[f"{var}|p05"]).abs()
        out = (mid < lo - tol) | (mid > hi + tol)
        bad += [f"{var} {year}: {mid[year]:.4g} outside [{lo[year]:.4g}, {hi[year]:.4g}]" for year in mid.index[out]]
    return bad


@pytest.mark.parametrize("scenario", NET_SCENARIOS)
def test_central_case_lies_inside_the_interquartile_band(scenario):
    """Every output of every net scenario, every year: the deterministic run is inside p25-p75."""
    frame = gi.run("net", scenario, mc_draws=8000)
    results.validate(frame)
    assert not _inside(frame)


def test_effect_ranges_cite_their_evidence_and_steel_starts_at_zero():
    steel = scenarios.values("steel", "baseline").provenance
    for name in ("energy_efficiency_pct", "gas_recovery_pct", "scheduling_pct"):
        assert steel[name].low == 0.0, name
        assert "Baosteel" in (steel[name].reason or "") or "energy efficiency" in (steel[name].reason or "")
    net = scenarios.values("net", "baseline").provenance
    for app in impact.APPLICATIONS:
        v = net[f"{app}_effect_real_pct"]
        assert 0 < v.value < 100 and (v.reason or v.source != "assumption")


def test_probability_carries_information():
    """With each effect real or absent at its evidence's odds, P(net > 0) per application is that
    probability (the footprint alone is left when the effect is absent), and the total's is
    1 - prod(1 - p_a) -- not a flat 100 %."""
    frame = gi.run("net", "baseline", mc_draws=20000)
    p = frame[frame["year"] == 2030].set_index("variable")["value"]
    netp = scenarios.values("net", "baseline")
    probs = {app: netp[f"{app}_effect_real_pct"] for app in impact.APPLICATIONS}
    for app, spec in impact.APPLICATIONS.items():
        assert_allclose(p[f"Probability|Net Enabled Positive|{spec['variable']}"], probs[app], atol=1.5)
    expected = 100 * (1 - np.prod([1 - q / 100 for q in probs.values()]))
    assert_allclose(p["Probability|Net Enabled Positive"], expected, atol=0.5)
    assert p["Probability|Net Enabled Positive"] < 99.5


def test_mean_and_median_beside_the_deterministic_run():
    frame = gi.run("net", "baseline", mc_draws=2000)
    variables = set(frame["variable"])
    for var in impact.OUTPUTS.values():
        assert {var, f"{var}|mean", f"{var}|p50", f"{var}|p25", f"{var}|p75"} <= variables


# ------------------------------------------------------------------------------------- wedges


def test_shapley_two_levers_with_interaction_by_hand():
    """f = 10 - 5x + 3y + 1.5xy, levers switched 0 -> 1. Proportional rescaling of switch-off
    effects gives x -1.75 against its own +3.5 (the issue's case). Shapley: x = (5 + 3.5) / 2 =
    4.25, y = (-3 - 4.5) / 2 = -3.75; sum 0.5 = f(0, 0) - f(1, 1)."""
    f = lambda p: 10 - 5 * p["x"] + 3 * p["y"] + 1.5 * p["x"] * p["y"]  # noqa: E731
    w = impact.wedges(f, {"x": 0.0, "y": 0.0}, {"x": 1.0, "y": 1.0}, {"x": ["x"], "y": ["y"]}).set_index("lever")
    assert_allclose(w.loc[["x", "y"], "contribution"], [4.25, -3.75])
    assert_allclose(w.loc[["x", "y"], "switch_off"], [3.5, -4.5])
    assert_allclose(w["contribution"].sum(), 0.5)
    for _, row in w.iterrows():  # never the opposite sign to both own effects
        assert not (np.sign(row["contribution"]) == -np.sign(row["switch_on"]) == -np.sign(row["switch_off"]) != 0)


def test_shapley_three_levers_sum_and_symmetry():
    """Symmetric levers get equal shares; a lever with no effect gets zero; shares sum to the total."""
    f = lambda p: p["a"] * p["b"] + 0 * p["c"]  # noqa: E731
    w = impact.wedges(f, {"a": 1.0, "b": 1.0, "c": 1.0}, {"a": 0.0, "b": 0.0, "c": 5.0},
                      {"a": ["a"], "b": ["b"], "c": ["c"]}).set_index("lever")
    assert_allclose(w.loc["a", "contribution"], w.loc["b", "contribution"])
    assert_allclose(w.loc["c", "contribution"], 0.0, atol=1e-12)
    assert_allclose(w["contribution"].sum(), 1.0)


def test_shapley_per_year_arrays():
    f = lambda p: np.array([1.0, 2.0]) * p["x"] + p["y"]  # noqa: E731
    w = impact.wedges(f, {"x": 1.0, "y": 1.0}, {"x": 0.0, "y": 0.0}, {"x": ["x"], "y": ["y"]})
    assert_allclose(w[w["lever"] == "x"]["contribution"], [1.0, 2.0])
    assert_allclose(w.groupby("position")["contribution"].sum(), [2.0, 3.0])


# -------------------------------------------------------------------------------------- Sobol


def test_sobol_ishigami_against_analytic_values():
    """Ishigami (a = 7, b = 0.1): S1 = 0.3139, 0.4424, 0; ST = 0.5576, 0.4424, 0.2437
    (Ishigami & Homma 1990; Saltelli et al. 2010, table 2)."""
    t = sobol_indices(ishigami, ["x1", "x2", "x3"], 8192, seed=1).set_index("parameter")
    assert_allclose(t.loc[["x1", "x2", "x3"], "S1"], [0.3139, 0.4424, 0.0], atol=0.03)
    assert_allclose(t.loc[["x1", "x2", "x3"], "ST"], [0.5576, 0.4424, 0.2437], atol=0.03)


def test_sobol_additive_model_by_hand():
    """y = 2 u1 + u2 with uniform inputs: Var = 4/12 + 1/12, S1 = ST = 0.8 and 0.2."""
    t = sobol_indices(lambda u: 2 * u[:, 0] + u[:, 1], ["a", "b"], 4096).set_index("parameter")
    assert_allclose(t.loc[["a", "b"], "S1"], [0.8, 0.2], atol=0.03)
    assert_allclose(t.loc[["a", "b"], "ST"], [0.8, 0.2], atol=0.03)


def test_sobol_is_reproducible_including_confidence_intervals():
    """Same seed, same indices and bootstrap intervals (SALib ignores a seed of 0 unless offset)."""
    a = sobol_indices(ishigami, ["x1", "x2", "x3"], 256, seed=0)
    b = sobol_indices(ishigami, ["x1", "x2", "x3"], 256, seed=0)
    assert a.equals(b)


def test_saltelli_rows_layout():
    rows = saltelli_rows(3, 8).reshape(8, 5, 3)
    a, b = rows[:, 0], rows[:, 4]
    for i in range(3):
        assert_allclose(np.delete(rows[:, i + 1], i, axis=1), np.delete(a, i, axis=1))
        assert_allclose(rows[:, i + 1, i], b[:, i])
    with pytest.raises(ValueError, match="power of two"):
        saltelli_rows(3, 100)


def test_net_sobol_names_the_steel_evidence_first():
    """In the baseline the steel effect's even odds decide most of the variance of the total."""
    t = impact.sobol("baseline", 2030, n=256)
    total = t[t["output"] == "total"]
    assert total.iloc[0]["parameter"] == "steel_effect_real"
    assert (total["ST"] >= total["S1"] - total["ST_conf"] - total["S1_conf"] - 0.05).all()
    assert set(t["output"]) == {"total", *impact.APPLICATIONS}


def test_median_triangular_puts_the_value_at_the_median():
    u = np.linspace(0, 1, 100_001, dtype=float)[None, :]
    x = median_triangular(u.copy(), [2.0], [4.0], [20.0])[0]
    assert_allclose(np.median(x), 4.0, atol=1e-3)
    assert_allclose(x.mean(), 4.0 + (16.0 - 2.0) / 6, atol=1e-3)
    assert x.min() == 2.0 and x.max() == 20.0
