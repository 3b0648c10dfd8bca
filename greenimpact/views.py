"""Notebook views: compose data, tables and figures into report sections.

These functions call IPython's ``display`` and are meant for notebooks; the numbers they show
come from :mod:`greenimpact.data` and the figures from :mod:`greenimpact.plots`. They display
plain DataFrames (not Stylers, whose HTML carries random ids) so that executed notebooks are
byte-for-byte reproducible and strict nbval can compare them.

Text that comes from data (dataset titles and descriptions, series, plant and region names, a
user's own files) is escaped before it goes into Markdown: build Markdown with :func:`md`,
which escapes every value it fills in (``{name:code}`` puts a value in a code span), or escape
single values with :func:`md_text` and :func:`md_code`. A name such as
``<img src=x onerror=alert(1)>`` then shows as text, in JupyterLab and in rendered reports.
"""

from __future__ import annotations

import re
import string

__all__ = [
    "dataset_page",
    "disagreements",
    "finish",
    "history_frame",
    "markdown",
    "md",
    "md_code",
    "md_text",
    "selected_datasets",
    "show",
]

_MD_SPECIAL = re.compile(r"([\\`*_\[\]])")
_HTML_SPECIAL = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}


def show(*objs) -> None:
    """Display objects in the notebook (IPython's ``display``)."""
    from IPython.display import display

    display(*objs)


def markdown(text: str):
    """A Markdown object for :func:`show`; ``text`` is trusted Markdown (write the text of data
    into it with :func:`md`, :func:`md_text` or :func:`md_code`)."""
    from IPython.display import Markdown

    return Markdown(text)


def md_text(value) -> str:
    r"""``str(value)`` escaped for Markdown text: HTML (``& < >``) as entities, and the
    characters that make emphasis, code spans and links (``\ ` * _ [ ]``) with backslashes,
    so the text shows as written.

    Examples
    --------
    >>> print(md_text('<img src=x onerror="alert(1)"> *Baosteel* [no link](x)'))
    &lt;img src=x onerror="alert(1)"&gt; \*Baosteel\* \[no link\](x)
    """
    text = "".join(_HTML_SPECIAL.get(ch, ch) for ch in str(value))
    return _MD_SPECIAL.sub(r"\\\1", text)


def md_code(value) -> str:
    """``str(value)`` as a Markdown code span (shown literally; a fence longer than any run
    of backticks in the value, so the value cannot end the span).

    Examples
    --------
    >>> md_code("data/dc.csv")
    '`data/dc.csv`'
    >>> md_code("a`b")
    '``a`b``'
    """
    text = " ".join(str(value).splitlines())
    runs = [len(r) for r in re.findall(r"`+", text)]
    fence = "`" * (max(runs, default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


class _MarkdownFormatter(string.Formatter):
    def format_field(self, value, format_spec):
        if format_spec == "code":
            return md_code(value)
        return md_text(format(value, format_spec))


def md(template: str, /, **values):
    """A Markdown object from trusted ``template`` with escaped ``values`` filled in.

    ``{name}`` (or ``{name:.1f}``) is written as text with :func:`md_text`, ``{name:code}``
    as a code span with :func:`md_code`.

    Examples
    --------
    >>> md("Series: *{plant}* in {file:code}", plant="<b>A</b>", file="x.csv").data
    'Series: *&lt;b&gt;A&lt;/b&gt;* in `x.csv`'
    """
    return markdown(_MarkdownFormatter().format(template, **values))


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
        md(
            "### {title}\n\n{file:code} · dataset {name:code} · {rows} rows · key ({key})\n\n{description}",
            title=entry["title"],
            file=f"data/{entry['file']}",
            name=name,
            rows=len(frame),
            key=", ".join(entry["key"]),
            description=entry["description"].strip(),
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
    from IPython.display import display

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
            md(
                "### {title}\n\nIn {year}{where} the highest estimate ({high:g}, *{high_series}*) is "
                "**{ratio:.1f} times** the lowest ({low:g}, *{low_series}*). The series stay separate; "
                "none is averaged.",
                title=cat[name]["title"],
                year=worst["year"],
                where=where,
                high=worst["high"],
                high_series=worst["high_series"],
                ratio=worst["ratio"],
                low=worst["low"],
                low_series=worst["low_series"],
            ),
            table,
        )
        for region, part in table.groupby("region") if "region" in table else [(None, table)]:
            unit = sorted(set(data.load(name)["unit"]))
            title = f"Range of estimates — {cat[name]['title']}" + (f" — {region}" if region else "")
            plots.spread(part, title=title, ylabel=f"value [{', '.join(unit)}]")
            plt.show()
