"""Plain records passed between the build orchestrator and the workers."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from greenimpact.render.manifest import ReportSpec
from greenimpact.render.notebook import NotebookInfo

__all__ = ["Job", "BuildContext", "ReportResult"]


@dataclass(frozen=True)
class Job:
    """A validated report, ready to render.

    Attributes
    ----------
    spec : ReportSpec
        The report as declared in the manifest.
    notebook : NotebookInfo
        The parsed notebook.
    parameters : dict
        Validated, JSON-native parameter values passed to papermill.
    input_hash : str
        Content hash deciding whether the report is up to date.
    timeout : float
        Per-cell execution timeout in seconds.
    show_input : bool
        Show code cells in the HTML page.
    input_files : dict
        ``{parameter: {"path": absolute path, "sha256": hex}}`` of the parameters declared as
        input files that name a file (part of the input hash and of the provenance).
    """

    spec: ReportSpec
    notebook: NotebookInfo
    parameters: dict
    input_hash: str
    timeout: float
    show_input: bool = False
    input_files: dict = field(default_factory=dict)


@dataclass(frozen=True)
class BuildContext:
    """What every report of a build shares: the output folder (and its id, which names the
    build's working folders) and provenance facts."""

    out_dir: Path
    root: Path
    inputs: dict
    versions: dict
    git: dict | None = None
    folder_id: str | None = None


@dataclass(frozen=True)
class ReportResult:
    """Outcome of one selected report in a build.

    Attributes
    ----------
    name : str
        Report name.
    status : str
        ``ok`` (rendered), ``failed``, ``skipped`` (up to date) or ``cancelled`` (interrupted).
    path : Path
        The report's folder.
    duration_s : float or None
        Execution time of this build (``None`` when skipped or cancelled).
    error : str or None
        One-line error summary of a failed report.
    """

    name: str
    status: str
    path: Path
    duration_s: float | None = None
    error: str | None = None
