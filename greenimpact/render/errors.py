"""Errors a user of the report builder can run into.

Every error that the user can fix (a bad manifest, an unknown or ill-typed parameter, an unsafe
report name, a missing notebook) is a :class:`RenderError`; its message says what is wrong, where
(file, report, key) and what to do about it. The command line prints the message and exits
with status 2 before any kernel has started.
"""

from __future__ import annotations

__all__ = [
    "RenderError",
    "ManifestError",
    "NotebookError",
    "ParameterError",
    "ReportNameError",
    "BuildLockedError",
    "OutputFolderError",
]


class RenderError(Exception):
    """Base class of all user-facing errors of :mod:`greenimpact.render`."""


class ManifestError(RenderError):
    """The report manifest (``reports/reports.yaml``) is malformed or asks for something unknown."""


class NotebookError(RenderError):
    """A notebook cannot be used as a report: unreadable, or its ``parameters`` cell is invalid."""


class ParameterError(RenderError):
    """A parameter override is unknown, unsafe, not a plain literal or of the wrong type."""


class ReportNameError(RenderError):
    """A report name cannot be used as a directory name inside the output folder."""


class BuildLockedError(RenderError):
    """Another ``greenimpact render`` is writing into the same output folder."""


class OutputFolderError(RenderError):
    """The ``--out`` folder cannot be used: it holds other files, or its lock or marker is a
    symlink or someone else's."""
