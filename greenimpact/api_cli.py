"""``greenimpact run`` and ``greenimpact scenarios``."""

from __future__ import annotations

import sys

import click


def parse_override(text: str, decl: dict, name: str):
    """Turn ``value`` text from ``-p name=value`` into a Python value for parameter ``decl``.

    The rule is :func:`greenimpact.literals.parse_value`, shared with ``greenimpact render``:
    a Python literal (never evaluated as code), except that a parameter declared ``str`` takes
    a bare word as text (``-p region=2025`` is the string ``"2025"``).
    """
    from greenimpact.literals import parse_value

    try:
        return parse_value(text, text=decl.get("type") == "str")
    except ValueError as exc:
        raise click.BadParameter(f"{name}={text!r}: expected {decl.get('type')}, {exc}", param_hint="-p") from None


def _overrides(model: str, pairs: tuple[str, ...]) -> dict:
    from greenimpact.scenarios import load_model_spec

    params = load_model_spec(model)["parameters"]
    out = {}
    for pair in pairs:
        name, sep, text = pair.partition("=")
        name = name.strip()
        if not sep:
            raise click.BadParameter(f"{pair!r}: expected name=value", param_hint="-p")
        if name not in params:
            raise click.BadParameter(
                f"unknown parameter {name!r} for model {model!r}; parameters: {', '.join(params)}",
                param_hint="-p",
            )
        out[name] = parse_override(text, params[name], name)
    return out


@click.command("run")
@click.argument("model")
@click.option("--scenario", "-s", default="baseline", show_default=True, help="named scenario")
@click.option("-p", "--param", "pairs", multiple=True, metavar="NAME=VALUE", help="override a parameter")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="write the IAMC table here (.csv)")
def run(model, scenario, pairs, output):
    """Run MODEL for a scenario and print or write its IAMC results."""
    from greenimpact import api

    try:
        frame = api.run(model, scenario, **_overrides(model, pairs))
    except (api.ScenarioError, api.ParameterError) as exc:
        raise click.ClickException(str(exc)) from None
    if output:
        frame.to_csv(output, index=False, lineterminator="\n")
        click.echo(f"{len(frame)} rows written to {output}", err=True)
    else:
        frame.to_csv(sys.stdout, index=False, lineterminator="\n")


@click.command("scenarios")
@click.argument("model", required=False)
@click.option("--parameters", "show_params", is_flag=True, help="also list every parameter value with its source")
def scenarios(model, show_params):
    """List the named scenarios (of MODEL, or of every model) with a one-line description."""
    from greenimpact import api

    try:
        table = api.scenarios(model)
        click.echo(table.to_string(index=False))
        if show_params and model:
            for name in table["scenario"]:
                click.echo(f"\n[{model} / {name}]")
                click.echo(api.parameters(model, name).drop(columns=["description"]).to_string(index=False))
    except (api.ScenarioError, api.ParameterError) as exc:
        raise click.ClickException(str(exc)) from None


@click.command("export")
@click.option("--format", "fmt", type=click.Choice(["iamc"]), default="iamc", show_default=True,
              help="table layout (IAMC long format: model, scenario, region, variable, unit, year, value)")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False),
              help="file to write: .csv, or .xlsx for an Excel workbook")
@click.option("--model", "models_", multiple=True, help="only these models (repeatable; default all)")
def export(fmt, output, models_):
    """Write every named scenario of every model as one IAMC table."""
    from greenimpact import api

    def progress(model, scenario):
        if sys.stderr.isatty():
            click.echo(f"  {model} / {scenario}", err=True)

    try:
        table = api.export(output, models_=list(models_) or None, progress=progress)
    except (api.ScenarioError, api.ParameterError) as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"{len(table)} rows ({table['model'].nunique()} models, "
               f"{table[['model', 'scenario']].drop_duplicates().shape[0]} scenarios) written to {output}", err=True)
