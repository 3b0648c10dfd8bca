"""Figures: one theme, small functions with seaborn's ``data=, x=, y=, hue=`` arguments.

Each function draws on an existing ``ax`` when given (else a new figure) and returns the
``matplotlib.axes.Axes``. seaborn and matplotlib are imported on first use.
"""

from __future__ import annotations

__all__ = ["set_theme", "timeseries", "bars", "dataset", "spread"]

#: Line style per kind of figure: reported statistics solid, estimates dashed, projections dotted.
KIND_DASHES = {"reported": "", "estimate": (4, 2), "projection": (1, 2)}


def set_theme() -> None:
    """Set the package's plotting theme (call once per notebook).

    White grid, readable font sizes, a colour-blind-safe palette, and deterministic SVG ids.
    """
    import matplotlib as mpl
    import seaborn as sns

    sns.set_theme(style="whitegrid", context="notebook", palette="colorblind")
    mpl.rcParams.update(
        {
            "figure.figsize": (8.0, 4.5),
            "figure.dpi": 96,
            "axes.titleweight": "bold",
            "axes.titlelocation": "left",
            "svg.hashsalt": "greenimpact",
            "legend.frameon": False,
        }
    )


def _plain_title(text: str) -> str:
    """Drop parenthesised CJK glosses from a title: the default matplotlib fonts have no CJK
    glyphs, and a figure must not depend on fonts the reader's machine may lack."""
    import re

    text = re.sub(r"\s*[(（][^()（）]*[\u3000-\u9fff][^()（）]*[)）]", "", text)
    return re.sub(r"[\u3000-\u9fff]+", "", text).strip()


def _axes(ax):
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    return plt.figure().add_subplot()


def timeseries(data, *, x="year", y="value", hue=None, style=None, ax=None, title=None, ylabel=None):
    """Line-and-marker plot of one or more series over years.

    Parameters
    ----------
    data : pandas.DataFrame
        Long-format data.
    x, y : str
        Columns for the horizontal (usually ``year``) and vertical axis.
    hue : str, optional
        Column that separates series by colour (e.g. ``series``: one line per source).
    style : str, optional
        Column that separates series by line style; a ``kind`` column with values
        reported / estimate / projection gets solid / dashed / dotted lines.
    ax : matplotlib.axes.Axes, optional
    title, ylabel : str, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    import seaborn as sns

    ax = _axes(ax)
    kwargs = {}
    if style is None and hue is not None:
        style = hue  # so that every series, even a single point, gets a marker
    if style is not None:
        kinds = [k for k in KIND_DASHES if k in set(data[style])]
        if kinds and set(data[style]) <= set(KIND_DASHES):
            kwargs = {"style_order": kinds, "dashes": {k: KIND_DASHES[k] for k in kinds}}
    sns.lineplot(data=data, x=x, y=y, hue=hue, style=style, markers=True, ax=ax, **kwargs)
    ax.set_title(_plain_title(title or ""))
    ax.set_xlabel(x)
    ax.set_ylabel(ylabel or y)
    if hue is not None or style is not None:
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize="small")
    ax.xaxis.get_major_locator().set_params(integer=True)
    return ax


def bars(data, *, x, y="value", hue=None, ax=None, title=None, ylabel=None, sort=True):
    """Horizontal bars of ``y`` per category ``x`` (e.g. grid factors by region), largest first.

    Returns
    -------
    matplotlib.axes.Axes
    """
    import seaborn as sns

    ax = _axes(ax)
    order = None
    if sort:
        order = data.groupby(x)[y].max().sort_values(ascending=False).index.tolist()
    sns.barplot(data=data, y=x, x=y, hue=hue, order=order, orient="h", ax=ax, errorbar=None)
    ax.set_title(_plain_title(title or ""))
    ax.set_xlabel(ylabel or y)
    ax.set_ylabel(x)
    if hue is not None:
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize="small")
    return ax


def dataset(name: str, *, ax=None, title=None, **filters):
    """Plot a catalogue time-series dataset as its catalogue ``plot`` entry describes.

    ``filters`` select rows by column value, e.g. ``region="CN"``. The unit goes on the y axis;
    the title defaults to the dataset's title.
    """
    from greenimpact import data

    entry = data.catalogue()["datasets"][name]
    spec = entry.get("plot")
    if entry["kind"] != "timeseries" or not spec:
        raise ValueError(f"dataset {name!r} has no time-series plot in the catalogue")
    df = data.load(name)
    for col, value in filters.items():
        df = df[df[col] == value]
    unit_col = next((s["unit_column"] for s in entry["columns"].values() if s.get("unit_column")), None)
    units = sorted(set(df[unit_col])) if unit_col else []
    style = spec.get("style") or ("kind" if "kind" in df.columns else None)
    return timeseries(
        df,
        x=spec["x"],
        y=spec["y"],
        hue=spec.get("hue"),
        style=style,
        ax=ax,
        title=title or entry["title"],
        ylabel=f"{spec['y']} [{', '.join(units)}]" if units else spec["y"],
    )


def spread(data, *, x="year", low="low", high="high", label=None, ax=None, title=None, ylabel=None):
    """Range bars from the lowest to the highest estimate per ``x``, annotated with high / low.

    Takes the frame returned by :func:`greenimpact.data.spread`.
    """
    ax = _axes(ax)
    xs, lo, hi = data[x].to_numpy(), data[low].to_numpy(), data[high].to_numpy()
    ax.vlines(xs, lo, hi, linewidth=6, alpha=0.6, label=label)
    ax.scatter(xs, lo, marker="_", s=200, color="k")
    ax.scatter(xs, hi, marker="_", s=200, color="k")
    for xi, low_i, high_i in zip(xs, lo, hi, strict=True):
        ax.annotate(f"×{high_i / low_i:.1f}", (xi, high_i), textcoords="offset points", xytext=(6, 0), va="center")
    ax.set_title(_plain_title(title or ""))
    ax.set_xlabel(x)
    ax.set_ylabel(ylabel or "value")
    ax.set_xlim(xs.min() - 2, xs.max() + 2)
    ax.xaxis.get_major_locator().set_params(integer=True)
    return ax
