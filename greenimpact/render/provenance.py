"""Provenance of a rendered report: what produced it, from what, when, and how it went.

``provenance.json`` is the last file written into a report's folder; its presence marks the
report as complete, and its ``input_hash`` lets the next build skip the report when nothing it
depends on has changed (see :mod:`greenimpact.render.cache`).
"""

from __future__ import annotations

import os
import platform
import re
import subprocess
import sys
from datetime import UTC, datetime
from importlib import metadata

__all__ = [
    "SCHEMA",
    "VERSION_PACKAGES",
    "package_versions",
    "git_info",
    "utc_now",
    "strip_ansi",
]

#: Version of the provenance.json layout.
SCHEMA = 1

#: Distributions whose versions are recorded (those installed).
VERSION_PACKAGES = (
    "greenimpact",
    "papermill",
    "nbclient",
    "nbconvert",
    "nbformat",
    "ipykernel",
    "jupyter_client",
    "pandas",
    "numpy",
    "scipy",
    "matplotlib",
    "seaborn",
    "statsmodels",
    "pint",
    "PyYAML",
)

_ANSI = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b[@-Z\\-_]")


def package_versions() -> dict[str, str]:
    """Python's version and the versions of :data:`VERSION_PACKAGES` that are installed."""
    out = {"python": platform.python_version()}
    for name in VERSION_PACKAGES:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    return out


def git_info(root) -> dict | None:
    """``{"commit": sha, "dirty": bool}`` of the git checkout at ``root``, or ``None``.

    Only reads the repository (``git --no-optional-locks``, so it never writes the index);
    returns ``None`` when git is missing or ``root`` is not inside a work tree.
    """
    env = {**os.environ, "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C"}

    def run(*args):
        return subprocess.run(
            ["git", "--no-optional-locks", "-C", str(root), *args],
            capture_output=True,
            text=True,
            timeout=20,
            env=env,
            check=False,
        )

    try:
        head = run("rev-parse", "--verify", "HEAD")
        if head.returncode != 0:
            return None
        status = run("status", "--porcelain", "--untracked-files=no")
    except (OSError, subprocess.SubprocessError):
        return None
    dirty = bool(status.stdout.strip()) if status.returncode == 0 else None
    return {"commit": head.stdout.strip(), "dirty": dirty}


def utc_now() -> str:
    """The current time in UTC, ISO 8601 with seconds precision."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def strip_ansi(text: str) -> str:
    """Remove ANSI colour and cursor codes (as found in IPython tracebacks).

    Examples
    --------
    >>> strip_ansi("\\x1b[0;31mValueError\\x1b[0m: boom")
    'ValueError: boom'
    """
    return _ANSI.sub("", text)


def interpreter() -> str:
    """The interpreter that runs the kernels (``sys.executable``)."""
    return sys.executable
