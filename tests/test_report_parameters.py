"""Report parameters that are model parameters are checked against the model's declaration
before any kernel starts, and ``-p name=value`` means the same in ``run`` and ``render``.

No test here starts a kernel: every case fails (or is checked) in validation.
"""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest
from click.testing import CliRunner

from greenimpact import api_cli, impact, scenarios
from greenimpact.cli import cli
from greenimpact.literals import parse_value
from greenimpact.render import (
    ManifestError,
    parse_cli_parameters,
    read_parameters,
    validate_parameters,
)
from greenimpact.render.manifest import load_manifest

ROOT = Path(__file__).resolve().parents[1]
MANIFEST = ROOT / "reports" / "reports.yaml"
TRANSPORT_NB = ROOT / "notebooks" / "20_transport_signal_control.ipynb"


def _render(tmp_path, *args):
    out = tmp_path / "site"
    result = CliRunner().invoke(cli, ["render", *args, "--manifest", str(MANIFEST), "--out", str(out)])
    return result, out


def test_out_of_bound_model_parameter_is_refused_before_any_kernel(tmp_path):
    result, out = _render(tmp_path, "transport_beijing", "-p", "capacity_gain_pct=500")
    assert result.exit_code == 2, result.output
    assert "capacity_gain_pct" in result.output and "above the maximum 100 %" in result.output
    # nothing was rendered: no report folder exists
    assert not out.exists() or not [p for p in out.iterdir() if p.is_dir() and not p.name.startswith(".")]


def test_unknown_scenario_is_refused_with_the_known_ones(tmp_path):
    """A report (not a matrix: -p may not change a matrix key) whose scenario is mistyped."""
    manifest = tmp_path / "reports.yaml"
    manifest.write_text(
        f"root: {ROOT}\nreports:\n  steel_one:\n    notebook: notebooks/40_steel_carbon_management.ipynb\n"
        "    validate: {function: 'greenimpact.scenarios:check_report_parameters', model: steel}\n"
        "    parameters: {scenario: fastest}\n"
    )
    result = CliRunner().invoke(cli, ["render", "--manifest", str(manifest), "--out", str(tmp_path / "site")])
    assert result.exit_code == 2
    assert "'fastest' is not a scenario of model 'steel'" in result.output
    assert "fast_adoption" in result.output


def test_series_parameter_is_checked_under_its_notebook_name(tmp_path):
    result, _ = _render(tmp_path, "compute_footprint", "-p", "renewable_path={2025: 30, 2030: 120}")
    assert result.exit_code == 2
    assert "parameter 'renewable_path'" in result.output
    assert "above the maximum 100 %" in result.output
    assert "renewable_share_pct" in result.output


def test_renamed_net_parameters_are_checked(tmp_path):
    result, _ = _render(tmp_path, "green_compute_outlook", "-p", "draws=5")
    assert result.exit_code == 2
    assert "below the minimum 100" in result.output


def test_validator_accepts_the_manifest_defaults():
    manifest = load_manifest(MANIFEST)
    for spec in manifest.reports.values():
        if spec.validate is None:
            continue
        target, options = spec.validate
        module, _, attr = target.partition(":")
        check = getattr(importlib.import_module(module), attr)
        values = {k: p.default for k, p in read_parameters(spec.notebook).items()} | spec.parameters
        check(values, **options)  # no error


def test_unknown_dataset_is_refused_with_the_known_ones(tmp_path):
    result, _ = _render(tmp_path, "data_catalogue", "-p", "dataset=dc_electricty")
    assert result.exit_code == 2
    assert "'dc_electricty' is not a dataset of the catalogue" in result.output
    assert "dc_electricity" in result.output


def test_series_from_json_keys_reach_the_model_as_years():
    decl = scenarios.load_model_spec("compute")["parameters"]["renewable_share_pct"]
    assert scenarios.check_value("renewable_share_pct", {"2030": 75, "2025": 30}, decl) == {2025: 30.0, 2030: 75.0}


def test_malformed_validate_entry_names_the_report(tmp_path):
    (tmp_path / "nb.ipynb").write_text((ROOT / "tests/render_fixtures/ok.ipynb").read_text())
    (tmp_path / "m.yaml").write_text(
        "root: .\nreports:\n  r:\n    notebook: nb.ipynb\n    validate: not a function\n"
    )
    with pytest.raises(ManifestError, match=r"report 'r':.*validate:.*package.module:function"):
        load_manifest(tmp_path / "m.yaml")


@pytest.mark.parametrize("text", ["2025", "'2025'", "Beijing"])
def test_bare_word_means_the_same_in_run_and_render(text):
    """One rule: a text parameter takes a bare word as text, in both commands."""
    run_value = api_cli._overrides("transport", (f"region={text}",))["region"]
    declared = read_parameters(TRANSPORT_NB)
    render_value = validate_parameters(declared, parse_cli_parameters([f"region={text}"]), where="t")["region"]
    assert run_value == render_value == text.strip("'")
    assert isinstance(run_value, str)


def test_numbers_parse_the_same_in_run_and_render():
    run_value = api_cli._overrides("transport", ("capacity_gain_pct=20",))["capacity_gain_pct"]
    declared = read_parameters(TRANSPORT_NB)
    render_value = validate_parameters(declared, parse_cli_parameters(["capacity_gain_pct=20"]), where="t")
    decl = scenarios.load_model_spec("transport")["parameters"]["capacity_gain_pct"]
    assert scenarios.check_value("capacity_gain_pct", run_value, decl) == render_value["capacity_gain_pct"] == 20.0


def test_bare_word_for_a_number_is_refused_in_run():
    result = CliRunner().invoke(cli, ["run", "transport", "-p", "capacity_gain_pct=lots"])
    assert result.exit_code == 2
    assert "capacity_gain_pct='lots'" in result.output and "not a Python literal" in result.output


def test_parse_value_never_evaluates_code():
    assert parse_value("__import__('os').getcwd()", text=True) == "__import__('os').getcwd()"
    with pytest.raises(ValueError, match="not a Python literal"):
        parse_value("__import__('os').getcwd()")


def test_an_override_equal_to_the_scenario_value_is_held_fixed(monkeypatch):
    """Overriding a value with the scenario's own value still fixes it: it is not drawn."""
    central = scenarios.values("net", "baseline")["attribution_parks_pct"]
    drawn = []
    original = impact._net_draws

    def spy(values):
        r = original(values)
        drawn.append(r.names)
        return r

    monkeypatch.setattr(impact, "_net_draws", spy)
    import greenimpact as gi

    gi.run("net", "baseline", mc_draws=200)
    assert "attribution_parks_pct" in drawn[-1]
    gi.run("net", "baseline", mc_draws=200, attribution_parks_pct=central)
    assert "attribution_parks_pct" not in drawn[-1]
    mc = impact.monte_carlo("baseline", [2030], draws=200, attribution_parks_pct=central)
    assert "attribution_parks_pct" not in mc.attrs["uncertain"]["net"]


def test_net_composer_refuses_values_without_provenance():
    plain = dict(scenarios.values("net", "baseline"))
    with pytest.raises(TypeError, match="provenance"):
        impact.run(plain, scenario="baseline")


VALIDATED: list = []


def record_validation(values, *, tag):
    """A manifest validator for the test below: records each call, refuses label 'bad'."""
    VALIDATED.append((tag, values["label"]))
    if values["label"] == "bad":
        raise ValueError("parameter 'label': 'bad' is refused by the domain")


def test_validators_run_for_reports_that_will_render_and_not_on_a_no_op(tmp_path):
    """The domain check runs before any kernel for every stale report; a report whose inputs match
    its last good build was validated then and is skipped (a no-op rebuild loads no model)."""
    from render_fixtures.project import make_project

    from greenimpact.render.build import build

    validate = {"function": f"{__name__}:record_validation", "tag": "t"}
    manifest = make_project(tmp_path, {"r": {"notebook": "notebooks/ok.ipynb", "validate": validate}})
    out = tmp_path / "site"
    VALIDATED.clear()
    assert build(manifest, out=out, jobs=1).exit_code == 0
    assert VALIDATED == [("t", "world")]
    VALIDATED.clear()
    assert build(manifest, out=out, jobs=1).exit_code == 0  # up to date
    assert VALIDATED == []
    with pytest.raises(Exception, match="refused by the domain"):
        build(manifest, out=out, jobs=1, overrides=[("-p", {"label": "bad"})])
    assert VALIDATED == [("t", "bad")]
    VALIDATED.clear()
    build(manifest, out=out, jobs=1, force=True)
    assert VALIDATED == [("t", "world")]
