"""Scenarios are data: every value is sourced, inheritance works, overrides are validated."""

from __future__ import annotations

import textwrap

import pytest
from click.testing import CliRunner
from numpy.testing import assert_allclose

from greenimpact import api
from greenimpact.cli import cli
from greenimpact.scenarios import ParameterError, ScenarioError, resolve

TOY = """
model: toy
entry: toy_model:run
description: toy model for tests
parameters:
  base_twh: {type: float, unit: TWh/yr, min: 0, description: electricity in 2024}
  growth_pct: {type: float, unit: "%", min: -50, max: 100, description: annual growth}
  label: {type: str, allowed: [a, b], description: a label}
  path: {type: series, years: [2020, 2040], min: 0, description: a path}
scenarios:
  baseline:
    description: the base case
    values:
      base_twh: {value: 100.0, source: src_a, low: 90.0, high: 110.0}
      growth_pct: {value: 10.0, source: assumption, reason: round number for the test}
      label: {value: a, source: src_a}
      path: {value: {2025: 1.0, 2030: 2.0}, source: src_b}
  fast:
    inherits: baseline
    description: faster growth
    values:
      growth_pct: {value: 20.0, source: src_b}
"""


@pytest.fixture
def toy(mini_data):
    (mini_data / "scenarios").mkdir()
    path = mini_data / "scenarios" / "toy.yaml"
    path.write_text(textwrap.dedent(TOY), encoding="utf-8")
    return path


def test_run_resolves_inheritance_and_validates_frame(toy):
    frame = api.run("toy", "fast")
    assert set(frame["scenario"]) == {"fast"} and set(frame["model"]) == {"greenimpact toy"}
    assert_allclose(frame["value"], [100.0, 120.0, 144.0])
    values = resolve("toy", "fast")
    assert values["growth_pct"].scenario == "fast" and values["base_twh"].scenario == "baseline"
    assert values["base_twh"].low == 90.0


def test_overrides_are_validated_by_name_type_and_bounds(toy):
    assert_allclose(api.run("toy", base_twh=50)["value"].iloc[0], 50.0)
    with pytest.raises(ParameterError, match="unknown parameter 'bogus' for model 'toy'"):
        api.run("toy", bogus=1)
    with pytest.raises(ParameterError, match="parameter 'base_twh': expected a number, got 'x'"):
        api.run("toy", base_twh="x")
    with pytest.raises(ParameterError, match=r"parameter 'base_twh': -1.0 TWh/yr is below the minimum 0"):
        api.run("toy", base_twh=-1)
    with pytest.raises(ParameterError, match="parameter 'growth_pct': 150.0 % is above the maximum 100"):
        api.run("toy", growth_pct=150)
    with pytest.raises(ParameterError, match="'c' is not one of a, b"):
        api.run("toy", label="c")
    with pytest.raises(ParameterError, match="year 2050 is outside 2020-2040"):
        api.run("toy", path={2050: 1.0})
    with pytest.raises(ParameterError, match="expected true or false|expected a number"):
        api.run("toy", base_twh=True)


def test_unknown_model_and_scenario(toy):
    with pytest.raises(ScenarioError, match=r"unknown model 'nope' \(models: toy\)"):
        api.run("nope")
    with pytest.raises(ScenarioError, match=r"unknown scenario 'zzz' for model 'toy' \(scenarios: baseline, fast\)"):
        api.run("toy", "zzz")


@pytest.mark.parametrize(
    "edit, message",
    [
        (("source: src_b}\n", "source: nowhere}\n"), "source 'nowhere' is not in data/catalogue.yaml"),
        (("source: assumption, reason: round number for the test", "source: assumption"), "an assumption needs a reason"),
        (("inherits: baseline", "inherits: ghost"), "inherits from unknown scenario 'ghost'"),
        (("value: 100.0, source: src_a", "value: -100.0, source: src_a"), "below the minimum"),
        (("growth_pct: {value: 20.0", "growht_pct: {value: 20.0"), "'growht_pct': not a declared parameter"),
    ],
)
def test_bad_scenario_files_are_refused(toy, edit, message):
    toy.write_text(toy.read_text().replace(*edit), encoding="utf-8")
    with pytest.raises(ScenarioError, match=message):
        api.run("toy")


def test_parameters_table_lists_sources(toy):
    table = api.parameters("toy", "fast").set_index("parameter")
    assert table.loc["growth_pct", "source"] == "src_b"
    assert table.loc["base_twh", ["low", "high"]].tolist() == [90.0, 110.0]
    assert api.parameters("toy", growth_pct=5.0).set_index("parameter").loc["growth_pct", "source"] == "override"


def test_cli_run_and_scenarios(toy, tmp_path):
    runner = CliRunner()
    out = runner.invoke(cli, ["scenarios", "toy"])
    assert out.exit_code == 0 and "faster growth" in out.output
    target = tmp_path / "out.csv"
    out = runner.invoke(cli, ["run", "toy", "--scenario", "fast", "-p", "base_twh=10", "-p", "label=b", "-o", str(target)])
    assert out.exit_code == 0, out.output
    assert target.read_text().splitlines()[0] == "model,scenario,region,variable,unit,year,value"
    out = runner.invoke(cli, ["run", "toy", "-p", "base_twh=__import__('os')"])
    assert out.exit_code != 0 and "not a Python literal" in out.output
    out = runner.invoke(cli, ["run", "toy", "-p", "x;import os=1"])
    assert out.exit_code != 0 and "unknown parameter" in out.output
