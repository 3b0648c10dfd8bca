"""Report manifest: schema, matrix expansion, selection, and report-name safety."""

from __future__ import annotations

import os

import pytest
from render_fixtures.project import make_project

from greenimpact.render import (
    ManifestError,
    RenderError,
    ReportNameError,
    check_report_name,
    find_manifest,
    load_manifest,
)
from greenimpact.render.manifest import DEFAULT_TIMEOUT
from greenimpact.render.names import MAX_NAME_LENGTH


def write(tmp_path, text: str):
    """A manifest in <tmp>/reports/reports.yaml (root = <tmp>) from YAML text."""
    (tmp_path / "reports").mkdir(exist_ok=True)
    path = tmp_path / "reports" / "reports.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_valid_manifest(tmp_path):
    path = make_project(
        tmp_path,
        {
            "hello": {"notebook": "notebooks/ok.ipynb", "title": "Hello", "parameters": {"n": 2}},
            "slow": {"notebook": "notebooks/sleep.ipynb", "timeout": 30},
        },
        defaults={"timeout": 120},
    )
    m = load_manifest(path)
    assert m.root == tmp_path / "proj"
    assert m.default_out == tmp_path / "proj" / "reports" / "_build"
    assert list(m.reports) == ["hello", "slow"]
    hello = m.reports["hello"]
    assert hello.notebook == tmp_path / "proj" / "notebooks" / "ok.ipynb"
    assert hello.notebook_label == "notebooks/ok.ipynb"
    assert hello.parameters == {"n": 2} and hello.title == "Hello" and hello.group is None
    assert hello.timeout == 120.0 and m.reports["slow"].timeout == 30.0
    assert m.groups == {}


def test_default_timeout_and_root(tmp_path):
    (tmp_path / "nb").mkdir()
    path = write(tmp_path, "root: ../nb\nreports:\n  a: {notebook: x.ipynb}\n")
    m = load_manifest(path)
    assert m.root == tmp_path / "nb"
    assert m.reports["a"].notebook == tmp_path / "nb" / "x.ipynb"
    assert m.reports["a"].timeout == DEFAULT_TIMEOUT == 600.0


def test_matrix_expansion_and_selection(tmp_path):
    path = write(
        tmp_path,
        """
reports:
  single: {notebook: notebooks/ok.ipynb}
  grid:
    notebook: notebooks/ok.ipynb
    parameters: {flag: true}
    matrix:
      label: [high, low]
      n: [1, 2030]
""",
    )
    m = load_manifest(path)
    names = list(m.reports)
    assert names == [
        "single",
        "grid-label=high,n=1",
        "grid-label=high,n=2030",
        "grid-label=low,n=1",
        "grid-label=low,n=2030",
    ]
    assert m.reports["grid-label=low,n=2030"].parameters == {
        "flag": True,
        "label": "low",
        "n": 2030,
    }
    assert m.reports["grid-label=low,n=2030"].group == "grid"
    assert m.groups["grid"] == tuple(names[1:])
    assert [s.name for s in m.select(["grid"])] == names[1:]
    assert [s.name for s in m.select(["grid-label=low,n=1", "single"])] == [
        "single",
        "grid-label=low,n=1",
    ]
    assert [s.name for s in m.select()] == names
    for name in names:
        assert check_report_name(name) == name


def test_unknown_report_lists_known_names(tmp_path):
    path = write(
        tmp_path, "reports:\n  a: {notebook: x.ipynb}\n  g: {notebook: x.ipynb, matrix: {k: [1]}}\n"
    )
    with pytest.raises(ManifestError) as err:
        load_manifest(path).select(["nope"])
    msg = str(err.value)
    assert "unknown report 'nope'" in msg and "a, g-k=1" in msg and "matrix groups: g" in msg


def test_matrix_values_become_safe_names(tmp_path):
    path = write(
        tmp_path,
        'reports:\n  g:\n    notebook: x.ipynb\n    matrix:\n      region: ["East China", "../up", "a/b\\\\c", "华东", "", 0.5, true, null]\n',
    )
    m = load_manifest(path)
    names = list(m.reports)
    assert names == [
        "g-region=East_China",
        "g-region=___up",
        "g-region=a_b_c",
        "g-region=华东",
        "g-region=_",
        "g-region=0.5",
        "g-region=true",
        "g-region=null",
    ]
    assert m.reports["g-region=___up"].parameters == {"region": "../up"}
    for name in names:
        check_report_name(name)


def test_matrix_name_collision_rejected(tmp_path):
    path = write(
        tmp_path, 'reports:\n  g:\n    notebook: x.ipynb\n    matrix: {label: ["a b", "a/b"]}\n'
    )
    with pytest.raises(ManifestError, match=r"both give the report name 'g-label=a_b'"):
        load_manifest(path)


def test_expansion_colliding_with_a_report_rejected(tmp_path):
    path = write(
        tmp_path,
        "reports:\n  g-k=1: {notebook: x.ipynb}\n  g: {notebook: x.ipynb, matrix: {k: [1]}}\n",
    )
    with pytest.raises(ManifestError, match=r"'g-k=1' is used twice"):
        load_manifest(path)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "reprots: {}\n",
            r"reports\.yaml: top-level key 'reprots' is not allowed \(allowed: root, defaults, reports\)",
        ),
        (
            "defaults: {timout: 3}\nreports: {a: {notebook: x.ipynb}}\n",
            r"defaults: key 'timout' is not allowed",
        ),
        (
            "reports: {a: {notebook: x.ipynb, matrx: {}}}\n",
            r"report 'a': key 'matrx' is not allowed",
        ),
        ("reports: {a: {parameters: {}}}\n", r"report 'a': 'notebook' is required"),
        (
            "reports: {a: {notebook: x.ipynb, parameters: [1]}}\n",
            r"report 'a': 'parameters' must be a mapping",
        ),
        (
            "reports: {a: {notebook: x.ipynb, matrix: {k: []}}}\n",
            r"report 'a': matrix: 'k' must be a non-empty list",
        ),
        ("reports: {a: {notebook: x.ipynb, matrix: {k: 3}}}\n", r"'k' must be a non-empty list"),
        (
            "reports: {a: {notebook: x.ipynb, timeout: -1}}\n",
            r"report 'a': timeout must be a positive number",
        ),
        (
            "reports: {a: {notebook: x.ipynb, timeout: true}}\n",
            r"timeout must be a positive number",
        ),
        (
            "reports: {a: {notebook: x.ipynb, parameters: {n: 1}, matrix: {n: [2]}}}\n",
            r"'n' is in both 'parameters' and 'matrix'",
        ),
        (
            "reports: {a: {notebook: x.ipynb, parameters: {x: .inf}}}\n",
            r"the value of 'x' is not a finite number",
        ),
        (
            "reports: {a: {notebook: x.ipynb, parameters: {'y=1;import os;os.system(\"id\")#': 1}}}\n",
            r"parameter name .* is not a valid Python identifier",
        ),
        (
            "reports: {a: {notebook: x.ipynb, matrix: {'class': [1]}}}\n",
            r"parameter name 'class' is a Python keyword",
        ),
        ("reports: {}\n", r"'reports' must be a non-empty mapping"),
        ("- a\n- b\n", r"must be a mapping with a 'reports' key"),
        (
            "reports:\n  a: {notebook: x.ipynb}\n  a: {notebook: y.ipynb}\n",
            r"reports.yaml, line 3: duplicate key 'a'",
        ),
        ("reports: [\n", r"is not valid YAML"),
        (
            "root: nowhere\nreports: {a: {notebook: x.ipynb}}\n",
            r"'root' \('nowhere'\) is not a folder",
        ),
    ],
)
def test_bad_manifest_errors_name_file_report_and_key(tmp_path, text, expected):
    path = write(tmp_path, text)
    with pytest.raises(RenderError, match=expected) as err:
        load_manifest(path)
    assert "reports.yaml" in str(err.value)


@pytest.mark.parametrize(
    "name",
    [
        "",
        "/etc",
        "../up",
        "a/b",
        "a\\b",
        "nul\x00byte",
        "new\nline",
        "tab\tbed",
        ".hidden",
        "..",
        "a:b",
        "<script>",
        " padded",
        "x" * (MAX_NAME_LENGTH + 1),
        "bidi\u202eoverride",
    ],
)
def test_unsafe_report_names_rejected(name):
    with pytest.raises(ReportNameError):
        check_report_name(name)


@pytest.mark.parametrize(
    "name", ["data_catalogue", "grid-region=East_China,n=2", "华东报告", "v1.2", "a+b"]
)
def test_safe_report_names_accepted(name):
    assert check_report_name(name) == name


@pytest.mark.parametrize("key", ["'../evil'", "'.git'", "'a/b'", "1", "true"])
def test_unsafe_report_names_in_manifest(tmp_path, key):
    path = write(tmp_path, f"reports:\n  {key}: {{notebook: x.ipynb}}\n")
    with pytest.raises(ReportNameError, match=r"reports\.yaml: report name"):
        load_manifest(path)


def test_dates_stay_strings(tmp_path):
    path = write(tmp_path, "reports:\n  g: {notebook: x.ipynb, matrix: {day: [2030-01-01]}}\n")
    m = load_manifest(path)
    assert m.reports["g-day=2030-01-01"].parameters == {"day": "2030-01-01"}


def test_find_manifest_searches_parents(tmp_path, monkeypatch):
    path = write(tmp_path, "reports: {a: {notebook: x.ipynb}}\n")
    deep = tmp_path / "notebooks" / "sub"
    deep.mkdir(parents=True)
    monkeypatch.chdir(deep)
    assert find_manifest() == path
    assert find_manifest(os.fspath(tmp_path)) == path
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    with pytest.raises(ManifestError, match="--manifest"):
        find_manifest(elsewhere.parent.parent)  # above the project: nothing to find


def test_missing_manifest(tmp_path):
    with pytest.raises(ManifestError, match="does not exist"):
        load_manifest(tmp_path / "nope.yaml")
