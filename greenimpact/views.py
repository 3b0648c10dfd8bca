"""Notebook views: compose data, tables and figures into report sections.

These functions call IPython's ``display`` and are meant for notebooks; the numbers they show
come from :mod:`greenimpact.data` and the figures from :mod:`greenimpact.plots`. They display
plain DataFrames (not Stylers, whose HTML carries random ids) so that executed notebooks are
byte-for-byte reproducible and strict nbval can compare them.
"""

from __future__ import annotations

__all__ = ["dataset_page", "disagreements", "finish", "history_frame", "markdown", "selected_datasets", "show"]


def show(*objs) -> None:
    """Display objects in the notebook (IPython's ``display``)."""
    from IPython.display import display

    display(*objs)


def markdown(text: str):
    """A Markdown object for :func:`show`."""
    from IPython.display import Markdown

    return Markdown(text)


def finish(ax) -> None:
    """Integer year ticks on ``ax``, then show the figure."""
    import matplotlib.pyplot as plt

    from greenimpact import plots

    plots.year_axis(ax)
    plt.show()


def selected_datasets(dataset: str) -> list[str]:
    """Dataset names for a notebook parameter: ``"all"`` or one catalogue name."""
    from greenimpact import data

    names = list(data.catalogue()["datasets"])
    if dataset == "all":
        return names
    if dataset not in names:
        raise ValueError(f"parameter dataset={dataset!r}: expected 'all' or one of {', '.join(names)}")
    return [dataset]


def dataset_page(name: str) -> None:
    """Show one dataset: title, description, columns, sources with confidence, and its figure."""
    from IPython.display import Markdown, display

    from greenimpact import data

    entry = data.catalogue()["datasets"][name]
    frame = data.load(name)
    display(
        Markdown(
            f"### {entry['title']}\n\n`data/{entry['file']}` · dataset `{name}` · {len(frame)} rows · "
            f"key ({', '.join(entry['key'])})\n\n{entry['description'].strip()}"
        )
    )
    display(Markdown("**Columns**"), data.describe(name))
    conf = frame.groupby(["source", "confidence"]).size().unstack(fill_value=0)
    cited = data.cited_sources(name)[["organisation", "title", "year", "url", "rows"]].join(conf)
    display(Markdown("**Sources cited**, with the number of rows per confidence tag"), cited)
    if entry["kind"] == "timeseries" and entry.get("plot"):
        _plot_timeseries_dataset(name, entry, frame)
    elif "section" in frame and "claim_id" in frame:  # the claims ledger
        by_section = frame.groupby("section", sort=False).size().rename("claims").to_frame()
        display(Markdown("**Claims per section of the article**"), by_section)
        cols = [c for c in ("claim_id", "section", "paragraph", "value", "value_high", "qualifier", "unit", "year", "description") if c in frame]
        display(frame[cols])
    else:
        shown = frame.drop(columns=[c for c in ("source", "confidence") if c in frame])
        more = f" (first 40 of {len(frame)} rows)" if len(frame) > 40 else ""
        display(Markdown(f"**Rows**{more}"), shown.head(40))


def _plot_timeseries_dataset(name: str, entry: dict, frame) -> None:
    """Regions with several years get a line chart each; regions with a single year (cross
    sections such as provincial grid factors) share one bar chart per year."""
    import matplotlib.pyplot as plt

    from greenimpact import plots

    if "region" not in frame:
        plots.dataset(name)
        plt.show()
        return
    years_per_region = frame.groupby("region")["year"].nunique()
    for region in years_per_region[years_per_region > 1].index:
        plots.dataset(name, region=region, title=f"{entry['title']} — {region}")
        plt.show()
    single = frame[frame["region"].isin(years_per_region[years_per_region == 1].index)]
    hue = entry["plot"].get("hue")
    unit = ", ".join(sorted(set(frame["unit"]))) if "unit" in frame else ""
    for year, part in single.groupby("year"):
        plots.bars(
            part,
            x="region",
            y=entry["plot"]["y"],
            hue=hue if hue and part[hue].nunique() > 1 else None,
            title=f"{entry['title']} — {year}, regions with a single year of data",
            ylabel=f"{entry['plot']['y']} [{unit}]",
        )
        plt.show()


def history_frame(names: list[str]):
    """The selected time-series datasets that have an IAMC mapping, as one IAMC frame."""
    import pandas as pd

    from greenimpact import data

    cat = data.catalogue()["datasets"]
    frames = [data.to_iamc(n) for n in names if "iamc" in cat[n]]
    if not frames:
        return pd.DataFrame(columns=["model", "scenario", "region", "variable", "unit", "year", "value"])
    return pd.concat(frames, ignore_index=True)


def disagreements(names: list[str]) -> None:
    """For each selected dataset whose series are separate sources, show where they disagree:
    the range of estimates per year, the ratio high / low, and a figure of the ranges."""
    import matplotlib.pyplot as plt
    from IPython.display import Markdown, display

    from greenimpact import data, plots

    cat = data.catalogue()["datasets"]
    for name in names:
        plot = cat[name].get("plot") or {}
        if plot.get("hue") != "series":
            continue
        table = data.spread(name)
        if table.empty:
            continue
        worst = table.loc[table["ratio"].idxmax()]
        where = f" ({worst['region']})" if "region" in table else ""
        display(
            Markdown(
                f"### {cat[name]['title']}\n\nIn {worst['year']}{where} the highest estimate "
                f"({worst['high']:g}, *{worst['high_series']}*) is **{worst['ratio']:.1f} times** the lowest "
                f"({worst['low']:g}, *{worst['low_series']}*). The series stay separate; none is averaged."
            ),
            table,
        )
        for region, part in table.groupby("region") if "region" in table else [(None, table)]:
            unit = sorted(set(data.load(name)["unit"]))
            title = f"Range of estimates — {cat[name]['title']}" + (f" — {region}" if region else "")
            plots.spread(part, title=title, ylabel=f"value [{', '.join(unit)}]")
            plt.show()
