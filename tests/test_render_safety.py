"""Regression tests of issue 14 (builder half): the user's files in ``--out``, input files in
the cache key, sanitised report pages, write failures, the last good report kept, the index
after a kill, matrix keys and reserved names.

Two tests start kernels (the stdlib-only fixture notebooks, about a second each); the others
use fake executions or stop before any kernel starts.
"""

from __future__ import annotations

import errno
import json
import os
import sys
from pathlib import Path

import nbformat
import pytest
import yaml
from click.testing import CliRunner
from render_fixtures.project import make_project, pin_package, quiet

from greenimpact.cli import cli
from greenimpact.render import (
    CliText,
    ParameterError,
    ReportNameError,
    build,
    load_manifest,
    plan,
    report_status,
    shared_inputs,
)
from greenimpact.render.build import import_executor
from greenimpact.render.jobs import BuildContext, ReportResult
from greenimpact.render.params import parse_parameters_cell
from greenimpact.render.workspace import prepare_out_dir

build_mod = sys.modules["greenimpact.render.build"]  # the package attribute is the function


def write_manifest(path: Path, reports: dict) -> None:
    path.write_text(yaml.safe_dump({"reports": reports}, sort_keys=False), encoding="utf-8")


# ------------------------------------------------------------------------------------------
# failure 1: the user's files in --out


def test_render_into_a_folder_of_user_files_changes_nothing(tmp_path):
    """``render --out`` into a folder holding a folder named like a report, ``.tmp-x``,
    ``.old-photos-2024`` and ``index.html`` exits 2 before any kernel and touches nothing."""
    manifest = make_project(tmp_path, {"r": {"notebook": "notebooks/ok.ipynb"}})
    out = tmp_path / "mine"
    files = {
        "r/notes.txt": "a folder named like a report",
        ".tmp-x/draft.txt": "a temporary folder of mine",
        ".old-photos-2024/cat.jpg": "photo",
        "index.html": "<h1>my page</h1>",
    }
    for rel, text in files.items():
        (out / rel).parent.mkdir(parents=True, exist_ok=True)
        (out / rel).write_text(text)
    before = sorted(p.relative_to(out).as_posix() for p in out.rglob("*"))
    result = CliRunner().invoke(cli, ["render", "--manifest", str(manifest), "--out", str(out)])
    assert result.exit_code == 2, result.output
    assert "not a greenimpact build folder" in result.output
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*")) == before
    for rel, text in files.items():
        assert (out / rel).read_text() == text


# ------------------------------------------------------------------------------------------
# failure 2: input files in the cache key


def test_input_file_declaration():
    declared = parse_parameters_cell(
        'plant_file = ""  # [input file; no file: "", "synthetic"] your plant CSV\n'
        "detector_csv: str | None = None  # [input file] your detector CSV\n"
        "label = 'x'  # [not a tag] text\n"
    )
    plant, detector, label = declared.values()
    assert plant.help == "your plant CSV" and plant.no_file == ("", "synthetic")
    assert [plant.file_path(v) for v in ("", "synthetic", "p.csv")] == [None, None, "p.csv"]
    assert detector.no_file == (None, "") and detector.file_path(None) is None
    assert not label.is_input_file and label.file_path("x.csv") is None


@pytest.mark.parametrize(
    "line",
    [
        'f = ""  # [input file no file: ""] x',
        'f = ""  # [input file; none: ""] x',
        'f = ""  # [input file; no file: 3] x',
        'f = ""  # [input file; no file: ""',
    ],
)
def test_malformed_input_file_tag(line):
    from greenimpact.render import NotebookError

    with pytest.raises(NotebookError, match=r"line 1: .*input file"):
        parse_parameters_cell(line)


def test_missing_or_odd_input_file_refused_before_any_kernel(tmp_path):
    manifest = load_manifest(
        make_project(
            tmp_path,
            {
                "gone": {"notebook": "notebooks/infile.ipynb", "parameters": {"data_file": "nope.csv"}},
                "fifo": {"notebook": "notebooks/infile.ipynb", "parameters": {"data_file": "pipe"}},
                "embedded": {"notebook": "notebooks/infile.ipynb"},
            },
        )
    )
    os.mkfifo(manifest.root / "notebooks" / "pipe")  # reading it would block forever
    shared = shared_inputs(manifest.root)
    with pytest.raises(ParameterError) as err:
        plan(manifest, list(manifest.reports.values()), shared=shared)
    text = str(err.value)
    assert "report 'gone' (notebooks/infile.ipynb): parameter data_file='nope.csv'" in text
    assert "nope.csv (relative to" in text and "does not exist" in text
    assert "pipe is not a regular file" in text
    (job,) = plan(manifest, [manifest.reports["embedded"]], shared=shared)
    assert job.input_files == {}


def test_editing_an_input_file_makes_the_report_stale(tmp_path, monkeypatch):
    """The input hash covers the content of a declared input file, not just its path; the
    build is also the end-to-end check that a display(HTML(...)) of file text is sanitised,
    and that a full disk while writing the index does not stop the build."""
    pin_package(monkeypatch)
    monkeypatch.delenv("GREENIMPACT_DATA_DIR", raising=False)
    manifest = make_project(
        tmp_path,
        {"f": {"notebook": "notebooks/infile.ipynb", "parameters": {"data_file": "../mine.txt"}}},
    )
    root = manifest.parent.parent
    (root / "mine.txt").write_text('plant <img src=x onerror="alert(1)">', encoding="utf-8")
    out = tmp_path / "out"
    first = build(manifest, out=out, jobs=1, progress=quiet())
    assert first.exit_code == 0, first.reports
    prov = json.loads((out / "f" / "provenance.json").read_text())
    assert prov["input_files"]["data_file"]["path"] == str(root / "mine.txt")
    page = (out / "f" / "index.html").read_text()
    assert 'class="shown"' in page and "onerror" not in page and "plant " in page
    assert report_status(manifest, out=out)[0].state == "fresh"

    (root / "mine.txt").write_text("plant B", encoding="utf-8")  # same path, new content
    assert report_status(manifest, out=out)[0].state == "stale"

    def full(*args, **kw):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(out / "index.html"))

    monkeypatch.setattr(build_mod, "write_site_index", full)
    (root / "mine.txt").write_text('plant <img src=x onerror="alert(1)">', encoding="utf-8")
    again = build(manifest, out=out, jobs=1, progress=quiet())
    assert [r.status for r in again.reports] == ["skipped"] and again.exit_code == 0
    assert again.index_error == f"No space left on device: {out / 'index.html'}"


# ------------------------------------------------------------------------------------------
# failure 4: script injection through notebook outputs


def test_script_in_notebook_outputs_is_stripped():
    execute = import_executor()
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("show()")])
    nb.cells[0].outputs = [
        nbformat.v4.new_output(
            "display_data",
            data={"text/html": '<p>plant <img src=x onerror="alert(1)"></p><script>bad()</script>'},
        ),
        nbformat.v4.new_output("display_data", data={"text/markdown": "Plant *<img src=y onerror=z>*"}),
        nbformat.v4.new_output(
            "display_data",
            data={
                "text/html": '<table class="dataframe"><tr><td style="text-align: right">1.5</td>'
                '</tr></table><img src="data:image/png;base64,iVBORw0KGgo=">'
                '<a href="https://www.worldsteel.org">worldsteel</a>'
                '<a href="javascript:alert(2)">x</a><iframe src="https://evil"></iframe>'
            },
        ),
        nbformat.v4.new_output(
            "display_data", data={"application/javascript": "alert(3)", "text/plain": "js"}
        ),
    ]
    page = execute.html_mod.notebook_page(nb, "<header>h</header>")
    body = page[page.index("<header>h</header>") :]
    for bad in ("onerror", "bad()", "alert(", "javascript:", "<iframe"):
        assert bad not in body, bad
    assert '<table class="dataframe">' in body and 'style="text-align:right"' in body
    assert 'src="data:image/png;base64,iVBORw0KGgo="' in body
    assert 'href="https://www.worldsteel.org"' in body and "<em>" in body
    assert nb.cells[0].outputs[0].data["text/html"].endswith("</script>")  # a copy was cleaned


def test_views_escape_data_text():
    from greenimpact.views import md, md_code, md_text

    name = '<img src=x onerror="alert(1)"> *A* [l](u) `c`'
    shown = md("Series: *{plant}* from {file:code}", plant=name, file="a`b.csv").data
    assert "<img" not in shown and "&lt;img" in shown
    assert r"\*A\*" in shown and r"\[l\](u)" in shown and r"\`c\`" in shown
    assert shown.endswith("from ``a`b.csv``")
    assert md("{x:.1f} t", x=2.04).data == "2.0 t"
    assert md_code("`x`") == "`` `x` ``" and md_text("a & b") == "a &amp; b"


# ------------------------------------------------------------------------------------------
# failures 5 and 7 (unit): a report that cannot be written at all; a user folder in the way


@pytest.fixture
def fake_render(tmp_path, monkeypatch):
    for var in ("GREENIMPACT_OUTPUT_DIR", "PYTHONHASHSEED", "PYDEVD_DISABLE_FILE_VALIDATION"):
        monkeypatch.delenv(var, raising=False)
    manifest = load_manifest(make_project(tmp_path, {"r": {"notebook": "notebooks/ok.ipynb"}}))
    execute = import_executor()
    out = tmp_path / "out"
    ident = prepare_out_dir(out)
    (job,) = plan(manifest, list(manifest.reports.values()), shared=shared_inputs(manifest.root))
    ctx = BuildContext(out, manifest.root, {}, {}, None, ident)
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1")])
    monkeypatch.setattr(execute, "_execute", lambda job, tmp: (nb, None))
    return execute, job, ctx, out


def test_disk_full_everywhere_gives_an_unsaved_failure(fake_render, monkeypatch):
    execute, job, ctx, out = fake_render

    def full(*a, **kw):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), "provenance.json")

    monkeypatch.setattr(execute, "_finish", full)
    prov = execute.render_report(job, ctx)
    assert prov["status"] == "failed" and prov["saved"] is False
    assert prov["error"]["summary"] == (
        "could not write the report (No space left on device: provenance.json)"
    )
    assert sorted(os.listdir(out)) == [".greenimpact-build"]  # no working folder left


def test_user_folder_named_like_the_report_is_left_alone(fake_render):
    execute, job, ctx, out = fake_render
    (out / "r").mkdir()
    (out / "r" / "mine.txt").write_text("mine")
    prov = execute.render_report(job, ctx)
    assert prov["status"] == "failed" and "not written by greenimpact render" in str(prov["error"])
    assert os.listdir(out / "r") == ["mine.txt"]
    assert sorted(os.listdir(out)) == [".greenimpact-build", "r"]


# ------------------------------------------------------------------------------------------
# failures 5, 6 and 7 (real kernels): disk full and a failing re-render keep the good reports


def test_failed_rerender_keeps_the_last_good_report(tmp_path, monkeypatch):
    """A full disk while writing report ``a`` and an error in report ``b`` make both failed;
    the build goes on, both last good reports stay, and the index says
    "failed, showing the build of <date>"."""
    pin_package(monkeypatch)
    monkeypatch.delenv("GREENIMPACT_DATA_DIR", raising=False)
    reports = {
        "a": {"notebook": "notebooks/ok.ipynb", "parameters": {"n": 3}},
        "b": {"notebook": "notebooks/fail.ipynb", "parameters": {"divisor": 1}},
    }
    manifest = make_project(tmp_path, reports)
    out = tmp_path / "out"
    first = build(manifest, out=out, jobs=2, progress=quiet())
    assert first.exit_code == 0, first.reports
    good = {n: (out / n / "provenance.json").read_text() for n in "ab"}
    pages = {n: (out / n / "index.html").read_text() for n in "ab"}

    execute = import_executor()
    real_write = execute.nbformat.write

    def disk_full_for_a(nb, path, *a, **kw):
        if Path(path).parent.name.endswith("-a"):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))
        return real_write(nb, path, *a, **kw)

    monkeypatch.setattr(execute.nbformat, "write", disk_full_for_a)
    reports["b"]["parameters"]["divisor"] = 0
    write_manifest(manifest, reports)
    second = build(manifest, out=out, jobs=2, force=True, progress=quiet())
    assert second.exit_code == 1
    assert {r.name: r.status for r in second.reports} == {"a": "failed", "b": "failed"}
    assert "No space left on device" in second.reports[0].error
    for n in "ab":
        assert (out / n / "provenance.json").read_text() == good[n]
        assert (out / n / "index.html").read_text() == pages[n]
        failure = json.loads((out / n / "last-failure" / "provenance.json").read_text())
        assert failure["status"] == "failed"
    index = (out / "index.html").read_text()
    for n in "ab":
        end = json.loads(good[n])["end"]
        assert f"failed, showing the build of {end}" in index
    assert "ZeroDivisionError" in index and "No space left on device" in index
    states = {s.spec.name: s.state for s in report_status(manifest, out=out)}
    assert states == {"a": "failed", "b": "failed"}
    assert not [n for n in os.listdir(out) if n.startswith((".tmp-", ".old-"))]


# ------------------------------------------------------------------------------------------
# failure 9: the index after a kill


def test_index_is_rebuilt_from_disk_before_rendering(tmp_path, monkeypatch):
    """A build killed after swapping a report in but before rewriting the index leaves a stale
    index; the next build rewrites it from the reports' provenance before anything runs."""
    manifest = make_project(tmp_path, {"r": {"notebook": "notebooks/ok.ipynb"}})
    out = tmp_path / "out"
    prepare_out_dir(out)
    (out / "index.html").write_text("stale index: r has n = 1")
    (out / "r").mkdir()
    (out / "r" / "provenance.json").write_text(
        json.dumps({"report": "r", "status": "ok", "input_hash": "x", "parameters": {"n": 7},
                    "end": "2026-01-02T03:04:05+00:00"})
    )
    seen = {}

    def killed_run(todo, ctx, n_workers, progress, stop, on_done=None):
        seen["index"] = (out / "index.html").read_text()
        return {job.spec.name: ReportResult(job.spec.name, "cancelled", out / job.spec.name)
                for job in todo}

    monkeypatch.setattr(build_mod, "_run", killed_run)
    build(manifest, out=out, jobs=1, progress=quiet())
    assert "stale index" not in seen["index"]
    assert "<code>n = 7</code>" in seen["index"] and "2026-01-02T03:04:05+00:00" in seen["index"]


# ------------------------------------------------------------------------------------------
# failure 8 and the index.html name of failure 11


def test_matrix_key_override_is_refused_once(tmp_path):
    manifest = make_project(
        tmp_path,
        {"m": {"notebook": "notebooks/ok.ipynb", "matrix": {"label": ["baseline", "ai_surge"],
                                                             "n": [1, 2, 3]}}},
    )
    with pytest.raises(ParameterError) as err:
        build(manifest, ["m"], out=tmp_path / "out",
              overrides=[("-p", {"label": CliText("ai_surge"), "ratio": CliText("2")})])
    text = str(err.value)
    assert text.count("\n") == 0 and text.startswith("-p sets 'label', which matrix report 'm'")
    assert "add the value to the matrix in reports.yaml" in text
    assert "`parameters: {label: ...}`" in text
    assert not (tmp_path / "out").exists()
    m = load_manifest(manifest)
    jobs = plan(m, m.select(["m"]), shared=shared_inputs(m.root),
                overrides=[("-p", {"ratio": CliText("2")})])
    assert [j.parameters["ratio"] for j in jobs] == [2.0] * 6  # other parameters still allowed


@pytest.mark.parametrize("name", ["index.html", "INDEX.HTML"])
def test_report_named_like_the_site_index_is_refused(tmp_path, name):
    manifest = make_project(tmp_path, {name: {"notebook": "notebooks/ok.ipynb"}})
    with pytest.raises(ReportNameError, match="the site index"):
        load_manifest(manifest)
