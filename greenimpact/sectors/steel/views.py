"""Report sections of the steel notebook: tables and matplotlib figures.

Each table function returns the DataFrame a notebook cell shows (or displays the parts it shows
before the last), so a cell is a single call and the numbers stay testable in the library.
Figures are drawn by the ``plot_*`` functions, which return the axes; matplotlib is imported
inside them.

* Routes and company figures: :func:`worldsteel_editions`, :func:`route_check`,
  :func:`plot_route_waterfall`, :func:`baosteel_table`, :func:`plant_targets`.
* Measured effect: :func:`plant_series`, :func:`measured_effect`, :func:`plot_its`,
  :func:`effect_comparison`, :func:`hac_vs_ols`.
* Plant trajectory: :func:`trajectory_table`, :func:`plot_trajectory`.
* Sector scale-up: :func:`assumptions`, :func:`plan_comparison`, :func:`headline`,
  :func:`plot_sector_range`, :func:`plot_sector_range_vs_plan`.
* Compute footprint and results: :func:`plant_footprint`, :func:`plot_net`,
  :func:`results_table`.
"""

from __future__ import annotations

import numpy as np

from greenimpact.sectors.steel.model import baosteel_figures, platform_devices, route_table, targets
from greenimpact.sectors.steel.plant import relative_change
from greenimpact.sectors.steel.routes import (
    BOUNDARIES,
    combined_cut,
    route_mix_intensity,
    route_mix_steps,
)
from greenimpact.views import markdown as _md
from greenimpact.views import md_text
from greenimpact.views import show as _show

__all__ = [
    "assumptions",
    "baosteel_table",
    "effect_comparison",
    "hac_vs_ols",
    "headline",
    "measured_effect",
    "plan_comparison",
    "plant_footprint",
    "plant_series",
    "plant_targets",
    "plot_its",
    "plot_net",
    "plot_route_waterfall",
    "plot_sector_range",
    "plot_sector_range_vs_plan",
    "plot_trajectory",
    "results_table",
    "route_check",
    "trajectory_table",
    "worldsteel_editions",
]

_TARGET = "Intensity|CO2|Steel|Target"


# --------------------------------------------------------------------------------------------
# 1-2. route intensities and the company's figures


def worldsteel_editions():
    """worldsteel's global CO2 intensity by data year (rows) and report edition (columns)
    [t CO2/t]: editions revise earlier years, so they are shown side by side, never averaged."""
    from greenimpact import data

    return data.load("steel_intensity").pivot(index="year", columns="edition", values="value").rename_axis(
        index="data year", columns="report edition")


def route_check(edition: int = 2023):
    """Show one edition's route table, and return the route-weighted CO2 and energy intensity
    against the headline values published in the 2023 and 2024 reports."""
    import pandas as pd

    from greenimpact import data

    routes = route_table(edition)
    mix = float(route_mix_intensity(routes["value"], routes["share_pct"] / 100))
    energy = float(route_mix_intensity(routes["energy_gj_per_t"], routes["share_pct"] / 100))
    year = int(routes["year"].iloc[0])
    headline = data.load("steel_intensity")
    published = headline[headline["year"] == year].set_index("edition")
    _show(routes[["route", "year", "value", "unit", "energy_gj_per_t", "share_pct", "source", "confidence"]])
    return pd.DataFrame(
        {"weighted from the routes": [mix, energy],
         **{f"published, {e} report": published.loc[e, ["value", "energy_gj_per_t"]].to_numpy()
            for e in (2023, 2024)}},
        index=[f"CO2 intensity {year} [t CO2/t]", f"energy intensity {year} [GJ/t]"],
    )


def _published(edition: int) -> float:
    """Headline intensity of ``edition`` for the data year of its route values [t CO2/t]."""
    from greenimpact import data

    year = int(route_table(edition)["year"].iloc[0])
    df = data.load("steel_intensity")
    return float(df.loc[(df["year"] == year) & (df["edition"] == edition), "value"].iloc[0])


def plot_route_waterfall(edition: int = 2023, *, ax=None, reported: float | None | str = None):
    """Waterfall from an all-BF-BOF intensity to worldsteel's route mix (one report edition),
    with the published headline value as a marker when given (``reported="published"``: the
    edition's own headline for the data year)."""
    from greenimpact import plots

    routes = route_table(edition)
    if routes["share_pct"].isna().any():
        raise ValueError(f"edition {edition} gives no route shares; the waterfall needs them (edition 2023 does)")
    if isinstance(reported, str):
        if reported != "published":
            raise ValueError(f"reported must be a number, None or 'published', got {reported!r}")
        reported = _published(edition)
    steps = route_mix_steps(routes["value"], routes["share_pct"] / 100.0, tuple(routes["route"]))
    ax = plots.waterfall(
        steps, x="step", y="delta", ax=ax,
        title=f"worldsteel route mix, {int(routes['year'].iloc[0])} (report {edition})",
        ylabel="t CO2 / t crude steel (Scope 1+2+upstream 3)",
    )
    if reported is not None:
        ax.axhline(reported, color="k", ls=":", lw=1, label=f"published {reported:.2f}")
        ax.legend(loc="upper right", fontsize="small")
    return ax


def baosteel_table():
    """Baosteel's reported intensities and the seed article's claim, with the boundary text."""
    figs = baosteel_figures()
    return figs[["series", "period", "value", "unit", "change_reported_pct", "boundary_text", "confidence"]]


def plant_targets(region: str = "Baosteel"):
    """The targets of ``region`` (``steel_targets``), the columns a report shows."""
    return targets(region)[["series", "year", "value", "unit", "base_year", "note"]]


# --------------------------------------------------------------------------------------------
# 3. measured effect: the plant series and the comparison with reported figures


def plant_series(frame, plant: str | None = None):
    """A plant's monthly series, ready for :func:`greenimpact.stats.interrupted_time_series`.

    Parameters
    ----------
    frame : pandas.DataFrame
        Rows of the ``steel_plant_series`` schema (``greenimpact.data.load("steel_plant_series",
        path=...)`` validates a user's file).
    plant : str, optional
        Plant to select; required when the frame holds several.

    Returns
    -------
    pandas.DataFrame
        ``month`` (monthly periods), ``value`` [t CO2/t], ``crude_steel_mt``, ``boundary``,
        ``synthetic``, sorted by month; ``attrs`` carry ``plant``, ``boundary`` and ``synthetic``.

    Raises
    ------
    ValueError
        Missing columns, an unknown or ambiguous plant, a month outside 1-12, or a plant whose
        rows mix emission boundaries (analyse one boundary at a time).
    """
    import pandas as pd

    need = ["plant", "year", "month", "value", "boundary"]
    missing = [c for c in need if c not in frame.columns]
    if missing:
        raise ValueError(f"plant series lacks columns {missing} (schema: greenimpact.data.describe('steel_plant_series'))")
    plants = sorted(set(frame["plant"]))
    if plant is None:
        if len(plants) != 1:
            raise ValueError(f"the series holds {len(plants)} plants {plants}; choose one with plant=")
        plant = plants[0]
    if plant not in plants:
        raise ValueError(f"plant {plant!r} is not in the series (plants: {plants})")
    sel = frame[frame["plant"] == plant]
    bad_month = ~sel["month"].astype(int).between(1, 12)
    if bad_month.any():
        raise ValueError(f"column 'month' must be 1-12; rows {list(np.flatnonzero(bad_month.to_numpy())[:5] + 1)}")
    bounds = sorted(set(sel["boundary"].dropna()))
    if len(bounds) > 1:
        raise ValueError(
            f"plant {plant!r} mixes emission boundaries {bounds} in column 'boundary'; "
            "analyse one boundary at a time"
        )
    month = pd.PeriodIndex.from_fields(year=sel["year"].astype(int), month=sel["month"].astype(int), freq="M")
    out = pd.DataFrame(
        {
            "month": month,
            "value": sel["value"].to_numpy(dtype=float),
            "crude_steel_mt": sel["crude_steel_mt"].to_numpy(dtype=float) if "crude_steel_mt" in sel else np.nan,
            "boundary": bounds[0] if bounds else "not_stated",
            "synthetic": sel["synthetic"].fillna(False).to_numpy(dtype=bool) if "synthetic" in sel else False,
        }
    ).sort_values("month", kind="stable").reset_index(drop=True)
    out.attrs.update({"plant": plant, "boundary": bounds[0] if bounds else "not_stated",
                      "synthetic": bool(out["synthetic"].any())})
    return out


def measured_effect(plant_file: str = "", plant: str = "", intervention: str = "2021-01", *,
                    seasonality: bool = True):
    """Load a plant series (``""``: the embedded SYNTHETIC one), describe it and fit the
    interrupted time series.

    Shows a one-line description of the series (plant, months, boundary, whether it is
    synthetic), then the design diagnostics of the fit (months before and after, the residual
    autocorrelation raw and bias-corrected, the interval method, and why the interval may
    under-cover if it may), and returns ``(series, its_result)``: :func:`plant_series` and the
    :func:`greenimpact.stats.interrupted_time_series` fit (Newey-West errors, critical values
    simulated under the fitted AR(1) noise).
    """
    import warnings

    from greenimpact import data, stats
    from greenimpact.stats.its import AutocorrelationWarning

    raw = data.load("steel_plant_series", path=plant_file or None)
    series = plant_series(raw, plant=plant or None)
    kind = "**SYNTHETIC example data, not a measurement**" if series.attrs["synthetic"] else "data from the given file"
    # the plant name and months come from the user's file: escaped, never read as Markdown or HTML
    _show(_md(
        f"Series: *{md_text(series.attrs['plant'])}* — {len(series)} months, {md_text(series['month'].iloc[0])} to "
        f"{md_text(series['month'].iloc[-1])}; boundary: {BOUNDARIES[series.attrs['boundary']]}; {kind}. "
        f"Platform live from {md_text(intervention)}."))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", AutocorrelationWarning)  # shown in the diagnostics below instead
        its = stats.interrupted_time_series(series, "value", "month", intervention, seasonality=seasonality,
                                            unit="t CO2/t")
    caution = " **Caution:** " + "; ".join(its.warnings) + "." if its.warnings else ""
    _show(_md(
        f"Design: {its.n_before} months before, {its.n_after} from the intervention on; residual lag-1 "
        f"autocorrelation {its.rho:.2f} (bias-corrected AR(1) rho {its.rho_corrected:.2f}); intervals: "
        f"{its.method}, Newey-West lag {its.maxlags}.{caution}"))
    return series, its


def plot_its(its_result, series, *, ax=None):
    """The interrupted-time-series fit of a plant series, labelled SYNTHETIC when it is; the title
    gives the noise's estimated AR(1) coefficient the intervals allow for."""
    rho = getattr(its_result, "rho_corrected", float("nan"))
    title = f"{series.attrs['plant']}: monthly CO2 intensity" + (f" (noise AR(1) rho ≈ {rho:.2f})" if rho == rho else "")
    return its_result.plot(ax, title=title, ylabel="t CO2 / t crude steel",
                           label="observed (SYNTHETIC)" if series.attrs["synthetic"] else "observed")


def effect_comparison(its_result, *, label: str | None = None, boundary: str | None = None,
                      scenario: str = "baseline", series=None):
    """The platform effect estimated from a plant series next to the reported and assumed ones.

    Parameters
    ----------
    its_result : greenimpact.stats.its.ITSResult
        Fit of a plant's monthly intensity (:func:`plant_series` then
        :func:`greenimpact.stats.interrupted_time_series`).
    label : str, optional
        Row label of the estimate (say "SYNTHETIC" when it is); default "ITS estimate", with
        "(SYNTHETIC series)" when ``series`` is synthetic.
    boundary : str, optional
        Boundary of the plant series (default: ``series.attrs["boundary"]`` when given).
    scenario : str
        Steel scenario whose assumed platform effect (combined measure cuts, with the range of
        their low and high values) is shown for comparison.
    series : pandas.DataFrame, optional
        The :func:`plant_series` the fit was made on (for the label and boundary).

    Returns
    -------
    pandas.DataFrame
        ``figure, change_pct, ci95_low, ci95_high, period, boundary, source``: the estimate's
        relative effect at the end of the series with its confidence interval, the seed
        article's 2.16 -> 1.98, Baosteel's reported changes vs 2020 (all causes, not only the
        platform) and the scenario's assumed platform effect (low-high in the interval columns).
    """
    import pandas as pd

    from greenimpact.scenarios import values

    attrs = series.attrs if series is not None else {}
    if label is None:
        label = "ITS estimate (SYNTHETIC series)" if attrs.get("synthetic") else "ITS estimate"
    boundary = boundary if boundary is not None else attrs.get("boundary")
    eff = its_result.effect()
    pct = int(round(100 * (1 - its_result.alpha)))
    rows = [
        (
            label,
            100 * eff["relative"],
            100 * eff["relative_ci"][0],
            100 * eff["relative_ci"][1],
            f"{its_result.frame['time'].iloc[-1]}, {eff['steps']} months after {its_result.intervention}; vs pre-period trend",
            boundary or "not given",
            "interrupted time series",
        )
    ]
    figs = baosteel_figures()
    art = figs[figs["series"] == "Seed article"].set_index("period")
    rows.append(
        (
            "seed article",
            float(relative_change(art.loc["before platform", "value"], art.loc["after platform", "value"])),
            np.nan,
            np.nan,
            "before -> after the platform (undated)",
            "not_stated",
            "seed_article (unverified)",
        )
    )
    rep = figs[figs["kind"] == "reported"].sort_values("year")
    base = rep.iloc[0]
    for _, r in rep.iloc[1:].iterrows():
        rows.append(
            (
                "Baosteel reported",
                float(relative_change(base["value"], r["value"])),
                np.nan,
                np.nan,
                f"{int(base['year'])} -> {int(r['year'])} (all causes)",
                r["boundary"],
                r["source"],
            )
        )
    v = values("steel", scenario).provenance
    names = ("energy_efficiency_pct", "gas_recovery_pct", "scheduling_pct")

    def cut(attr):
        return -100 * float(combined_cut(*[getattr(v[n], attr) if getattr(v[n], attr) is not None else v[n].value
                                           for n in names]))

    rows.append(
        (
            f"scenario {scenario!r} assumption",
            cut("value"),
            cut("high"),
            cut("low"),
            "full platform effect (energy efficiency, gas recovery, scheduling)",
            "as the plant's base intensity",
            "assumption",
        )
    )
    return pd.DataFrame(
        rows, columns=["figure", "change_pct", f"ci{pct}_low", f"ci{pct}_high", "period", "boundary", "source"]
    )


def hac_vs_ols(its_result, series, intervention: str, *, seasonality: bool = True):
    """Level and slope change with their intervals from the HAC fit and from a naive OLS fit
    of the same design (``intervention``, ``seasonality``), the interval method of each, and the
    true values when the series is the default SYNTHETIC one."""
    import pandas as pd

    from greenimpact import stats
    from greenimpact.sectors.steel.synthetic import synthetic_truth

    ols = stats.interrupted_time_series(series, "value", "month", intervention, seasonality=seasonality,
                                        cov_type="nonrobust")
    fits = {"HAC (Newey-West, prewhitened)": its_result, "naive OLS (for comparison only)": ols}
    compare = pd.DataFrame(
        {name: {"level change [t CO2/t]": r.level_change, "level 95 % CI": "{:.4f} to {:.4f}".format(*r.level_change_ci),
                "slope change [t CO2/t per month]": r.slope_change,
                "slope 95 % CI": "{:.5f} to {:.5f}".format(*r.slope_change_ci),
                "interval method": r.method}
         for name, r in fits.items()}).T
    if series.attrs["synthetic"] and str(its_result.intervention) == "2021-01":
        truth = synthetic_truth()
        compare.loc["true value (SYNTHETIC series)"] = [truth["level_change"], "", truth["slope_change"], "",
                                                         "known by construction"]
    return compare


# --------------------------------------------------------------------------------------------
# 4. the plant's trajectory


def trajectory_table(frame, *, plant: str = "Baosteel"):
    """The plant's modelled intensity next to reported values and targets, by year.

    Returns
    -------
    pandas.DataFrame
        Indexed by year: ``without_platform``, ``with_platform``, ``reported`` (company figures,
        Baosteel only), ``target`` [t CO2/t] and ``change_vs_base_pct`` of the modelled
        intensity, for the base year, reported years and target years.
    """
    import pandas as pd

    sel = frame[frame["region"] == plant].pivot(index="year", columns="variable", values="value")
    if sel.empty:
        raise ValueError(f"no results for plant {plant!r} (regions: {sorted(set(frame['region']))})")
    out = pd.DataFrame(
        {
            "without_platform": sel["Intensity|CO2|Steel|Without Platform"],
            "with_platform": sel["Intensity|CO2|Steel|With Platform"],
        }
    )
    out["target"] = sel[_TARGET] if _TARGET in sel else np.nan
    out["reported"] = np.nan
    if plant == "Baosteel":
        rep = baosteel_figures().query("kind == 'reported'").set_index("year")["value"]
        out.loc[rep.index.astype(int), "reported"] = rep.to_numpy()
    base = out["with_platform"].iloc[0]
    out["change_vs_base_pct"] = 100 * (out["with_platform"] / base - 1)
    keep = out.index[(out.index == out.index[0]) | out["reported"].notna() | out["target"].notna()]
    return out.loc[keep, ["without_platform", "with_platform", "reported", "target", "change_vs_base_pct"]]


def plot_trajectory(frame, *, plant: str = "Baosteel", ax=None):
    """The plant's modelled intensity with and without the platform, the company-reported
    values, the article's undated claim and the targets."""
    import matplotlib.pyplot as plt

    ax = ax if ax is not None else plt.figure().add_subplot()
    sel = frame[frame["region"] == plant]
    for variable, style, label in (
        ("Intensity|CO2|Steel|Without Platform", dict(color="0.5", ls="--"), "model: without platform"),
        ("Intensity|CO2|Steel|With Platform", dict(color="C0"), "model: with platform"),
    ):
        s = sel[sel["variable"] == variable]
        ax.plot(s["year"], s["value"], label=label, **style)
    tgt = sel[sel["variable"] == _TARGET]
    if len(tgt):
        ax.plot(tgt["year"], tgt["value"], "v", color="C3", ms=9, ls="none", label="company target (vs 2020)")
    if plant == "Baosteel":
        figs = baosteel_figures()
        rep = figs[figs["kind"] == "reported"]
        ax.plot(rep["year"], rep["value"], "o", color="k", label="company reported (boundary not stated)")
        art = figs[figs["series"] == "Seed article"].set_index("period")["value"]
        for period, ls in (("before platform", ":"), ("after platform", "-.")):
            ax.axhline(art[period], color="C1", ls=ls, lw=1, label=f"article, {period} (undated)")
        lo, hi = ax.get_ylim()
        ax.set_ylim(lo, max(hi, float(art.max()) + 0.03))
    ax.set_title(f"{plant}: CO2 intensity, model vs reported figures and targets")
    ax.set_xlabel("year")
    ax.set_ylabel("t CO2 / t crude steel")
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize="small")
    return ax


# --------------------------------------------------------------------------------------------
# 5. sector scale-up


def assumptions(scenario: str = "baseline", **overrides):
    """Every parameter of the steel scenario with its value, unit, range and source or reason."""
    from greenimpact import api

    return api.parameters("steel", scenario, **overrides)[["parameter", "value", "unit", "low", "high", "source",
                                                           "reason_or_note"]]


def _ndrc_plan(year: int | None = None):
    """The NDRC 2024 steel action plan's CO2 cut: (value [Mt CO2/yr], year)."""
    plan = targets("CN")
    plan = plan[plan["metric"] == "emission_reduction"]
    if year is not None:
        plan = plan[plan["year"] == year]
    if plan.empty:
        raise ValueError(f"no NDRC emission-reduction target{f' for {year}' if year else ''} in steel_targets")
    return float(plan["value"].iloc[0]), int(plan["year"].iloc[0])


def plan_comparison(ranges, *, year: int = 2025):
    """The sector's avoided CO2 in ``year`` against the NDRC 2024 steel action plan's cut.

    Parameters
    ----------
    ranges : pandas.DataFrame
        :func:`greenimpact.sectors.steel.model.sector_range` output (the
        :func:`greenimpact.uncertainty.band` shape).
    year : int
        Year of the plan's target (2025).

    Returns
    -------
    pandas.DataFrame
        ``item, central, p05, p95, unit``: the plan's cut, the platforms' avoided CO2, their
        share of the plan's cut, and the platforms' compute footprint (central scenario and the
        5 % / 95 % quantiles of the Monte Carlo).
    """
    import pandas as pd

    cut, _ = _ndrc_plan(year)
    sel = ranges[ranges["year"] == year].set_index("term")
    if "avoided_mt" not in sel.index:
        raise ValueError(f"year {year} is not in the ranges (years {sorted(set(ranges['year']))})")
    a, c = sel.loc["avoided_mt"], sel.loc["compute_mt"]
    rows = [
        (f"NDRC 2024 steel action plan: CO2 cut by {year} (all measures)", cut, np.nan, np.nan, "Mt CO2/yr"),
        ("avoided by carbon-management platforms", a["central"], a["p05"], a["p95"], "Mt CO2/yr"),
        ("platforms' share of the plan's cut", 100 * a["central"] / cut, 100 * a["p05"] / cut, 100 * a["p95"] / cut, "%"),
        ("compute footprint of the platforms", c["central"], c["p05"], c["p95"], "Mt CO2/yr"),
    ]
    return pd.DataFrame(rows, columns=["item", "central", "p05", "p95", "unit"])


def headline(ranges, years=(2025, 2030)):
    """Central value and 5-50-95 % range of avoided CO2, compute footprint and net in ``years``
    (terms as rows, statistic x year as columns) [Mt CO2/yr]."""
    sel = ranges[ranges["year"].isin(list(years))]
    table = sel.pivot(index="term", columns="year", values=["central", "p05", "p50", "p95"])
    return table.loc[["avoided_mt", "compute_mt", "net_mt"]]


def plot_sector_range(ranges, *, ax=None, plan_mt: float | None = None, plan_year: int = 2025):
    """Sector avoided CO2: central path and 5-95 % band, with the NDRC plan's cut as a marker."""
    import matplotlib.pyplot as plt

    ax = ax if ax is not None else plt.figure().add_subplot()
    a = ranges[ranges["term"] == "avoided_mt"]
    ax.fill_between(a["year"], a["p05"], a["p95"], color="C0", alpha=0.25, label="5-95 % range")
    ax.plot(a["year"], a["central"], color="C0", label="central scenario")
    if plan_mt is not None:
        ax.plot([plan_year], [plan_mt], "D", color="C3", ms=8, label=f"NDRC 2024 plan: {plan_mt:g} Mt CO2 by {plan_year} (all measures)")
    ax.set_title("China steel: CO2 avoided by carbon-management platforms")
    ax.set_xlabel("year")
    ax.set_ylabel("Mt CO2 / yr (worldsteel boundary)")
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize="small")
    return ax


def plot_sector_range_vs_plan(ranges, *, ax=None):
    """:func:`plot_sector_range` with the NDRC 2024 plan's CO2 cut (``steel_targets``) marked."""
    plan_mt, plan_year = _ndrc_plan()
    return plot_sector_range(ranges, ax=ax, plan_mt=plan_mt, plan_year=plan_year)


# --------------------------------------------------------------------------------------------
# 6. compute footprint, the net and the results


def plant_footprint(params: dict, covered_mt: float | None = None):
    """Electricity and CO2 of the platform covering ``covered_mt`` Mt/yr of output (default:
    the plant case's full output), by device (:func:`greenimpact.compute.platform.platform_footprint`)."""
    from greenimpact.compute.platform import platform_footprint

    covered = params["plant_output_mt"] if covered_mt is None else covered_mt
    return platform_footprint(platform_devices(params, covered_mt=covered), params["grid_factor_kg_per_kwh"])


def plot_net(frame, *, year: int, region: str = "CN", ax=None):
    """Avoided CO2, the platform's compute footprint and the net for one year (log scale)."""
    import matplotlib.pyplot as plt

    ax = ax if ax is not None else plt.figure().add_subplot()
    sel = frame[(frame["region"] == region) & (frame["year"] == year)].set_index("variable")["value"]
    if sel.empty:
        raise ValueError(f"no results for region {region!r} in {year}")
    items = [
        ("avoided", sel["Emissions|CO2|Avoided|Steel|Carbon Management"], "#4f9a5a"),
        ("compute: operational", sel["Emissions|CO2|Compute|Steel|Carbon Management|Operational"], "#c0504d"),
        ("compute: embodied", sel["Emissions|CO2|Compute|Steel|Carbon Management|Embodied"], "#d99694"),
        ("net of compute", sel["Emissions|CO2|Avoided|Steel|Carbon Management|Net of Compute"], "0.4"),
    ]
    labels = [i[0] for i in items]
    values = [float(i[1]) for i in items]
    ax.barh(labels[::-1], values[::-1], color=[i[2] for i in items][::-1])
    ax.set_xscale("log")
    positive = [v for v in values if v > 0]
    if positive:
        ax.set_xlim(min(positive) / 3, max(positive) * 8)
    for lab, val in zip(labels[::-1], values[::-1], strict=True):
        ax.annotate(f"{val:.3g}", (val, lab), textcoords="offset points", xytext=(4, 0), va="center", fontsize="small")
    ax.set_title(f"{region} {year}: avoided vs compute footprint (Mt CO2/yr, log scale)")
    ax.set_xlabel("Mt CO2 / yr")
    return ax


def results_table(frame, year: int):
    """The scenario's results in ``year``: variables as rows, regions as columns."""
    return frame[frame["year"] == year].pivot(index="variable", columns="region", values="value").round(4)
