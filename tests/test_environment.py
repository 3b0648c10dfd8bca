"""environment.yml (conda-forge), pyproject.toml and requirements.lock list the same packages."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent

# conda-forge names that differ from the PyPI names
CONDA_TO_PYPI = {"matplotlib-base": "matplotlib"}


def norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def lock_versions() -> dict[str, str]:
    out = {}
    for line in (REPO / "requirements.lock").read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            name, _, version = line.partition("==")
            assert version, f"requirements.lock: {line!r} is not pinned with =="
            out[norm(name)] = version
    return out


def direct_dependencies() -> set[str]:
    meta = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    reqs = meta["dependencies"] + [r for extra in meta["optional-dependencies"].values() for r in extra]
    return {norm(re.split(r"[<>=!~\[; ]", r, maxsplit=1)[0]) for r in reqs}


def conda_pins() -> dict[str, str]:
    env = yaml.safe_load((REPO / "environment.yml").read_text())
    assert "conda-forge" in env["channels"]
    pins = {}
    for dep in env["dependencies"]:
        if not isinstance(dep, str) or dep in ("pip",) or dep.startswith("python="):
            continue
        name, _, version = dep.partition("=")
        pins[norm(CONDA_TO_PYPI.get(name, name))] = version
    return pins


def test_environment_lists_every_direct_dependency_and_nothing_else():
    assert set(conda_pins()) == direct_dependencies()


def test_environment_versions_match_the_lock():
    lock = lock_versions()
    mismatched = {n: (v, lock.get(n)) for n, v in conda_pins().items() if lock.get(n) != v}
    assert not mismatched, f"environment.yml vs requirements.lock: {mismatched}"


def test_every_direct_dependency_is_pinned_in_the_lock():
    missing = direct_dependencies() - set(lock_versions())
    assert not missing, f"add to requirements.lock (make lock): {sorted(missing)}"


def test_python_version_agrees():
    env = yaml.safe_load((REPO / "environment.yml").read_text())
    meta = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    py = next(d for d in env["dependencies"] if isinstance(d, str) and d.startswith("python="))
    assert meta["requires-python"] == ">=3.11" and py == "python=3.11"
