"""Rendering reports with real kernels: outputs, provenance, failures, HTML, cache, retries.

Kept fast: the fixture notebooks import only the standard library, builds run with two
workers, and one module-level build serves most checks.
"""

from __future__ import annotations

import csv
import errno
import hashlib
import json
import os
import subprocess
import sys
import time
from types import SimpleNamespace

import pytest
import zmq
from click.testing import CliRunner
from render_fixtures.project import (
    PIN_PACKAGE,
    external_references,
    make_project,
    pin_package,
    quiet,
)

from greenimpact.cli import cli
from greenimpact.render import build, load_manifest, report_status
from greenimpact.render.build import import_executor

XSS = '<script>alert("owned")</script>'


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """One CLI build of a passing and a failing report (a third one is never built)."""
    tmp = tmp_path_factory.mktemp("site")
    manifest = make_project(
        tmp,
        {
            "hello": {
                "notebook": "notebooks/ok.ipynb",
                "title": "Hello <b>report</b>",
                "parameters": {"label": XSS, "n": 4, "ratio": 1},
            },
            "broken": {"notebook": "notebooks/fail.ipynb"},
            "later": {"notebook": "notebooks/ok.ipynb"},
        },
    )
    out = tmp / "out"
    with pytest.MonkeyPatch.context() as mp:
        mp.delenv("GREENIMPACT_DATA_DIR", raising=False)
        pin_package(mp)
        result = CliRunner().invoke(
            cli,
            [
                "render",
                "--manifest",
                str(manifest),
                "--out",
                str(out),
                "-j",
                "2",
                "hello",
                "broken",
            ],
        )
    return SimpleNamespace(result=result, out=out, manifest=manifest, root=manifest.parent.parent)


def page(site, name="hello"):
    return (site.out / name / "index.html").read_text(encoding="utf-8")


def prov(site, name="hello"):
    return json.loads((site.out / name / "provenance.json").read_text(encoding="utf-8"))


def test_exit_code_stdout_and_summary(site):
    r = site.result
    assert r.exit_code == 1, r.output
    assert r.stdout.strip() == str(site.out / "index.html")
    assert "2 reports: 1 rendered, 0 up to date, 1 failed" in r.stderr
    assert "FAILED broken: ZeroDivisionError: division by zero" in r.stderr


def test_report_folders(site):
    assert sorted(os.listdir(site.out)) == [".greenimpact-build", ".lock", "broken", "hello", "index.html"]
    files = sorted(
        p.relative_to(site.out / "hello").as_posix()
        for p in (site.out / "hello").rglob("*")
        if p.is_file()
    )
    assert files == ["index.html", "ok.ipynb", "provenance.json", "results/info.csv"]
    assert prov(site)["files"] == files
    # the notebook's other writes are not copied (it ran in its own folder)
    assert (site.root / "notebooks" / "stray_file_not_copied.txt").exists()


def test_kernel_is_current_interpreter_in_notebook_folder(site):
    with open(site.out / "hello" / "results" / "info.csv", newline="") as fh:
        info = dict(csv.reader(fh))
    assert info["executable"] == sys.executable
    assert info["cwd"] == str(site.root / "notebooks")
    assert info["label"] == XSS and info["n"] == "4" and info["ratio"] == "1.0"


def test_provenance(site):
    p = prov(site)
    for key in (
        "report",
        "status",
        "error",
        "notebook",
        "parameters",
        "input_hash",
        "inputs",
        "versions",
        "git",
        "kernel",
        "options",
        "start",
        "end",
        "duration_s",
        "files",
        "executed_notebook",
    ):
        assert key in p
    assert p["report"] == "hello" and p["status"] == "ok" and p["error"] is None
    assert p["parameters"] == {"label": XSS, "n": 4, "ratio": 1.0}
    nb_bytes = (site.root / "notebooks" / "ok.ipynb").read_bytes()
    assert p["notebook"] == {
        "path": "notebooks/ok.ipynb",
        "sha256": hashlib.sha256(nb_bytes).hexdigest(),
        "content_sha256": p["notebook"]["content_sha256"],
    }
    data = (site.root / "data" / "numbers.csv").read_bytes()
    assert p["inputs"]["data_files"] == {"numbers.csv": hashlib.sha256(data).hexdigest()}
    assert len(p["inputs"]["package_sources_sha256"]) == 64
    for package in (
        "python",
        "greenimpact",
        "papermill",
        "nbconvert",
        "nbclient",
        "ipykernel",
        "pandas",
        "numpy",
    ):
        assert p["versions"][package]
    assert p["kernel"]["name"] == "python3" and p["kernel"]["executable"] == sys.executable
    assert p["options"] == {"timeout": 600.0, "show_input": False}
    assert p["start"] <= p["end"] and 0 < p["duration_s"] < 60
    assert len(p["input_hash"]) == 64
    assert p["git"] is None or set(p["git"]) == {"commit", "dirty"}


def test_executed_notebook_is_stable(site):
    nb = json.loads((site.out / "hello" / "ok.ipynb").read_text())
    assert [c["id"] for c in nb["cells"]] == ["ok-0", "ok-1", "injected-parameters", "ok-2", "ok-3"]
    assert not any("execution" in c["metadata"] for c in nb["cells"])  # record_timing=False
    assert "".join(nb["cells"][2]["source"]).count("label = ") == 1


def test_failed_report(site):
    p = prov(site, "broken")
    assert p["status"] == "failed"
    err = p["error"]
    assert err["reason"] == "error" and err["ename"] == "ZeroDivisionError"
    assert "FAILING-CELL-MARKER" in err["source"] and "\x1b[" not in err["traceback"]
    assert sorted(os.listdir(site.out / "broken")) == [
        "fail.ipynb",
        "index.html",
        "provenance.json",
        "results",
    ]
    html = page(site, "broken")
    box = html.index('id="greenimpact-error"')
    assert (
        html.index("<main>") < box < html.index('id="cell-id=')
    )  # at the top, before the notebook
    assert "FAILING-CELL-MARKER" in html[box:]
    assert "ZeroDivisionError: division by zero" in html[box:]
    assert "\x1b" not in html and "[0;31m" not in html
    assert "before the failure" in html  # outputs up to the failure are kept
    assert "Execution using papermill encountered an exception" not in html  # our box replaces it


def test_html_is_offline(site):
    for html in (page(site), page(site, "broken"), (site.out / "index.html").read_text()):
        assert external_references(html) == []
        assert "<script" not in html


def test_html_escapes_user_strings(site):
    for html in (page(site), (site.out / "index.html").read_text()):
        assert "<script>" not in html and "<b>report</b>" not in html
        assert "&lt;script&gt;alert(" in html
    assert "Hello &lt;b&gt;report&lt;/b&gt;" in page(site)


def test_inputs_hidden_by_default(site):
    html = page(site)
    assert "makedirs" not in html  # code
    assert "hello &lt;script&gt;" in html  # output


def test_site_index(site):
    html = (site.out / "index.html").read_text()
    for link in (
        "hello/index.html",
        "hello/ok.ipynb",
        "hello/results/info.csv",
        "hello/provenance.json",
        "broken/index.html",
    ):
        assert f'href="{link}"' in html
    assert "gi-ok" in html and "gi-failed" in html and "not built" in html
    assert "ZeroDivisionError: division by zero" in html
    assert "3 reports" in html


def test_list_command(site):
    with pytest.MonkeyPatch.context() as mp:
        mp.delenv("GREENIMPACT_DATA_DIR", raising=False)
        pin_package(mp)
        result = CliRunner().invoke(
            cli, ["list", "--manifest", str(site.manifest), "--out", str(site.out)]
        )
    assert result.exit_code == 0
    states = {line.split()[0]: line.split()[1] for line in result.output.splitlines()[1:]}
    assert states == {"hello": "fresh", "broken": "failed", "later": "never"}
    assert "never built" in result.output


def test_noop_rebuild_is_fast_and_imports_no_jupyter(site):
    code = (
        "import sys, time\n"
        f"{PIN_PACKAGE}\n"
        "t = time.perf_counter()\n"
        "from greenimpact.render import build\n"
        f"r = build({str(site.manifest)!r}, ['hello'], out={str(site.out)!r})\n"
        "heavy = [m for m in ('papermill', 'nbconvert', 'nbclient', 'jupyter_client', 'zmq', 'pandas') if m in sys.modules]\n"
        "print(round(time.perf_counter() - t, 3), r.count('skipped'), r.exit_code, heavy)\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "GREENIMPACT_DATA_DIR"}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    elapsed, skipped, code_, heavy = out.stdout.split(maxsplit=3)
    assert (skipped, code_, heavy.strip()) == ("1", "0", "[]")
    assert float(elapsed) < 1.0


# ------------------------------------------------------------------------------------------
# cache cycle, timeout, retries, worker death


def test_cache_skip_invalidate_force(tmp_path, monkeypatch):
    pin_package(monkeypatch)
    manifest = make_project(tmp_path, {"r": {"notebook": "notebooks/ok.ipynb"}})
    data = tmp_path / "mydata"  # a data folder other than <root>/data
    data.mkdir()
    (data / "table.csv").write_text("a\n1\n")
    out = tmp_path / "out"

    def run(**kw):
        return build(manifest, out=out, jobs=1, data_dir=data, progress=quiet(), **kw)

    first = run()
    assert [r.status for r in first.reports] == ["ok"] and first.exit_code == 0
    stamp = (out / "r" / "provenance.json").stat().st_mtime_ns

    t0 = time.perf_counter()
    again = run()
    assert time.perf_counter() - t0 < 1.0
    assert [r.status for r in again.reports] == ["skipped"] and again.exit_code == 0
    assert (out / "r" / "provenance.json").stat().st_mtime_ns == stamp
    assert report_status(manifest, out=out, data_dir=data)[0].state == "fresh"

    (data / "table.csv").write_text("a\n2\n")
    assert report_status(manifest, out=out, data_dir=data)[0].state == "stale"
    changed = run()
    assert [r.status for r in changed.reports] == ["ok"]
    assert json.loads((out / "r" / "provenance.json").read_text())["inputs"]["data_files"][
        "table.csv"
    ]

    assert [r.status for r in run().reports] == ["skipped"]
    assert [r.status for r in run(force=True).reports] == ["ok"]

    shown = run(show_input=True)  # a different page: not up to date
    assert [r.status for r in shown.reports] == ["ok"]
    assert "makedirs" in (out / "r" / "index.html").read_text()


def test_timeout_fails_the_report(tmp_path):
    manifest = make_project(
        tmp_path, {"slow": {"notebook": "notebooks/sleep.ipynb", "timeout": 0.5}}
    )
    t0 = time.perf_counter()
    result = build(manifest, jobs=1, progress=quiet())
    assert time.perf_counter() - t0 < 20
    (report,) = result.reports
    assert report.status == "failed" and result.exit_code == 1
    p = json.loads((report.path / "provenance.json").read_text())
    assert p["error"]["reason"] == "timeout" and "1 s" in p["error"]["summary"]
    assert "SLEEP-CELL" in p["error"]["source"]
    html = (report.path / "index.html").read_text()
    assert "timeout" in html and "SLEEP-CELL" in html
    assert (report.path / "sleep.ipynb").exists()


def test_kernel_start_is_retried(tmp_path, monkeypatch):
    execute = import_executor()
    original = execute.ReportKernelManager.start_kernel
    monkeypatch.setattr(execute, "START_BACKOFF", (0.01, 0.01))
    manifest = load_manifest(make_project(tmp_path, {"r": {"notebook": "notebooks/ok.ipynb"}}))

    async def flaky(self, **kw):  # runs in the forked worker: fails once there
        if not getattr(flaky, "failed", False):
            flaky.failed = True
            raise zmq.ZMQError(errno.EADDRINUSE, "Address already in use")
        return await original(self, **kw)

    monkeypatch.setattr(execute.ReportKernelManager, "start_kernel", flaky)
    result = build(manifest, out=tmp_path / "a", jobs=1, progress=quiet())
    assert [r.status for r in result.reports] == ["ok"]
    kernel = json.loads((tmp_path / "a" / "r" / "provenance.json").read_text())["kernel"]
    assert kernel["attempts"] == 2 and "Address already in use" in kernel["start_errors"][0]

    async def broken(self, **kw):
        raise RuntimeError("Kernel died before replying to kernel_info")

    monkeypatch.setattr(execute.ReportKernelManager, "start_kernel", broken)
    result = build(manifest, out=tmp_path / "b", jobs=1, progress=quiet())
    assert [r.status for r in result.reports] == ["failed"]
    error = json.loads((tmp_path / "b" / "r" / "provenance.json").read_text())["error"]
    assert error["reason"] == "kernel start" and "3 attempts" in error["summary"]


def test_worker_death_is_a_failed_report(tmp_path, monkeypatch):
    execute = import_executor()
    manifest = make_project(tmp_path, {"dies": {"notebook": "notebooks/ok.ipynb"}})
    monkeypatch.setattr(execute, "render_report", lambda job, ctx: os._exit(3))
    result = build(manifest, jobs=1, progress=quiet())
    (report,) = result.reports
    assert report.status == "failed" and result.exit_code == 1
    p = json.loads((report.path / "provenance.json").read_text())
    assert p["error"]["reason"] == "worker" and "exit code 3" in p["error"]["summary"]
    assert not [n for n in os.listdir(report.path.parent) if n.startswith(".tmp-")]


def test_kernelspec_is_the_current_interpreter(tmp_path, monkeypatch):
    from jupyter_client import KernelManager

    execute = import_executor()
    spec_dir = tmp_path / "jupyter" / "kernels" / "python3"
    spec_dir.mkdir(parents=True)
    (spec_dir / "kernel.json").write_text(
        json.dumps(
            {
                "argv": ["/usr/bin/false", "-f", "{connection_file}"],
                "display_name": "other",
                "language": "python",
            }
        )
    )
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "jupyter"))
    assert KernelManager(kernel_name="python3").kernel_spec.argv[0] == "/usr/bin/false"
    spec = execute.ReportKernelManager(kernel_name="python3").kernel_spec
    assert spec.argv[:3] == [sys.executable, "-m", "ipykernel_launcher"]
