"""``greenimpact data``: list, describe and check datasets from the shell."""

from __future__ import annotations

import sys

import click


@click.group()
def data():
    """The embedded datasets (data/catalogue.yaml)."""


@data.command("list")
def list_datasets():
    """List the datasets with row counts and confidence tags."""
    from greenimpact import data as d

    click.echo(d.catalog().to_string(index=False))


@data.command("describe")
@click.argument("name")
def describe(name):
    """Show the columns of dataset NAME and the sources it cites."""
    from greenimpact import data as d

    try:
        click.echo(d.catalogue()["datasets"][name]["title"] if name in d.catalogue()["datasets"] else "")
        click.echo(d.describe(name).to_string(index=False))
        click.echo("\nsources:")
        click.echo(d.cited_sources(name)[["organisation", "year", "rows"]].to_string())
    except d.DataError as exc:
        raise click.ClickException(str(exc)) from None


@data.command("check")
@click.argument("name")
@click.argument("path", type=click.Path(dir_okay=False))
def check(name, path):
    """Validate the CSV file PATH against the schema of dataset NAME."""
    from greenimpact import data as d

    try:
        frame = d.load(name, path=path)
    except d.DataError as exc:
        click.echo(str(exc), err=True)
        sys.exit(1)
    click.echo(f"{path}: {len(frame)} rows match the schema of {name!r}")
