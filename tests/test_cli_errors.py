"""Every mistake gets one line that says what is wrong and what to type instead; hostile input
(alias bombs, lone surrogates, path-like model names, FIFOs) fails fast and cleanly."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

from greenimpact import api, data, fileio, scenarios
from greenimpact.cli import EXIT_INTERRUPTED, cli, main
from greenimpact.fileio import MAX_YAML_NODES, YAMLFileError, load_yaml, read_regular_bytes
from greenimpact.literals import close_matches, parse_value, unicode_problem, unknown_name

REPO = Path(__file__).resolve().parent.parent


def invoke(*args, env=None):
    return CliRunner().invoke(cli, list(args), env=env)


def one_error_line(out, exit_code=2):
    """The output is exactly one ``Error: ...`` line (click's usage lines aside), no traceback."""
    assert out.exit_code == exit_code, out.output
    errors = [line for line in out.output.splitlines() if line.startswith("Error: ")]
    assert len(errors) == 1 and "Traceback" not in out.output, out.output
    return errors[0]


# ------------------------------------------------------------------------------------------
# bounded YAML (failure 10)


def billion_laughs(levels: int = 9, width: int = 9) -> str:
    lines = [f'l0: &l0 [{", ".join(["lol"] * width)}]']
    for i in range(1, levels):
        lines.append(f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * width)}]")
    return "\n".join(lines) + "\n"


def test_alias_bomb_is_refused_from_its_size_alone(tmp_path):
    """9 levels of 9 aliases expand to 9**9 + ... ~ 4.3e8 nodes; the check counts each distinct
    node once (here 9 * 10 + 1), so it answers without expanding anything."""
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text(billion_laughs(), encoding="utf-8")
    size = [10]  # level 0: a sequence node holding 9 scalars
    for _ in range(8):
        size.append(1 + 9 * size[-1])  # a sequence node holding 9 copies of the level below
    expanded = 1 + sum(1 + s for s in size)  # the mapping, and each level's key and value
    with pytest.raises(YAMLFileError, match=r"bomb\.yaml: its aliases expand to ([\d,]+) nodes") as err:
        load_yaml(bomb)
    assert err.value.kind == "aliases"
    count = int(str(err.value).split("expand to ")[1].split(" nodes")[0].replace(",", ""))
    assert count == expanded == 490_329_064


def test_aliases_below_the_cap_and_merge_keys_still_load(tmp_path):
    small = tmp_path / "small.yaml"
    small.write_text(billion_laughs(levels=3, width=3) + "base: &b {x: 1}\nmine: {<<: *b, y: 2}\n", encoding="utf-8")
    loaded = load_yaml(small)
    assert loaded["l2"] == [[["lol"] * 3] * 3] * 3 and loaded["mine"] == {"x": 1, "y": 2}


def test_alias_cap_is_exact(tmp_path, monkeypatch):
    """A list of n aliases to one scalar adds n nodes to the 5 written out (mapping, two keys,
    the scalar, the list): allowed up to the cap, refused one above it (cap lowered to 50 so
    the file stays small; the rule is the same at 100,000)."""
    monkeypatch.setattr(fileio, "MAX_YAML_NODES", 50)

    def doc(n):
        return "a: &a x\nb: [" + ", ".join(["*a"] * n) + "]\n"

    path = tmp_path / "edge.yaml"
    path.write_text(doc(50), encoding="utf-8")
    assert load_yaml(path)["b"] == ["x"] * 50
    path.write_text(doc(51), encoding="utf-8")
    with pytest.raises(YAMLFileError, match=r"expand to 56 nodes from 5 written out \(at most 50 more"):
        load_yaml(path)
    assert MAX_YAML_NODES == 100_000


def test_recursive_alias_refused(tmp_path):
    path = tmp_path / "loop.yaml"
    path.write_text("a: &a [1, *a]\n", encoding="utf-8")
    with pytest.raises(YAMLFileError, match=r"loop\.yaml, line 1: an alias refers to a node that contains it"):
        load_yaml(path)


def test_alias_bomb_in_the_catalogue_and_the_manifest(mini_data, tmp_path):
    """Failure 10 as reported: a catalogue `allowed:` list and manifest parameters."""
    from greenimpact.render.errors import ManifestError
    from greenimpact.render.manifest import load_manifest

    cat = mini_data / "catalogue.yaml"
    cat.write_text(billion_laughs() + cat.read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(data.DataError, match="aliases expand"):
        data.catalogue()
    manifest = tmp_path / "reports.yaml"
    manifest.write_text(billion_laughs() + "reports:\n  r: {notebook: n.ipynb, parameters: {x: *l8}}\n", encoding="utf-8")
    with pytest.raises(ManifestError, match="aliases expand"):
        load_manifest(manifest)


# ------------------------------------------------------------------------------------------
# Unicode, timeout, model names (failures 11, 12)


def test_lone_surrogate_in_a_value_is_a_clear_error():
    for raw in ("Bei\udcffjing", "'\\udc80'", "['ok', '\\ud800']"):
        with pytest.raises(ValueError, match="lone surrogate .* not valid Unicode"):
            parse_value(raw, text=True)
    assert unicode_problem({"k": ["fine", "\udcff"]}).startswith("has a lone surrogate '\\udcff' at position 0")
    assert unicode_problem({"中文": ["ok"]}) is None


def test_lone_surrogate_on_the_command_line():
    line = one_error_line(invoke("run", "compute", "-p", "anchor_series=IEA\udcff"))
    assert "-p anchor_series=" in line and "lone surrogate '\\udcff' at position 3" in line


@pytest.mark.parametrize("value", ["inf", "nan", "-1", "0"])
def test_render_timeout_must_be_finite_and_positive(value):
    """Failure 11: `--timeout inf` gave a traceback; refused while parsing options (exit 2)."""
    out = invoke("render", "--timeout", value, "anything")
    assert out.exit_code == 2 and "Invalid value for '--timeout'" in out.output
    assert "Traceback" not in out.output


def test_path_like_model_name_never_reads_outside_the_data_folder(mini_data, tmp_path, monkeypatch):
    """Failure 12: `../../elsewhere/evil` loaded YAML outside data/ and imported its entry."""
    (mini_data / "scenarios").mkdir()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    marker = tmp_path / "imported"
    (elsewhere / "evil_entry.py").write_text(f"open({str(marker)!r}, 'w').close()\ndef run(p, *, scenario): pass\n")
    (elsewhere / "evil.yaml").write_text("model: evil\nentry: evil_entry:run\nparameters: {}\nscenarios: {}\n")
    monkeypatch.syspath_prepend(str(elsewhere))
    assert (mini_data / "scenarios" / "../../elsewhere/evil.yaml").resolve() == (elsewhere / "evil.yaml").resolve()
    opened = []
    real = fileio.read_regular_bytes
    monkeypatch.setattr(fileio, "read_regular_bytes", lambda p, **k: opened.append(p) or real(p, **k))
    for name in ("../../elsewhere/evil", str(elsewhere / "evil"), "evil"):
        with pytest.raises(scenarios.ScenarioError, match="unknown model"):
            api.run(name)
    out = invoke("run", "../../elsewhere/evil")
    assert "unknown model '../../elsewhere/evil'" in one_error_line(out)
    assert opened == [] and not marker.exists() and "evil_entry" not in sys.modules


# ------------------------------------------------------------------------------------------
# data files (failure 13)


def test_duplicated_csv_column_refused(mini_data, tmp_path):
    """Failure 13: a duplicated column was silently renamed `value.1`."""
    bad = tmp_path / "dup.csv"
    bad.write_text(
        "series,year,value,unit,share,source,confidence,note,value\n"
        "stats,2020,100.5,TWh/yr,2.1,src_a,verified,,999\n",
        encoding="utf-8",
    )
    with pytest.raises(data.DataValidationError) as err:
        data.load("power", path=bad)
    assert "column 'value': column appears 2 times in the header (columns 3, 9)" in str(err.value)


def test_problem_count_is_exact_for_two_million_problems(mini_data, tmp_path):
    """Failure 13: a file with 2,000,000 problems was reported as "40 problems".

    400,000 rows, each with exactly five faults by construction: `year` and `value` not
    numbers, `unit`, `source` and `confidence` empty where required (unique `series` keep the
    key unique, so no other check fires). 5 x 400,000 = 2,000,000."""
    n = 400_000
    frame = pd.DataFrame({"series": np.char.add("s", np.arange(n).astype(str))})
    for col, value in {"year": "x", "value": "y", "unit": "", "share": "", "source": "",
                       "confidence": "", "note": ""}.items():
        frame[col] = value
    bad = tmp_path / "many.csv"
    frame.to_csv(bad, index=False)
    with pytest.raises(data.DataValidationError) as err:
        data.load("power", path=bad)
    assert err.value.total == 2_000_000
    message = str(err.value)
    assert message.startswith("2,000,000 problems in many.csv:")
    assert message.endswith("... and 1,999,980 more") and len(err.value.problems) == 20
    assert "row 1 (line 2), column 'year': 'x' is not a number (int expected)" in message


@pytest.mark.parametrize("kind", ["fifo", "folder"])
def test_non_regular_data_file_refused_without_blocking(mini_data, tmp_path, kind):
    path = tmp_path / "power.csv"
    os.mkfifo(path) if kind == "fifo" else path.mkdir()
    line = one_error_line(invoke("data", "check", "power", str(path)))
    assert f"{path} is a {'FIFO (named pipe)' if kind == 'fifo' else 'folder'}, not a regular file" in line


def test_fifo_params_file_refused_without_blocking(tmp_path):
    """Failure 13: a FIFO given as --params-file blocked forever (no writer ever opens it)."""
    from greenimpact.render.errors import ParameterError
    from greenimpact.render.manifest import load_params_file

    fifo = tmp_path / "params.yaml"
    os.mkfifo(fifo)
    outcome = []

    def read():
        try:
            load_params_file(fifo)
        except ParameterError as exc:
            outcome.append(str(exc))

    worker = threading.Thread(target=read, daemon=True)
    worker.start()
    worker.join(timeout=10)
    assert not worker.is_alive(), "load_params_file blocked on a FIFO"
    assert outcome and "it is a FIFO (named pipe), not a regular file" in outcome[0]
    assert "params file" in outcome[0]
    with pytest.raises(fileio.FileKindError, match="a character device"):
        read_regular_bytes("/dev/zero")


# ------------------------------------------------------------------------------------------
# did you mean (failure 14)


def test_close_matches_by_hand():
    assert close_matches("data_catalog", ["data_catalogue", "steel"]) == ["data_catalogue"]
    assert close_matches("RENDR", ["render", "run"]) == ["render"]
    assert close_matches("zzz", ["render"]) == []
    assert unknown_name("model", "x", []) == "unknown model 'x' (there are no models)"


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["rendr"], "unknown command 'rendr'; did you mean 'render'?"),
        (["data", "chek"], "unknown command 'chek'; did you mean 'check'?"),
        (["run", "comput"], "unknown model 'comput'; did you mean 'compute'?"),
        (["run", "compute", "-s", "ai_surg"], "unknown scenario 'ai_surg' for model 'compute'; did you mean 'ai_surge'?"),
        (["scenarios", "transprt"], "unknown model 'transprt'; did you mean 'transport'?"),
        (["run", "compute", "-p", "utilisatio=0.5"],
         "unknown parameter 'utilisatio' for model 'compute'; did you mean 'utilisation'?"),
        (["data", "describe", "dc_electricty"], "unknown dataset 'dc_electricty'; did you mean 'dc_electricity'"),
        (["export", "--model", "steal", "-o", "x.csv"], "unknown model 'steal'; did you mean 'steel'?"),
    ],
)
def test_unknown_names_suggest_close_matches(args, expected):
    assert expected in one_error_line(invoke(*args))


def test_unknown_report_suggests_and_stays_short():
    """Failure 14: a mistyped report name printed one 1.5 KB line of all names."""
    from greenimpact.render.errors import ManifestError
    from greenimpact.render.manifest import load_manifest

    manifest = load_manifest(REPO / "reports" / "reports.yaml")
    with pytest.raises(ManifestError) as err:
        manifest.select(["data_catalog", "compute_footprnt"])
    message = str(err.value)
    assert "unknown report 'data_catalog'; did you mean 'data_catalogue'" in message
    assert "unknown report 'compute_footprnt'; did you mean 'compute_footprint'" in message
    assert "`greenimpact list` shows every expansion" in message
    assert "compute_footprint-scenario=headwinds" not in message and len(message) < 600


def test_one_error_per_distinct_problem_across_matrix_reports():
    """Failure 14: a mistyped -p on a matrix report repeated the same error six times."""
    from greenimpact.render.commands import merge_report_messages

    lines = [f"report 'fp-scenario={s}' (nb.ipynb): unknown parameter 'x' (from -p); declared: a, b"
             for s in ("a", "b", "c", "d", "e", "f")]
    merged = merge_report_messages("\n".join([*lines, "report 'other' (o.ipynb):\n  p1\n  p2"]))
    assert merged.splitlines() == [
        "6 reports: 'fp-scenario=a', 'fp-scenario=b', 'fp-scenario=c' and 3 more (nb.ipynb): "
        "unknown parameter 'x' (from -p); declared: a, b",
        "report 'other' (o.ipynb):",
        "  p1",
        "  p2",
    ]
    distinct = "report 'r1' (n): bad 1\nreport 'r2' (n): bad 2"
    assert merge_report_messages(distinct) == distinct


def test_model_refusing_a_value_is_a_clean_input_error():
    """Failure 11: `greenimpact run -p anchor_series=x` gave a raw traceback."""
    line = one_error_line(invoke("run", "compute", "-p", "anchor_series=x"))
    assert "anchor_series 'x'" in line


def test_several_bad_overrides_are_listed_once_each():
    line = one_error_line(invoke("run", "compute", "-p", "utilisatio=1", "-p", "utilisatio=2", "-p", "noequals"))
    assert line.count("unknown parameter 'utilisatio'") == 1 and "'noequals': expected name=value" in line


# ------------------------------------------------------------------------------------------
# exit codes


def test_ctrl_c_exits_130(monkeypatch):
    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(api, "run", interrupted)
    with pytest.raises(SystemExit) as exit_:
        main(["run", "compute"])
    assert exit_.value.code == EXIT_INTERRUPTED == 130


def test_exit_codes_are_documented_in_the_readme():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Exit codes", 1)[1].split("\n## ", 1)[0]
    for code, meaning in ((0, "ok"), (1, "run failed"), (2, "usage or input error"), (130, "interrupted")):
        assert f"| {code} " in section and meaning in section.lower()


def test_make_lab_allows_root_only_as_root():
    """Failure 14: `make lab` failed as root (JupyterLab needs --allow-root)."""
    out = subprocess.run(["make", "-n", "lab"], cwd=REPO, capture_output=True, text=True, check=True).stdout
    lab = [line for line in out.splitlines() if "jupyter lab" in line]
    assert lab and (("--allow-root" in lab[-1]) == (os.getuid() == 0))


def test_cli_module_documents_the_same_table():
    import greenimpact.cli as c

    doc = textwrap.dedent(c.__doc__)
    for code in ("0 ", "1 ", "2 ", "130"):
        assert f"\n{code}" in doc
