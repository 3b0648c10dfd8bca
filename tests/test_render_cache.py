"""Input hashing, cache states, and atomic writes of report folders (no kernels started)."""

from __future__ import annotations

import json
import os
import shutil

import nbformat
import pytest
from render_fixtures.project import make_project

from greenimpact.render import (
    BuildLockedError,
    cache_state,
    input_hash,
    load_manifest,
    plan,
    shared_inputs,
)
from greenimpact.render.build import import_executor, report_status
from greenimpact.render.cache import read_provenance
from greenimpact.render.errors import OutputFolderError, RenderError
from greenimpact.render.jobs import BuildContext
from greenimpact.render.workspace import (
    build_lock,
    folder_id,
    prepare_out_dir,
    recover,
    swap_into_place,
    tmp_dir_for,
)


@pytest.fixture
def project(tmp_path):
    manifest = make_project(
        tmp_path, {"r": {"notebook": "notebooks/ok.ipynb", "parameters": {"n": 2}}}
    )
    return load_manifest(manifest)


def job_for(manifest, **kw):
    (job,) = plan(
        manifest, list(manifest.reports.values()), shared=shared_inputs(manifest.root), **kw
    )
    return job


def test_shared_inputs(project, tmp_path, monkeypatch):
    monkeypatch.delenv("GREENIMPACT_DATA_DIR", raising=False)
    data = project.root / "data"
    a = shared_inputs(project.root)
    assert a.data_dir == str(data) and list(a.data_files) == ["numbers.csv"]
    assert a.package == "greenimpact" and len(a.package_sources_sha256) == 64
    assert a.lock_sha256 is None
    (data / ".hidden").write_text("ignored")
    assert shared_inputs(project.root).data_files == a.data_files
    (data / "sub").mkdir()
    (data / "sub" / "more.csv").write_text("x\n1\n")
    assert list(shared_inputs(project.root).data_files) == ["numbers.csv", "sub/more.csv"]
    (project.root / "requirements.lock").write_text("pandas==3.1.1\n")
    assert shared_inputs(project.root).lock_sha256 is not None
    other = tmp_path / "other"
    other.mkdir()
    monkeypatch.setenv("GREENIMPACT_DATA_DIR", str(other))
    assert shared_inputs(project.root).data_files == {}
    assert list(shared_inputs(project.root, data_dir=data).data_files) == [
        "numbers.csv",
        "sub/more.csv",
    ]
    assert shared_inputs(project.root, data_dir=tmp_path / "missing").data_files == {}


def test_input_hash_tracks_what_matters(project):
    base = job_for(project)
    assert base.input_hash == job_for(project).input_hash
    data = project.root / "data" / "numbers.csv"
    data.write_text(data.read_text() + "2025,2\n")
    changed_data = job_for(project)
    assert changed_data.input_hash != base.input_hash
    assert job_for(project, overrides={"n": 3}).input_hash != changed_data.input_hash
    assert (
        job_for(project, overrides={"ratio": 0.5}).input_hash != changed_data.input_hash
    )  # explicit default
    assert job_for(project, show_input=True).input_hash != changed_data.input_hash
    assert (
        job_for(project, timeout=5).input_hash == changed_data.input_hash
    )  # timeout: not an input

    nb_path = project.root / "notebooks" / "ok.ipynb"
    nb = nbformat.read(nb_path, as_version=4)
    nb.cells[2].outputs = [nbformat.v4.new_output("stream", text="stale output\n")]
    nb.cells[2].execution_count = 7
    nbformat.write(nb, nb_path)
    assert job_for(project).input_hash == changed_data.input_hash  # outputs do not count
    nb.cells[2].source += "\nprint('changed')"
    nbformat.write(nb, nb_path)
    assert job_for(project).input_hash != changed_data.input_hash


def test_package_sources_hash(tmp_path):
    from greenimpact.render.cache import package_sources_sha256

    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "a.py").write_text("x = 1\n")
    (tmp_path / "pkg" / "notes.txt").write_text("not code\n")
    first = package_sources_sha256(tmp_path / "pkg")
    (tmp_path / "pkg" / "notes.txt").write_text("changed\n")
    assert package_sources_sha256(tmp_path / "pkg") == first
    (tmp_path / "pkg" / "a.py").write_text("x = 2\n")
    assert package_sources_sha256(tmp_path / "pkg") != first
    assert len(package_sources_sha256()) == 64  # the installed greenimpact


def test_input_hash_is_canonical():
    shared = shared_inputs(".", data_dir="/nonexistent")
    assert input_hash("x", {"a": 1, "b": [1]}, shared, {}) == input_hash(
        "x", {"b": [1], "a": 1}, shared, {}
    )


def test_cache_states():
    assert cache_state(None, "h") == "never built"
    assert cache_state({"status": "failed", "input_hash": "h"}, "h") == "failed"
    assert cache_state({"status": "ok", "input_hash": "h"}, "h") == "fresh"
    assert cache_state({"status": "ok", "input_hash": "h"}, "g") == "stale"
    assert cache_state({"status": "ok", "input_hash": "h"}, None) == "stale"


def test_read_provenance_tolerates_garbage(tmp_path):
    assert read_provenance(tmp_path) is None
    (tmp_path / "provenance.json").write_text("{broken")
    assert read_provenance(tmp_path) is None
    (tmp_path / "provenance.json").write_text("[1]")
    assert read_provenance(tmp_path) is None


# ------------------------------------------------------------------------------------------
# atomic writes


def make_report(folder, marker: str, status: str = "ok", input_hash: str = "old", name=None):
    """A finished report folder whose provenance names report ``name`` (default: the
    folder's name, or the name at the end of a working/backup folder's name)."""
    folder.mkdir(parents=True)
    (folder / "index.html").write_text(marker)
    if name is None:
        name = folder.name.split("-", 3)[-1] if folder.name.startswith(".") else folder.name
    (folder / "provenance.json").write_text(
        json.dumps({"report": name, "status": status, "input_hash": input_hash})
    )


def marked(folder):
    """``folder`` made a build folder; returns its id."""
    return prepare_out_dir(folder)


def test_swap_replaces_folder(tmp_path):
    ident = marked(tmp_path)
    make_report(tmp_path / "r", "old")
    make_report(tmp_path / f".tmp-{ident}-1-r", "new")
    swap_into_place(tmp_path / f".tmp-{ident}-1-r", tmp_path / "r")
    assert (tmp_path / "r" / "index.html").read_text() == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".greenimpact-build", "r"]
    make_report(tmp_path / f".tmp-{ident}-1-s", "first")
    swap_into_place(tmp_path / f".tmp-{ident}-1-s", tmp_path / "s")
    assert (tmp_path / "s" / "index.html").read_text() == "first"


def test_swap_refuses_a_folder_the_builder_did_not_write(tmp_path):
    """Failure 1 of issue 14: a user's folder named like a report was deleted."""
    ident = marked(tmp_path)
    (tmp_path / "r").mkdir()
    (tmp_path / "r" / "thesis.tex").write_text("mine")
    make_report(tmp_path / f".tmp-{ident}-1-r", "new")
    with pytest.raises(RenderError, match="not written by greenimpact render"):
        swap_into_place(tmp_path / f".tmp-{ident}-1-r", tmp_path / "r")
    assert os.listdir(tmp_path / "r") == ["thesis.tex"]


def test_recover_after_interrupted_builds(tmp_path):
    ident = marked(tmp_path)
    make_report(tmp_path / f".tmp-{ident}-123-a", "half")  # a render cut short
    make_report(tmp_path / f".old-{ident}-123-b", "previous b")  # killed between the renames
    make_report(tmp_path / f".old-{ident}-123-c", "previous c")  # killed after the swap
    make_report(tmp_path / "c", "new c")
    done = recover(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == [".greenimpact-build", "b", "c"]
    assert (tmp_path / "b" / "index.html").read_text() == "previous b"
    assert (tmp_path / "c" / "index.html").read_text() == "new c"
    assert "restored b" in done


def test_recover_leaves_other_folders_alone(tmp_path):
    """Failure 1 of issue 14: every ``.tmp-*`` folder was deleted and ``.old-photos-2024``
    became ``photos/``. Only names carrying this folder's id are touched."""
    marked(tmp_path)
    for name in (".tmp-x", ".old-photos-2024", ".tmp-deadbeef-12-r", ".old-deadbeef-12-r"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "keep.txt").write_text(name)
    assert recover(tmp_path) == []
    for name in (".tmp-x", ".old-photos-2024", ".tmp-deadbeef-12-r", ".old-deadbeef-12-r"):
        assert (tmp_path / name / "keep.txt").read_text() == name
    assert not (tmp_path / "photos").exists()


def test_build_lock(tmp_path):
    with build_lock(tmp_path / "out") as ident:
        assert ident == folder_id(tmp_path / "out")
        with pytest.raises(BuildLockedError, match="another greenimpact render"):
            with build_lock(tmp_path / "out"):
                pass
    with build_lock(tmp_path / "out") as again:
        assert again == ident


def test_non_empty_folder_without_marker_is_refused(tmp_path):
    """Failure 1 of issue 14: ``--out`` into a folder of the user's destroyed files. Nothing
    is written into a non-empty folder that is not a build folder."""
    out = tmp_path / "mine"
    out.mkdir()
    (out / "index.html").write_text("my home page")
    (out / "r").mkdir()
    with pytest.raises(OutputFolderError, match=r"not empty \(index.html, r\).*no \.greenimpact-build"):
        with build_lock(out):
            pass
    assert sorted(os.listdir(out)) == ["index.html", "r"]
    (out / "f").write_text("")
    with pytest.raises(OutputFolderError, match="is not a folder"):
        prepare_out_dir(out / "f")


def test_earlier_build_folder_is_adopted(tmp_path):
    """A folder written before the marker existed (reports, index.html, .lock) is adopted."""
    out = tmp_path / "_build"
    make_report(out / "r", "old")
    (out / "index.html").write_text("index")
    (out / ".lock").write_text("")
    ident = prepare_out_dir(out)
    assert folder_id(out) == ident


def test_symlinked_lock_is_not_followed(tmp_path):
    """Failure 3 of issue 14: ``<out>/.lock`` as a symlink truncated a file outside."""
    out = tmp_path / "out"
    marked(out)
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    (out / ".lock").symlink_to(victim)
    with pytest.raises(OutputFolderError, match="symbolic link"):
        with build_lock(out):
            pass
    assert victim.read_text() == "precious"
    (out / ".lock").unlink()
    (out / ".lock").mkdir()
    with pytest.raises(OutputFolderError, match="lock file"):
        with build_lock(out):
            pass


def test_symlinked_marker_is_refused(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    elsewhere = tmp_path / "marker"
    elsewhere.write_text('{"id": "abc"}')
    (out / ".greenimpact-build").symlink_to(elsewhere)
    with pytest.raises(OutputFolderError, match="symbolic link"):
        prepare_out_dir(out)


@pytest.fixture
def fake_execution(project, monkeypatch):
    """render_report() pieces around a fake notebook execution (no kernel)."""
    for var in ("GREENIMPACT_OUTPUT_DIR", "PYTHONHASHSEED", "PYDEVD_DISABLE_FILE_VALIDATION"):
        monkeypatch.delenv(var, raising=False)  # render_report sets them; restored afterwards
    execute = import_executor()
    out = project.root / "reports" / "_build"
    ident = prepare_out_dir(out)
    job = job_for(project)
    ctx = BuildContext(
        out, project.root, shared_inputs(project.root).as_dict(), {"python": "3"}, None, ident
    )
    return execute, job, ctx, out


def fake_nb():
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 + 1")])
    nb.cells[0].outputs = [
        nbformat.v4.new_output("execute_result", data={"text/plain": "2"}, execution_count=1)
    ]
    return nb


def test_render_report_writes_complete_folder(fake_execution, monkeypatch):
    execute, job, ctx, out = fake_execution
    make_report(out / "r", "old report")

    def fake(job, tmp):
        (tmp / "results" / "table.csv").write_text("a,b\n1,2\n")
        return fake_nb(), None

    monkeypatch.setattr(execute, "_execute", fake)
    prov = execute.render_report(job, ctx)
    assert prov["status"] == "ok" and prov["input_hash"] == job.input_hash
    assert sorted(os.listdir(out)) == [".greenimpact-build", "r"]
    assert sorted(prov["files"]) == [
        "index.html",
        "ok.ipynb",
        "provenance.json",
        "results/table.csv",
    ]
    assert read_provenance(out / "r") == prov
    assert "old report" not in (out / "r" / "index.html").read_text()


def test_crash_during_execution_leaves_old_report_intact(fake_execution, monkeypatch, project):
    execute, job, ctx, out = fake_execution
    make_report(out / "r", "old report", input_hash=job.input_hash)

    def crash(job, tmp):
        (tmp / "results" / "half.csv").write_text("a\n")
        (tmp / "index.html").write_text("half a page")
        raise KeyboardInterrupt  # stands in for the process being killed here

    monkeypatch.setattr(execute, "_execute", crash)
    with pytest.raises(KeyboardInterrupt):
        execute.render_report(job, ctx)
    tmp = tmp_dir_for(out, "r")
    assert (tmp / "index.html").exists() and not (tmp / "provenance.json").exists()
    assert (out / "r" / "index.html").read_text() == "old report"
    (status,) = report_status(project, out=out)
    assert status.state == "fresh"  # the old, complete report; the half one is invisible
    recover(out)
    assert sorted(os.listdir(out)) == [".greenimpact-build", "r"]


def test_crash_before_swap_leaves_old_report_intact(fake_execution, monkeypatch):
    execute, job, ctx, out = fake_execution
    make_report(out / "r", "old report")
    monkeypatch.setattr(execute, "_execute", lambda job, tmp: (fake_nb(), None))

    def killed(tmp, final, **kw):
        raise SystemExit("killed")

    monkeypatch.setattr(execute, "swap_into_place", killed)
    with pytest.raises(SystemExit):
        execute.render_report(job, ctx)
    assert (out / "r" / "index.html").read_text() == "old report"
    assert json.loads((out / "r" / "provenance.json").read_text())["input_hash"] == "old"
    recover(out)
    assert sorted(os.listdir(out)) == [".greenimpact-build", "r"]


def test_write_failure_report(fake_execution):
    execute, job, ctx, out = fake_execution
    prov = execute.write_failure_report(
        job,
        ctx,
        reason="worker",
        summary="the worker <died>",
        start="2026-01-01T00:00:00+00:00",
        duration=1.0,
    )
    assert prov["status"] == "failed" and prov["error"]["reason"] == "worker"
    page = (out / "r" / "index.html").read_text()
    assert "the worker &lt;died&gt;" in page and "<died>" not in page
    shutil.rmtree(out / "r")
