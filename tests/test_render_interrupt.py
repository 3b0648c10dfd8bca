"""Ctrl-C during ``greenimpact render``: clean stop, exit code 130, no orphan kernels."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import psutil
from render_fixtures.project import make_project


def _wait_for(predicate, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def _kernels(proc: psutil.Process) -> list[psutil.Process]:
    out = []
    for child in proc.children(recursive=True):
        try:
            if any("ipykernel_launcher" in part for part in child.cmdline()):
                out.append(child)
        except psutil.Error:
            continue
    return out


def test_sigint_stops_cleanly(tmp_path):
    manifest = make_project(
        tmp_path,
        {
            "quick": {"notebook": "notebooks/ok.ipynb"},
            "slow": {"notebook": "notebooks/sleep.ipynb", "parameters": {"seconds": 120}},
            "pending": {"notebook": "notebooks/ok.ipynb", "parameters": {"n": 9}},
        },
    )
    out = tmp_path / "out"
    env = {k: v for k, v in os.environ.items() if k != "GREENIMPACT_DATA_DIR"}
    cmd = [
        sys.executable,
        "-m",
        "greenimpact.cli",
        "render",
        "--manifest",
        str(manifest),
        "--out",
        str(out),
        "--jobs",
        "2",
    ]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        ps = psutil.Process(proc.pid)
        # "quick" finishes while "slow" sleeps; "pending" then takes the free slot or waits
        _wait_for(lambda: (out / "quick" / "provenance.json").exists(), 60, "the quick report")
        _wait_for(lambda: _kernels(ps), 30, "a running kernel")
        tree = [(p.pid, p.create_time()) for p in ps.children(recursive=True)]
        assert tree
        proc.send_signal(signal.SIGINT)
        stdout, stderr = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert proc.returncode == 130, stderr
    assert stdout.strip() == str(out / "index.html")
    assert "interrupted:" in stderr and "cancelled" in stderr

    # finished reports are kept, interrupted ones leave nothing behind
    assert (out / "quick" / "provenance.json").exists()
    assert not (out / "slow").exists()
    leftovers = [n for n in os.listdir(out) if n.startswith((".tmp-", ".old-"))]
    assert leftovers == []
    index = (out / "index.html").read_text()
    assert 'href="quick/index.html"' in index and "not built" in index

    # no process of the build survives it: workers and kernels are gone
    def alive(pid, created):
        try:
            p = psutil.Process(pid)
            return p.create_time() == created and p.status() != psutil.STATUS_ZOMBIE
        except psutil.Error:
            return False

    _wait_for(lambda: not any(alive(*p) for p in tree), 10, "the build's processes to exit")
