"""``greenimpact sweep``: grids checked before any run, identical files on every executor,
failures recorded without stopping, provenance, summaries; ``executor=`` for the Monte Carlo."""

from __future__ import annotations

import json
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner
from numpy.testing import assert_allclose

import greenimpact as gi
from greenimpact import api, data, impact
from greenimpact import sweep as sw
from greenimpact.cli import cli

distributed = pytest.importorskip("distributed")

GRID = {
    "matrix": {"scenario": ["baseline", "evidence_low"],
               "capacity_gain_pct": {"start": 5, "stop": 25, "step": 10}},
    "parameters": {"end_year": 2030},
}


@pytest.fixture(scope="module")
def dask_executor():
    """An in-process Dask cluster (threads): fast to start, the real Client executor."""
    with distributed.Client(processes=False, n_workers=1, threads_per_worker=2,
                            dashboard_address=None) as client:
        yield client.get_executor()


def _files(folder):
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.name != sw.PROVENANCE}


# ------------------------------------------------------------------------------- grid checks


def test_ranges_expand_with_stop_included():
    grid = sw.load_grid("transport", GRID)
    assert grid.matrix["capacity_gain_pct"] == [5.0, 15.0, 25.0]
    assert len(grid) == 6
    steps = sw.load_grid("transport", {"matrix": {"x_peak": {"start": 0.1, "stop": 0.5, "step": 0.1}}})
    assert steps.matrix["x_peak"] == [0.1, 0.2, 0.3, 0.4, 0.5]  # no 0.30000000000000004
    ints = sw.load_grid("transport", {"matrix": {"intersections": {"start": 100, "stop": 1000, "step": 300}}})
    assert ints.matrix["intersections"] == [100, 400, 700, 1000]


def test_combinations_follow_product_order_with_fixed_values():
    runs = list(sw.load_grid("transport", GRID).combinations())
    assert [r[0] for r in runs] == list(range(6))
    assert runs[0] == (0, "baseline", {"end_year": 2030, "capacity_gain_pct": 5.0})
    assert runs[4] == (4, "evidence_low", {"end_year": 2030, "capacity_gain_pct": 15.0})


@pytest.mark.parametrize(("grid", "expected"), [
    ({"matrix": {"capacity_gain_pc": [5]}}, "did you mean 'capacity_gain_pct'"),
    ({"matrix": {"capacity_gain_pct": [5, 500]}}, "'capacity_gain_pct': 500.0 % is above the maximum 100 %"),
    ({"matrix": {"capacity_gain_pct": ["high"]}}, "expected a number, got 'high'"),
    ({"matrix": {"scenario": ["baseline", "evidence_lo"]}}, "unknown scenario 'evidence_lo' for model 'transport'; did you mean 'evidence_low'"),
    ({"matrix": {}}, "'matrix' must be a non-empty mapping"),
    ({}, "'matrix' must be a non-empty mapping"),
    ({"matrix": {"capacity_gain_pct": []}}, "must be a non-empty list"),
    ({"matrix": {"capacity_gain_pct": [5, 5]}}, "lists a value twice"),
    ({"matrix": {"capacity_gain_pct": {"start": 5, "stop": 1, "step": 1}}}, "stop 1 is below start 5"),
    ({"matrix": {"capacity_gain_pct": {"start": 5, "stop": 9, "step": 0}}}, "step must be > 0"),
    ({"matrix": {"capacity_gain_pct": {"start": 5, "stop": 9, "stpe": 1}}}, "unknown key 'stpe'; did you mean 'stop' or 'step'"),
    ({"matrix": {"capacity_gain_pct": [5]}, "parameters": {"capacity_gain_pct": 6}}, "in both 'matrix' and 'parameters'"),
    ({"matrix": {"capacity_gain_pct": [5]}, "paramters": {}}, "did you mean 'parameters'"),
    ({"matrix": {"capacity_gain_pct": [5]}, "parameters": {"end_year": 1990}}, "'end_year': 1990 yr is below the minimum 2021 yr"),
])
def test_bad_grids_are_refused_naming_the_problem(grid, expected):
    with pytest.raises(sw.GridError) as err:
        sw.load_grid("transport", grid)
    assert expected in str(err.value)


def test_every_problem_is_listed_at_once():
    grid = {"matrix": {"capacity_gain_pc": [5], "x_peak": [2.0]}, "parameters": {"phases": 1}}
    with pytest.raises(sw.GridError) as err:
        sw.load_grid("transport", grid)
    text = str(err.value)
    assert text.startswith("3 problems in the grid")
    assert "'capacity_gain_pc'" in text and "'x_peak'" in text and "'phases'" in text


def test_a_bad_grid_file_exits_2_before_any_run(tmp_path, monkeypatch):
    calls = []
    monkeypatch.setattr(api, "run", lambda *a, **k: calls.append(a))
    path = tmp_path / "grid.yaml"
    path.write_text("matrix:\n  capacity_gain_pct: [5, 10]\n  cycle_s: [10]\n")
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["sweep", "transport", "--grid", str(path), "-o", str(out),
                                      "--executor", "inprocess"])
    assert result.exit_code == 2, result.output
    assert "grid.yaml: matrix: 'cycle_s': parameter 'cycle_s': 10.0 s is below the minimum 30 s" in result.output
    assert not out.exists() and calls == []
    unknown = CliRunner().invoke(cli, ["sweep", "transport", "--grid", str(path), "-o", str(out),
                                       "--executor", "dusk"])
    assert unknown.exit_code == 2 and "executor must be" in unknown.output


def test_a_foreign_output_folder_is_refused(tmp_path):
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(sw.GridError, match="not empty and holds no sweep"):
        sw.run_sweep("transport", GRID, tmp_path, progress=False)
    assert (tmp_path / "notes.txt").read_text() == "mine"


# ------------------------------------------------------------------------------- running


def test_files_are_identical_on_every_executor(tmp_path, dask_executor):
    """The same grid in this process, on a process pool and on a Dask client: the same bytes."""
    outs = {}
    for name, executor in [("inprocess", None), ("processes", "processes"), ("dask", dask_executor)]:
        outs[name] = tmp_path / name
        result = sw.run_sweep("transport", GRID, outs[name], executor=executor, batch=4, workers=2,
                              progress=False)
        assert result.runs == 6 and result.failed == 0
    reference = _files(outs["inprocess"])
    assert set(reference) == {"iamc-baseline.csv", "iamc-evidence_low.csv", "runs.csv", "failures.csv"}
    for name in ("processes", "dask"):
        assert _files(outs[name]) == reference, name


def test_rows_are_the_model_runs_traced_by_run_id(tmp_path):
    sw.run_sweep("transport", GRID, tmp_path, progress=False)
    rows, runs = sw.load_results(tmp_path)
    assert runs.to_dict("records")[4] == {"run": 4, "scenario": "evidence_low",
                                          "capacity_gain_pct": 15.0, "status": "ok"}
    mine = rows[rows["run"] == 4].drop(columns="run").reset_index(drop=True)
    direct = gi.run("transport", "evidence_low", capacity_gain_pct=15.0, end_year=2030)
    pd.testing.assert_frame_equal(mine, direct.reset_index(drop=True), check_dtype=False)


def test_a_failing_combination_is_recorded_and_the_sweep_goes_on(tmp_path, monkeypatch):
    real = api.run

    def flaky(model, scenario="baseline", **overrides):
        if overrides.get("capacity_gain_pct") == 15.0:
            raise RuntimeError("solver diverged")
        return real(model, scenario, **overrides)

    monkeypatch.setattr(api, "run", flaky)
    grid = tmp_path / "grid.yaml"
    grid.write_text(json.dumps(GRID))  # JSON is YAML
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["sweep", "transport", "--grid", str(grid), "-o", str(out),
                                      "--executor", "inprocess", "--batch", "4"])
    assert result.exit_code == 1, result.output
    failures = pd.read_csv(out / "failures.csv")
    assert failures["run"].tolist() == [1, 4]
    assert failures["error"].tolist() == ["RuntimeError: solver diverged"] * 2
    assert json.loads(failures["parameters"][0]) == {"capacity_gain_pct": 15.0, "end_year": 2030}
    runs = pd.read_csv(out / "runs.csv")
    assert runs["status"].tolist() == ["ok", "failed", "ok", "ok", "failed", "ok"]
    rows, _ = sw.load_results(out)
    assert sorted(rows["run"].unique()) == [0, 2, 3, 5]
    assert "2 of 6 combinations failed" in result.output


def test_provenance_names_grid_version_data_and_executor(tmp_path):
    sw.run_sweep("transport", GRID, tmp_path, executor="processes", workers=2, batch=3, progress=False)
    prov = json.loads((tmp_path / sw.PROVENANCE).read_text())
    assert prov["kind"] == "greenimpact sweep" and prov["model"] == "transport"
    assert prov["grid"] == GRID
    assert prov["expanded"]["matrix"]["capacity_gain_pct"] == [5.0, 15.0, 25.0]
    assert prov["combinations"] == 6 and prov["failed"] == 0 and prov["batch"] == 3
    assert prov["executor"] == {"kind": "processes", "workers": 2}
    assert prov["greenimpact"] == gi.__version__
    assert prov["data"] == data.file_hashes() and "scenarios/transport.yaml" in prov["data"]
    assert set(prov["files"]) == {p.name for p in tmp_path.iterdir()}


def test_a_second_sweep_replaces_the_first_and_removes_its_stale_files(tmp_path):
    sw.run_sweep("transport", GRID, tmp_path, progress=False)
    sw.run_sweep("transport", {"matrix": {"capacity_gain_pct": [5]}}, tmp_path, progress=False)
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "failures.csv", "iamc-baseline.csv", "provenance.json", "runs.csv"]


def test_progress_reports_an_eta(capsys):
    progress = sw.Progress(10, every=0.0)
    progress(4, 1)
    progress(10, 1)
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith("sweep: 4/10 runs (40 %), 1 failed,") and "ETA" in err[0]
    assert "done in" in err[1]


# ------------------------------------------------------------------------------- summaries


def test_summary_by_hand():
    """Five runs with known values: the distribution and the negative runs by hand."""
    runs = pd.DataFrame({"run": range(5), "scenario": ["a"] * 5, "x": [1, 2, 3, 4, 5], "status": "ok"})
    values = [3.0, -1.0, 2.0, -4.0, 5.0]
    rows = pd.DataFrame({"run": range(5), "variable": "Net", "unit": "Mt CO2/yr", "year": 2030,
                         "value": values})
    s = sw.summarise(rows, runs, variable="Net", year=2030)
    assert s["distribution"]["count"] == 5
    assert_allclose(s["distribution"]["mean"], 1.0)
    assert_allclose(s["distribution"]["p50"], 2.0)
    assert s["negative_count"] == 2 and s["negative_share"] == 0.4
    assert s["negative"][["run", "x", "value"]].values.tolist() == [[3, 4, -4.0], [1, 2, -1.0]]
    with pytest.raises(ValueError, match="did you mean 'Net'"):
        sw.summarise(rows, runs, variable="Nett", year=2030)
    fig = sw.figure(s, by="x")
    assert fig.axes[0].get_title() == "5 runs; negative in 40.0 %"


def test_net_sweep_summary_finds_where_the_net_turns_negative(tmp_path):
    """With no attribution to any application, the net is minus the footprint: negative in
    every run; with full attribution it is positive at the baseline's central values."""
    grid = {"matrix": {"attribution_transport_pct": [0, 100]},
            "parameters": {"attribution_parks_pct": 0, "attribution_steel_pct": 0, "mc_draws": 100}}
    result = sw.run_sweep("net", grid, tmp_path, executor="inprocess", progress=False)
    s = result.summary
    assert s["variable"] == "Emissions|CO2|Net Enabled" and s["year"] == 2030
    assert s["negative"]["attribution_transport_pct"].tolist() == [0]
    fixed = gi.run("net", attribution_transport_pct=0, attribution_parks_pct=0,
                   attribution_steel_pct=0, mc_draws=100)
    footprint = fixed.query("variable == 'Emissions|CO2|Compute|Total' and year == 2030")["value"].item()
    assert_allclose(s["negative"]["value"].item(), -footprint, rtol=1e-12)


# ------------------------------------------------------------------------------- Monte Carlo


def test_net_monte_carlo_is_identical_on_every_executor(dask_executor):
    kw = {"years": [2025, 2030], "draws": 30_000, "chunk": 10_000, "seed": 3}
    ref = impact.monte_carlo("baseline", **kw)
    with ProcessPoolExecutor(2) as pool:
        others = {"process pool": impact.monte_carlo("baseline", executor=pool, **kw)}
    others["processes"] = impact.monte_carlo("baseline", executor="processes", workers=3, **kw)
    others["dask"] = impact.monte_carlo("baseline", executor=dask_executor, **kw)
    for name, frame in others.items():
        pd.testing.assert_frame_equal(ref, frame, check_exact=True, obj=name)
    with pytest.raises(ValueError, match="executor must be None, 'processes'"):
        impact.monte_carlo("baseline", executor="threads", **kw)


def test_sector_ranges_are_identical_on_every_executor(dask_executor):
    from greenimpact.sectors.parks import model as parks
    from greenimpact.sectors.steel import model as steel
    from greenimpact.sectors.transport import model as transport

    with ThreadPoolExecutor(3) as threads:
        for fn, kw in [(transport.monte_carlo, {"years": (2025, 2030), "draws": 1001}),
                       (transport.uncertainty_by_year, {"draws": 999}),
                       (steel.monte_carlo, {"draws": 1001}), (steel.sector_range, {"draws": 777}),
                       (parks.national_range, {"draws": 1001})]:
            ref = fn(**kw)
            for executor in (threads, dask_executor):
                pd.testing.assert_frame_equal(ref, fn(executor=executor, workers=3, **kw),
                                              check_exact=True, obj=fn.__qualname__)


def test_map_rows_splits_rows_and_keeps_fixed_values():
    from greenimpact.executors import map_rows

    def affine(p, rows):
        assert p["x"].shape == (rows, 1)
        return {"y": p["a"] * p["x"] + p["b"]}

    x = np.arange(10.0).reshape(10, 1)
    with ThreadPoolExecutor(2) as pool:
        y = map_rows(affine, {"x": x, "a": 2.0, "b": np.array([1.0, 0.0])}, 10, executor=pool, workers=4)["y"]
    assert_allclose(y, 2 * x + np.array([1.0, 0.0]))
