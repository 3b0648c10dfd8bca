"""Notebook-report builder: manifest, parameter validation, parallel execution, cache, HTML site.

Renders parameterised Jupyter notebooks into a static, offline-readable site. It knows nothing
about the domain: any notebook with a ``parameters`` cell can be a report.

Typical use is the command line (``greenimpact render``, ``greenimpact list``,
``greenimpact params``); from Python:

>>> from greenimpact.render import build, load_manifest        # doctest: +SKIP
>>> result = build(load_manifest("reports/reports.yaml"), ["data_catalogue"], jobs=2)  # doctest: +SKIP
>>> result.exit_code, result.index                            # doctest: +SKIP

Importing this package is cheap: papermill, nbconvert and jupyter_client are imported only
when a report actually has to be rendered.
"""

from __future__ import annotations

from greenimpact.render.build import (
    BuildResult,
    ReportStatus,
    build,
    default_jobs,
    plan,
    report_status,
)
from greenimpact.render.cache import DATA_DIR_ENV, cache_state, input_hash, shared_inputs
from greenimpact.render.errors import (
    BuildLockedError,
    ManifestError,
    NotebookError,
    ParameterError,
    RenderError,
    ReportNameError,
)
from greenimpact.render.jobs import ReportResult
from greenimpact.render.manifest import Manifest, ReportSpec, find_manifest, load_manifest
from greenimpact.render.names import check_report_name
from greenimpact.render.notebook import NotebookInfo, inspect_notebook, read_parameters
from greenimpact.render.params import (
    CliText,
    Parameter,
    ParamType,
    parse_cli_parameters,
    validate_parameters,
)

__all__ = [
    "BuildLockedError",
    "BuildResult",
    "CliText",
    "DATA_DIR_ENV",
    "Manifest",
    "ManifestError",
    "NotebookError",
    "NotebookInfo",
    "ParamType",
    "Parameter",
    "ParameterError",
    "RenderError",
    "ReportNameError",
    "ReportResult",
    "ReportSpec",
    "ReportStatus",
    "build",
    "cache_state",
    "check_report_name",
    "default_jobs",
    "find_manifest",
    "input_hash",
    "inspect_notebook",
    "load_manifest",
    "parse_cli_parameters",
    "plan",
    "read_parameters",
    "report_status",
    "shared_inputs",
    "validate_parameters",
]
