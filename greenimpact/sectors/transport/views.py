"""Report sections of the traffic-signal notebook (``notebooks/20_transport_signal_control.ipynb``).

Each function builds one table or figure of the report and returns the table it is built on, so
a notebook cell is a single call and the numbers stay testable in the library. Figures are drawn
with :mod:`greenimpact.plots` (matplotlib and seaborn imported inside the functions).
"""

from __future__ import annotations

import numpy as np

from greenimpact.sectors.transport.model import grid_factor, platform_devices
from greenimpact.sectors.transport.signals import hcm_control_delay, webster_delay

__all__ = [
    "assumptions",
    "delay_curves",
    "delay_figure",
    "detector_boxplot",
    "detectors",
    "did_estimate",
    "evidence",
    "measured_saving",
    "net_steps",
    "net_waterfall",
    "platform_table",
    "policy_view",
    "uncertainty_figure",
]

AVOIDED = "Emissions|CO2|Avoided|Transport|Signal Control"
COMPUTE = "Emissions|CO2|Compute|Transport|Signal Control"
DELAY = "Delay|Transport|Signal Control"


def assumptions(scenario: str, **overrides):
    """Every parameter of the run with its value, unit, range and source (or reason)."""
    from greenimpact import api

    table = api.parameters("transport", scenario, **overrides)
    return table[["parameter", "value", "unit", "low", "high", "source", "reason_or_note"]]


def delay_curves(cycle_s=90.0, green_s=45.0, saturation_flow_vph=1800.0, x=None, period_h=0.25):
    """Average delay against the degree of saturation from Webster and from the HCM.

    Webster's formula is shown for x < 0.98 (it diverges at 1); the HCM delay continues into
    oversaturation.

    Returns
    -------
    pandas.DataFrame
        Long format: ``x`` [-], ``model`` (``Webster (1958)`` or ``HCM 2000``), ``delay_s``
        [s/veh].

    Examples
    --------
    >>> d = delay_curves(x=[0.5, 0.8])
    >>> d.pivot(index="x", columns="model", values="delay_s").round(2).loc[0.8].tolist()
    [26.14, 23.63]
    """
    import pandas as pd

    xs = np.linspace(0.05, 1.2, 116) if x is None else np.asarray(x, dtype=float)
    capacity = saturation_flow_vph * green_s / cycle_s
    flow = xs * capacity
    under = xs < 0.98
    web = webster_delay(flow[under], saturation_flow_vph, cycle_s, green_s)
    hcm = hcm_control_delay(cycle_s, green_s, flow, capacity, period_h)
    return pd.concat(
        [
            pd.DataFrame({"x": xs[under], "model": "Webster (1958)", "delay_s": web}),
            pd.DataFrame({"x": xs, "model": "HCM 2000", "delay_s": hcm}),
        ],
        ignore_index=True,
    )




def delay_figure(cycle_s=90.0, green_s=45.0, saturation_flow_vph=1800.0):
    """:func:`delay_curves` as a figure, with the delays at x = 0.8 as dots (the published worked
    example at the defaults: Webster 23.63 s, HCM 26.14 s)."""
    import matplotlib.pyplot as plt

    from greenimpact import plots

    curves = delay_curves(cycle_s=cycle_s, green_s=green_s, saturation_flow_vph=saturation_flow_vph)
    ax = plots.curves(
        curves, x="x", y="delay_s", hue="model",
        title=f"Average delay against degree of saturation (C = {cycle_s:g} s, g/C = {green_s / cycle_s:g})",
        xlabel="degree of saturation x [-]", ylabel="delay [s/veh]",
    )
    capacity = saturation_flow_vph * green_s / cycle_s
    flow = 0.8 * capacity
    ax.scatter([0.8, 0.8], [float(webster_delay(flow, saturation_flow_vph, cycle_s, green_s)),
                            float(hcm_control_delay(cycle_s, green_s, flow, capacity))], color="k", zorder=3)
    ax.set_ylim(0, 120)
    plt.show()
    return curves


def detectors(detector_csv=None):
    """Daily detector records: the embedded SYNTHETIC example, or ``detector_csv`` validated
    against the ``detector_counts`` schema.

    Returns
    -------
    pandas.DataFrame
        The records with ``group`` (``treated`` / ``control``) and ``period`` (``before`` /
        ``after``) added; ``attrs["synthetic"]`` and ``attrs["label"]`` say where they come from.
    """
    from greenimpact import data

    frame = data.load("detector_counts") if detector_csv is None else data.load("detector_counts", path=detector_csv)
    frame = frame.assign(group=frame["treated"].map({True: "treated", False: "control"}),
                         period=frame["post"].map({True: "after", False: "before"}))
    synthetic = detector_csv is None
    frame.attrs.update(synthetic=synthetic, label="SYNTHETIC example data" if synthetic else "your detector data")
    return frame


def detector_boxplot(records):
    """The size of the detector panel, and daily delay per intersection before and after by group."""
    import matplotlib.pyplot as plt
    import seaborn as sns

    label = records.attrs["label"]
    print(f"{label}: {records['intersection'].nunique()} intersections, {records['date'].nunique()} days, "
          f"{len(records)} rows")
    ax = sns.boxplot(data=records, x="period", y="delay_s_per_veh", hue="group", order=["before", "after"],
                     hue_order=["control", "treated"])
    ax.set_title(f"Daily average delay per intersection, before and after ({label})")
    ax.set_ylabel("delay [s/veh]")
    sns.move_legend(ax, "upper left", bbox_to_anchor=(1.01, 1.0), fontsize="small", title_fontsize="small")
    plt.show()
    return ax


def did_estimate(records):
    """Difference-in-differences of the daily delay (intersection and day fixed effects, clustered
    by intersection), drawn with its 95 % CI next to the true effect of the synthetic data, with
    the design diagnostics and the event study (weekly leads and lags, joint pre-trend test).

    Returns
    -------
    greenimpact.stats.did.DiDResult
        The result of :func:`greenimpact.stats.difference_in_differences`.
    """
    import matplotlib.pyplot as plt
    import pandas as pd

    from greenimpact import plots
    from greenimpact.sectors.transport.synthetic import detector_data
    from greenimpact.stats import difference_in_differences, event_study

    did = difference_in_differences(records, "delay_s_per_veh", "treated", "post", cluster="intersection",
                                    unit="intersection", time="date")
    synthetic = records.attrs["synthetic"]
    true_effect = detector_data().attrs["true_effect_s"] if synthetic else None
    estimate = pd.DataFrame({"label": [f"DiD estimate ({records.attrs['label']})"], "estimate": [did.effect],
                             "low": [did.effect_ci[0]], "high": [did.effect_ci[1]]})
    title = "Difference-in-differences estimate with its 95 % CI"
    ax = plots.intervals(estimate, y="label", reference=true_effect, xlabel="change in delay [s/veh]",
                         title=title + (" (dashed: true synthetic effect)" if synthetic else ""))
    ax.figure.set_size_inches(8, 2.2)
    plt.show()
    draws = f", {did.weights} weights, {did.draws} draws" if did.draws else ""
    print(f"design: {did.n_clusters} intersections ({did.n_treated_clusters} treated, {did.n_control_clusters} "
          f"control), {did.n_pre_periods} days before, {did.n_post_periods} after; "
          f"95 % interval: {did.inference}{draws}")
    try:
        events = event_study(records, "delay_s_per_veh", "treated", "post", "intersection", "date", width=7)
    except ValueError as exc:  # e.g. a user's file whose switch-over date differs by intersection
        print(f"event study not drawn: {exc}")
    else:
        print(f"pre-trend test (all {events.n_leads} weekly leads = 0): F = {events.pretrend_f:.2f}, "
              f"p = {events.pretrend_p:.3f}" + ("; the groups were already drifting apart before the switch-over"
                                                if events.pretrend_p < 0.05 else ""))
        eax = events.plot(ylabel="treated - control delay vs last day before [s/veh]")
        eax.set_xlabel("weeks since the switch-over")
        eax.figure.set_size_inches(8, 3)
        plt.show()
    return did


def measured_saving(did, scenario: str, year: int, **overrides):
    """The avoided CO2 and the delay with control in ``year`` if the network's delay and stops fell
    by the relative effect ``did`` measured (``improvement = "delay_reduction"``)."""
    from greenimpact import api

    measured_pct = max(0.0, -100 * did.relative_effect)
    frame = api.run("transport", scenario,
                    **{**overrides, "improvement": "delay_reduction", "delay_reduction_pct": round(measured_pct, 2)})
    rows = (frame["year"] == year) & frame["variable"].isin([AVOIDED, f"{DELAY}|With Control"])
    return frame.loc[rows, ["variable", "unit", "value"]]


def uncertainty_figure(band, scenario: str, year: int):
    """The avoided CO2 per year: central case and 5-95 % band of the Monte Carlo (``band`` from
    :func:`~greenimpact.sectors.transport.model.uncertainty_by_year`), with the central cases of
    the evidence scenarios dashed.

    Returns
    -------
    pandas.DataFrame
        The rows of ``band`` for ``year``.
    """
    import matplotlib.pyplot as plt

    from greenimpact import api, plots

    avoided = band[band["term"] == "avoided_mt"].assign(case=f"{scenario} (5-95 % band)")
    ax = plots.curves(avoided, x="year", y="central", hue="case", low="p05", high="p95",
                      title="CO2 avoided by signal control", ylabel="avoided [Mt CO2/yr]")
    for name in ("evidence_low", "evidence_high"):
        other = api.run("transport", name)
        other = other[(other["variable"] == AVOIDED) & (other["value"] > 0)]
        ax.plot(other["year"], other["value"], linestyle="--", label=name)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize="small")
    ax.set_ylim(bottom=0)
    plt.show()
    return band[band["year"] == year].reset_index(drop=True)


def evidence(frame, year: int):
    """The evidence on adaptive and coordinated control, after the delay reduction this run
    implies in ``year`` (printed)."""
    from greenimpact import data

    implied = frame[frame["year"] == year].set_index("variable")["value"]
    implied_pct = 100 * (1 - implied[f"{DELAY}|With Control"] / implied[f"{DELAY}|Without Control"])
    print(f"delay reduction implied by this run: {implied_pct:.1f} %")
    table = data.load("signal_control_evidence")
    return table[["evidence_id", "system", "place", "metric", "value", "qualifier", "unit", "comparison", "kind",
                  "confidence"]]


def platform_table(params: dict, year: int):
    """The footprint of the signal-control platform in ``year``, device by device
    (:func:`greenimpact.compute.platform.platform_footprint` at the year's grid factor)."""
    from greenimpact.compute.platform import platform_footprint

    return platform_footprint(platform_devices(params), grid_factor(params, year))


def net_waterfall(frame, year: int):
    """:func:`net_steps` as a waterfall chart."""
    import matplotlib.pyplot as plt

    from greenimpact import plots

    steps = net_steps(frame, year).assign(step=lambda d: d["step"].str.replace(" ", "\n", n=1))
    plots.waterfall(steps, fmt="{:+.4f}", total_fmt="{:.4f}", title=f"From gross saving to net of compute, {year}",
                    ylabel="Mt CO2/yr")
    plt.show()
    return steps


def net_steps(frame, year: int):
    """From the gross saving to the net of the compute footprint, for :func:`greenimpact.plots.waterfall`.

    Returns
    -------
    pandas.DataFrame
        ``step, delta, total`` [Mt CO2/yr]: gross avoided CO2, minus the rebound, minus the
        platform's operational and embodied emissions, and the net.
    """
    import pandas as pd

    v = frame[frame["year"] == year].set_index("variable")["value"]
    if v.empty:
        raise ValueError(f"year {year} is not in the frame")
    base, comp = AVOIDED, COMPUTE
    gross = float(v[base + "|Gross"])
    rows = [
        ("gross avoided", gross, True),
        ("rebound", float(v[base]) - gross, False),
        ("platform electricity", -float(v[comp + "|Operational"]), False),
        ("platform embodied", -float(v[comp + "|Embodied"]), False),
        ("net of compute", float(v[base + "|Net of Compute"]), True),
    ]
    return pd.DataFrame(rows, columns=["step", "delta", "total"])


def policy_view(frame, params: dict, year: int = 2025):
    """The city's enabled saving against policy yardsticks.

    Parameters
    ----------
    frame : pandas.DataFrame
        The IAMC frame from ``greenimpact.run("transport", ...)`` (one scenario).
    params : dict
        The resolved parameters of that run (for the yardsticks; see
        :func:`greenimpact.api.parameters`).
    year : int
        Year to compare.

    Returns
    -------
    pandas.DataFrame
        ``item, value, unit, basis``: the avoided CO2, the compute footprint and the net; the
        avoided CO2 as a share of the city's motor-vehicle CO2, of the cut a 5 % lower carbon
        intensity would mean for those emissions at constant activity (the 2024-2025 action plan's
        transport target, seed-article claim), and of national transport CO2.
    """
    import pandas as pd

    sel = frame[frame["year"] == year].set_index("variable")["value"]
    if sel.empty:
        raise ValueError(
            f"year {year} is not in the frame (years {frame['year'].min()}-{frame['year'].max()})"
        )
    avoided = float(sel[AVOIDED])
    compute = float(sel[COMPUTE])
    city = float(params["city_vehicle_co2_mt"])
    cut = city * float(params["transport_intensity_cut_pct"]) / 100
    national = float(params["national_transport_co2_mt"])
    rows = [
        ("avoided CO2 (net of rebound)", avoided, "Mt CO2/yr", f"model, {year}"),
        ("compute footprint of the platform", compute, "Mt CO2/yr", f"model, {year}"),
        ("net of compute", avoided - compute, "Mt CO2/yr", f"model, {year}"),
        (
            "compute footprint / avoided",
            100 * compute / avoided if avoided else float("nan"),
            "%",
            "model",
        ),
        (
            "city motor-vehicle CO2",
            city,
            "Mt CO2/yr",
            "Li et al. 2020 (Beijing 2018, MOVES), verified",
        ),
        ("avoided / city motor-vehicle CO2", 100 * avoided / city, "%", "ratio"),
        (
            "cut from a 5 % lower transport carbon intensity",
            cut,
            "Mt CO2/yr",
            "city motor-vehicle CO2 x target at constant activity; target: seed-article claim C042 (unverified)",
        ),
        ("avoided / that cut", 100 * avoided / cut, "%", "ratio"),
        (
            "national transport CO2",
            national,
            "Mt CO2/yr",
            "assumption: about 10 % of national CO2 (seed-article claim C041, unverified)",
        ),
        ("avoided / national transport CO2", 100 * avoided / national, "%", "ratio"),
    ]
    return pd.DataFrame(rows, columns=["item", "value", "unit", "basis"])
