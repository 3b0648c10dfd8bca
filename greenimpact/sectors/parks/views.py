"""Report sections of the industrial-parks notebook (tables and seaborn figures).

Each function shows one section of ``notebooks/30_industrial_parks.ipynb`` (a table, a figure, a
printed summary) and returns what it is built on, so a notebook cell is a call or two and the
numbers stay testable in the library. Tables are shown as plain DataFrames (no Stylers), figures
with :func:`matplotlib.pyplot.show`.
"""

from __future__ import annotations

from greenimpact.views import show as _show

__all__ = [
    "ASSUMPTION_COLUMNS",
    "assumptions",
    "benchmark",
    "carrier_totals",
    "conversion_table",
    "emission_share_sources",
    "enterprise_net_zero",
    "fixed_effects",
    "inventory_overview",
    "largest_emitters",
    "national_lines",
    "national_net",
    "national_range_table",
    "national_range_figure",
    "national_table",
    "park_net_zero",
    "platform_against_saving",
    "ranking",
    "scorecard_table",
    "scorecard_figure",
    "set_display",
    "trajectory_figure",
]

#: columns of the assumptions table
ASSUMPTION_COLUMNS = ["parameter", "value", "unit", "low", "high", "source", "reason_or_note"]
_SUMMARY_COLUMNS = ["enterprise", "sector", "energy_tce", "total_market_t", "share_pct", "cum_share_pct",
                    "tco2_per_mcny", "tce_per_mcny", "tco2_per_product", "product_unit"]
_SCORECARD_COLUMNS = ["indicator", "kind", "value", "unit", "threshold", "direction", "status", "gap",
                      "gap_t_co2", "note"]
_RANGE_COLUMNS = {"p05": "low", "p50": "median", "p95": "high"}
_FE_FITS = {"FE, output control": ["log_output"], "FE, no control": []}


def set_display() -> None:
    """The report's theme and pandas display options (60 rows, 4 significant digits)."""
    import pandas as pd

    from greenimpact import plots

    plots.set_theme()
    pd.set_option("display.max_rows", 60)
    pd.set_option("display.max_colwidth", 90)
    pd.set_option("display.float_format", "{:.4g}".format)


def assumptions(scenario: str, **overrides):
    """Every parameter of the run with its value, unit, range and source (or reason)."""
    from greenimpact import api

    out = api.parameters("parks", scenario, **overrides)[ASSUMPTION_COLUMNS]
    _show(out)
    return out


def conversion_table():
    """The catalogue's default GB/T 2589 and IPCC coefficients per carrier."""
    from greenimpact import data

    out = data.load("energy_conversion_factors").query("default")[["carrier", "quantity", "value", "unit", "confidence"]]
    _show(out)
    return out


# ---------------------------------------------------------------------------------------------
# 1. inventory


def carrier_totals(inv, *, year=None):
    """Park CO2 per energy carrier over the year [t CO2], largest first (market-based)."""
    from greenimpact.sectors.parks.inventory import emissions_by_carrier

    by_carrier = emissions_by_carrier(inv, year=year)
    return by_carrier.groupby("carrier")["co2_t"].sum().sort_values(ascending=False)


def inventory_overview(inv, summary, label: str, *, year=None):
    """Print the park's totals and how many enterprises emit 80 %; show CO2 per carrier [kt]."""
    months = summary.attrs["months"]
    totals = carrier_totals(inv, year=year)
    head = summary["cum_share_pct"].searchsorted(80) + 1
    print(f"{label}: {inv['enterprise'].nunique()} enterprises, {months[0]} to {months[-1]}: "
          f"{summary['energy_tce'].sum() / 1e6:.3f} Mtce, {summary['total_market_t'].sum() / 1e6:.3f} Mt CO2 market-based "
          f"({summary['total_location_t'].sum() / 1e6:.3f} location-based); {head} enterprises emit 80 %.")
    out = (totals / 1e3).rename("kt CO2").to_frame()
    _show(out)
    return out


def ranking(inv, label: str, *, year=None, top=15):
    """Stacked bars of CO2 per enterprise and carrier, the ``top`` largest emitters by name."""
    import matplotlib.pyplot as plt

    from greenimpact import plots
    from greenimpact.sectors.parks.inventory import emissions_by_carrier

    ranked = emissions_by_carrier(inv, year=year, top=top)
    ranked["kt_co2"] = ranked["co2_t"] / 1e3
    plots.stacked_bars(ranked, x="enterprise", y="kt_co2", hue="carrier", order=ranked.attrs["order"],
                       hue_order=carrier_totals(inv, year=year).index.tolist(), xlabel="CO2, market-based [kt/yr]",
                       title=f"Emissions by enterprise and energy carrier, ranked — {label}")
    plt.show()
    return ranked


def largest_emitters(summary, n=10):
    """The ``n`` largest emitters with their intensities per output value and per product."""
    out = summary[[c for c in _SUMMARY_COLUMNS if c in summary]].head(n)
    _show(out)
    return out


# ---------------------------------------------------------------------------------------------
# 2. scorecard


def scorecard_table(inv, *, year=None, guiding=None):
    """The zero-carbon park scorecard (:func:`~.inventory.scorecard`); shows its main columns."""
    from greenimpact.sectors.parks.inventory import scorecard as _scorecard

    card = _scorecard(inv, year=year, guiding=guiding)
    _show(card[_SCORECARD_COLUMNS])
    return card


def scorecard_figure(card, label: str):
    """Attainment of each indicator's threshold [%], coloured by status."""
    import matplotlib.pyplot as plt

    from greenimpact import plots

    shown = card.dropna(subset=["attainment_pct"])
    plots.bars(shown, x="indicator", y="attainment_pct", hue="status", sort=False,
               ylabel="attainment of the threshold [%]",
               title=f"Zero-carbon park indicators — {label} (100 % = threshold met)")
    plt.axvline(100, color="0.3", linestyle="--")
    plt.show()
    return shown


# ---------------------------------------------------------------------------------------------
# 3. trajectory


def _threshold(card) -> float:
    return card.set_index("indicator").loc["carbon_per_energy", "threshold"]


def park_net_zero(traj, card):
    """The park's net-zero year and the year it meets the core indicator's threshold."""
    from greenimpact.sectors.parks.inventory import net_zero_year

    out = net_zero_year(traj, by=None, threshold_t_per_tce=_threshold(card))
    _show(out)
    return out


def _park_path(traj):
    park = traj.groupby("year", as_index=False)[["co2_t", "energy_tce"]].sum()
    return park.assign(mt_co2=park["co2_t"] / 1e6, series="park, market-based")


def trajectory_figure(traj, park_nz, label: str):
    """The park's CO2 by year, with the years the core indicator and net zero are reached."""
    import matplotlib.pyplot as plt

    from greenimpact import plots

    park_traj = _park_path(traj)
    ax = plots.timeseries(park_traj, x="year", y="mt_co2", hue="series", ylabel="CO2 [Mt/yr]",
                          title=f"Trajectory to net zero — {label}")
    marks = ((park_nz["indicator_year"].iloc[0], "core indicator met", 0.9),
             (park_nz["net_zero_year"].iloc[0], "net zero", 0.7))
    for yr, text, height in marks:
        if yr == yr:  # not NaN
            ax.axvline(yr, color="0.4", linestyle="--")
            ax.annotate(f" {text} {yr:.0f}", (yr, park_traj["mt_co2"].max() * height), fontsize="small")
    plt.show()
    return park_traj


def enterprise_net_zero(traj, card, n=10):
    """Per enterprise, largest baseline emitter first: the years it meets the threshold and net zero."""
    from greenimpact.sectors.parks.inventory import net_zero_year

    out = net_zero_year(traj, threshold_t_per_tce=_threshold(card)).sort_values("baseline_t", ascending=False).head(n)
    _show(out)
    return out


def platform_against_saving(params, traj, n_enterprises):
    """The platform's own footprint for the park against the first lever year's saving."""
    from greenimpact.compute.platform import platform_footprint as _footprint
    from greenimpact.sectors.parks.model import platform_devices

    footprint = _footprint(platform_devices(params, n_enterprises=n_enterprises), params["grid_factor_kg_per_kwh"])
    first_saving_t = _park_path(traj)["co2_t"].iloc[0] * params["ems_saving_pct"] / 100
    print(f"platform footprint {footprint['total_t'].sum():.1f} t CO2/yr vs energy-management saving "
          f"{first_saving_t:,.0f} t CO2/yr (ratio 1:{first_saving_t / footprint['total_t'].sum():,.0f})")
    _show(footprint)
    return footprint


# ---------------------------------------------------------------------------------------------
# 4. benchmarking and fixed effects


def benchmark(summary, label: str, n=8):
    """Energy against output per enterprise (log-log): OLS and the 10th-percentile frontier."""
    import matplotlib.pyplot as plt
    import pandas as pd

    from greenimpact import plots
    from greenimpact.stats.panel import energy_benchmark

    bench = energy_benchmark(summary, "energy_tce", "output_mcny", entity="enterprise", quantile=0.1)
    lines = bench.table.sort_values("output")
    lines = pd.concat([lines.assign(fit="OLS (typical)", energy_fit=lines["expected"]),
                       lines.assign(fit="10th percentile (frontier)", energy_fit=lines["frontier"])])
    ax = plots.curves(lines, x="output", y="energy_fit", hue="fit", xlabel="output value [million CNY/yr]",
                      ylabel="energy [tce/yr]", title=f"Energy against output, log-log — {label}")
    ax.scatter(bench.table["output"], bench.table["energy"], s=14, color="0.3")
    ax.set_xscale("log")
    ax.set_yscale("log")
    plt.show()
    print(f"elasticity of energy to output: OLS {bench.ols.params['log_output']:.2f}, "
          f"frontier {bench.frontier.params['log_output']:.2f}")
    _show(bench.table.sort_values("rank").head(n))
    return bench


def fixed_effects(inv, production, truth, label: str):
    """Estimates of the platform's effect on energy use [%]: two-way fixed effects with and without
    the output control, and Callaway-Sant'Anna (robust to staggered adoption with effects that
    change over time); the synthetic park's true effect as a dashed line. Prints the design
    (enterprises, adopters, adoption months, pre-periods, interval method) and the Goodman-Bacon
    weight of the comparisons that use already-equipped enterprises as controls."""
    import warnings

    import matplotlib.pyplot as plt
    import numpy as np
    import pandas as pd

    from greenimpact import plots
    from greenimpact.sectors.parks.inventory import panel_frame
    from greenimpact.stats.panel import StaggeredAdoptionWarning, panel_fixed_effects
    from greenimpact.stats.staggered import bacon_decomposition, callaway_santanna

    panel = panel_frame(inv, production)
    rows = []
    for name, cov in _FE_FITS.items():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", StaggeredAdoptionWarning)  # shown below, with the robust estimate
            res = panel_fixed_effects(panel, "log_energy", "platform", "enterprise", "month", covariates=cov)
        lo, hi = res.effect_pct_ci
        rows.append({"estimate_name": name, "estimate": res.effect_pct, "low": lo, "high": hi, "p_value": res.p_value,
                     "enterprises": res.n_units, "adopters": res.n_treated_units, "months": res.n_periods,
                     "adoption_months": res.n_cohorts, "pre_months": res.n_pre_periods, "interval": res.inference})
    months = np.sort(panel["month"].unique())
    first = panel[panel["platform"] == 1].groupby("enterprise")["month"].min()
    cohort = panel["enterprise"].map(first)
    month_no = {m: i + 1 for i, m in enumerate(months)}  # 0 marks never-equipped enterprises
    timed = panel.assign(first_month=cohort.map(month_no).fillna(0).astype(int), month_no=panel["month"].map(month_no))
    notes = []
    try:
        cs = callaway_santanna(timed, "log_energy", "enterprise", "month_no", "first_month", control="notyet")
    except ValueError as exc:  # e.g. an unbalanced panel from the user's own files
        notes.append(f"Callaway-Sant'Anna not computed: {exc}")
    else:
        rows.append({"estimate_name": "Callaway-Sant'Anna, no control", "estimate": 100 * np.expm1(cs.att),
                     "low": 100 * np.expm1(cs.att_ci[0]), "high": 100 * np.expm1(cs.att_ci[1]), "p_value": np.nan,
                     "enterprises": cs.n_units, "adopters": cs.n_units - cs.n_never_treated, "months": len(months),
                     "adoption_months": cs.n_groups, "pre_months": cs.n_pre_periods, "interval": "multiplier bootstrap"})
        notes += cs.warnings
    fe = pd.DataFrame(rows)
    if fe["adoption_months"].iloc[0] > 1:
        try:
            bacon = bacon_decomposition(timed, "log_energy", "platform", "enterprise", "month_no")
            notes.append(f"staggered adoption ({fe['adoption_months'].iloc[0]} adoption months): "
                         f"{100 * bacon.forbidden_weight:.0f} % of the TWFE weight (no control) is on comparisons "
                         "with already-equipped enterprises as controls; if the saving grows after adoption, "
                         "trust the Callaway-Sant'Anna row")
        except ValueError as exc:
            notes.append(f"Goodman-Bacon decomposition not computed: {exc}")
    reference = -truth["saving_pct"] if truth else None
    plots.intervals(fe, y="estimate_name", reference=reference, xlabel="effect on energy use [%] (95 % CI)",
                    title=f"Platform effect, fixed effects and staggered-adoption estimate — {label}")
    plt.show()
    for note in notes:
        print(note)
    _show(fe)
    return fe


# ---------------------------------------------------------------------------------------------
# 5. national picture


def emission_share_sources():
    """The published and the article's shares of national CO2 and energy, with confidence."""
    from greenimpact import data

    out = data.load("park_emission_share")[["series", "quantity", "kind", "year", "value", "unit", "confidence"]]
    _show(out)
    return out


def national_range_table(ranges):
    """The :func:`~.model.national_range` band as shown: framing, share, term, central and the
    5th / 50th / 95th percentiles as low / median / high."""
    out = ranges.rename(columns=_RANGE_COLUMNS)[["framing", "share_pct", "term", "central", "low", "median", "high"]]
    _show(out)
    return out


def national_range_figure(ranges, year):
    """Avoided CO2 in ``year`` per framing: central value and 5-95 % range."""
    import matplotlib.pyplot as plt

    from greenimpact import plots

    avoided = ranges[ranges["term"] == "avoided_mt"].assign(
        label=lambda d: d["framing"] + " (" + d["share_pct"].map("{:g} %".format) + ")")
    plots.intervals(avoided, y="label", estimate="central", low="p05", high="p95",
                    xlabel=f"CO2 avoided in {year} [Mt/yr] (central, 5-95 % range)",
                    title="Platform-enabled reductions in China's industrial parks")
    plt.show()
    return avoided


def national_lines(national):
    """Avoided CO2 and the platforms' compute footprint by year, per framing [Mt CO2/yr]."""
    import matplotlib.pyplot as plt

    from greenimpact import plots

    lines = national[national["variable"].isin(["Emissions|CO2|Avoided|Industrial Parks",
                                                "Emissions|CO2|Compute|Industrial Parks"])]
    lines = lines.assign(series=lines["scenario"] + ": " + lines["variable"].str.split("|").str[2])
    plots.timeseries(lines, x="year", y="value", hue="series", ylabel="Mt CO2/yr",
                     title="Avoided CO2 and the platforms' compute footprint")
    plt.show()
    return lines


def national_net(ranges, year):
    """Print, per framing, the central avoided CO2, compute footprint and net in ``year``."""
    net = ranges.pivot(index="framing", columns="term", values="central")
    for framing, row in net.iterrows():
        print(f"{framing}: {row['avoided_mt']:.1f} Mt CO2 avoided in {year}, compute footprint "
              f"{row['compute_mt'] * 1e3:.2f} kt ({row['compute_twh'] * 1e3:.1f} GWh), net {row['net_mt']:.1f} Mt")
    return net


def national_table(national, year):
    """The national IAMC results of ``year``: one row per variable, one column per framing."""
    out = national[national["year"] == year].pivot_table(index="variable", columns="scenario", values="value")
    _show(out)
    return out
