"""Report sections of the compute-footprint notebook (tables and seaborn figures).

Each function shows one section and returns the table it is built on, so a notebook cell is a
single call and the numbers stay testable in the library.
"""

from __future__ import annotations

import numpy as np

from greenimpact.checks import nonnegative, positive, share
from greenimpact.views import finish as _finish
from greenimpact.views import markdown as _md
from greenimpact.views import show as _show

__all__ = [
    "accelerator_check",
    "ai_requests",
    "assumptions",
    "demand_history_and_projection",
    "emissions",
    "national_share",
    "pue_against_targets",
    "renewables_against_targets",
    "scenario_summary",
    "top_down",
    "waste_heat_case",
    "water",
    "flexibility",
    "rack_density",
    "history_band",
    "market_instruments",
    "grid_factors_2023",
    "plausibility_2035",
]

#: how far outside a band still counts as inside (relative), for rounding in published figures
BAND_RTOL = 0.005


def _pivot(frame):
    return frame.pivot_table(index="year", columns="variable", values="value")


def assumptions(scenario: str, **overrides):
    """Every parameter value of the scenario with its unit, range and source."""
    from greenimpact import api

    table = api.parameters("compute", scenario, **overrides)
    table["value"] = table["value"].map(_fmt)
    for col in ("low", "high"):
        table[col] = table[col].map(lambda v: "" if v is None or (isinstance(v, float) and np.isnan(v)) else _fmt(v))
    _show(table.drop(columns=["description"]))
    return table


def _fmt(v):
    if isinstance(v, dict):
        return ", ".join(f"{k}: {x:g}" for k, x in v.items())
    if isinstance(v, float):
        return f"{v:g}"
    return str(v)


def scenario_summary(frames: dict, year: int = 2030):
    """Key results of every scenario in ``frames`` (name -> IAMC frame) in ``year``."""
    import pandas as pd

    rows = []
    for name, frame in frames.items():
        piv = _pivot(frame)
        if year not in piv.index:
            raise ValueError(f"year must lie within the results of scenario {name!r}, got {year}")
        r = piv.loc[year]
        rows.append(
            {
                "scenario": name,
                "electricity_TWh": r["Electricity|Data Centres"],
                "share_of_national_pct": r["Electricity|Data Centres|Share"],
                "PUE": r["PUE|Data Centres"],
                "location_based_MtCO2": r["Emissions|CO2|Data Centres|Location-based"],
                "market_based_MtCO2": r["Emissions|CO2|Data Centres|Market-based"],
                "accelerators_million": r["Accelerators|Installed|Data Centres"],
            }
        )
    table = pd.DataFrame(rows).round(2)
    _show(_md(f"**All named scenarios in {year}**"), table)
    return table


def top_down(end_year: int = 2035):
    """statsmodels fits: damped-trend ETS of national consumption (NEA 2015-2025) and a
    log-linear trend through every published view of China's data-centre electricity."""
    import pandas as pd

    from greenimpact import data
    from greenimpact.compute import demand

    nat = data.load("electricity_consumption").query("series == 'NEA statistics'").sort_values("year")
    ets, ets_info = demand.fit_ets_damped(nat["year"], nat["value"], horizon=end_year - int(nat["year"].max()))
    views = data.load("dc_electricity").query("region == 'CN'")
    years = np.arange(int(views["year"].min()), end_year + 1)
    ll, ll_info = demand.fit_loglinear(views["year"], views["value"], years)
    text = (
        "**Top-down fits (statsmodels).** National consumption: damped additive-trend exponential smoothing of "
        f"ln(NEA 2015–{int(nat['year'].max())}), n = {ets_info['n']}, damping φ = {ets_info['damping_trend']:.2f}; "
        f"{end_year}: {ets['mean'].iloc[-1]:,.0f} TWh (95 % PI {ets['pi_low'].iloc[-1]:,.0f}–{ets['pi_high'].iloc[-1]:,.0f}). "
        "The interval reflects the year-to-year noise of a very smooth series, not structural change.\n\n"
        "Data centres: no single Chinese series has enough years to fit, so the fit pools **every published view** "
        f"for China (estimates and projections, n = {ll_info['n']}, {len(views['series'].unique())} sources) in a "
        f"log-linear regression: {ll_info['growth_pct']:.1f} %/yr (95 % CI {ll_info['growth_ci_pct'][0]:.1f} to "
        f"{ll_info['growth_ci_pct'][1]:.1f}). Its wide prediction interval is the disagreement between sources, "
        "which is why the scenarios below are bottom-up and anchored on one named source."
    )
    _show(_md(text))
    out = pd.concat(
        [ets.assign(fit="National consumption, ETS damped"), ll.assign(fit="Data centres, log-linear (all views)")],
        ignore_index=True,
    )
    return out


def demand_history_and_projection(scenario: str, frames: dict, top_down_fit=None):
    """Published series (points), every scenario (lines; the selected one bold) and the
    top-down band, for China's data-centre electricity."""
    import matplotlib.pyplot as plt
    import seaborn as sns

    from greenimpact import plots
    from greenimpact.compute import demand

    hist = demand.history()
    fig, ax = plt.subplots(figsize=(9, 5))
    if top_down_fit is not None:
        band = top_down_fit[top_down_fit["fit"].str.startswith("Data centres")]
        ax.fill_between(band["year"], band["pi_low"], band["pi_high"], color="0.85", label="top-down 95 % PI (all views)")
        ax.plot(band["year"], band["mean"], color="0.6", linestyle="--", label="top-down trend")
    for name, frame in frames.items():
        s = frame[frame["variable"] == "Electricity|Data Centres"]
        ax.plot(s["year"], s["value"], linewidth=3 if name == scenario else 1.2, alpha=1 if name == scenario else 0.6,
                label=f"scenario {name}")
    sns.scatterplot(data=hist, x="year", y="value", hue="series", style="kind", s=70, ax=ax, zorder=5)
    ax.set_yscale("log")
    plots.year_axis(ax)
    ax.set_ylabel("data-centre electricity [TWh/yr] (log scale)")
    ax.set_title("China data-centre electricity: published estimates, scenarios and top-down trend")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize="small")
    plt.show()
    _show(_md("**Published series and their share of national consumption** (NEA of the same year; "
              "`share_reported` is what the source itself stated)"),
          hist.round({"share_pct": 2}))
    return hist


def national_share(frame, scenario: str):
    """Share of national consumption, and the national total the article's 700 TWh = 5.3 %
    implies beside the model's projection."""
    import matplotlib.pyplot as plt
    import pandas as pd

    piv = _pivot(frame)
    implied = 700 / 0.053
    nat_2030 = piv.loc[2030, "Electricity|Total"] if 2030 in piv.index else float("nan")
    fig, ax = plt.subplots()
    ax.plot(piv.index, piv["Electricity|Data Centres|Share"], marker="o", label=f"scenario {scenario}")
    ax.scatter([2023, 2030], [1.6, 5.3], marker="*", s=180, color="C3", zorder=5, label="seed article's claims")
    ax.set_ylabel("share of national electricity [%]")
    ax.set_title("Data centres' share of national electricity consumption")
    ax.legend()
    _finish(ax)
    table = pd.DataFrame(
        {
            "quantity": ["national consumption 2030, model projection", "national consumption 2030 implied by 700 TWh = 5.3 %"],
            "TWh": [round(nat_2030), round(implied)],
        }
    )
    _show(table)
    return table


def emissions(frame, scenario: str):
    """Location- vs market-based emissions and the renewable claim behind the difference."""
    import matplotlib.pyplot as plt

    from greenimpact.compute import carbon

    piv = _pivot(frame)
    fig, ax = plt.subplots()
    ax.plot(piv.index, piv["Emissions|CO2|Data Centres|Location-based"], marker="o", label="location-based")
    ax.plot(piv.index, piv["Emissions|CO2|Data Centres|Market-based"], marker="s", label="market-based (residual factor)")
    ax.set_ylabel("Mt CO2/yr")
    ax.set_title(f"Data-centre CO2, location- vs market-based — {scenario}")
    ax.legend()
    _finish(ax)
    ratio = piv["Emission Factor|Electricity|Residual"] / piv["Emission Factor|Electricity|Location-based"]
    s_star = float(carbon.break_even_share_pct(1.0, ratio.iloc[-1]))
    _show(_md(
        "Market-based emissions price the electricity not covered by renewable claims at the residual factor, which "
        "excludes non-fossil power traded to others (MEE/NBS 2022: 0.5856 vs 0.5366 kg CO2/kWh), so nothing is "
        f"counted twice. They fall below location-based emissions only above a claimed share of about {s_star:.1f} %."
    ))
    cols = ["Electricity|Data Centres", "Renewable Share|Data Centres", "Green Certificates|Data Centres",
            "Emissions|CO2|Data Centres|Location-based", "Emissions|CO2|Data Centres|Market-based"]
    return piv[cols]


def renewables_against_targets(frame, scenario: str, certificate_price_cny: float | None = None):
    """Modelled renewable share against the renewable-share targets; certificates needed to meet
    each target and their cost at the certificate price."""
    import matplotlib.pyplot as plt
    import pandas as pd

    from greenimpact import data
    from greenimpact.compute import carbon

    targets = data.load("renewable_targets")
    if certificate_price_cny is None:
        gec = data.load("green_certificates").query("quantity == 'standalone_price'")
        certificate_price_cny = float(gec["value"].iloc[-1])
    piv = _pivot(frame)
    fig, ax = plt.subplots()
    ax.plot(piv.index, piv["Renewable Share|Data Centres"], marker="o", label=f"scenario {scenario}")
    for i, (target, part) in enumerate(targets.groupby("target", sort=False)):
        ax.step(part["year"], part["value"], where="post", linestyle="--", color=f"C{i + 1}")
        ax.scatter(part["year"], part["value"], marker="D", color=f"C{i + 1}", label=target, zorder=4)
    ax.set_ylim(0, 105)
    ax.set_ylabel("renewable share of data-centre electricity [%]")
    ax.set_title("Renewable share against targets")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize="small")
    _finish(ax)
    rows = []
    for _, t in targets.iterrows():
        year = int(t["year"])
        if year not in piv.index:
            continue
        e = piv.loc[year, "Electricity|Data Centres"]
        have = piv.loc[year, "Renewable Share|Data Centres"]
        # certificates needed to lift the whole fleet to the target, beyond what it already claims
        need = carbon.certificates_needed(e, t["value"], e * have / 100, price_cny=certificate_price_cny)
        rows.append(
            {
                "target": t["target"],
                "year": year,
                "target_pct": t["value"],
                "model_pct": round(have, 1),
                "met": bool(have >= t["value"]),
                "extra_certificates_million": round(float(need["certificates_million"]), 1),
                "extra_cost_million_CNY": round(float(need["cost_million_cny"]), 1),
            }
        )
    table = pd.DataFrame(rows)
    _show(_md(f"Extra certificates valued at {certificate_price_cny:g} CNY per certificate (1 certificate = 1 MWh)."), table)
    return table


def pue_against_targets(frame, scenario: str, params: dict | None = None):
    """Fleet PUE against the national-average target along the trajectory, and which cooling
    technology can meet the targets that apply to subsets (hub nodes, new large data centres,
    government procurement, the green data-centre list)."""
    import matplotlib.pyplot as plt
    import pandas as pd

    from greenimpact import data
    from greenimpact.compute import facilities
    from greenimpact.scenarios import interpolate

    piv = _pivot(frame)
    years = piv.index.to_numpy()
    fleet = piv["PUE|Data Centres"].to_numpy()
    targets = facilities.load_pue_targets()
    national = targets[targets["scope"] == "national_average"]
    checks = facilities.check_pue_targets(years, {"national_average": fleet}, national, all_years=False)
    observed = data.load("pue_observed").query("region == 'CN' and series == 'national average'")
    fig, ax = plt.subplots()
    ax.plot(years, fleet, marker="o", label=f"fleet PUE, {scenario}")
    ax.scatter(observed["year"], observed["value"], color="k", zorder=5, label="observed national average")
    for i, (cap, part) in enumerate(targets.groupby("pue_max", sort=True)):
        ax.axhline(cap, linestyle=":", color=f"C{i + 1}", linewidth=1.2,
                   label=f"cap {cap:g}: " + ", ".join(sorted(set(part["scope"]))))
    ax.set_ylabel("PUE [-]")
    ax.set_title("Fleet PUE against policy caps")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize="small")
    _finish(ax)
    _show(_md("**National-average target** (the only one that applies to the whole fleet)"), checks)
    if params is not None:
        rows = []
        for _, t in targets[targets["scope"] != "national_average"].iterrows():
            year = int(t["year"])
            tech = {
                "air": float(interpolate(params["pue_air"], [year])[0]),
                "cold_plate": float(params["pue_cold_plate"]),
                "immersion": float(params["pue_immersion"]),
            }
            cap, strict = float(t["pue_max"]), t["comparison"] == "<"
            rows.append({"target_id": t["target_id"], "applies_to": t["applies_to"], "year": year,
                         "cap": f"{t['comparison']} {cap:g}",
                         **{f"{k}_pue": round(v, 3) for k, v in tech.items()},
                         **{f"{k}_meets": bool(v < cap if strict else v <= cap) for k, v in tech.items()}})
        table = pd.DataFrame(rows)
        _show(_md("**Targets for subsets of data centres**: which cooling technology (at the scenario's PUE for it) meets each cap"), table)
    return checks


def waste_heat_case():
    """The seed article's China Mobile Harbin waste-heat case reproduced from its stated inputs,
    with the heat load per m2 and the heat price it implies, against a sourced design load."""
    import pandas as pd

    from greenimpact import data
    from greenimpact.compute import facilities

    case = facilities.harbin_case()
    units = {"heat_kw": "kW", "area_m2": "m2", "saving_cny_per_yr": "CNY/yr", "season_h": "h",
             "design_load_w_per_m2": "W/m2", "heat_delivered_mwh": "MWh/yr", "price_cny_per_kwh": "CNY/kWh",
             "price_cny_per_gj": "CNY/GJ", "saving_cny_per_m2": "CNY/m2 per season"}
    table = pd.DataFrame([{"quantity": k, "value": round(float(v), 4), "unit": units.get(k, "")} for k, v in case.items()])
    params = data.load("facility_parameters")
    index = params[params["parameter"].str.contains("heat_index", case=False)] if "parameter" in params else params.iloc[0:0]
    text = (
        f"The article's numbers imply **{case['design_load_w_per_m2']:.1f} W/m²** of heat per heated m² at full output "
        f"all season ({case['season_h']:.0f} h) and a heat value of **{case['price_cny_per_kwh']:.3f} CNY/kWh**."
    )
    if not index.empty:
        lo, hi = index["value"].min(), index["value"].max()
        area = facilities.heated_area_m2(case["heat_kw"], [hi, lo])
        text += (
            f" A sourced office heat index for severe-cold regions ({lo:g}–{hi:g} W/m², CJJ 34) would heat "
            f"{area[0]:,.0f}–{area[1]:,.0f} m² with the same heat, more than the article states: the article's "
            "figures fit together only at a higher heat load (or the 10,327 kW also covers hot water)."
        )
    _show(_md(text), table)
    return table


def ai_requests(requests_per_day: float = 200e6):
    """Energy per AI request from fleet figures and published per-query estimates, with the daily
    energy and US-household equivalents each implies for ``requests_per_day``."""
    from greenimpact.compute import ai

    fleet = float(ai.fleet_wh_per_request(3617, 6.5, 13e6 * 15))
    table = ai.request_estimates(requests_per_day)
    _show(_md(
        f"de Vries (2023) fleet arithmetic: 3,617 servers × 6.5 kW × 24 h = 564 MWh/day over 195 million requests "
        f"= **{fleet:.2f} Wh/request**. The seed article's ChatGPT figures (about 200 million requests, over "
        "500,000 kWh a day, about 17,000 US households) rest on that peak-power estimate; per-query estimates "
        "from 2025 are about ten times lower."
    ), table.round({"kwh_per_day": 0, "households": 0}))
    return table


def accelerator_check(frame, scenario: str, year: int = 2030):
    """Accelerators the scenario needs in China against world data-centre GPU shipments, and the
    demand-side AI estimate against the accelerator fleet's electricity."""
    import pandas as pd

    from greenimpact import data

    piv = _pivot(frame)
    ship = data.load("gpu_shipments").query("series == 'Data-centre GPUs (all vendors)'").sort_values("year")
    last = ship.iloc[-1]
    r = piv.loc[year]
    table = pd.DataFrame(
        [
            {"quantity": f"accelerators installed in China, {year}", "value": r["Accelerators|Installed|Data Centres"], "unit": "million"},
            {"quantity": f"accelerators shipped into China, {year}", "value": r["Accelerators|Shipments|Data Centres"], "unit": "million"},
            {"quantity": f"world data-centre GPU shipments, {int(last['year'])}", "value": last["value"], "unit": "million"},
            {"quantity": f"accelerated-server IT electricity, {year}", "value": r["Electricity|Data Centres|IT|Accelerated Servers"], "unit": "TWh/yr"},
            {"quantity": f"AI inference (requests x Wh/request), {year}", "value": r["Electricity|Data Centres|AI Inference"], "unit": "TWh/yr"},
            {"quantity": f"AI training (training share of AI electricity), {year}", "value": r["Electricity|Data Centres|AI Training"], "unit": "TWh/yr"},
            {"quantity": f"other accelerated workloads (fleet minus AI), {year}",
             "value": r["Electricity|Data Centres|Other Accelerated Workloads"], "unit": "TWh/yr"},
            {"quantity": "share of accelerated electricity explained by inference + training",
             "value": 100 * (r["Electricity|Data Centres|AI Inference"] + r["Electricity|Data Centres|AI Training"])
             / r["Electricity|Data Centres|IT|Accelerated Servers"], "unit": "%"},
        ]
    ).round({"value": 2})
    _show(_md(
        f"**Plausibility of the accelerator fleet in scenario {scenario}.** The demand side (published token "
        "volumes in requests of 1,000 tokens × server Wh per request, no PUE, plus training as its share of AI "
        "electricity) explains part of the fleet's electricity; the rest is shown as its own term, other "
        "accelerated workloads (recommendation and other non-generative models, HPC, idle and reserved capacity) — "
        "or a fleet larger than demand needs. Inference, training and the other term add up to the fleet."
    ), table)
    return table


def water(frame, scenario: str, params: dict):
    """Site water beside electricity, and what a water-reuse share would save."""
    import pandas as pd

    from greenimpact.compute import facilities

    piv = _pivot(frame)
    table = pd.DataFrame(
        {
            "electricity_TWh": piv["Electricity|Data Centres"],
            "water_million_m3": piv["Water|Data Centres"],
            "WUE_L_per_kWh": params["wue_l_per_kwh"],
        }
    )
    cooling = facilities.load_cooling_technologies()
    cooling = cooling[cooling["parameter"] == "wue"]
    _show(_md(
        f"**Water beside energy ({scenario}).** Site water = facility electricity × WUE ({params['wue_l_per_kwh']:g} L/kWh, "
        "the US fleet average reported by LBNL; no Chinese fleet figure was found). No source gives WUE by cooling "
        "technology, so liquid cooling gets no water credit here:"), cooling)
    return table.round(2)


#: Hours of an illustrative Chinese time-of-use day (assumption): valley 23-07, peak 08-11 and 18-23.
TOU_HOURS = {"valley": [23, 0, 1, 2, 3, 4, 5, 6], "peak": [8, 9, 10, 18, 19, 20, 21, 22]}


def flexibility(tariff_cny_per_mwh: dict, deferrable_pct: float, spare_capacity_pct: float,
                load_mw: float = 100.0, grid_factor_kg_per_kwh: float = 0.5366):
    """Shift a deferrable share of a flat data-centre load into cheap hours of a three-level
    time-of-use tariff (one day, 24 h); cost saved, beside the ABB Xiamen 22.98 % reference."""
    import matplotlib.pyplot as plt
    import pandas as pd

    from greenimpact.compute import facilities

    missing = {"valley", "flat", "peak"} - set(tariff_cny_per_mwh)
    if missing:
        raise ValueError(f"tariff_cny_per_mwh needs prices for {sorted(missing)}")
    share(deferrable_pct, "deferrable_pct")
    nonnegative(spare_capacity_pct, "spare_capacity_pct", "%")
    nonnegative(load_mw, "load_mw", "MW")
    hours = np.arange(24)
    level = np.where(np.isin(hours, TOU_HOURS["valley"]), "valley", np.where(np.isin(hours, TOU_HOURS["peak"]), "peak", "flat"))
    tariff = np.array([tariff_cny_per_mwh[k] for k in level], dtype=float)
    load = np.full(24, float(load_mw))
    res = facilities.shift_load(load, tariff, np.full(24, grid_factor_kg_per_kwh), deferrable_pct / 100,
                                max_power_mw=load * (1 + spare_capacity_pct / 100))
    fig, ax = plt.subplots(figsize=(8, 3.2))
    ax.step(hours, load, where="post", label="before")
    ax.step(hours, res["load_mw"], where="post", label="after shifting")
    ax2 = ax.twinx()
    ax2.step(hours, tariff, where="post", color="0.6", linestyle=":", label="tariff")
    ax.set_xlabel("hour of day")
    ax.set_ylabel("load [MW]")
    ax2.set_ylabel("tariff [CNY/MWh]")
    ax.set_title("Shifting deferrable compute load against a time-of-use tariff (illustrative)")
    ax.legend(loc="upper left", fontsize="small")
    plt.show()
    table = pd.DataFrame([{
        "load_MW": load_mw, "deferrable_pct": deferrable_pct, "spare_capacity_pct": spare_capacity_pct,
        "cost_before_CNY_per_day": round(float(res["cost_before_cny"])), "cost_after_CNY_per_day": round(float(res["cost_after_cny"])),
        "cost_saving_pct": round(100 * float(res["cost_saving_share"]), 1),
        "ABB Xiamen reference_pct": 22.98,
    }])
    _show(_md(
        "With a flat grid intensity the shift saves cost, not CO2; an hourly intensity profile (not available for China "
        "in the embedded data) would give the CO2 side. The ABB Xiamen figure (−22.98 % electricity cost) is a whole-site "
        "PV + storage + HVAC system: an order-of-magnitude reference, not a like-for-like check."), table)
    return table


def rack_density(it_load_mw: float = 100.0):
    """Racks needed for an IT load at the rack densities of each cooling technology (the
    article's 8-10 kW air-cooled and 33 / 66 kW liquid-cooled racks), beside their PUE."""
    import pandas as pd

    from greenimpact.compute import facilities

    positive(it_load_mw, "it_load_mw", "MW")
    tech = facilities.load_cooling_technologies()
    dens = tech[tech["parameter"] == "rack_density"]
    pue = tech[(tech["parameter"] == "pue") & (tech["bound"] == "central")].set_index("technology")["value"]
    rows = []
    for _, r in dens.iterrows():
        rows.append({"technology": r["technology"], "density_kW_per_rack": r["value"], "bound": r["bound"],
                     "source": r["series"], "confidence": r["confidence"],
                     f"racks_for_{it_load_mw:g}_MW_IT": int(np.ceil(facilities.racks_needed(it_load_mw * 1000, r["value"]))),
                     "pue_central": pue.get(r["technology"], np.nan)})
    table = pd.DataFrame(rows)
    _show(_md(f"**Rack density.** Denser liquid-cooled racks need fewer racks and less floor space for the same "
              f"{it_load_mw:g} MW of IT; all density figures are unverified (article claims or industry rules of thumb)."), table)
    return table


def _band(region: str = "CN"):
    """Published estimates of past years (kind ``estimate``) per year: min, max, count, scopes."""
    from greenimpact import data

    dc = data.load("dc_electricity").query("region == @region and kind == 'estimate'")
    dc = dc.assign(scope=dc["boundary"] + " / " + dc["coverage"])
    return dc.groupby("year").agg(
        published_min=("value", "min"), published_max=("value", "max"), estimates=("value", "size"),
        series=("series", lambda v: "; ".join(v)), scopes=("scope", lambda v: "; ".join(sorted(set(v)))),
    )


def history_band(frame, scenario: str):
    r"""The model's years up to the anchor beside the published estimates for those years.

    Every published China estimate of a past year (``dc_electricity``, kind ``estimate``) is a
    point of the band for its year, labelled with its scope (``boundary`` / ``coverage``). A
    model year is *inside* when ``min (1 - rtol) <= model <= max (1 + rtol)``
    (:data:`BAND_RTOL`); years before the anchor carry the back-cast flag of the output
    (``Electricity|Data Centres|Back-cast`` = 1), whatever their status.

    Returns
    -------
    pandas.DataFrame
        One row per model year up to the anchor year with a published estimate: ``year``,
        ``model_TWh``, ``back_cast`` (0/1), ``published_min``, ``published_max``, ``estimates``,
        ``status`` (inside, below, above), ``series``, ``scopes``.
    """
    piv = _pivot(frame)
    band = _band()
    flag = piv["Electricity|Data Centres|Back-cast"]
    anchor = int(flag[flag == 0].index.min())
    years = [int(y) for y in band.index if y in piv.index and y <= anchor]
    table = band.loc[years].reset_index()
    table.insert(1, "model_TWh", piv.loc[years, "Electricity|Data Centres"].to_numpy())
    table.insert(2, "back_cast", flag.loc[years].to_numpy().astype(int))
    lo = table["published_min"] * (1 - BAND_RTOL)
    hi = table["published_max"] * (1 + BAND_RTOL)
    table.insert(6, "status", np.where(table["model_TWh"] < lo, "below", np.where(table["model_TWh"] > hi, "above", "inside")))
    _show(_md(
        f"**History is evidence, not model output (scenario {scenario}).** The model starts at its anchor "
        f"({anchor}); earlier years are a back-cast at a constant growth rate and are flagged "
        "`Electricity|Data Centres|Back-cast = 1` in the results. The published estimates disagree by a factor of "
        "two or more for the same year and mostly do not state their scope (whole site or IT; all server rooms or "
        "large centres), so they are shown as a band, never spliced into one series."
    ), table.round({"model_TWh": 1}))
    return table


def market_instruments(frame, scenario: str):
    """Data centres' certificate and green-power claims against the market that existed.

    Returns
    -------
    pandas.DataFrame
        Per year: the model's certificates [million] and green-power trades [TWh], the national
        published figure for the same period where one exists, and the data centres' share of it.
    """
    import pandas as pd

    from greenimpact import data

    piv = _pivot(frame)
    ms = data.load("green_market_milestones")
    gec = data.load("green_certificates").set_index(["quantity", "period"])["value"]
    cert = piv["Green Certificates|Data Centres"]
    ppa = piv["Electricity|Data Centres|Green Power Trading"]
    cum_2023 = float(cert.loc[:2023].sum())
    rows = [
        {"check": "data-centre certificates 2018-2023 vs all certificates traded by end-2023",
         "model": cum_2023, "published": float(gec[("traded_cumulative", "end-2023")]), "unit": "million GEC"},
        {"check": "data-centre certificates 2024 vs certificates traded in 2024",
         "model": float(cert.loc[2024]), "published": float(gec[("traded", "2024")]), "unit": "million GEC"},
        {"check": "data-centre green-power trades 2021-2023 vs cumulative green-power trades to Oct 2023",
         "model": float(ppa.loc[2021:2023].sum()), "published": float(gec[("green_power_traded_cumulative", "2023-10")]),
         "unit": "TWh"},
    ]
    table = pd.DataFrame(rows)
    table["share_pct"] = 100 * table["model"] / table["published"]
    starts = ", ".join(f"{r.instrument} {r.event.replace('_', ' ')} {r.year}-{r.month:02d}" for r in ms.itertuples())
    _show(_md(
        f"**Market instruments only when they existed (scenario {scenario}).** Claims through an instrument are "
        f"zero before its start ({starts}); the data centres' claims are set against the national volumes "
        "published for the same period (lower bounds where the source says 'passed')."
    ), table.round(2))
    return table


def grid_factors_2023():
    """The MEE/NBS national factors by year, the implied traded non-fossil share and the
    break-even renewable share (1 - average / residual).

    Returns
    -------
    pandas.DataFrame
        One row per data year with ``average``, ``excl_traded_nonfossil``, ``fossil_only``
        [kg CO2/kWh], ``residual_to_average`` [-] and ``break_even_pct`` [%].
    """
    from greenimpact import data
    from greenimpact.compute.carbon import break_even_share_pct

    ef = data.load("grid_emission_factors").query("region == 'CN' and factor != 'enterprise_reporting'")
    table = ef.pivot_table(index="year", columns="factor", values="value")
    table["residual_to_average"] = table["excl_traded_nonfossil"] / table["average"]
    table["break_even_pct"] = break_even_share_pct(table["average"], table["excl_traded_nonfossil"].fillna(table["average"]))
    table.loc[table["excl_traded_nonfossil"].isna(), ["residual_to_average", "break_even_pct"]] = np.nan
    table = table.reset_index()
    _show(_md(
        "**Grid factors (MEE/NBS).** The residual factor rises while the average falls, because more non-fossil "
        "power is sold through the market and leaves the residual mix: the break-even renewable share at which a "
        "market-based claim lowers emissions below location-based moved from 8.4 % (2022) to 13.0 % (2023)."
    ), table.round(4))
    return table


def plausibility_2035(frames: dict, year: int = 2035):
    """Each compute scenario's ``year`` value beside the published projections for that year.

    China projections for 2035 in TWh were not located; the comparison is with IEA's global
    projections (base case and Lift-Off) through China's share of the global total, which IEA
    puts at 24.6 % in 2024 (102 / 415 TWh) and 29.3 % in its 2030 base case (277 / 945 TWh).

    Returns
    -------
    pandas.DataFrame
        One row per scenario: ``TWh``, ``pct_of_<series>`` for each published global projection
        of ``year``, and ``verdict`` (within the range of the implied China values at the 2024-2030
        IEA shares, or the reason why not).
    """
    import pandas as pd

    from greenimpact import data

    dc = data.load("dc_electricity")
    world = dc.query("region == 'World' and kind == 'projection' and year == @year")
    if world.empty:
        raise ValueError(f"dc_electricity has no World projection for {year}")
    iea = dc.query("series == 'IEA Energy and AI 2025'").set_index(["region", "year"])["value"]
    shares = sorted([iea[("CN", 2024)] / iea[("World", 2024)], iea[("CN", 2030)] / iea[("World", 2030)]])
    low, high = shares[0] * world["value"].min(), shares[1] * world["value"].max()
    rows = []
    for name, frame in frames.items():
        v = float(_pivot(frame).loc[year, "Electricity|Data Centres"])
        row = {"scenario": name, "TWh": v}
        for r in world.itertuples():
            row[f"pct_of_{r.series} ({r.value:g})"] = 100 * v / r.value
        row["verdict"] = ("within the published range" if low <= v <= high else
                          f"above: needs China > {100 * shares[1]:.0f} % of IEA's highest global case" if v > high else
                          f"below: China < {100 * shares[0]:.0f} % of IEA's lowest global case")
        rows.append(row)
    table = pd.DataFrame(rows)
    _show(_md(
        f"**{year} against published projections.** IEA's global data-centre electricity in {year} "
        f"({', '.join(f'{r.series}: {r.value:g} TWh' for r in world.itertuples())}) at China's IEA share of "
        f"{100 * shares[0]:.1f}-{100 * shares[1]:.1f} % gives {low:.0f}-{high:.0f} TWh for China. A scenario outside "
        "that range needs China's share of the world to move beyond IEA's own path; no China-specific projection "
        f"for {year} in TWh was located."
    ), table.round(1))
    return table
