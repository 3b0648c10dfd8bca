"""Declared parameters and the validation of overrides, including injection attempts.

papermill writes parameter names into the injected cell unescaped, so a name such as
``y=1;import os;os.system(...)#`` would run code. These tests check that no such name gets
through from the command line (-p), a params file or the manifest, and that nothing is
executed: validation happens before any kernel starts (no kernel is started in this file).
"""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from render_fixtures.project import FIXTURES, make_project

from greenimpact.cli import cli
from greenimpact.render import (
    CliText,
    NotebookError,
    ParameterError,
    inspect_notebook,
    parse_cli_parameters,
    read_parameters,
    validate_parameters,
)
from greenimpact.render.params import parse_parameters_cell

INJECTIONS = [
    'y=1;import os;os.system("touch PWNED")#',
    "x; import os",
    "__import__('os').system('touch PWNED')",
    "a b",
    "a\nimport os",
    "",
    "1abc",
]


@pytest.fixture(scope="module")
def declared():
    return read_parameters(FIXTURES / "ok.ipynb")


# ------------------------------------------------------------------------------------------
# parsing the parameters cell


def test_fixture_parameters(declared):
    rows = [(p.name, str(p.type), p.default, p.help) for p in declared.values()]
    assert rows == [
        ("label", "str", "world", "who to greet"),
        ("n", "int", 3, "how many rows"),
        ("ratio", "float", 0.5, "a fraction [1]"),
        ("flag", "bool", False, "a switch"),
        ("items", "list", [1, 2], "a list"),
        ("extra", "any", None, "anything"),
    ]


def test_annotations_and_tricky_lines():
    source = (
        "s = 'a=b # not a comment'  # the real help\n"
        "# a comment line\n"
        "\n"
        "years: list[int] = [\n"
        "    2030,\n"
        "    2060,\n"
        "]  # projection years\n"
        "share: float = 1  # int default for a float\n"
        "maybe: int | None = None\n"
        "opt: 'Optional[str]' = None\n"
        "mode: Literal['low', 'high'] = 'low'  # a choice\n"
        "table: dict[str, float] = {'a': 1.0}\n"
        "anything: typing.Any = 3\n"
        "weird: numpy.ndarray = 3\n"
        "neg = -2.5e-3\n"
        '"""a docstring is fine"""\n'
        "pass\n"
    )
    ps = parse_parameters_cell(source)
    summary = {name: (str(p.type), p.default, p.help) for name, p in ps.items()}
    assert summary == {
        "s": ("str", "a=b # not a comment", "the real help"),
        "years": ("list[int]", [2030, 2060], "projection years"),
        "share": ("float", 1.0, "int default for a float"),
        "maybe": ("int | None", None, ""),
        "opt": ("str | None", None, ""),
        "mode": ("one of 'low', 'high'", "low", "a choice"),
        "table": ("dict[str, float]", {"a": 1.0}, ""),
        "anything": ("any", 3, ""),
        "weird": ("any (annotation 'numpy.ndarray' not checked)", 3, ""),
        "neg": ("float", -0.0025, ""),
    }


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("import os\n", r"line 1: `import os` is not a `name = literal` assignment"),
        ("x = 1\nprint(x)\n", r"line 2: `print\(x\)` is not"),
        ("a = b = 1\n", r"is not a `name = literal` assignment"),
        ("a, b = 1, 2\n", r"is not a `name = literal` assignment"),
        ("x: int\n", r"is not a `name = literal` assignment"),
        ("x = os.getcwd()\n", r"the default of 'x' \(`os.getcwd\(\)`\) is not a plain literal"),
        ("x = 1\ny = x * 2\n", r"line 2: the default of 'y' \(`x \* 2`\) is not a plain literal"),
        ("x = (1, 2)\n", r"the default of 'x' is a tuple"),
        ("x = {1, 2}\n", r"the default of 'x' is a set"),
        ("x = b'raw'\n", r"the default of 'x' is a bytes"),
        ("x = {1: 'a'}\n", r"non-string dict key 1"),
        ("x: int = 'a'\n", r"does not match its annotation 'int'"),
        ("x: bool = 1\n", r"does not match its annotation 'bool'"),
        ("%matplotlib inline\n", r"line 1: invalid syntax"),
        ("x = 1\nx = 2\n", r"line 2: parameter 'x' is declared twice"),
    ],
)
def test_bad_parameters_cells(source, expected):
    with pytest.raises(NotebookError, match=expected) as err:
        parse_parameters_cell(source, "nb.ipynb, parameters cell")
    assert str(err.value).startswith("nb.ipynb, parameters cell")


def test_notebook_without_parameters_cell():
    with pytest.raises(NotebookError, match=r"noparams.ipynb has no code cell tagged 'parameters'"):
        inspect_notebook(FIXTURES / "noparams.ipynb")


def test_missing_and_broken_notebooks(tmp_path):
    with pytest.raises(NotebookError, match="does not exist"):
        inspect_notebook(tmp_path / "missing.ipynb")
    bad = tmp_path / "bad.ipynb"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(NotebookError, match="is not valid JSON"):
        inspect_notebook(bad)
    bad.write_text(json.dumps({"cells": [], "nbformat": 3}), encoding="utf-8")
    with pytest.raises(NotebookError, match="nbformat 4"):
        inspect_notebook(bad)


# ------------------------------------------------------------------------------------------
# validating values


def test_valid_values_are_converted_to_plain_values(declared):
    out = validate_parameters(
        declared,
        {"ratio": 2, "n": 7, "label": "x", "flag": True, "items": [], "extra": {"k": [1, None]}},
        where="report 'r'",
    )
    assert out == {
        "label": "x",
        "n": 7,
        "ratio": 2.0,
        "flag": True,
        "items": [],
        "extra": {"k": [1, None]},
    }
    assert type(out["ratio"]) is float
    assert list(out) == ["label", "n", "ratio", "flag", "items", "extra"]  # declaration order


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ({"n": "3"}, r"parameter 'n': expected int, got str '3'"),
        ({"n": True}, r"parameter 'n': expected int, got bool True"),
        ({"n": 2.5}, r"expected int, got float 2.5"),
        ({"ratio": False}, r"parameter 'ratio': expected float, got bool False"),
        ({"flag": 1}, r"parameter 'flag': expected bool, got int 1"),
        ({"label": None}, r"parameter 'label': expected str, None is not allowed"),
        ({"items": "1,2"}, r"expected list, got str"),
        ({"extra": (1, 2)}, r"the value is a tuple"),
        ({"extra": {1, 2}}, r"the value is a set"),
        ({"extra": object()}, r"the value is a object"),
        ({"extra": float("nan")}, r"not a finite number"),
        ({"extra": {1: "a"}}, r"non-string dict key 1"),
        (
            {"nope": 1},
            r"unknown parameter 'nope'; declared parameters: label, n, ratio, flag, items, extra",
        ),
        ({"class": 1}, r"parameter name 'class' is a Python keyword"),
        ({3: 1}, r"parameter name 3 must be a string, not int"),
    ],
)
def test_invalid_values(declared, values, expected):
    with pytest.raises(ParameterError, match=expected) as err:
        validate_parameters(declared, values, where="report 'r'")
    assert str(err.value).startswith("report 'r'")


@pytest.mark.parametrize("name", INJECTIONS)
def test_injected_names_are_rejected(declared, name):
    with pytest.raises(ParameterError, match="is not a valid Python identifier") as err:
        validate_parameters(declared, {name: 1}, where="report 'r'", origins={name: "-p"})
    assert "(from -p)" in str(err.value) and "declared parameters: label, n" in str(err.value)


def test_all_problems_reported_at_once(declared):
    with pytest.raises(ParameterError) as err:
        validate_parameters(declared, {"n": "x", "bogus": 1, "import": 2}, where="report 'r'")
    text = str(err.value)
    assert "'n'" in text and "'bogus'" in text and "'import'" in text


@pytest.mark.parametrize(
    ("item", "expected"),
    [
        ("n=5", {"n": 5}),
        ("ratio=5", {"ratio": 5.0}),
        ("ratio=-1.5e3", {"ratio": -1500.0}),
        ("label=hello world", {"label": "hello world"}),
        ("label='quoted'", {"label": "quoted"}),
        ("label=5", {"label": "5"}),
        ("label=a=b", {"label": "a=b"}),
        ("label=", {"label": ""}),
        (
            "label=__import__('os').system('touch PWNED')",
            {"label": "__import__('os').system('touch PWNED')"},
        ),
        ("flag=True", {"flag": True}),
        ("items=[1, 'a', None]", {"items": [1, "a", None]}),
        ("extra={'k': [1, 2.5]}", {"extra": {"k": [1, 2.5]}}),
        ("extra=None", {"extra": None}),
    ],
)
def test_cli_values(declared, item, expected):
    assert validate_parameters(declared, parse_cli_parameters([item]), where="-p") == expected


@pytest.mark.parametrize(
    ("item", "expected"),
    [
        ("n=abc", r"got 'abc', which is not a Python literal \(write text in quotes"),
        ("n=__import__('os').system('touch PWNED')", r"not a Python literal"),
        ("extra=claims", r"not a Python literal"),
        ("flag=yes", r"not a Python literal"),
        ("n=3.0", r"expected int, got float 3.0"),
        ("extra=(1, 2)", r"the value is a tuple"),
        ("items={1, 2}", r"the value is a set"),
        ('y=1;import os;os.system("touch PWNED")#=3', r"unknown parameter 'y'"),
        ("import=1", r"parameter name 'import' is a Python keyword"),
        ("a.b=1", r"parameter name 'a.b' is not a valid Python identifier"),
    ],
)
def test_invalid_cli_values(declared, item, expected):
    with pytest.raises(ParameterError, match=expected):
        validate_parameters(declared, parse_cli_parameters([item]), where="-p", origins={})


def test_cli_item_without_equals():
    with pytest.raises(ParameterError, match="expected name=value"):
        parse_cli_parameters(["n"])
    assert isinstance(parse_cli_parameters(["n=1"])["n"], CliText)


# ------------------------------------------------------------------------------------------
# through the command line: rejected before any kernel starts, exit code 2


def _render(manifest, *args):
    return CliRunner().invoke(cli, ["render", "--manifest", str(manifest), "-j", "1", *args])


def _no_reports(out):
    return not out.exists() or not [p for p in out.iterdir() if p.is_dir()]


@pytest.mark.parametrize("name", INJECTIONS[:4])
def test_cli_injection_from_p(tmp_path, name):
    manifest = make_project(tmp_path, {"r": {"notebook": "notebooks/ok.ipynb"}})
    out = tmp_path / "out"
    result = _render(manifest, "--out", str(out), "-p", f"{name}=3")
    assert result.exit_code == 2, result.output
    assert "greenimpact render: error: report 'r'" in result.stderr
    assert _no_reports(out) and not list(tmp_path.rglob("PWNED"))


@pytest.mark.parametrize("name", INJECTIONS[:4])
def test_cli_injection_from_params_file(tmp_path, name):
    manifest = make_project(tmp_path, {"r": {"notebook": "notebooks/ok.ipynb"}})
    params = tmp_path / "params.yaml"
    params.write_text(json.dumps({name: 3}), encoding="utf-8")
    out = tmp_path / "out"
    result = _render(manifest, "--out", str(out), "--params-file", str(params))
    assert result.exit_code == 2, result.output
    assert "is not a valid Python identifier" in result.stderr
    assert f"(from params file {params})" in result.stderr
    assert _no_reports(out) and not list(tmp_path.rglob("PWNED"))


@pytest.mark.parametrize("name", INJECTIONS[:3])
def test_cli_injection_from_manifest(tmp_path, name):
    manifest = make_project(
        tmp_path, {"r": {"notebook": "notebooks/ok.ipynb", "parameters": {name: 3}}}
    )
    out = tmp_path / "out"
    result = _render(manifest, "--out", str(out))
    assert result.exit_code == 2, result.output
    assert "is not a valid Python identifier" in result.stderr and "report 'r'" in result.stderr
    assert _no_reports(out) and not list(tmp_path.rglob("PWNED"))


def test_cli_params_file_must_be_a_mapping(tmp_path):
    manifest = make_project(tmp_path, {"r": {"notebook": "notebooks/ok.ipynb"}})
    params = tmp_path / "params.yaml"
    params.write_text("- n\n- 3\n", encoding="utf-8")
    result = _render(manifest, "--out", str(tmp_path / "out"), "--params-file", str(params))
    assert result.exit_code == 2
    assert "must be a mapping of parameter name to value, not a list" in result.stderr
    params.write_text("n: 4\nlabel: 2030-01-01\n", encoding="utf-8")  # YAML dates stay text
    result = _render(
        manifest, "--out", str(tmp_path / "out"), "--params-file", str(params), "-p", "n=x"
    )
    assert result.exit_code == 2
    assert "parameter 'n' (from -p): expected int" in result.stderr  # -p wins over the file
    assert "label" not in result.stderr


def test_cli_bad_values_rejected_before_any_kernel(tmp_path):
    manifest = make_project(
        tmp_path,
        {
            "good": {"notebook": "notebooks/ok.ipynb"},
            "typo": {"notebook": "notebooks/ok.ipynb", "parameters": {"lable": "x"}},
            "none": {"notebook": "notebooks/noparams.ipynb"},
        },
    )
    out = tmp_path / "out"
    result = _render(manifest, "--out", str(out), "-p", "n=many")
    assert result.exit_code == 2
    err = result.stderr
    assert "unknown parameter 'lable' (from manifest); did you mean 'label'?; declared parameters: label, n, ratio" in err
    assert "parameter 'n' (from -p): expected int, got 'many'" in err
    assert "noparams.ipynb has no code cell tagged 'parameters'" in err
    assert _no_reports(out)


def test_cli_unknown_report_name(tmp_path):
    manifest = make_project(tmp_path, {"good": {"notebook": "notebooks/ok.ipynb"}})
    result = _render(manifest, "--out", str(tmp_path / "out"), "goood")
    assert result.exit_code == 2
    assert "unknown report 'goood'; did you mean 'good'? (known reports: good)" in result.stderr


def test_params_command():
    result = CliRunner().invoke(cli, ["params", str(FIXTURES / "ok.ipynb")])
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[1].split() == ["NAME", "TYPE", "DEFAULT", "HELP"]
    assert lines[2].split() == ["label", "str", '"world"', "who", "to", "greet"]
    assert lines[4].split()[:3] == ["ratio", "float", "0.5"]
    assert lines[7].split()[:3] == ["extra", "any", "null"]
    bad = CliRunner().invoke(cli, ["params", str(FIXTURES / "noparams.ipynb")])
    assert bad.exit_code == 2 and "has no code cell tagged 'parameters'" in bad.stderr
