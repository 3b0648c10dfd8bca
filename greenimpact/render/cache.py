"""Incremental builds: the content hash that decides whether a report must be re-rendered.

A report's *input hash* covers everything its result can depend on:

* the notebook's cell types, sources and tags, and its kernelspec (not its outputs);
* the validated parameters, as canonical JSON;
* the content (sha256) of every file named by a parameter declared ``[input file]`` in the
  notebook's parameters cell (:func:`input_files`), so editing such a file makes the report stale;
* every input file under the data folder (relative path and sha256): the files a model can
  read, ``*.csv`` and ``*.yaml`` including ``scenarios/``, by
  :func:`greenimpact.fileio.is_input_file` (documentation and hidden files are ignored);
* the package version and the sha256 of the package's ``.py`` sources;
* ``requirements.lock`` at the project root (the pinned environment);
* the render options that change the output (``show_input``).

A report is skipped when this hash equals the one in its ``provenance.json`` and that build
succeeded. Computing it needs no Jupyter import, so a no-op rebuild takes well under a second.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from greenimpact.fileio import DATA_DIR_ENV, is_input_file
from greenimpact.render.errors import ParameterError
from greenimpact.render.params import canonical_json

__all__ = [
    "DATA_DIR_ENV",
    "SharedInputs",
    "shared_inputs",
    "package_sources_sha256",
    "input_hash",
    "input_files",
    "read_provenance",
    "cache_state",
    "PROVENANCE_FILE",
    "FAILURE_DIR",
    "read_failure",
]

#: File that marks a finished report and stores its input hash.
PROVENANCE_FILE = "provenance.json"
#: Sub-folder of a good report holding a later failed re-render of it (the good one stays).
FAILURE_DIR = "last-failure"
_PACKAGE = "greenimpact"


@dataclass(frozen=True)
class SharedInputs:
    """Inputs shared by every report of a build (hashed once per build)."""

    data_dir: str | None
    data_files: dict[str, str]
    package: str
    package_version: str
    package_sources_sha256: str
    lock_file: str | None
    lock_sha256: str | None

    def as_dict(self) -> dict:
        """JSON-ready form, as recorded in provenance."""
        return {
            "data_dir": self.data_dir,
            "data_files": self.data_files,
            "package": self.package,
            "package_version": self.package_version,
            "package_sources_sha256": self.package_sources_sha256,
            "requirements_lock": self.lock_file,
            "requirements_lock_sha256": self.lock_sha256,
        }


def shared_inputs(root, data_dir=None) -> SharedInputs:
    """Hash the data folder, the package sources and the lock file.

    Parameters
    ----------
    root : str or Path
        Project root (holds ``requirements.lock`` and, by default, ``data/``).
    data_dir : str or Path, optional
        Data folder; default ``$GREENIMPACT_DATA_DIR`` if set, else ``<root>/data``.
        A missing folder counts as empty.
    """
    root = Path(root)
    if data_dir is None:
        data_dir = os.environ.get(DATA_DIR_ENV) or root / "data"
    data_dir = Path(data_dir).resolve()
    data_files = (
        _hash_tree(data_dir, lambda p: is_input_file(p.relative_to(data_dir)))
        if data_dir.is_dir()
        else {}
    )

    import greenimpact

    lock = root / "requirements.lock"
    return SharedInputs(
        data_dir=str(data_dir) if data_dir.is_dir() else None,
        data_files=data_files,
        package=_PACKAGE,
        package_version=getattr(greenimpact, "__version__", "unknown"),
        package_sources_sha256=package_sources_sha256(),
        lock_file=str(lock) if lock.is_file() else None,
        lock_sha256=_sha256_file(lock) if lock.is_file() else None,
    )


def package_sources_sha256(package_dir=None) -> str:
    """sha256 over the relative paths and contents of the package's ``.py`` files.

    Parameters
    ----------
    package_dir : str or Path, optional
        Default: the folder of the installed ``greenimpact`` package.
    """
    if package_dir is None:
        import greenimpact

        package_dir = Path(greenimpact.__file__).resolve().parent
    sources = _hash_tree(Path(package_dir), lambda p: p.suffix == ".py")
    return hashlib.sha256(canonical_json(sources).encode()).hexdigest()


def input_files(declared, parameters: dict, notebook_dir, *, where: str) -> dict:
    """Hash the files named by the input-file parameters of one report.

    Parameters
    ----------
    declared : mapping of str to Parameter
        The notebook's declared parameters (those tagged ``[input file]`` are looked at).
    parameters : dict
        The report's validated overrides (declared defaults fill the rest).
    notebook_dir : str or Path
        Folder relative paths are taken from (the kernel runs there).
    where : str
        Prefix for error messages, e.g. ``"report 'steel' (notebooks/40.ipynb)"``.

    Returns
    -------
    dict
        ``{parameter: {"path": absolute path, "sha256": hex}}``, in declaration order.

    Raises
    ------
    ParameterError
        Naming every parameter whose file is missing, not a regular file or unreadable.
    """
    out, problems = {}, []
    for name, param in declared.items():
        value = parameters.get(name, param.default)
        path = param.file_path(value)
        if path is None:
            continue
        full = Path(notebook_dir, os.path.expanduser(path)).resolve()
        relative = "" if os.path.isabs(os.path.expanduser(path)) else f" (relative to {notebook_dir})"
        try:
            mode = os.stat(full).st_mode
            if not stat.S_ISREG(mode):
                problems.append(f"parameter {name}={path!r}: {full} is not a regular file")
                continue
            out[name] = {"path": str(full), "sha256": _sha256_file(full)}
        except FileNotFoundError:
            hint = ", ".join(repr(v) for v in param.no_file)
            problems.append(
                f"parameter {name}={path!r}: input file {full}{relative} does not exist "
                f"(no file: {hint})"
            )
        except OSError as exc:
            problems.append(f"parameter {name}={path!r}: cannot read {full}: {exc.strerror}")
    if problems:
        head = f"{where}: " if len(problems) == 1 else f"{where}:\n  "
        raise ParameterError(head + "\n  ".join(problems))
    return out


def input_hash(
    notebook_content_sha256: str,
    parameters: dict,
    shared: SharedInputs,
    options: dict,
    files: dict | None = None,
) -> str:
    """The input hash of one report (hex sha256); ``files`` is :func:`input_files`'s result
    (only the contents count, not where the files are)."""
    payload = {
        "notebook": notebook_content_sha256,
        "parameters": parameters,
        "data_files": shared.data_files,
        "package": [shared.package, shared.package_version, shared.package_sources_sha256],
        "requirements_lock": shared.lock_sha256,
        "options": options,
    }
    if files:
        payload["input_files"] = {name: f["sha256"] for name, f in files.items()}
    return hashlib.sha256(canonical_json(payload).encode()).hexdigest()


def read_provenance(report_dir) -> dict | None:
    """The ``provenance.json`` of a finished report, or ``None`` if absent or unreadable."""
    try:
        with open(Path(report_dir) / PROVENANCE_FILE, encoding="utf-8") as fh:
            data = json.load(fh)
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def read_failure(report_dir) -> dict | None:
    """The provenance of a failed re-render kept beside a good report, or ``None``."""
    prov = read_provenance(Path(report_dir) / FAILURE_DIR)
    return prov if prov is not None and prov.get("status") != "ok" else None


def cache_state(
    provenance: dict | None, current_hash: str | None, failure: dict | None = None
) -> str:
    """``"never built"``, ``"failed"``, ``"fresh"`` or ``"stale"``.

    ``failure`` is a failed re-render kept beside a good report (:func:`read_failure`): the
    report is then ``failed`` (showing the last good build), and is rendered again.
    """
    if provenance is None:
        return "never built"
    if provenance.get("status") != "ok" or failure is not None:
        return "failed"
    return "fresh" if current_hash and provenance.get("input_hash") == current_hash else "stale"


def _hash_tree(folder: Path, keep) -> dict[str, str]:
    out = {}
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and d != "__pycache__")
        for name in sorted(filenames):
            path = Path(dirpath, name)
            if name.startswith(".") or not keep(path) or not path.is_file():
                continue
            out[path.relative_to(folder).as_posix()] = _sha256_file(path)
    return dict(sorted(out.items()))


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
