"""Report names, which become directory names inside the output folder.

A report name must be a single, portable path component: :func:`check_report_name` rejects
anything that could escape the output folder or confuse a file system or shell. Matrix reports
get their names from :func:`matrix_name`, which turns parameter values into safe name parts.
"""

from __future__ import annotations

import json
import unicodedata

from greenimpact.render.errors import ReportNameError

__all__ = ["MAX_NAME_LENGTH", "check_report_name", "slug", "matrix_name"]

#: Longest report name accepted (leaves room for the ``.tmp-<name>-<pid>`` working directories
#: within the usual 255-byte limit of a file name).
MAX_NAME_LENGTH = 150

# Characters Windows forbids in file names; rejected everywhere so that a build folder can be
# copied or zipped to any machine.
_FORBIDDEN = set('/\\<>:"|?*')


def check_report_name(name, *, what: str = "report name") -> str:
    """Return ``name`` if it is a safe directory name, else raise :class:`ReportNameError`.

    Rejected: non-strings, the empty string, absolute paths, ``..``, path separators
    (``/``, ``\\``), NUL and other control characters, characters that are not portable in file
    names (``< > : " | ? *``), leading dots (hidden files, ``.``, ``..``), leading or trailing
    whitespace, and names longer than :data:`MAX_NAME_LENGTH` characters.

    Examples
    --------
    >>> check_report_name("data_catalogue-dataset=claims")
    'data_catalogue-dataset=claims'
    >>> check_report_name("../etc")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    greenimpact.render.errors.ReportNameError: report name '../etc' contains '..'; ...
    """
    if not isinstance(name, str):
        raise ReportNameError(f"{what} {name!r} must be a string (quote it in YAML)")
    if not name:
        raise ReportNameError(f"{what} must not be empty")
    problem = None
    if ".." in name:
        problem = "contains '..'"
    elif name.startswith("."):
        problem = "starts with '.'"
    elif any(ch in _FORBIDDEN for ch in name):
        bad = sorted({ch for ch in name if ch in _FORBIDDEN})
        problem = f"contains {', '.join(repr(ch) for ch in bad)} (path separators and characters not allowed in file names)"
    elif any(unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") for ch in name):
        problem = "contains a control character"
    elif name != name.strip():
        problem = "starts or ends with whitespace"
    elif len(name) > MAX_NAME_LENGTH:
        problem = f"is longer than {MAX_NAME_LENGTH} characters"
    if problem:
        raise ReportNameError(
            f"{what} {name!r} {problem}; use letters, digits, '_', '-', '.', '=' and ',' "
            "(it becomes a directory name in the output folder)"
        )
    return name


def slug(value) -> str:
    """A name-safe rendering of a parameter value for a matrix report name.

    Strings keep letters (any script), digits and ``_ . + -``; every other character becomes
    ``_``. Other values are written as JSON first (``true``, ``0.5``, ``null``).

    Examples
    --------
    >>> slug("high growth/2030")
    'high_growth_2030'
    >>> slug(0.5), slug(True), slug(None)
    ('0.5', 'true', 'null')
    """
    text = (
        value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, sort_keys=True)
    )
    out = "".join(ch if (ch.isalnum() or ch in "_.+-") else "_" for ch in text)
    out = out.replace("..", "__")
    if out.startswith("."):
        out = "_" + out[1:]
    return out or "_"


def matrix_name(group: str, cell: dict) -> str:
    """Name of one matrix expansion: ``<group>-<key>=<value>,<key>=<value>``.

    Examples
    --------
    >>> matrix_name("by_region", {"scenario": "high", "region": "East China"})
    'by_region-scenario=high,region=East_China'
    """
    return group + "-" + ",".join(f"{key}={slug(value)}" for key, value in cell.items())
