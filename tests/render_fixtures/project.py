"""Helpers for the report-builder tests: a throw-away project around the fixture notebooks.

The notebooks in this folder import only the standard library, so kernels start and finish in
about a second:

* ``ok.ipynb`` declares ``label, n, ratio, flag, items, extra`` and writes ``results/info.csv``
  (interpreter, working directory, parameters) to ``$GREENIMPACT_OUTPUT_DIR``;
* ``fail.ipynb`` divides by its ``divisor`` parameter (0: ZeroDivisionError);
* ``sleep.ipynb`` sleeps ``seconds``;
* ``noparams.ipynb`` has no ``parameters`` cell;
* ``infile.ipynb`` declares ``data_file`` as an input file (``"synthetic"``, ``""`` or
  ``None``: no file), writes its text to ``results/shown.txt`` and displays it as HTML
  unescaped (as a careless notebook would).
"""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import yaml

from greenimpact.render.progress import Progress

FIXTURES = Path(__file__).resolve().parent

_EXTERNAL_TAG = re.compile(
    r"""<(?:script|link|img|iframe|source|video|audio|embed|object|use|image)\b[^>]*?"""
    r"""\b(?:src|href|data|xlink:href|srcset)\s*=\s*["']?\s*(?:https?:)?//""",
    re.I,
)
_EXTERNAL_CSS = re.compile(r"""url\(\s*["']?\s*(?:https?:)?//|@import""", re.I)


def make_project(tmp_path: Path, reports: dict, *, defaults: dict | None = None) -> Path:
    """Create ``<tmp>/proj`` with the fixture notebooks, a data folder and a manifest.

    Returns the manifest path (``proj/reports/reports.yaml``; root is ``proj``).
    """
    root = tmp_path / "proj"
    (root / "notebooks").mkdir(parents=True)
    for nb in FIXTURES.glob("*.ipynb"):
        shutil.copy(nb, root / "notebooks" / nb.name)
    (root / "data").mkdir()
    (root / "data" / "numbers.csv").write_text("year,value\n2024,1.5\n", encoding="utf-8")
    (root / "reports").mkdir()
    manifest: dict = {}
    if defaults:
        manifest["defaults"] = defaults
    manifest["reports"] = reports
    path = root / "reports" / "reports.yaml"
    path.write_text(yaml.safe_dump(manifest, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


#: Code that pins the package-source hash (a line for ``python -c`` scripts, too).
PIN_PACKAGE = (
    "import greenimpact.render.cache as _c; _c.package_sources_sha256 = lambda *a: '0' * 64"
)


def pin_package(monkeypatch) -> None:
    """Pin the hash of greenimpact's own sources, which is part of every report's input hash.

    Tests that compare builds made seconds apart use this, so that someone editing the
    package meanwhile (it is installed in editable mode) does not make reports stale.
    """
    import greenimpact.render.cache as cache

    monkeypatch.setattr(cache, "package_sources_sha256", lambda *a: "0" * 64)


def quiet() -> Progress:
    """A progress reporter that writes nowhere visible."""
    return Progress(0, stream=io.StringIO(), live=False)


def external_references(page: str) -> list[str]:
    """Resource references to other hosts in an HTML page (scripts, styles, images, CSS
    ``url()``/``@import``). Plain ``<a href>`` links are not resources and are allowed."""
    hits = [m.group(0) for m in _EXTERNAL_TAG.finditer(page)]
    hits += [m.group(0) for m in _EXTERNAL_CSS.finditer(page)]
    return hits
