"""Coverage study of the evaluation estimators (greenimpact.stats) on seeded simulations with known effects.

For each estimator and design, the share of 95 % intervals that contain the true effect, the
mean bias and the median interval width over ``--reps`` seeded simulations (200 by default; the
docstrings and the README quote the figures of a full run). Designs:

* difference-in-differences: balanced / unbalanced panels, few / many clusters, few treated
  clusters, one treated cluster (must be refused), cluster-robust t against the wild bootstrap;
* staggered adoption: TWFE and Callaway-Sant'Anna with static and dynamic effects, few units;
* interrupted time series: AR(1) rho 0 to 0.95, series of 24 to 72 months, critical values
  simulated under the fitted AR(1) noise (the default) or under iid noise (the earlier default).

Run ``python benchmarks/bench_coverage.py`` (full: about 6 min on a shared 2-core machine) or
with ``--quick`` (50 simulations per design, under 2 min). ``--only did|staggered|its`` runs one block.
"""

from __future__ import annotations

import argparse
import time
import warnings

import numpy as np
import pandas as pd

from greenimpact.stats import callaway_santanna, difference_in_differences, interrupted_time_series
from greenimpact.stats.panel import panel_fixed_effects
from greenimpact.stats.simulate import EFFECT, did_panel, its_series, staggered_panel


def _row(block, design, truths, fits):
    """Coverage, bias and width from a list of (estimate, low, high) or None (refused)."""
    done = [(f, tr) for f, tr in zip(fits, truths, strict=True) if f is not None]
    refused = len(fits) - len(done)
    if not done:
        return {"estimator": block, "design": design, "reps": len(fits), "coverage": np.nan, "bias": np.nan,
                "median_width": np.nan, "refused": refused}
    est = np.array([f[0] for f, _ in done])
    lo = np.array([f[1] for f, _ in done])
    hi = np.array([f[2] for f, _ in done])
    tr = np.array([t for _, t in done])
    return {"estimator": block, "design": design, "reps": len(fits), "coverage": float(np.mean((lo <= tr) & (tr <= hi))),
            "bias": float(np.mean(est - tr)), "median_width": float(np.median(hi - lo)), "refused": refused}


def did_block(reps):
    rows = []
    designs = [
        ("balanced, 8 treated + 8 control clusters, wild bootstrap", dict(n_treated=8, n_control=8), {}),
        ("balanced, 8 + 8 clusters, cluster-robust t(G-1)", dict(n_treated=8, n_control=8), {"inference": "cluster"}),
        ("balanced, 3 + 3 clusters, wild bootstrap (Webb)", dict(n_treated=3, n_control=3), {}),
        ("balanced, 25 + 25 clusters, cluster-robust t", dict(n_treated=25, n_control=25), {}),
        ("balanced, 2 treated of 20 clusters, wild bootstrap", dict(n_treated=2, n_control=18), {}),
        ("balanced, 2 treated of 20 clusters, cluster-robust t", dict(n_treated=2, n_control=18),
         {"inference": "cluster"}),
        ("balanced, 1 treated of 20 clusters (must be refused)", dict(n_treated=1, n_control=19), {}),
        ("unbalanced (3 busiest treated lose post), 10 + 10, two-way FE", dict(n_treated=10, n_control=10,
                                                                                 drop_busiest=3), {}),
        ("unbalanced (3 busiest treated lose post), 10 + 10, pooled 2x2 (no unit FE)",
         dict(n_treated=10, n_control=10, drop_busiest=3), {"unit": "treated", "time": None}),
    ]
    for name, gen, kw in designs:
        fits = []
        for seed in range(reps):
            df = did_panel(seed, **gen)
            args = {"unit": "unit", "time": "period"} | kw
            try:
                r = difference_in_differences(df, "y", "treated", "post", cluster="unit", **args)
            except ValueError:
                fits.append(None)
                continue
            fits.append((r.effect, *r.effect_ci))
        rows.append(_row("difference_in_differences", name, [EFFECT] * reps, fits))
    return rows


def staggered_block(reps):
    rows = []
    designs = [
        ("TWFE, static effect, 60 units, 3 cohorts + never", "twfe", dict(dynamic=False)),
        ("TWFE, dynamic effect (grows 0.1/period)", "twfe", dict(dynamic=True)),
        ("Callaway-Sant'Anna, dynamic effect, never-treated controls", "cs-never", dict(dynamic=True)),
        ("Callaway-Sant'Anna, dynamic effect, not-yet-treated controls", "cs-notyet", dict(dynamic=True)),
        ("Callaway-Sant'Anna, static effect", "cs-never", dict(dynamic=False)),
        ("Callaway-Sant'Anna, dynamic, 12 units (3 per cohort)", "cs-never", dict(dynamic=True, n_units=12)),
        ("Callaway-Sant'Anna, dynamic, 24 units (6 per cohort)", "cs-never", dict(dynamic=True, n_units=24)),
    ]
    for name, est, gen in designs:
        fits, truths = [], []
        for seed in range(reps):
            df, truth = staggered_panel(seed, **gen)
            truths.append(truth)
            if est == "twfe":
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    r = panel_fixed_effects(df, "y", "d", "unit", "period")
                fits.append((r.effect, *r.effect_ci))
            else:
                r = callaway_santanna(df, "y", "unit", "period", "first", control=est.split("-")[1], draws=999,
                                      seed=seed)
                fits.append((r.att, *r.att_ci))
        rows.append(_row("staggered", name, truths, fits))
    return rows


def its_block(reps, quick):
    rows = []
    lengths = (24, 48, 72)
    rhos = (0.0, 0.5, 0.8, 0.9, 0.95)
    for n in lengths:
        for rho in rhos:
            for errors in ("ar1", "iid"):
                if errors == "iid" and rho not in (0.5, 0.8, 0.95):
                    continue
                fits_s, fits_l, warned = [], [], 0
                for seed in range(reps):
                    df, t0 = its_series(seed, n, rho)
                    with warnings.catch_warnings(record=True) as caught:
                        warnings.simplefilter("always")
                        r = interrupted_time_series(df, "y", "month", t0, errors=errors, draws=2000 if quick else 4000)
                    warned += bool(caught)
                    fits_s.append((r.slope_change, *r.slope_change_ci))
                    fits_l.append((r.level_change, *r.level_change_ci))
                name = f"{n // 2} + {n // 2} months, rho = {rho}, critical values under {errors} noise"
                row = _row("interrupted_time_series (slope)", name, [-0.05] * reps, fits_s)
                row["level_coverage"] = _row("", "", [-1.0] * reps, fits_l)["coverage"]
                row["warned"] = warned
                rows.append(row)
    return rows


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="50 simulations per design instead of 200")
    parser.add_argument("--reps", type=int, default=None, help="simulations per design")
    parser.add_argument("--only", choices=("did", "staggered", "its"), default=None)
    args = parser.parse_args(argv)
    reps = args.reps or (50 if args.quick else 200)
    blocks = {"did": lambda: did_block(reps), "staggered": lambda: staggered_block(reps),
              "its": lambda: its_block(reps, args.quick)}
    rows = []
    for name, run in blocks.items():
        if args.only and name != args.only:
            continue
        start = time.perf_counter()
        rows += run()
        print(f"# {name}: {time.perf_counter() - start:.0f} s", flush=True)
    table = pd.DataFrame(rows)
    with pd.option_context("display.max_rows", None, "display.width", 200, "display.max_colwidth", 80):
        print(table.to_string(index=False, float_format=lambda v: f"{v:.3f}"))
    low = table[table["coverage"] < 0.90]
    print("\nDesigns whose 95 % interval covers the truth less than 90 % of the time:")
    print(low[["estimator", "design", "coverage"]].to_string(index=False) if len(low) else "none")
    return table


if __name__ == "__main__":
    main()
