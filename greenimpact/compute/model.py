"""The compute-footprint model: ``greenimpact.run("compute", scenario, **overrides)``.

Composes :mod:`.demand`, :mod:`.facilities` and :mod:`.carbon` into yearly IAMC results for
China (region ``CN``) from 2018 to ``end_year``:

1. **Anchor** — facility electricity in ``base_year`` is a published estimate
   (``anchor_series`` of the ``dc_electricity`` dataset). Years before it are a *back-cast* at
   ``history_growth_pct``, flagged in the output (``Electricity|Data Centres|Back-cast`` = 1):
   they are a model artefact, not history. The published estimates for those years, with their
   scope, are in the ``dc_history_band`` dataset and :func:`greenimpact.compute.views.history_band`
   shows the back-cast against them. (The back-cast is kept, flagged, so that consumers that
   need a path from 2018 — the net account's enablement ratio from 2020 — keep working; start
   at the anchor by reading only years with flag 0.)
2. **Facilities** — fleet PUE is the IT-energy-weighted mix of air, cold-plate and immersion
   cooling along the adoption paths; IT electricity = facility electricity / PUE.
3. **Demand** — from the base year on, IT electricity is bottom-up: the accelerator fleet
   (shipments, retirements, power per device, utilisation, host overhead) plus conventional
   servers, storage and network; facility electricity = IT x PUE. On the demand side AI
   inference (requests x server Wh per request, IT boundary: no PUE) and training (its share of
   AI electricity) are set against the fleet; what the fleet draws beyond them is reported as
   ``Other Accelerated Workloads`` (negative when the demand side exceeds the fleet).
4. **Carbon** — location-based emissions at the MEE/NBS average grid factor; market-based at
   the residual factor after on-site, green-power (PPA) and certificate claims. The residual
   factor is ``average / (1 - s)`` with ``s`` the traded non-fossil share: implied by the
   published factor pairs, and after the last pair the traded volume grows at
   ``traded_nonfossil_growth_pct`` over national consumption. Green-power and certificate
   claims are zero before their markets started (``green_market_milestones``).
5. **Shares** — national consumption is NEA statistics up to the last reported year, then grows
   at ``national_growth_pct``.
"""

from __future__ import annotations

import numpy as np

from greenimpact.scenarios import interpolate

__all__ = ["FIRST_YEAR", "compute_paths", "run"]

FIRST_YEAR = 2018
REGION = "CN"


def _anchor_twh(series: str, year: int) -> float:
    from greenimpact import data

    dc = data.load("dc_electricity").query("region == @REGION and series == @series")
    if dc.empty:
        raise ValueError(f"anchor_series {series!r} is not a China series of the dc_electricity dataset")
    row = dc[dc["year"] == year]
    if row.empty:
        raise ValueError(
            f"anchor_series {series!r} has no value for base_year {year}; it has {sorted(dc['year'].tolist())}"
        )
    return float(row["value"].iloc[0])


def _national(years, growth_pct):
    """NEA statistics where reported, then growth at ``growth_pct`` from the last reported year."""
    from greenimpact import data
    from greenimpact.compute.demand import national_consumption

    nea = data.load("electricity_consumption").query("series == 'NEA statistics'").set_index("year")["value"]
    last = int(nea.index.max())
    grid = np.arange(min(years[0], last), max(years[-1], last) + 1)
    proj = national_consumption(grid, base_year=last, base_twh=float(nea[last]), growth_pct=growth_pct)
    out = np.array([float(nea[y]) if y in nea.index else proj[y - grid[0]] for y in years])
    return out, last


def _grid_factors(years, future: dict, series: str = "average"):
    """Location-based grid factor: the published national values of ``series`` (``average``:
    MEE/NBS consumption accounting; ``enterprise_reporting``: the ETS reporting convention),
    held flat before the first, interpolated to the ``future`` path."""
    from greenimpact import data

    ef = data.load("grid_emission_factors").query("region == 'CN'")
    published = ef[ef["factor"] == series].set_index("year")["value"]
    if published.empty:
        raise ValueError(f"grid_factor_series {series!r} has no national values in grid_emission_factors")
    points = {int(y): float(v) for y, v in published.items()}
    clash = {y for y in future if y <= max(points)}
    if clash:
        raise ValueError(f"grid_factor_future must start after {max(points)} (published values); got {sorted(clash)}")
    points.update(future)
    return interpolate(points, years)


def _traded_share(years, national_twh, growth_pct):
    """Share of market-traded non-fossil electricity [%]: implied by each MEE/NBS year that
    publishes both national factors (s = 1 - average/residual), held flat before the first; after
    the last, the implied traded volume s x national grows at ``growth_pct`` and is divided by
    the national consumption path."""
    from greenimpact import data
    from greenimpact.compute.carbon import traded_nonfossil_share_pct

    ef = data.load("grid_emission_factors").query("region == 'CN'")
    avg = ef[ef["factor"] == "average"].set_index("year")["value"]
    res = ef[ef["factor"] == "excl_traded_nonfossil"].set_index("year")["value"]
    both = sorted(set(avg.index) & set(res.index))
    if not both:
        raise ValueError("grid_emission_factors has no year with both an average and a residual factor")
    implied = {int(y): float(traded_nonfossil_share_pct(avg[y], res[y])) for y in both}
    last = both[-1]
    share = interpolate(implied, years)
    after = years > last
    if np.any(after):
        i_last = int(np.flatnonzero(years == last)[0])
        volume = implied[last] / 100 * national_twh[i_last]
        grown = volume * (1 + growth_pct / 100) ** (years[after] - last)
        share[after] = 100 * grown / national_twh[after]
    if np.any(share >= 100):
        bad = years[share >= 100][0]
        raise ValueError(
            f"traded_nonfossil_growth_pct = {growth_pct:g} % makes the traded non-fossil volume exceed national "
            f"consumption in {bad}; choose a lower growth"
        )
    return share, implied


def _market_availability(years):
    """Fractions of each year in which green-power trading and certificates existed."""
    from greenimpact import data
    from greenimpact.compute.carbon import instrument_availability

    ms = data.load("green_market_milestones").set_index(["instrument", "event"])

    def start(instrument, event):
        row = ms.loc[(instrument, event)]
        return instrument_availability(years, int(row["year"]), int(row["month"]))

    return start


def compute_paths(params: dict) -> dict:
    """All yearly paths of the compute model as numpy arrays keyed by name (plus ``years``).

    This is what :func:`run` reports; notebooks use it for tables the IAMC frame does not hold.
    """
    from greenimpact.compute import carbon, demand, facilities

    end = int(params["end_year"])
    base = int(params["base_year"])
    if not FIRST_YEAR <= base < end:
        raise ValueError(f"base_year must lie in {FIRST_YEAR}-{end - 1} (before end_year), got {base}")
    years = np.arange(FIRST_YEAR, end + 1)
    b = base - FIRST_YEAR

    # facilities: cooling mix and fleet PUE
    liquid = interpolate(params["liquid_share_pct"], years) / 100
    immersion = interpolate(params["immersion_share_pct"], years) / 100
    shares = np.stack([1 - liquid - immersion, liquid, immersion])
    over = shares[0] < -1e-12
    if np.any(over):
        raise ValueError(
            "liquid_share_pct + immersion_share_pct must be <= 100 %, got "
            f"{100 * (1 - shares[0][over][0]):g} % in {years[over][0]}"
        )
    pue_tech = np.stack(
        [
            interpolate(params["pue_air"], years),
            np.full(years.shape, params["pue_cold_plate"]),
            np.full(years.shape, params["pue_immersion"]),
        ]
    )
    pue = np.asarray(facilities.fleet_pue(np.clip(shares, 0, 1).T, pue_tech.T), dtype=float)

    # demand: anchor, back-cast, bottom-up
    anchor = _anchor_twh(params["anchor_series"], base)
    it_base = anchor / pue[b]
    proj = years >= base
    bu = demand.bottom_up(
        years[proj],
        base_year=base,
        it_base_twh=it_base,
        accelerated_share_pct=params["accelerated_share_pct"],
        conventional_growth_pct=params["conventional_growth_pct"],
        storage_share_pct=params["storage_share_pct"],
        network_share_pct=params["network_share_pct"],
        shipment_growth_pct=interpolate(params["shipment_growth_pct"], years[proj]),
        power_w=interpolate(params["accelerator_power_w"], years[proj]),
        utilisation=params["utilisation"],
        host_overhead=params["host_overhead"],
        lifetime_yr=params["accelerator_lifetime_yr"],
    )
    facility = np.empty(years.shape)
    facility[~proj] = anchor * (1 + params["history_growth_pct"] / 100) ** (years[~proj] - base)
    it = np.empty(years.shape)
    it[~proj] = facility[~proj] / pue[~proj]
    it[proj] = bu["it"]
    facility[proj] = it[proj] * pue[proj]

    def projected(values):
        out = np.full(years.shape, np.nan)
        out[proj] = values
        return out

    accelerated = projected(bu["accelerated"])
    inference = projected(
        demand.inference_twh(
            interpolate(params["ai_requests_per_day_billion"], years[proj]) * 1e9,
            interpolate(params["wh_per_request"], years[proj]),
        )
    )
    ai_split = {k: projected(v) for k, v in
                demand.ai_workloads(inference[proj], accelerated[proj], params["training_share_pct"]).items()}

    # national consumption and shares
    national, last_reported = _national(years, params["national_growth_pct"])

    # carbon
    ef_avg = _grid_factors(years, params["grid_factor_future"], params["grid_factor_series"])
    traded, _ = _traded_share(years, national, params["traded_nonfossil_growth_pct"])
    ef_mee_avg = _grid_factors(years, params["grid_factor_future"], "average")
    ef_res = carbon.residual_factor(ef_mee_avg, traded)
    available = _market_availability(years)
    claims = carbon.renewable_claims(
        facility,
        interpolate(params["renewable_share_pct"], years),
        onsite_pct_of_re=params["onsite_pct_of_renewable"],
        ppa_pct_of_re=params["ppa_pct_of_renewable"],
        ppa_available=available("green_power_trading", "pilot_start"),
        certificates_available=available("certificates", params["certificate_market_start"]),
    )
    location = carbon.location_based_mt(facility, ef_avg, claims["onsite_twh"])
    market = carbon.market_based_mt(facility, claims["renewable_twh"], ef_res)

    # WUE on the basis of total facility electricity, the basis on which LBNL's US fleet WUE
    # (0.38 L/kWh) reproduces its reported total water use (see tests/compute/test_facilities.py)
    water = facilities.water_use_m3(facility * 1e6, params["wue_l_per_kwh"]) / 1e6  # MWh -> million m3
    return {
        "years": years,
        "base_year": base,
        "anchor_twh": anchor,
        "last_reported_national_year": last_reported,
        "facility_twh": facility,
        "it_twh": it,
        "overhead_twh": facility - it,
        "pue": pue,
        "cooling_shares": shares,
        "accelerated_twh": accelerated,
        "servers_twh": projected(bu["servers"]),
        "storage_twh": projected(bu["storage"]),
        "network_twh": projected(bu["network"]),
        "accelerator_stock": projected(bu["fleet"]["stock"]),
        "accelerator_shipments": projected(bu["fleet"]["shipments"]),
        "inference_twh": inference,
        "training_twh": ai_split["training"],
        "other_accelerated_twh": ai_split["other"],
        "backcast_flag": (~proj).astype(float),
        "national_twh": national,
        "share_pct": demand.share_pct(facility, national),
        "grid_factor": ef_avg,
        "residual_factor": ef_res,
        "traded_nonfossil_share_pct": traded,
        "break_even_share_pct": carbon.break_even_share_pct(ef_mee_avg, ef_res),
        "location_mt": location,
        "market_mt": market,
        "renewable_share_pct": 100 * claims["renewable_twh"] / facility,
        "renewable_twh": claims["renewable_twh"],
        "ppa_twh": claims["ppa_twh"],
        "certificates_million": claims["certificates_million"],
        "water_million_m3": water,
    }


#: IAMC variable -> key of :func:`compute_paths`
VARIABLES = {
    "Electricity|Data Centres": "facility_twh",
    "Electricity|Data Centres|IT": "it_twh",
    "Electricity|Data Centres|Cooling and Overhead": "overhead_twh",
    "Electricity|Data Centres|IT|Accelerated Servers": "accelerated_twh",
    "Electricity|Data Centres|IT|Conventional Servers": "servers_twh",
    "Electricity|Data Centres|IT|Storage": "storage_twh",
    "Electricity|Data Centres|IT|Network": "network_twh",
    "Electricity|Data Centres|AI Inference": "inference_twh",
    "Electricity|Data Centres|AI Training": "training_twh",
    "Electricity|Data Centres|Other Accelerated Workloads": "other_accelerated_twh",
    "Electricity|Data Centres|Back-cast": "backcast_flag",
    "Electricity|Total": "national_twh",
    "Electricity|Data Centres|Share": "share_pct",
    "PUE|Data Centres": "pue",
    "Emissions|CO2|Data Centres|Location-based": "location_mt",
    "Emissions|CO2|Data Centres|Market-based": "market_mt",
    "Renewable Share|Data Centres": "renewable_share_pct",
    "Green Certificates|Data Centres": "certificates_million",
    "Water|Data Centres": "water_million_m3",
    "Accelerators|Installed|Data Centres": "accelerator_stock",
    "Accelerators|Shipments|Data Centres": "accelerator_shipments",
    "Emission Factor|Electricity|Location-based": "grid_factor",
    "Emission Factor|Electricity|Residual": "residual_factor",
    "Emission Factor|Electricity|Break-even Renewable Share": "break_even_share_pct",
    "Electricity|Traded Non-fossil|Share": "traded_nonfossil_share_pct",
    "Electricity|Data Centres|Green Power Trading": "ppa_twh",
}

_SCALE = {"accelerator_stock": 1e-6, "accelerator_shipments": 1e-6}  # devices -> million


def run(params: dict, *, scenario: str):
    """IAMC records of the compute model (see the module docstring)."""
    from greenimpact import results

    paths = compute_paths(params)
    scaled = {key: np.asarray(paths[key], dtype=float) * _SCALE.get(key, 1.0) for key in VARIABLES.values()}
    return results.records(scaled, VARIABLES, paths["years"], REGION)
