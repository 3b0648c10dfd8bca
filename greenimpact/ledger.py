r"""The claim ledger: every numeric claim of the seed article beside its nearest reference.

:func:`claim_ledger` puts each row of the ``claims`` dataset next to a recomputation by the
package's models or the nearest published value in ``data/``, the difference, and a verdict with
its reason. What each claim is compared with is configured in ``data/claim_checks.csv`` (one row
per claim; see ``greenimpact.data.describe("claim_checks")``):

* ``source`` — one row of an embedded dataset, picked by a pandas query (``dataset``,
  ``selector``);
* ``model`` — a named recomputation, one function of this module per ``check_name``
  (:data:`CHECKS`), e.g. the article's 150 TWh over NEA's 2023 consumption with
  :func:`greenimpact.compute.demand.share_pct`;
* ``none`` — we searched and located no source; the check row's ``searched`` says what was
  searched (corpora, queries, documents), and the verdict is ``not located``.

No reference number is typed into the configuration: every one is read from the datasets when the
ledger is built, so changing a dataset changes the verdicts. Units are converted with
:func:`greenimpact.units.convert` before comparing.

Verdicts
--------
:data:`VERDICTS`, from strongest to weakest support:

* ``reproduced`` — a verified reference of the same quantity agrees within 2 % (5 % for "about");
* ``consistent`` — a reference agrees, but it is partial, rests on an assumption, is a proxy or an
  interval, so it cannot reproduce the claim;
* ``unsupported`` — evidence was located, but it does not support the claim: a proxy or
  assumption-based reference that differs by more than 15 %, an unverified reference, a different
  quantity shown for context, a model calibrated to the claim, or a circular reference;
* ``contradicted`` — a verified or partial reference of the same quantity (or a hard interval)
  differs by more than 15 %;
* ``not located`` — we looked and found no source (``searched`` says where); this is a statement
  about our search, not about the claim.

Verdict rules
-------------
The claim's qualifier turns it into an interval: ``exact`` and ``about`` give the value (or the
stated range), ``over`` / ``at_least`` give [value, inf), ``under`` / ``up_to`` give (-inf, value].
The reference is a value, or for ``within`` checks an interval (an open end is NaN). The **gap** is
0 when the two intervals overlap (the qualifier or range is satisfied), else the signed distance
from the nearest reference end, in % of it. Agreement is

* ``match`` — :math:`|gap| \le` :data:`REPRODUCED_PCT` (2 %; :data:`ABOUT_PCT`, 5 %, for
  ``about``, since the article rounds);
* ``near`` — :math:`|gap| \le` :data:`CONSISTENT_PCT` (15 %);
* ``far`` — beyond.

The relation of the check (``claim_checks.relation``) and the confidence of the reference (the
weakest tag of the inputs used: ``verified`` > ``partial`` > ``assumption`` > ``unverified``) cap
what the agreement can show (an unverified reference overrides the other rows):

============  ============  ============  ============  ============
relation      reference     match         near          far
============  ============  ============  ============  ============
same,         verified      reproduced    consistent    contradicted
arithmetic
same,         partial       consistent    consistent    contradicted
arithmetic
same, within  assumption    consistent    consistent    unsupported
arithmetic
proxy         any           consistent    consistent    unsupported
within        verified,     consistent    consistent    contradicted
              partial
any           unverified    unsupported   unsupported   unsupported
context       any           unsupported   unsupported   unsupported
calibrated    any           unsupported   unsupported   unsupported
============  ============  ============  ============  ============

In words: only a verified reference of the same quantity *reproduces* a claim; a partial,
assumption-based or proxy reference, or an interval, can at most show it *consistent*; a verified
or partial reference of the same quantity (or a hard interval) that differs by more than 15 %
*contradicts* it; an unverified reference, a reference shown for context, and a model calibrated
to the claim itself leave it *unsupported* — a model that can be tuned to reach a number is no
evidence for it.

**Circular references are refused.** A reference computed from claims of the article
(:attr:`Reference.depends_on`, its *premises*) is evidence only for the arithmetic that links
them, so it counts only under the relation ``arithmetic`` — the claim is by definition a function
of its premises (a share of a stated total, a stated energy in household equivalents) — and only
when the claim itself is not among its premises. Any other reference with premises (another claim
used to extrapolate, bound or restate the reference; the claim used to check itself) is circular:
the verdict is ``unsupported`` whatever the agreement. Premises that restate the *claim* in the
reference's unit (:attr:`Reference.restated_with`, e.g. heat over area) are not circular: the
reference itself stays independent. A premise's own verdict says whether it holds.

**A claim about a change is tested as a change.** When a claim states a level "before" and one
"after" (Baosteel: about 2.16, then below 1.98 t CO2/t), the "after" claim names the "before" one
in ``claim_checks.change_from``; the ledger then compares the claim's relative change,
:math:`100\,(x_1 / x_0 - 1)` (-8.3 %), with the reference's, computed the same way from its base
row (``selector_from``; Baosteel 2.13 to 2.00 is -6.1 %), and the gap is taken on the changes
(here 37 % of the reference change). A 15 % tolerance on levels would accept any change of a few
per cent; on changes it tests what the claim says. The qualifier of the "after" claim carries over
("below 1.98" is a cut of at least 8.3 %).

Examples
--------
>>> judge(1.6, None, "about", 1.626, None, "verified", "same")["verdict"]
'reproduced'
>>> judge(40, None, "about", 31, None, "verified", "same")["verdict"]
'contradicted'
>>> judge(6.5, None, "over", 6.5, None, "verified", "proxy", premises=("C008",),
...       claim_id="C007")["verdict"]
'unsupported'
"""

from __future__ import annotations

import math
from dataclasses import dataclass

__all__ = [
    "ABOUT_PCT",
    "CHECKS",
    "CONFIDENCE_ORDER",
    "CONSISTENT_PCT",
    "LEDGER_COLUMNS",
    "REPRODUCED_PCT",
    "RELATIONS",
    "VERDICTS",
    "Reference",
    "circular_reason",
    "claim_ledger",
    "judge",
    "relative_change_pct",
    "verdict_counts",
]

#: Largest gap [%] for ``reproduced`` (qualifiers other than ``about``).
REPRODUCED_PCT = 2.0
#: Largest gap [%] for ``reproduced`` when the article says "about" (约).
ABOUT_PCT = 5.0
#: Largest gap [%] for ``consistent``.
CONSISTENT_PCT = 15.0

#: Verdicts, strongest support first; ``not located`` says we searched and found no source.
VERDICTS = ("reproduced", "consistent", "unsupported", "contradicted", "not located")
RELATIONS = ("same", "arithmetic", "proxy", "within", "context", "calibrated")
#: Confidence tags from weakest to strongest.
CONFIDENCE_ORDER = ("unverified", "assumption", "partial", "verified")

LEDGER_COLUMNS = [
    "claim_id", "section", "quantity", "claim", "claim_value", "claim_value_high", "unit",
    "check", "relation", "reference", "reference_confidence", "reference_value", "reference_high",
    "reference_unit", "claim_in_reference_unit", "difference_pct", "gap_pct", "verdict",
    "depends_on", "reason", "searched",
]  # fmt: skip

_QUALIFIER_TEXT = {"exact": "", "about": "about ", "over": "over ", "under": "under ",
                   "at_least": "at least ", "up_to": "up to "}  # fmt: skip


@dataclass(frozen=True)
class Reference:
    """What a check compares a claim with.

    Parameters
    ----------
    value : float
        The reference value, or the low end of an interval (NaN = open below).
    unit : str
        Unit of ``value`` and ``high`` (pint string).
    label : str
        What the reference is: the model computation or the dataset row, with its source ids.
    confidence : str
        Weakest confidence tag of the inputs (one of :data:`CONFIDENCE_ORDER`).
    high : float, optional
        High end of an interval (NaN = open above); None for a single value.
    claim : float, optional
        The claim restated in ``unit`` when it is a different quantity that cannot be converted
        (e.g. a heat saving per year restated per square metre and day); None to convert the
        claim's value with :func:`greenimpact.units.convert`.
    depends_on : tuple of str
        Claims of the article the *reference* is computed from (its premises). Allowed only under
        the relation ``arithmetic`` and never including the claim itself; otherwise the
        reference is circular and :func:`judge` refuses it.
    detail : str
        One sentence on the numbers behind the reference.
    """

    value: float
    unit: str
    label: str
    confidence: str
    high: float | None = None
    claim: float | None = None
    depends_on: tuple[str, ...] = ()
    detail: str = ""
    restated_with: tuple[str, ...] = ()
    """Claims used only to restate the *claim* in ``unit`` (with ``claim``); not circular."""


# --------------------------------------------------------------------------------------------
# verdict rules


def _weakest(*tags: str) -> str:
    for tag in tags:
        if tag not in CONFIDENCE_ORDER:
            raise ValueError(f"confidence {tag!r} is not one of {', '.join(CONFIDENCE_ORDER)}")
    return min(tags, key=CONFIDENCE_ORDER.index)


def _claim_interval(value: float, high: float | None, qualifier: str) -> tuple[float, float]:
    hi = value if high is None or math.isnan(high) else high
    if qualifier in ("exact", "about"):
        return value, hi
    if qualifier in ("over", "at_least"):
        return value, math.inf
    if qualifier in ("under", "up_to"):
        return -math.inf, hi
    raise ValueError(f"qualifier {qualifier!r} is not one of {', '.join(_QUALIFIER_TEXT)}")


def _gap_pct(c_lo: float, c_hi: float, r_lo: float, r_hi: float) -> float:
    """Signed distance of the claim interval from the reference interval [% of the nearer end]."""
    if c_lo > r_hi:
        return 100.0 * (c_lo - r_hi) / abs(r_hi) if r_hi != 0 else math.inf
    if c_hi < r_lo:
        return 100.0 * (c_hi - r_lo) / abs(r_lo) if r_lo != 0 else -math.inf
    return 0.0


def relative_change_pct(before: float, after: float) -> float:
    r"""Relative change from ``before`` to ``after`` [%].

    Parameters
    ----------
    before, after : float
        Two levels of the same quantity, in the same unit; ``before`` must be > 0.

    Returns
    -------
    float
        :math:`100\,(after / before - 1)`.

    Examples
    --------
    Baosteel as reported by the company (2020 to 2024) and as the article states it:

    >>> round(relative_change_pct(2.13, 2.00), 2), round(relative_change_pct(2.16, 1.98), 2)
    (-6.1, -8.33)
    """
    before, after = float(before), float(after)
    if not before > 0 or math.isnan(after):
        raise ValueError(f"a relative change needs a level before > 0 and a level after, got {before!r} -> {after!r}")
    return 100.0 * (after / before - 1.0)


def circular_reason(claim_id, relation, premises) -> str | None:
    """Why a reference computed from the article's own claims cannot be evidence, or None.

    Parameters
    ----------
    claim_id : str or None
        The claim being checked.
    relation : str
        The check's relation (:data:`RELATIONS`).
    premises : sequence of str
        Claims of the article the reference is computed from (:attr:`Reference.depends_on`).

    Returns
    -------
    str or None
        None when the reference is not circular (no premises, or an ``arithmetic`` check whose
        premises exclude the claim), else the reason in words.

    Examples
    --------
    >>> circular_reason("C011", "arithmetic", ("C009",)) is None
    True
    >>> circular_reason("C007", "proxy", ("C008",))
    "circular: the reference is computed from the article's own claim C008, which cannot be evidence for C007"
    """
    premises = tuple(premises or ())
    if not premises:
        return None
    if claim_id is not None and claim_id in premises:
        return f"circular: the reference is computed from the claim {claim_id} itself"
    if relation == "arithmetic":
        return None
    what = "claim" if len(premises) == 1 else "claims"
    return (f"circular: the reference is computed from the article's own {what} {', '.join(premises)}, "
            f"which cannot be evidence for {claim_id or 'this claim'}")


def judge(claim_value, claim_high, qualifier, ref_value, ref_high, confidence, relation, *,
          premises=(), claim_id=None):
    """Verdict for one claim against one reference, by the rules of the module docstring.

    Parameters
    ----------
    claim_value : float
        The claim in the reference unit (low end of a stated range).
    claim_high : float or None
        High end of a stated range (None or NaN for a single value).
    qualifier : str
        ``exact``, ``about``, ``over``, ``under``, ``at_least`` or ``up_to``.
    ref_value : float or None
        Reference value or low end of an interval (NaN = open); None when there is no reference.
    ref_high : float or None
        High end of an interval (NaN = open above); None for a single value.
    confidence : str or None
        Weakest confidence of the reference's inputs (:data:`CONFIDENCE_ORDER`).
    relation : str or None
        One of :data:`RELATIONS`; None when there is no reference (the claim is ``not located``).
    premises : sequence of str, optional
        Claims of the article the reference is computed from; see :func:`circular_reason`.
    claim_id : str, optional
        The claim being judged (to refuse a reference computed from the claim itself).

    Returns
    -------
    dict
        ``verdict``, ``agreement`` (``match`` / ``near`` / ``far`` / None), ``gap_pct`` [%],
        ``tolerance_pct`` (the tolerance for ``reproduced`` that applied) and ``why`` (the rule
        that decided, in words).

    Examples
    --------
    "Over 500,000 kWh a day" against de Vries's 564 MWh a day:

    >>> judge(500, None, "over", 564.168, None, "verified", "same")["verdict"]
    'reproduced'
    >>> judge(889, None, "exact", 221, 4955, "verified", "within")["verdict"]
    'consistent'
    >>> judge(703, None, "over", 703.1, None, "assumption", "calibrated")["verdict"]
    'unsupported'
    >>> judge(10, None, "about", None, None, None, None)["verdict"]
    'not located'
    """
    tol = ABOUT_PCT if qualifier == "about" else REPRODUCED_PCT
    out = {"verdict": "unsupported", "agreement": None, "gap_pct": math.nan, "tolerance_pct": tol}
    if relation is None or ref_value is None:
        return {**out, "verdict": "not located", "why": "we searched and located no source"}
    if relation not in RELATIONS:
        raise ValueError(f"relation {relation!r} is not one of {', '.join(RELATIONS)}")
    circular = circular_reason(claim_id, relation, premises)
    kind = "same" if relation == "arithmetic" else relation
    r_lo = -math.inf if ref_value is None or math.isnan(ref_value) else float(ref_value)
    if ref_high is None:
        r_hi = r_lo
    else:
        r_hi = math.inf if math.isnan(ref_high) else float(ref_high)
    if math.isinf(r_lo) and math.isinf(r_hi):
        return {**out, "why": "no reference value"}
    c_lo, c_hi = _claim_interval(float(claim_value), claim_high, qualifier)
    gap = _gap_pct(c_lo, c_hi, r_lo, r_hi)
    agreement = "match" if abs(gap) <= tol else "near" if abs(gap) <= CONSISTENT_PCT else "far"
    out.update(gap_pct=gap, agreement=agreement)

    if circular is not None:
        return {**out, "why": circular}
    if relation == "calibrated":
        return {**out, "why": "the model was calibrated to this claim, which is not evidence for it"}
    if relation == "context":
        return {**out, "why": "the reference is a different quantity, shown for context only"}
    if confidence == "unverified":
        return {**out, "why": "the only reference is itself unverified"}
    strong = confidence in ("verified", "partial")
    if agreement == "far":
        if kind in ("same", "within") and strong:
            what = "lies outside the reference interval" if relation == "within" else (
                f"differs by more than {CONSISTENT_PCT:g} % from a {confidence} reference of the same quantity")
            return {**out, "verdict": "contradicted", "why": f"the claim {what}"}
        ref_kind = "a proxy" if relation == "proxy" else "an assumption-based"
        return {**out, "why": f"{ref_kind} reference differing by more than {CONSISTENT_PCT:g} % cannot contradict it"}
    if kind == "same" and confidence == "verified" and agreement == "match":
        why = ("the reference satisfies the claim's qualifier" if gap == 0 and (c_lo != c_hi)
               else f"within {tol:g} % of a verified reference of the same quantity")
        if relation == "arithmetic":
            why += " (the article's arithmetic from its premises)"
        return {**out, "verdict": "reproduced", "why": why}
    if relation == "within":
        why = "the claim lies within the reference interval" if gap == 0 else (
            f"the claim lies within {CONSISTENT_PCT:g} % of the reference interval")
    elif relation == "proxy":
        why = "agrees with a proxy (a related quantity, boundary or period), which cannot reproduce it"
    elif confidence == "partial":
        why = "agrees with a partially verified reference"
    elif confidence == "assumption":
        why = "agrees with a reference that rests on an assumption"
    else:
        why = f"within {CONSISTENT_PCT:g} % of a verified reference of the same quantity"
    return {**out, "verdict": "consistent", "why": why}


# --------------------------------------------------------------------------------------------
# model checks: one function per check_name; each takes the claims (indexed by claim_id)


def _claims_value(claims, claim_id: str) -> float:
    return float(claims.loc[claim_id, "value"])


def _row(frame, query: str, what: str):
    sel = frame.query(query)
    if len(sel) != 1:
        raise ValueError(f"{what}: query {query!r} selects {len(sel)} rows, expected 1")
    return sel.iloc[0]


#: model results computed during one :func:`claim_ledger` call (cleared at its start, so that
#: a data change between calls is always seen)
_RUNS: dict = {}


def _compute_run(scenario: str):
    if scenario not in _RUNS:
        from greenimpact.api import run

        _RUNS[scenario] = run("compute", scenario)
    return _RUNS[scenario]


def _scenario_value(model: str, scenario: str, name: str):
    from greenimpact.scenarios import resolve

    return resolve(model, scenario)[name]


def _dc_2030_ai_surge(claims) -> Reference:
    from greenimpact import data

    frame = _compute_run("ai_surge")
    v = frame.query("variable == 'Electricity|Data Centres' and year == 2030")["value"]
    dc = data.load("dc_electricity")
    pub = dc[(dc["region"] == "CN") & (dc["year"] == 2030) & (dc["source"] != "seed_article")]
    if pub.empty:
        raise ValueError("dc_electricity has no published China projection for 2030")
    top = pub.sort_values("value").iloc[-1]
    listed = ", ".join(f"{r.series} {_fmt(r.value)}" for r in pub.sort_values("value").itertuples())
    growth = _scenario_value("compute", "ai_surge", "shipment_growth_pct")
    return Reference(
        float(v.iloc[0]), "TWh/yr",
        "model: greenimpact.run('compute', 'ai_surge'), facility electricity in 2030",
        "assumption",
        detail=(
            f"The scenario's shipment growth is an assumption ({growth.reason}); the published China "
            f"projections for 2030 are {listed} TWh/yr (the highest from {top.source}, "
            f"{top.confidence})."
        ),
    )


def _dc_share_2030(claims) -> Reference:
    from greenimpact.compute.demand import share_pct

    frame = _compute_run("ai_surge")
    nat = float(frame.query("variable == 'Electricity|Total' and year == 2030")["value"].iloc[0])
    part = _claims_value(claims, "C001")
    growth = _scenario_value("compute", "ai_surge", "national_growth_pct")
    implied = part / (_claims_value(claims, "C002") / 100)
    conf = "assumption" if growth.source == "assumption" else "partial"
    return Reference(
        float(share_pct(part, nat)), "%",
        f"model: C001 over the compute model's 2030 national consumption ({_fmt(nat)} TWh/yr)",
        conf, depends_on=("C001",),
        detail=(
            f"The claim implies a national total of {_fmt(implied)} TWh/yr; the model grows NEA's "
            f"latest year at {growth.value:g} %/yr (source: {growth.source})."
        ),
    )


def _chatgpt_daily_energy(claims) -> Reference:
    from greenimpact import data
    from greenimpact.compute import ai
    from greenimpact.units import convert

    est = data.load("ai_service_estimates").query("estimate == 'de Vries 2023'").set_index("quantity")
    servers = float(est.loc["servers", "value"])
    power_kw = float(convert(est.loc["server_power", "value"], est.loc["server_power", "unit"], "kW"))
    req = float(convert(est.loc["requests_per_day", "value"], est.loc["requests_per_day", "unit"], "request/day"))
    wh = float(ai.fleet_wh_per_request(servers, power_kw, req))
    kwh_day = float(ai.daily_energy_kwh(req, wh))
    conf = _weakest(*est.loc[["servers", "server_power", "requests_per_day"], "confidence"])
    stated = float(convert(est.loc["energy_per_day", "value"], est.loc["energy_per_day", "unit"], "MWh/day"))
    return Reference(
        float(convert(kwh_day, "kWh/day", "MWh/day")), "MWh/day",
        "model: compute.ai.fleet_wh_per_request x requests, de Vries 2023 fleet (de_vries_2023_joule)",
        conf,
        detail=(
            f"{_fmt(servers)} servers x {power_kw:g} kW x 24 h = {_fmt(wh, 3)} Wh for each of "
            f"{_fmt(req / 1e6)} million requests a day (de Vries states {_fmt(stated)} MWh/day), "
            "at peak power throughout."
        ),
    )


def _chatgpt_households(claims) -> Reference:
    from greenimpact import data
    from greenimpact.compute import ai

    hh = data.load("household_electricity").query("country == 'US'").sort_values("year").iloc[-1]
    kwh_day = _claims_value(claims, "C004")
    return Reference(
        float(ai.household_equivalents(kwh_day, hh["value"])), "household",
        f"model: compute.ai.household_equivalents(C004, US {int(hh['year'])}) ({hh['source']})",
        hh["confidence"], depends_on=("C004",),
        detail=f"{_exact(kwh_day)} kWh/day over {_exact(hh['value'])} kWh/yr / 365 per household.",
    )


def _gpu_series():
    from greenimpact import data

    return data.load("gpu_shipments").query("series == 'Data-centre GPUs (all vendors)'").sort_values("year")


def _gpu_2025_from_2023(claims) -> Reference:
    g = _gpu_series()
    last = g.iloc[-1]
    year = int(claims.loc["C007", "year"])
    growth = _claims_value(claims, "C008")
    value = float(last["value"]) * (1 + growth / 100) ** (year - int(last["year"]))
    return Reference(
        value, "million GPU",
        f"model: {int(last['year'])} data-centre GPU shipments grown at C008's {growth:g} %/yr to {year} "
        f"({last['source']})",
        last["confidence"], depends_on=("C008",),
        detail=f"{_fmt(last['value'])} million in {int(last['year'])} x {1 + growth / 100:g}^{year - int(last['year'])}.",
    )


def _gpu_growth_observed(claims) -> Reference:
    g = _gpu_series()
    a, b = g.iloc[-2], g.iloc[-1]
    growth = 100 * (float(b["value"]) / float(a["value"]) - 1)
    return Reference(
        growth, "%",
        f"model: data-centre GPU shipments {int(a['year'])}-{int(b['year'])} growth ({b['source']})",
        _weakest(a["confidence"], b["confidence"]),
        detail=f"{_fmt(a['value'])} to {_fmt(b['value'])} million GPUs; one year, not a compound rate to 2025.",
    )


def _dc_2023_estimates(claims) -> Reference:
    from greenimpact import data

    dc = data.load("dc_electricity")
    year = int(claims.loc["C009", "year"])
    est = dc[(dc["region"] == "CN") & (dc["kind"] == "estimate") & (dc["source"] != "seed_article")]
    near = est[(est["year"] - year).abs() <= 1].sort_values("year")
    if near.empty:
        raise ValueError(f"no China estimate within a year of {year} in dc_electricity")
    listed = "; ".join(f"{r.series} {r.year}: {_fmt(r.value)}" for r in near.itertuples())
    return Reference(
        float(near["value"].min()), "TWh/yr",
        f"dc_electricity: China estimates of {year - 1}-{year + 1} ({', '.join(sorted(set(near['source'])))})",
        _weakest(*near["confidence"]), high=float(near["value"].max()),
        detail=(
            f"{listed} TWh/yr; all China estimates of any year span {_fmt(est['value'].min())}-"
            f"{_fmt(est['value'].max())} TWh/yr."
        ),
    )


def _dc_share_2023(claims) -> Reference:
    from greenimpact import data
    from greenimpact.compute.demand import share_pct

    year = int(claims.loc["C011", "year"])
    nea = _row(data.load("electricity_consumption"), f"series == 'NEA statistics' and year == {year}",
               "electricity_consumption")
    part = _claims_value(claims, "C009")
    return Reference(
        float(share_pct(part, nea["value"])), "%",
        f"model: compute.demand.share_pct(C009, NEA {year} = {_exact(nea['value'])} TWh/yr) ({nea['source']})",
        nea["confidence"], depends_on=("C009",),
        detail=f"{_exact(part)} / {_exact(nea['value'])} TWh/yr.",
    )


def _gec_cumulative(claims, claim_id: str, flow: str, stock: str) -> Reference:
    from greenimpact import data

    gec = data.load("green_certificates")
    end = _row(gec, f"quantity == '{stock}' and period == 'end-2024'", "green_certificates")
    year = _row(gec, f"quantity == '{flow}' and period == '2024'", "green_certificates")
    low = float(end["value"]) - float(year["value"])
    return Reference(
        low, "million GEC",
        f"model: NEA end-2023 to end-2024 cumulative {flow} ({end['source']})",
        _weakest(end["confidence"], year["confidence"]), high=float(end["value"]),
        detail=(
            f"End-2024 cumulative {_fmt(end['value'])} million minus {_fmt(year['value'])} million "
            f"in 2024 leaves {_fmt(low)} million at end-2023."
        ),
    )


def _gec_cumulative_issued(claims) -> Reference:
    return _gec_cumulative(claims, "C038", "issued", "issued_cumulative")


def _gec_cumulative_traded(claims) -> Reference:
    return _gec_cumulative(claims, "C039", "traded", "traded_cumulative")


def _harbin_heat_intensity(claims) -> Reference:
    from greenimpact import data
    from greenimpact.compute import facilities

    case = facilities.harbin_case()
    idx = data.load("facility_parameters").query("parameter == 'heat_index_office'")
    top = idx.sort_values("value").iloc[-1]
    lo, hi = float(idx["value"].min()), float(idx["value"].max())
    return Reference(
        float(top["value"]), "W/m^2",
        f"facility_parameters: CJJ 34 office heat index, {top['series']} ({top['source']}), a lower bound",
        _weakest(*idx["confidence"]), high=math.nan, claim=float(case["design_load_w_per_m2"]),
        restated_with=("C029",),
        detail=(
            f"{_exact(case['heat_kw'])} kW over {_exact(case['area_m2'])} m2 = "
            f"{case['design_load_w_per_m2']:.1f} W/m2; at {lo:g}-{hi:g} W/m2 the heat would cover "
            f"{_fmt(1000 * case['heat_kw'] / hi)}-{_fmt(1000 * case['heat_kw'] / lo)} m2."
        ),
    )


def _harbin_saving_per_m2(claims) -> Reference:
    from greenimpact import data
    from greenimpact.compute import facilities

    case = facilities.harbin_case()
    days = case["season_h"] / 24.0
    per_m2_day = case["saving_cny_per_yr"] / case["area_m2"] / days
    fp = data.load("facility_parameters").query("series == 'Tencent Tianjin Binhai'").set_index("parameter")
    ref = float(fp.loc["heating_cost_saving", "value"]) / float(fp.loc["heated_area", "value"])
    conf = _weakest(fp.loc["heating_cost_saving", "confidence"], fp.loc["heated_area", "confidence"])
    return Reference(
        ref, "CNY/m^2/day",
        f"facility_parameters: Tencent Tianjin Binhai saving per heated m2 and day ({fp.loc['heated_area', 'source']})",
        conf, claim=per_m2_day, restated_with=("C030",),
        detail=(
            f"The claim is {per_m2_day:.3f} CNY per m2 and day over a {days:g}-day season; at full "
            f"load it implies heat at {case['price_cny_per_gj']:.1f} CNY/GJ (facilities.harbin_case)."
        ),
    )


def _signal_evidence_range(claims) -> Reference:
    from greenimpact import data

    ev = data.load("signal_control_evidence")
    sel = ev[ev["metric"].isin(["delay", "travel_time", "speed"]) & (ev["kind"] != "vendor") & (ev["unit"] == "%")]
    mag = sel["value"].abs()
    return Reference(
        float(mag.min()), "%",
        f"signal_control_evidence: {len(sel)} effects on delay, travel time or speed (vendor maxima excluded)",
        _weakest(*sel["confidence"]), high=float(mag.max()),
        detail=f"Systems: {', '.join(sorted(set(sel['system'])))}.",
    )


#: check_name -> function(claims indexed by claim_id) -> :class:`Reference`
CHECKS = {
    "dc_2030_ai_surge": _dc_2030_ai_surge,
    "dc_share_2030": _dc_share_2030,
    "chatgpt_daily_energy": _chatgpt_daily_energy,
    "chatgpt_households": _chatgpt_households,
    "gpu_2025_from_2023": _gpu_2025_from_2023,
    "gpu_growth_observed": _gpu_growth_observed,
    "dc_2023_estimates": _dc_2023_estimates,
    "dc_share_2023": _dc_share_2023,
    "gec_cumulative_issued": _gec_cumulative_issued,
    "gec_cumulative_traded": _gec_cumulative_traded,
    "harbin_heat_intensity": _harbin_heat_intensity,
    "harbin_saving_per_m2": _harbin_saving_per_m2,
    "signal_evidence_range": _signal_evidence_range,
}


# --------------------------------------------------------------------------------------------
# source checks


def _source_reference(claim_id: str, dataset: str, selector: str) -> Reference:
    from greenimpact import data

    entry = data.catalogue()["datasets"].get(dataset)
    if entry is None:
        raise ValueError(f"claim_checks row {claim_id}: dataset {dataset!r} is not in the catalogue")
    row = _row(data.load(dataset), selector, f"claim_checks row {claim_id}, dataset {dataset!r}")
    if row["source"] == "seed_article":
        raise ValueError(f"claim_checks row {claim_id}: the selected row is the seed article itself")
    cols = entry["columns"]
    unit = row[cols["value"]["unit_column"]] if cols["value"].get("unit_column") else cols["value"].get("unit", "1")
    key = " / ".join(str(row[k]) for k in entry["key"])
    return Reference(
        float(row["value"]), str(unit),
        f"{dataset}: {key} ({row['source']})",
        str(row["confidence"]),
    )


def _change_reference(claims, claim_id: str, check: dict) -> Reference:
    """A change claim against the reference's change: both as relative changes [%]."""
    from greenimpact.units import UnitError, convert

    before_id = check["change_from"]
    if before_id not in claims.index:
        raise ValueError(f"claim_checks row {claim_id}: change_from {before_id!r} is not a claim id")
    if check["check"] != "source" or not check["selector_from"]:
        raise ValueError(f"claim_checks row {claim_id}: a change (change_from) needs a source check "
                         "with selector_from naming the reference's base row")
    after = _source_reference(claim_id, check["dataset"], check["selector"])
    base = _source_reference(claim_id, check["dataset"], check["selector_from"])
    c1, c0 = claims.loc[claim_id], claims.loc[before_id]
    if not (math.isnan(float(c0["value_high"])) and math.isnan(float(c1["value_high"]))):
        raise ValueError(f"claim_checks row {claim_id}: a change needs single values, not ranges")
    try:
        x0 = float(convert(float(c0["value"]), c0["unit"], c1["unit"]))
        r0 = float(convert(base.value, base.unit, after.unit))
    except UnitError as exc:
        raise ValueError(f"claim {claim_id}: {exc}") from None
    claim_change = relative_change_pct(x0, float(c1["value"]))
    ref_change = relative_change_pct(r0, after.value)
    return Reference(
        ref_change, "%",
        f"change: {base.label} to {after.label}",
        _weakest(base.confidence, after.confidence), claim=claim_change, restated_with=(before_id,),
        detail=(
            f"Tested as a change, not as levels: the claim goes from {_exact(x0)} ({before_id}) to "
            f"{_QUALIFIER_TEXT[c1['qualifier']]}{_exact(c1['value'])} {c1['unit']}, "
            f"{claim_change:+.2f} %; the reference from {_exact(r0)} to {_exact(after.value)} "
            f"{after.unit}, {ref_change:+.2f} %."
        ),
    )


# --------------------------------------------------------------------------------------------
# the ledger


def _fmt(x, digits: int = 4) -> str:
    """A number for a sentence: ``digits`` significant digits, thousands separated.

    >>> _fmt(13208.05), _fmt(564.168), _fmt(1.62616), _fmt(1e13)
    ('13,210', '564.2', '1.626', '10,000,000,000,000')
    """
    x = float(x)
    if math.isnan(x):
        return "n/a"
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    if x == 0:
        return "0"
    mag = math.floor(math.log10(abs(x)))
    decimals = max(0, digits - 1 - mag)
    rounded = round(x, decimals) if mag < digits else round(x, digits - 1 - mag)
    text = f"{rounded:,.{decimals}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _text(value) -> str | None:
    """A text cell, or None when it is empty (None, NaN or blank)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    value = str(value).strip()
    return value or None


def _exact(x) -> str:
    """A number as stated (no rounding beyond 10 significant digits), thousands separated.

    >>> _exact(10327.0), _exact(2.09), _exact(1e13)
    ('10,327', '2.09', '10,000,000,000,000')
    """
    x = float(x)
    return f"{int(x):,}" if x.is_integer() else f"{x:,.10g}"


def _claim_text(value, high, qualifier, unit) -> str:
    unit_txt = "" if unit in ("1", "") else (unit if unit == "%" else f" {unit}")
    body = _exact(value) if high is None or math.isnan(high) else f"{_exact(value)}-{_exact(high)}"
    return f"{_QUALIFIER_TEXT[qualifier]}{body}{unit_txt}".strip()


def _ref_text(ref: Reference) -> str:
    unit = "" if ref.unit in ("1", "") else (ref.unit if ref.unit == "%" else f" {ref.unit}")
    if ref.high is None:
        return f"{_fmt(ref.value)}{unit}"
    lo_open, hi_open = math.isnan(ref.value), math.isnan(ref.high)
    if hi_open:
        return f"at least {_fmt(ref.value)}{unit}"
    if lo_open:
        return f"at most {_fmt(ref.high)}{unit}"
    return f"{_fmt(ref.value)}-{_fmt(ref.high)}{unit}"


def _reason(res: dict, ref: Reference | None, claim_txt: str, note: str, searched: str = "") -> str:
    head = res["verdict"].capitalize()
    if ref is None:
        return f"{head}: {res['why']}. {note} Searched: {searched}.".replace("  ", " ").strip()
    if ref.claim is not None:
        unit = ref.unit if ref.unit == "%" else f" {ref.unit}"
        claim_txt = f"{claim_txt}, restated as {_fmt(ref.claim)}{unit},"
    if res["gap_pct"] == 0:
        comp = f"the claim {claim_txt} agrees with the reference {_ref_text(ref)}"
    else:
        comp = f"the claim {claim_txt} is {res['gap_pct']:+.1f} % from the reference {_ref_text(ref)}"
    premises = f" Premises taken from the article: {', '.join(ref.depends_on)}." if ref.depends_on else ""
    if ref.restated_with:
        premises += f" Claim restated with: {', '.join(ref.restated_with)}."
    return f"{head}: {res['why']}; {comp}. {ref.detail}{premises} {note}".replace("  ", " ").strip()


def claim_ledger():
    """Every claim of the seed article beside its nearest reference, with difference and verdict.

    Reads ``claims`` and ``claim_checks`` and, through the checks, the datasets and models they
    name; the verdict rules are in the module docstring.

    Returns
    -------
    pandas.DataFrame
        One row per claim in article order, columns :data:`LEDGER_COLUMNS`: the claim
        (``claim`` as text with qualifier and unit, ``claim_value``, ``claim_value_high``,
        ``unit``), the check (``check``: model / source / none, ``relation``), the reference
        (``reference``: what it is, with its source ids and [confidence];
        ``reference_confidence``, ``reference_value``, ``reference_high`` for intervals,
        ``reference_unit``), the claim in the reference unit (``claim_in_reference_unit``, the
        midpoint of a stated range), ``difference_pct`` (that value against the reference value,
        or the finite end of a one-sided interval, in % of the reference; NaN for a two-sided
        interval), ``gap_pct`` (the
        qualifier-aware distance that decides the verdict, 0 when satisfied), ``verdict`` (one of
        :data:`VERDICTS`), ``depends_on`` (claims used as premises of the reference or to
        restate the claim), ``reason`` and ``searched`` (what was searched for the claim).
        For a change claim (``claim_checks.change_from``) the claim and reference columns hold
        relative changes in %.

    Raises
    ------
    ValueError
        A claim without exactly one check row, a check row for an unknown claim, an unknown
        ``check_name``, a selector that does not pick exactly one row, units that do not
        convert, a ``none`` check without ``searched``, or a change without a source check and
        ``selector_from``; the message names the claim.
    """
    import pandas as pd

    from greenimpact import data
    from greenimpact.units import UnitError, convert

    _RUNS.clear()
    claims = data.load("claims")
    checks = data.load("claim_checks")
    missing = sorted(set(claims["claim_id"]) - set(checks["claim_id"]))
    extra = sorted(set(checks["claim_id"]) - set(claims["claim_id"]))
    if missing or extra:
        raise ValueError(f"claim_checks must have one row per claim: missing {missing}, unknown {extra}")
    by_id = claims.set_index("claim_id")
    checks = checks.set_index("claim_id")

    rows = []
    for c in claims.itertuples(index=False):
        chk = {k: _text(v) for k, v in checks.loc[c.claim_id].items()}
        kind, relation = chk["check"], chk["relation"]
        note = chk["note"] or ""
        if kind != "none" and relation is None:
            raise ValueError(f"claim_checks row {c.claim_id}: check {kind!r} needs a relation")
        if kind == "none" and not chk.get("searched"):
            raise ValueError(f"claim_checks row {c.claim_id}: a 'none' check (not located) must say in "
                             "column searched what was searched")
        if chk.get("change_from"):
            ref = _change_reference(by_id, c.claim_id, chk)
        elif kind == "model":
            fn = CHECKS.get(chk["check_name"])
            if fn is None:
                raise ValueError(f"claim_checks row {c.claim_id}: unknown check_name {chk['check_name']!r} "
                                 f"(known: {', '.join(CHECKS)})")
            ref = fn(by_id)
        elif kind == "source":
            if not chk["dataset"] or not chk["selector"]:
                raise ValueError(f"claim_checks row {c.claim_id}: a source check needs dataset and selector")
            ref = _source_reference(c.claim_id, chk["dataset"], chk["selector"])
        else:
            ref = None

        high = None if pd.isna(c.value_high) else float(c.value_high)
        claim_txt = _claim_text(float(c.value), high, c.qualifier, c.unit)
        record = {
            "claim_id": c.claim_id, "section": c.section, "quantity": c.quantity, "claim": claim_txt,
            "claim_value": float(c.value), "claim_value_high": math.nan if high is None else high,
            "unit": c.unit, "check": kind, "relation": relation, "searched": chk.get("searched") or "",
        }  # fmt: skip
        if ref is None:
            res = judge(c.value, high, c.qualifier, None, None, None, None)
            record.update(reference="", reference_confidence=None, reference_value=math.nan,
                          reference_high=math.nan, reference_unit=None, claim_in_reference_unit=math.nan,
                          difference_pct=math.nan, depends_on="")
        else:
            if ref.claim is not None:
                cv, ch = float(ref.claim), None
            else:
                try:
                    cv = float(convert(float(c.value), c.unit, ref.unit))
                    ch = None if high is None else float(convert(high, c.unit, ref.unit))
                except UnitError as exc:
                    raise ValueError(f"claim {c.claim_id}: {exc}") from None
            res = judge(cv, ch, c.qualifier, ref.value, ref.high, ref.confidence, relation,
                        premises=ref.depends_on, claim_id=c.claim_id)
            point = cv if ch is None else (cv + ch) / 2
            if ref.high is None:
                base = ref.value
            elif math.isnan(ref.high) != math.isnan(ref.value):
                base = ref.high if math.isnan(ref.value) else ref.value
            else:
                base = math.nan
            diff = 100 * (point - base) / abs(base) if base and not math.isnan(base) else math.nan
            record.update(
                reference=f"{ref.label} [{ref.confidence}]", reference_confidence=ref.confidence, reference_value=ref.value,
                reference_high=math.nan if ref.high is None else ref.high, reference_unit=ref.unit,
                claim_in_reference_unit=cv if ch is None else point, difference_pct=diff,
                depends_on=", ".join(ref.depends_on + ref.restated_with),
            )
        record.update(verdict=res["verdict"], gap_pct=res["gap_pct"],
                      reason=_reason(res, ref, claim_txt, note, chk.get("searched") or ""))
        rows.append(record)
    return pd.DataFrame(rows, columns=LEDGER_COLUMNS)


def verdict_counts(ledger=None):
    """Number of claims per verdict, in :data:`VERDICTS` order (all five, zeros included).

    Parameters
    ----------
    ledger : pandas.DataFrame, optional
        A :func:`claim_ledger` frame; built when not given.

    Returns
    -------
    pandas.Series
        Claims per verdict, indexed by verdict.
    """
    ledger = claim_ledger() if ledger is None else ledger
    return ledger["verdict"].value_counts().reindex(list(VERDICTS), fill_value=0).rename("claims")
