"""Report names, which become directory names inside the output folder.

A report name must be a single, portable path component: :func:`check_report_name` rejects
anything that could escape the output folder or confuse a file system or shell. Matrix reports
get their names from :func:`matrix_name`, which turns parameter values into safe name parts.
"""

from __future__ import annotations

import json
import unicodedata

from greenimpact.render.errors import ReportNameError

__all__ = [
    "MAX_NAME_LENGTH",
    "RESERVED_NAMES",
    "check_report_name",
    "slug",
    "matrix_name",
    "matrix_keys",
]

#: Longest report name accepted (leaves room for the ``.tmp-<name>-<pid>`` working directories
#: within the usual 255-byte limit of a file name).
MAX_NAME_LENGTH = 150

#: Names of the site's own files in the output folder (compared case-insensitively, for
#: case-insensitive file systems); hidden names (``.lock``, the marker) are refused anyway.
RESERVED_NAMES = frozenset({"index.html"})

# Characters Windows forbids in file names; rejected everywhere so that a build folder can be
# copied or zipped to any machine.
_FORBIDDEN = set('/\\<>:"|?*')


def check_report_name(name, *, what: str = "report name") -> str:
    """Return ``name`` if it is a safe directory name, else raise :class:`ReportNameError`.

    Rejected: non-strings, the empty string, absolute paths, ``..``, path separators
    (``/``, ``\\``), NUL and other control characters, characters that are not portable in file
    names (``< > : " | ? *``), leading dots (hidden files, ``.``, ``..``), leading or trailing
    whitespace, names longer than :data:`MAX_NAME_LENGTH` characters, and the names of the
    site's own files (:data:`RESERVED_NAMES`, e.g. ``index.html``).

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
    elif name.casefold() in RESERVED_NAMES:
        raise ReportNameError(
            f"{what} {name!r} is the name of a file the site writes itself (the site index "
            "in the output folder); choose another name"
        )
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


def matrix_keys(name: str, group: str | None) -> tuple[str, ...]:
    """The parameter names a matrix expansion ``name`` of ``group`` fixes (inverse of
    :func:`matrix_name`; keys are identifiers and slugs hold no ``,`` or ``=``).

    Examples
    --------
    >>> matrix_keys("by_region-scenario=high,region=East_China", "by_region")
    ('scenario', 'region')
    >>> matrix_keys("plain", None)
    ()
    """
    if not group or not name.startswith(group + "-"):
        return ()
    return tuple(part.partition("=")[0] for part in name[len(group) + 1 :].split(","))
