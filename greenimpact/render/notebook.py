"""Reading a report notebook without Jupyter: its parameters, kernelspec and content hashes.

Notebooks are read as plain JSON (no nbformat, no papermill), so validating parameters and
deciding what needs re-rendering stay fast.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from greenimpact.render.errors import NotebookError
from greenimpact.render.params import Parameter, canonical_json, parse_parameters_cell

__all__ = ["NotebookInfo", "inspect_notebook", "read_parameters"]


@dataclass(frozen=True)
class NotebookInfo:
    """What the report builder needs to know about a notebook.

    Attributes
    ----------
    path : Path
        Absolute path of the notebook.
    sha256 : str
        Hash of the notebook file's bytes (recorded in provenance).
    content_sha256 : str
        Hash of the cells' types, sources and tags plus the kernelspec: what decides whether
        a report is stale. Outputs and execution counts are ignored, so re-executing a
        notebook in place does not invalidate its reports.
    parameters : dict of str to Parameter
        The declared parameters, in order.
    kernelspec : dict
        ``metadata.kernelspec`` of the notebook (informational: reports always run on the
        ``python3`` kernel of the current interpreter).
    """

    path: Path
    sha256: str
    content_sha256: str
    parameters: dict[str, Parameter]
    kernelspec: dict


def inspect_notebook(path, *, display: str | None = None) -> NotebookInfo:
    """Read ``path`` and parse its ``parameters`` cell.

    Parameters
    ----------
    path : str or Path
        The notebook (``.ipynb``, nbformat 4).
    display : str, optional
        How to name the notebook in error messages (default: the path as given).

    Raises
    ------
    NotebookError
        If the file is missing or not a notebook, has no code cell tagged ``parameters``, or
        that cell declares anything but ``name = literal`` parameters.
    """
    path = Path(path).resolve()
    try:
        stat = path.stat()
    except OSError:
        raise NotebookError(f"notebook {display or str(path)} does not exist") from None
    return _inspect(str(path), stat.st_mtime_ns, stat.st_size, display or str(path))


def read_parameters(path) -> dict[str, Parameter]:
    """The parameters declared in notebook ``path`` (see :func:`inspect_notebook`)."""
    return inspect_notebook(path).parameters


@lru_cache(maxsize=256)
def _inspect(path: str, _mtime_ns: int, _size: int, display: str) -> NotebookInfo:
    raw = Path(path).read_bytes()
    try:
        nb = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise NotebookError(f"notebook {display} is not valid JSON ({exc})") from None
    if not isinstance(nb, dict) or not isinstance(nb.get("cells"), list) or nb.get("nbformat") != 4:
        raise NotebookError(f"{display} is not a Jupyter notebook in nbformat 4")
    cells = []
    params_source = None
    for cell in nb["cells"]:
        if not isinstance(cell, dict):
            raise NotebookError(f"notebook {display} has a malformed cell")
        source = cell.get("source", "")
        source = "".join(source) if isinstance(source, list) else str(source)
        tags = (cell.get("metadata") or {}).get("tags") or []
        cells.append([cell.get("cell_type"), source, sorted(map(str, tags))])
        if params_source is None and "parameters" in tags and cell.get("cell_type") == "code":
            params_source = source
    if params_source is None:
        raise NotebookError(
            f"notebook {display} has no code cell tagged 'parameters'; add one (JupyterLab: "
            "property inspector, 'Add Tag') declaring each parameter as `name = literal  # help`"
        )
    parameters = parse_parameters_cell(params_source, f"{display}, parameters cell")
    kernelspec = (nb.get("metadata") or {}).get("kernelspec") or {}
    content = canonical_json({"cells": cells, "kernelspec": kernelspec})
    return NotebookInfo(
        path=Path(path),
        sha256=hashlib.sha256(raw).hexdigest(),
        content_sha256=hashlib.sha256(content.encode()).hexdigest(),
        parameters=parameters,
        kernelspec=kernelspec,
    )
