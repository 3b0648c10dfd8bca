"""Command-line interface of the report builder: ``render``, ``list`` and ``params``.

Exit codes of ``greenimpact render``: 0 every report is up to date or rendered, 1 a report
failed, 2 nothing was rendered because of a usage, manifest or parameter error, 130
interrupted (Ctrl-C).
"""

from __future__ import annotations

import json
import math
import re
import sys
from pathlib import Path

import click

from greenimpact.render.errors import RenderError

__all__ = ["render", "list_reports", "params"]

_MANIFEST_HELP = "Report manifest [default: reports/reports.yaml in this folder or a parent]."


def _finite_seconds(ctx, param, value):
    """``--timeout``: a finite number of seconds (``inf`` and ``nan`` are refused, exit 2)."""
    if value is not None and not math.isfinite(value):
        raise click.BadParameter(f"must be a finite number of seconds greater than 0, got {value}")
    return value


_PLACEHOLDER = "report \x00name\x00"
_REPORT_RE = re.compile(r"report '((?:[^'\\]|\\.)*)'")


def merge_report_messages(text: str) -> str:
    """One message per distinct problem: blocks that differ only in the report's name (the
    same mistyped ``-p`` on every expansion of a matrix report) are shown once, naming how many
    reports they affect.

    A block is a line that does not start with a space, with the indented lines under it.

    >>> print(merge_report_messages(
    ...     "report 'm-s=a' (nb): unknown parameter 'x'\\n"
    ...     "report 'm-s=b' (nb): unknown parameter 'x'\\n"
    ...     "report 'other' (nb2): bad"))
    2 reports: 'm-s=a', 'm-s=b' (nb): unknown parameter 'x'
    report 'other' (nb2): bad
    """
    blocks: list[list[str]] = []
    for line in text.splitlines():
        if blocks and line.startswith(" "):
            blocks[-1].append(line)
        else:
            blocks.append([line])
    groups: dict[str, list[str]] = {}
    for block in blocks:
        body = "\n".join(block)
        names = _REPORT_RE.findall(block[0])
        key = _REPORT_RE.sub(lambda m: _PLACEHOLDER, body, count=1) if names else body
        groups.setdefault(key, []).append(names[0] if names else "")
    out = []
    for key, names in groups.items():
        if len(names) > 1 and names[0]:
            shown = ", ".join(repr(n) for n in names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
            out.append(key.replace(_PLACEHOLDER, f"{len(names)} reports: {shown}", 1))
        else:
            out.append(key.replace(_PLACEHOLDER, f"report {names[0]!r}", 1))
    return "\n".join(out)


def _fail(command: str, exc: Exception) -> None:
    click.echo(f"greenimpact {command}: error: {merge_report_messages(str(exc))}", err=True)
    sys.exit(2)


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("names", nargs=-1)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    help="Reports rendered in parallel (worker processes) [default: number of CPUs].",
)
@click.option("--force", is_flag=True, help="Re-render reports that are up to date.")
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Build folder [default: reports/_build, next to the manifest].",
)
@click.option(
    "-p",
    "--param",
    "param_items",
    multiple=True,
    metavar="NAME=VALUE",
    help="Override a parameter of every selected report (repeatable). VALUE is a Python "
    "literal; for text parameters plain text works too.",
)
@click.option(
    "--params-file",
    "params_files",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="YAML file of parameter overrides for every selected report (repeatable; -p wins).",
)
@click.option("--show-input", is_flag=True, help="Show code cells in the HTML pages.")
@click.option(
    "--timeout",
    type=click.FloatRange(min=0, min_open=True),
    callback=_finite_seconds,
    default=None,
    help="Per-cell execution timeout in seconds [default: manifest's, else 600].",
)
@click.option(
    "--manifest",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help=_MANIFEST_HELP,
)
def render(names, jobs, force, out, param_items, params_files, show_input, timeout, manifest):
    """Render reports from the manifest into a static HTML site.

    NAMES selects reports by name, or all expansions of a matrix report by its name
    (default: every report). Reports whose inputs have not changed are skipped. Prints the
    path of the site's index.html on stdout.

    Exit status: 0 all reports up to date, 1 a report failed, 2 nothing rendered because of
    a manifest or parameter error, 130 interrupted.
    """
    from greenimpact.render.build import build
    from greenimpact.render.manifest import load_params_file
    from greenimpact.render.params import parse_cli_parameters

    try:
        overrides = [(f"params file {f}", load_params_file(f)) for f in params_files]
        if param_items:
            overrides.append(("-p", parse_cli_parameters(param_items)))
        result = build(
            manifest,
            names,
            out=out,
            jobs=jobs,
            force=force,
            overrides=overrides,
            show_input=show_input,
            timeout=timeout,
        )
    except RenderError as exc:
        _fail("render", exc)
    except KeyboardInterrupt:
        click.echo("greenimpact render: interrupted", err=True)
        sys.exit(130)
    click.echo(str(result.index))
    click.echo(result.summary(), err=True)
    sys.exit(result.exit_code)


@click.command(name="list", context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--manifest",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help=_MANIFEST_HELP,
)
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Build folder to compare with [default: reports/_build].",
)
def list_reports(manifest, out):
    """List the manifest's reports (matrix reports expanded) and their cache state.

    States: fresh (up to date), stale (inputs changed), never built, failed (last build).
    """
    from greenimpact.render.build import report_status

    try:
        rows = report_status(manifest, out=out)
    except RenderError as exc:
        _fail("list", exc)
    table = [("REPORT", "STATE", "NOTEBOOK", "PARAMETERS")]
    for row in rows:
        table.append(
            (
                row.spec.name,
                row.state + (" (invalid)" if row.problem else ""),
                row.spec.notebook_label,
                json.dumps(row.parameters, ensure_ascii=False),
            )
        )
    widths = [max(len(r[i]) for r in table) for i in range(3)]
    for r in table:
        click.echo("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(r[:3])) + "  " + r[3])
    problems = [row for row in rows if row.problem]
    for row in problems:
        click.echo(f"\n{row.spec.name}: {row.problem}", err=True)


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("notebook", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def params(notebook):
    """Show the parameters NOTEBOOK declares: name, type, default and help."""
    from greenimpact.render.notebook import inspect_notebook

    try:
        info = inspect_notebook(notebook, display=str(notebook))
    except RenderError as exc:
        _fail("params", exc)
    if not info.parameters:
        click.echo(f"{notebook} declares no parameters (its parameters cell is empty).")
        return
    table = [("NAME", "TYPE", "DEFAULT", "HELP")]
    for p in info.parameters.values():
        table.append((p.name, str(p.type), json.dumps(p.default, ensure_ascii=False), p.help))
    widths = [max(len(r[i]) for r in table) for i in range(3)]
    click.echo(f"Parameters of {notebook}:")
    for r in table:
        click.echo(
            "  " + "  ".join(cell.ljust(widths[i]) for i, cell in enumerate(r[:3])) + "  " + r[3]
        )
