"""``greenimpact sweep MODEL --grid GRID.yaml -o OUT``: a model over a scenario x parameter grid.

Exit codes (the README's table): 0 every run succeeded, 1 at least one combination failed
(recorded in ``OUT/failures.csv``; the others ran), 2 a grid, option or output error found
before any run started, 130 interrupted.
"""

from __future__ import annotations

import click

from greenimpact.cli import EXIT_RUN_FAILED, InputError


@click.command()
@click.argument("model")
@click.option("--grid", "grid_path", required=True, type=click.Path(dir_okay=False),
              help="YAML grid: matrix (lists or {start, stop, step} ranges) and fixed parameters.")
@click.option("-o", "--out", required=True, type=click.Path(file_okay=False),
              help="Output folder: new, empty, or an earlier sweep's.")
@click.option("--executor", default="processes", show_default=True,
              help="inprocess, processes (local pool), dask (a LocalCluster) or dask://HOST:PORT.")
@click.option("--batch", default=None, type=click.IntRange(min=1),
              help="Runs per task handed to the executor [default: 200].")
@click.option("--workers", default=None, type=click.IntRange(min=1),
              help="Processes of the local pool or LocalCluster [default: CPU count].")
@click.option("--variable", default=None,
              help="Variable summarised across the grid [default: the model's net or main total].")
@click.option("--year", default=None, type=int, help="Year summarised [default: 2030].")
@click.option("--figure", "figure_path", default=None, type=click.Path(dir_okay=False),
              help="Also save the summary's histogram (.png, .svg or .pdf).")
def sweep(model, grid_path, out, executor, batch, workers, variable, year, figure_path):
    """Run MODEL for every combination of a grid and write IAMC rows by scenario.

    \b
    Grid file (the report manifest's matrix syntax):
      matrix:
        scenario: [baseline, ai_surge]
        utilisation: [0.5, 0.6, 0.7]
        pue_cold_plate: {start: 1.1, stop: 1.3, step: 0.05}   # stop included
      parameters: {end_year: 2035}                        # fixed for every run

    The grid is checked completely before any run starts. Output: iamc-<scenario>.csv
    (.parquet with pyarrow) with a run column, runs.csv (the swept values of each run),
    failures.csv and provenance.json. Progress and ETA go to stderr; the summary of the
    variable across the grid (distribution, runs where it is negative) to stdout.
    """
    from greenimpact import executors
    from greenimpact import sweep as sw
    from greenimpact.scenarios import ScenarioError

    try:
        executors.check(executor)
        grid = sw.load_grid(model, grid_path)
        sw.check_out(out)
        if figure_path is not None and not figure_path.endswith((".png", ".svg", ".pdf")):
            raise sw.GridError(f"--figure {figure_path}: use a .png, .svg or .pdf file name")
    except (sw.GridError, ScenarioError, executors.ExecutorError) as exc:
        raise InputError(str(exc)) from None
    click.echo(f"sweep: {model}, {len(grid):,} combinations on {executor}", err=True)
    try:
        result = sw.run_sweep(model, grid, out, executor=executor, batch=batch or sw.DEFAULT_BATCH,
                              workers=workers, summary=variable is None and year is None)
    except executors.ExecutorError as exc:
        raise InputError(str(exc)) from None
    summary = result.summary
    if summary is None and result.failed < result.runs:
        rows, runs = sw.load_results(result.out)
        default_var, default_year = sw.default_summary(model, rows)
        try:
            summary = sw.summarise(rows, runs, variable=variable or default_var, year=year or default_year)
        except ValueError as exc:
            raise InputError(str(exc)) from None
    if summary is not None:
        click.echo(sw.format_summary(summary))
        if figure_path:
            sw.figure(summary).savefig(figure_path, dpi=120, bbox_inches="tight")
    click.echo(f"wrote {', '.join(result.files)} to {result.out}", err=True)
    if result.failed:
        click.echo(f"sweep: {result.failed:,} of {result.runs:,} combinations failed; "
                   f"see {result.out / 'failures.csv'}", err=True)
        return EXIT_RUN_FAILED
    return 0
