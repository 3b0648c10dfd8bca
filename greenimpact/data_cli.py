"""``greenimpact data``: list, describe and check datasets from the shell.

Exit codes as for every command: 0 done, 2 an unknown dataset or a file that does not match
the schema (the problems are listed by row and column and all counted), 130 interrupted.
"""

from __future__ import annotations

import click

from greenimpact.cli import InputError, SuggestingGroup


@click.group(cls=SuggestingGroup)
def data():
    """The embedded datasets (data/catalogue.yaml)."""


@data.command("list")
def list_datasets():
    """List the datasets with row counts and confidence tags."""
    from greenimpact import data as d
    from greenimpact.api_cli import format_table

    click.echo(format_table(d.catalog()))


@data.command("describe")
@click.argument("name")
def describe(name):
    """Show the columns of dataset NAME and the sources it cites."""
    from greenimpact import data as d
    from greenimpact.api_cli import format_table

    try:
        table = d.describe(name)
        click.echo(d.catalogue()["datasets"][name]["title"])
        click.echo(format_table(table))
        click.echo("\nsources:")
        cited = d.cited_sources(name)[["organisation", "year", "rows"]].reset_index()
        click.echo(format_table(cited))
    except d.DataError as exc:
        raise InputError(str(exc)) from None


@data.command("check")
@click.argument("name")
@click.argument("path", type=click.Path())
def check(name, path):
    """Validate the CSV file PATH against the schema of dataset NAME."""
    from greenimpact import data as d

    try:
        frame = d.load(name, path=path)
    except d.DataError as exc:
        raise InputError(str(exc)) from None
    click.echo(f"{path}: {len(frame)} rows match the schema of {name!r}")
