"""``greenimpact run``, ``greenimpact scenarios`` and ``greenimpact export``.

Exit codes (the table in the README, the same for every command): 0 done, 1 a model run
failed, 2 a usage or input error (unknown name, bad value, unwritable output), 130 interrupted.
Every input error is one line that names what is wrong and, for an unknown name, the close
matches (``unknown model 'comput'; did you mean 'compute'?``).
"""

from __future__ import annotations

import os
import shutil
import sys

import click

from greenimpact.cli import InputError, RunFailed

#: Rows and year columns of the summary ``greenimpact run`` prints without ``-o``.
SUMMARY_ROWS = 15
SUMMARY_YEARS = 6


#: Width used when the output is not a terminal and ``$COLUMNS`` is not set (a file or a pipe
#: gets whole lines).
UNLIMITED_WIDTH = 10_000


def terminal_width() -> int:
    """Columns available for a table: ``$COLUMNS`` when set, else the terminal's width when
    standard output is a terminal, else :data:`UNLIMITED_WIDTH` (nothing is cut in a file)."""
    if os.environ.get("COLUMNS", "").isdigit():
        return max(40, int(os.environ["COLUMNS"]))
    if sys.stdout.isatty():
        return max(40, shutil.get_terminal_size((100, 24)).columns)
    return UNLIMITED_WIDTH


def format_table(frame, width: int | None = None, *, numbers: bool = False) -> str:
    """``frame`` as a left-aligned text table no wider than ``width`` columns.

    Text columns that do not fit are shortened, always the widest first (so they end up
    sharing the room), to no less than 8 characters,
    with ``…`` marking the cut; numeric columns are right-aligned and never cut. With
    ``numbers=True`` floats are rounded for reading (:func:`round_for_display`).

    >>> import pandas as pd
    >>> print(format_table(pd.DataFrame({"name": ["a" * 30], "n": [1]}), width=20))
    name               n
    aaaaaaaaaaaaaaaaa… 1
    """
    import pandas as pd

    width = width or terminal_width()
    cols = [str(c) for c in frame.columns]
    numeric = [pd.api.types.is_numeric_dtype(frame[c]) and not pd.api.types.is_bool_dtype(frame[c])
               for c in frame.columns]

    def cell(v, is_num):
        if v is None or (isinstance(v, float) and v != v):
            return ""
        if is_num and numbers and isinstance(v, float):
            return round_for_display(v)
        return " ".join(str(v).split())

    cells = [[cell(v, numeric[j]) for j, v in enumerate(row)] for row in frame.itertuples(index=False)]
    widths = [max([len(cols[j])] + [len(r[j]) for r in cells]) for j in range(len(cols))]
    while sum(widths) + len(widths) - 1 > width:
        cuttable = [j for j in range(len(cols)) if not numeric[j] and widths[j] > 8]
        if not cuttable:
            break
        widths[max(cuttable, key=lambda k: widths[k])] -= 1  # the widest gives up a column

    def fit(text, j):
        if len(text) > widths[j]:
            text = text[: widths[j] - 1] + "…"
        return text.rjust(widths[j]) if numeric[j] else text.ljust(widths[j])

    lines = [" ".join(fit(c, j) for j, c in enumerate(cols))]
    lines += [" ".join(fit(c, j) for j, c in enumerate(r)) for r in cells]
    return "\n".join(line.rstrip() for line in lines)


def round_for_display(value: float) -> str:
    """A number rounded to about three significant figures, without exponent or float noise.

    >>> [round_for_display(v) for v in (9852.14, 150.04, 12.345, 1.2345, 0.012345, 0.0)]
    ['9,852', '150', '12.3', '1.23', '0.0123', '0']
    """
    magnitude = abs(value)
    if magnitude >= 100:
        return f"{value:,.0f}"
    if magnitude >= 10:
        return f"{value:.1f}"
    if magnitude >= 1:
        return f"{value:.2f}"
    if magnitude == 0:
        return "0"
    return f"{value:.3g}"


def summary_years(years, n: int = SUMMARY_YEARS) -> list[int]:
    """At most ``n`` of ``years``: the first, the last and, between them, round years (multiples
    of 5) nearest to evenly spaced points.

    >>> summary_years(range(2018, 2036))
    [2018, 2020, 2025, 2030, 2035]
    >>> summary_years(range(2018, 2061), n=4)
    [2018, 2030, 2045, 2060]
    >>> summary_years(range(2000, 2101), n=3)
    [2000, 2050, 2100]
    """
    years = sorted({int(y) for y in years})
    if len(years) <= n:
        return years
    inner = [y for y in years[1:-1] if y % 5 == 0] or years[1:-1]
    room = max(0, n - 2)
    if len(inner) > room:  # the round years closest to evenly spaced points
        first, last = years[0], years[-1]
        targets = [first + (last - first) * k / (room + 1) for k in range(1, room + 1)]
        inner = sorted({min(inner, key=lambda y, t=t: (abs(y - t), y)) for t in targets})
    return [years[0], *inner, years[-1]]


def summary(frame, width: int | None = None, rows: int = SUMMARY_ROWS) -> str:
    """A compact view of an IAMC frame for the terminal: key variables x a few years, rounded.

    Key variables are taken family by family (the first ``|`` level: Electricity, Emissions,
    PUE ...), least nested first, so every family shows its aggregate before any family shows
    its details; at most ``rows`` of them, in code-list order. Years are picked by
    :func:`summary_years`, as many as fit in ``width``. A first line says what is shown and
    how to get everything.
    """
    width = width or terminal_width()
    variables = list(dict.fromkeys(frame["variable"]))
    families: dict[str, list[str]] = {}
    for v in sorted(variables, key=lambda v: (v.count("|"), variables.index(v))):
        families.setdefault(v.split("|")[0], []).append(v)
    rank = {v: (i, variables.index(v)) for members in families.values() for i, v in enumerate(members)}
    chosen = set(sorted(variables, key=rank.__getitem__)[:rows])
    chosen = [v for v in variables if v in chosen]
    years_all = sorted(frame["year"].unique())
    keys = [k for k in ("scenario", "region") if frame[k].nunique() > 1]
    n_years = SUMMARY_YEARS
    while True:
        years = summary_years(years_all, n_years)
        sub = frame[frame["variable"].isin(chosen) & frame["year"].isin(years)]
        table = sub.pivot_table(index=[*keys, "variable", "unit"], columns="year", values="value",
                                aggfunc="first", sort=False)
        table = table[sorted(table.columns)].reset_index()
        table = table.set_index("variable").loc[[v for v in chosen if v in set(table["variable"])]].reset_index()
        table.columns = [str(c) for c in table.columns]
        needed = sum(max(len(c), 7) + 1 for c in table.columns[len(keys) + 2:]) + 8 + 28
        if needed <= width or n_years <= 2:
            break
        n_years -= 1
    head = (f"{frame['model'].iloc[0]}, {', '.join(dict.fromkeys(frame['scenario']))}: "
            f"{len(chosen)} of {len(variables)} variables, {len(years)} of {len(years_all)} years "
            "(--format csv or -o FILE for all)")
    return head + "\n" + format_table(table, width, numbers=True)


def _overrides(model: str, pairs: tuple[str, ...]) -> dict:
    from greenimpact.literals import parse_value
    from greenimpact.scenarios import load_model_spec, unknown_parameter

    params = load_model_spec(model)["parameters"]
    out, problems = {}, []
    for pair in pairs:
        name, sep, text = pair.partition("=")
        name = name.strip()
        if not sep:
            problems.append(f"-p {pair!r}: expected name=value, e.g. -p utilisation=0.7")
        elif name not in params:
            problems.append(unknown_parameter(model, name, params))
        else:
            try:
                out[name] = parse_value(text, text=params[name].get("type") == "str")
            except ValueError as exc:
                problems.append(f"-p {name}={text!r}: expected {params[name].get('type')}, {exc}")
    if problems:
        raise InputError("; ".join(dict.fromkeys(problems)))
    return out


@click.command("run")
@click.argument("model")
@click.option("--scenario", "-s", default="baseline", show_default=True, help="named scenario")
@click.option("-p", "--param", "pairs", multiple=True, metavar="NAME=VALUE", help="override a parameter")
@click.option("-o", "--output", type=click.Path(), metavar="FILE",
              help="write the IAMC table here; the format follows the extension: .csv, .xlsx "
                   "(or .parquet with pyarrow); - or /dev/stdout prints CSV")
@click.option("--format", "fmt", type=click.Choice(["summary", "csv"]), default="summary", show_default=True,
              help="without -o: a compact summary (key variables x a few years, rounded) or the full CSV")
def run(model, scenario, pairs, output, fmt):
    """Run MODEL for a scenario and print a summary of its IAMC results (or write them all)."""
    from greenimpact import api, results

    try:
        overrides = _overrides(model, pairs)
        if output:
            results.check_table_path(output)
    except (api.ScenarioError, api.ParameterError, results.OutputPathError) as exc:
        raise InputError(str(exc)) from None
    try:
        frame = api.run(model, scenario, **overrides)
    except (api.ScenarioError, api.ParameterError) as exc:
        raise InputError(str(exc)) from None
    except results.ResultError as exc:  # the model's results break the IAMC contract
        raise RunFailed(f"{model} / {scenario}: the run failed: {exc}") from None
    except ValueError as exc:  # the model refused a value its declaration lets through
        raise InputError(f"{model} / {scenario}: {exc}") from None
    if output:
        try:
            results.write_table(frame, output)
        except results.OutputPathError as exc:
            raise InputError(str(exc)) from None
        if output not in ("-", "/dev/stdout"):
            click.echo(f"{len(frame)} rows written to {output}", err=True)
    elif fmt == "csv":
        click.echo(frame.to_csv(index=False, lineterminator="\n"), nl=False)
    else:
        click.echo(summary(frame))


@click.command("scenarios")
@click.argument("model", required=False)
@click.option("--parameters", "show_params", is_flag=True, help="also list every parameter value with its source")
def scenarios(model, show_params):
    """List the named scenarios (of MODEL, or of every model) with a one-line description."""
    from greenimpact import api

    try:
        table = api.scenarios(model)
        click.echo(format_table(table))
        if show_params and model:
            for name in table["scenario"]:
                click.echo(f"\n[{model} / {name}]")
                click.echo(format_table(api.parameters(model, name).drop(columns=["description"])))
        elif show_params:
            click.echo("\n(--parameters lists values for one model: greenimpact scenarios MODEL --parameters)")
    except (api.ScenarioError, api.ParameterError) as exc:
        raise InputError(str(exc)) from None


@click.command("export")
@click.option("--format", "fmt", type=click.Choice(["iamc"]), default="iamc", show_default=True,
              help="table layout (IAMC long format: model, scenario, region, variable, unit, year, value)")
@click.option("-o", "--output", required=True, type=click.Path(), metavar="FILE",
              help="file to write; the format follows the extension: .csv, .xlsx (or .parquet with pyarrow)")
@click.option("--model", "models_", multiple=True, help="only these models (repeatable; default all)")
def export(fmt, output, models_):
    """Write every named scenario of every model as one IAMC table."""
    from greenimpact import api, results

    current = []

    def progress(model, scenario):
        current[:] = [f"{model} / {scenario}"]
        if sys.stderr.isatty():
            click.echo(f"  {model} / {scenario}", err=True)

    try:
        table = api.export(output, models_=list(models_) or None, progress=progress)
    except (api.ScenarioError, api.ParameterError, results.OutputPathError) as exc:
        raise InputError(str(exc)) from None
    except ValueError as exc:  # a named scenario that does not run: nothing was written
        raise RunFailed(f"{', '.join(current) or 'export'}: the run failed: {exc}; nothing was written") from None
    click.echo(f"{len(table)} rows ({table['model'].nunique()} models, "
               f"{table[['model', 'scenario']].drop_duplicates().shape[0]} scenarios) written to {output}", err=True)
