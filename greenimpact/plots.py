"""Figures: one theme, small functions with seaborn's ``data=, x=, y=, hue=`` arguments.

Each function draws on an existing ``ax`` when given (else a new figure) and returns the
``matplotlib.axes.Axes``. seaborn and matplotlib are imported on first use.
"""

from __future__ import annotations

__all__ = ["set_theme", "timeseries", "bars", "dataset", "spread", "year_axis"]

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


def year_axis(ax):
    """Integer year ticks on the x axis (no 2017.5)."""
    from matplotlib.ticker import MaxNLocator

    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    return ax


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
    # several rows per x are averaged with a bootstrapped 95 % band: seeded, so the figure is reproducible
    sns.lineplot(data=data, x=x, y=y, hue=hue, style=style, markers=True, ax=ax, errorbar=("ci", 95), seed=0, **kwargs)
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


def waterfall(data, *, x="step", y="delta", ax=None, title=None, ylabel=None, fmt="{:+.3f}", total_fmt="{:.3f}"):
    """Waterfall of signed steps from a starting value to a total.

    ``data`` holds one row per bar in order, with the label in ``x``, the signed change in ``y``
    and a boolean ``total`` column. A ``total`` row is drawn from zero: the first one sets the
    starting value (its ``y``), later ones show the running sum (their ``y`` is ignored). Rises
    are red, falls green.

    Returns
    -------
    matplotlib.axes.Axes
    """
    import numpy as np

    ax = _axes(ax)
    labels = data[x].astype(str).tolist()
    deltas = data[y].to_numpy(dtype=float)
    totals = data["total"].to_numpy(dtype=bool) if "total" in data else np.zeros(len(data), bool)
    level, bottoms, heights, colours, texts = 0.0, [], [], [], []
    for delta, is_total in zip(deltas, totals, strict=True):
        if is_total:
            level = delta if not bottoms else level
            bottoms.append(0.0)
            heights.append(level)
            colours.append("0.55")
            texts.append(total_fmt.format(level))
        else:
            bottoms.append(level if delta >= 0 else level + delta)
            heights.append(abs(delta))
            colours.append("#c0504d" if delta > 0 else "#4f9a5a")
            texts.append(fmt.format(delta))
            level += delta
    pos = np.arange(len(labels))
    ax.bar(pos, heights, bottom=bottoms, color=colours, width=0.6)
    for p, b, h, t in zip(pos, bottoms, heights, texts, strict=True):
        ax.annotate(t, (p, b + h), textcoords="offset points", xytext=(0, 3), ha="center", fontsize="small")
    ax.set_xticks(pos, labels)
    ax.set_title(_plain_title(title or ""))
    ax.set_ylabel(ylabel or y)
    return ax


__all__.append("waterfall")


def curves(data, *, x, y, hue=None, low=None, high=None, ax=None, title=None, xlabel=None, ylabel=None):
    """Lines of ``y`` against a continuous ``x`` (one per ``hue`` level, in order of appearance),
    with an optional shaded band from column ``low`` to ``high`` (e.g. a 5-95 % range).

    Returns
    -------
    matplotlib.axes.Axes
    """
    import seaborn as sns

    ax = _axes(ax)
    levels = list(dict.fromkeys(data[hue])) if hue is not None else [None]
    colours = dict(zip(levels, sns.color_palette(n_colors=len(levels)), strict=True))
    if hue is not None:
        sns.lineplot(data=data, x=x, y=y, hue=hue, hue_order=levels, palette=colours, ax=ax, errorbar=None)
    else:
        sns.lineplot(data=data, x=x, y=y, color=colours[None], ax=ax, errorbar=None)
    if low is not None and high is not None:
        for level in levels:
            part = data if level is None else data[data[hue] == level]
            part = part.sort_values(x)
            ax.fill_between(part[x], part[low], part[high], alpha=0.2, linewidth=0, color=colours[level])
    ax.set_title(_plain_title(title or ""))
    ax.set_xlabel(xlabel or x)
    ax.set_ylabel(ylabel or y)
    if hue is not None:
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize="small")
    return ax


def intervals(data, *, y, estimate="estimate", low="low", high="high", reference=None, ax=None, title=None, xlabel=None):
    """Point estimates with their intervals as horizontal error bars, one row per ``y`` label
    (e.g. a difference-in-differences effect with its 95 % CI next to other estimates).

    ``reference`` draws a dashed vertical line (e.g. the true effect of synthetic data).

    Returns
    -------
    matplotlib.axes.Axes
    """
    import numpy as np

    ax = _axes(ax)
    pos = np.arange(len(data))[::-1]
    est = data[estimate].to_numpy(dtype=float)
    err = np.vstack([est - data[low].to_numpy(dtype=float), data[high].to_numpy(dtype=float) - est])
    ax.errorbar(est, pos, xerr=err, fmt="o", capsize=4, color="C0")
    ax.set_yticks(pos, data[y].astype(str).tolist())
    if reference is not None:
        ax.axvline(reference, linestyle="--", color="0.4")
    ax.axvline(0, color="0.7", linewidth=0.8)
    ax.set_title(_plain_title(title or ""))
    ax.set_xlabel(xlabel or estimate)
    return ax


__all__ += ["curves", "intervals"]


def stacked_bars(data, *, x, y="value", hue, ax=None, title=None, xlabel=None, order=None, hue_order=None):
    """Horizontal bars of ``y`` per category ``x``, stacked by ``hue`` (e.g. CO2 per enterprise
    split by energy carrier), largest total at the top unless ``order`` is given.

    Returns
    -------
    matplotlib.axes.Axes
    """
    import numpy as np

    ax = _axes(ax)
    table = data.pivot_table(index=x, columns=hue, values=y, aggfunc="sum", fill_value=0.0, observed=True)
    order = list(order) if order is not None else table.sum(axis=1).sort_values(ascending=False).index.tolist()
    hue_order = list(hue_order) if hue_order is not None else table.sum().sort_values(ascending=False).index.tolist()
    table = table.reindex(index=order, columns=hue_order, fill_value=0.0)
    pos = np.arange(len(order))[::-1]
    left = np.zeros(len(order))
    for i, level in enumerate(hue_order):
        ax.barh(pos, table[level].to_numpy(float), left=left, label=str(level), color=f"C{i % 10}", height=0.75)
        left += table[level].to_numpy(float)
    ax.set_yticks(pos, [str(o) for o in order])
    ax.set_title(_plain_title(title or ""))
    ax.set_xlabel(xlabel or y)
    ax.set_ylabel(x)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize="small", title=hue)
    return ax


__all__ += ["stacked_bars"]
