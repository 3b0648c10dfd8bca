"""Benchmark: rendering the report manifest with greenimpact vs a serial papermill loop.

Three runs over the same reports (default: every report in ``reports/reports.yaml``):

1. **papermill loop** - what users do without the builder: one ``papermill in.ipynb
   out.ipynb -y PARAMS`` process per report, one after another. It does *less* than
   ``greenimpact render``: no HTML, no site index, no provenance, no parameter validation,
   no caching, no failure page.
2. **greenimpact render --force** into a fresh build folder (papermill imported once, fresh
   kernel per report, up to ``--jobs`` reports in parallel, HTML + provenance per report).
3. **greenimpact render** again into the same folder: a no-op rebuild (everything up to date).

For each: wall time, ratio to the papermill loop, and peak memory = the largest sum of RSS
over the process tree (the command and all its descendants, kernels included), sampled every
50 ms with psutil. Summed RSS over-counts pages shared by forked workers, so it is an upper
bound. Targets on 2 cores: render >= 2x faster than the loop, no-op < 1 s, peak < 1.5 GB.

Usage::

    python benchmarks/bench_render.py [--manifest reports/reports.yaml] [--jobs N] [NAMES...]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def _tree_rss(proc) -> int:
    import psutil

    total = 0
    try:
        procs = [proc, *proc.children(recursive=True)]
    except psutil.Error:
        return 0
    for p in procs:
        try:
            total += p.memory_info().rss
        except psutil.Error:
            continue
    return total


def run_measured(cmd, *, env=None, cwd=None) -> tuple[float, int, int, str]:
    """Run ``cmd``; return (wall seconds, peak tree RSS in bytes, exit code, stderr tail)."""
    import psutil

    t0 = time.perf_counter()
    proc = subprocess.Popen(
        cmd, env=env, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    ps = psutil.Process(proc.pid)
    peak = 0
    done = threading.Event()

    def sample():
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _tree_rss(ps))
            done.wait(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, err = proc.communicate()
    wall = time.perf_counter() - t0
    done.set()
    sampler.join()
    return wall, peak, proc.returncode, err.strip()[-600:]


def papermill_loop(specs, params, workdir: Path) -> tuple[float, int, list[int]]:
    """Run one papermill CLI process per report, serially; return wall, peak, exit codes."""
    t0 = time.perf_counter()
    peak = 0
    codes = []
    for spec in specs:
        results = workdir / "pm" / spec.name / "results"
        results.mkdir(parents=True)
        env = {**os.environ, "GREENIMPACT_OUTPUT_DIR": str(results)}
        cmd = [
            str(BIN / "papermill"),
            str(spec.notebook),
            str(workdir / "pm" / spec.name / spec.notebook.name),
            "-y",
            json.dumps(params[spec.name]),
            "-k",
            "python3",
            "--cwd",
            str(spec.notebook.parent),
            "--no-progress-bar",
            "--execution-timeout",
            str(int(spec.timeout)),
        ]
        _, p, code, _ = run_measured(cmd, env=env)
        peak = max(peak, p)
        codes.append(code)
    return time.perf_counter() - t0, peak, codes


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("names", nargs="*", help="reports or matrix groups (default: all)")
    parser.add_argument("--manifest", default=str(REPO / "reports" / "reports.yaml"))
    parser.add_argument("--jobs", type=int, default=None, help="workers for greenimpact render")
    parser.add_argument("--keep", action="store_true", help="keep the temporary build folder")
    args = parser.parse_args(argv)

    from greenimpact.render import load_manifest, plan, shared_inputs

    manifest = load_manifest(args.manifest)
    specs = manifest.select(args.names)
    jobs = plan(manifest, specs, shared=shared_inputs(manifest.root))
    params = {job.spec.name: job.parameters for job in jobs}
    workdir = Path(tempfile.mkdtemp(prefix="bench_render_"))
    out = workdir / "site"
    render = [
        str(BIN / "greenimpact"),
        "render",
        "--manifest",
        str(manifest.path),
        "--out",
        str(out),
        *args.names,
    ]
    if args.jobs:
        render += ["--jobs", str(args.jobs)]
    ncpu = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    print(
        f"{len(specs)} reports from {manifest.path} on {ncpu} CPUs; work folder {workdir}",
        flush=True,
    )

    try:
        pm_wall, pm_peak, pm_codes = papermill_loop(specs, params, workdir)
        print(f"  papermill loop done ({sum(c != 0 for c in pm_codes)} failed)", flush=True)
        gi_wall, gi_peak, gi_code, gi_err = run_measured([*render, "--force"])
        print(
            f"  greenimpact render --force done (exit {gi_code}): {gi_err.splitlines()[-1] if gi_err else ''}",
            flush=True,
        )
        noop_wall, noop_peak, noop_code, noop_err = run_measured(render)
        print(
            f"  greenimpact render (no-op) done (exit {noop_code}): {noop_err.splitlines()[-1] if noop_err else ''}",
            flush=True,
        )
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)

    mb = 1024 * 1024
    rows = [
        ("papermill CLI, serial loop", pm_wall, pm_peak),
        ("greenimpact render --force", gi_wall, gi_peak),
        ("greenimpact render (no-op)", noop_wall, noop_peak),
    ]
    print()
    print(f"{'run':<30} {'wall s':>8} {'vs loop':>8} {'peak MB':>8}")
    for name, wall, peak in rows:
        print(f"{name:<30} {wall:8.2f} {pm_wall / wall:7.2f}x {peak / mb:8.0f}")
    print()
    print("The papermill loop only executes notebooks: no HTML, no site index, no provenance,")
    print("no parameter validation, no caching; greenimpact render does all of these.")
    checks = [
        (f"render >= 2x faster than the loop ({pm_wall / gi_wall:.2f}x)", pm_wall / gi_wall >= 2),
        (f"no-op rebuild < 1 s ({noop_wall:.2f} s)", noop_wall < 1),
        (f"peak memory < 1.5 GB ({gi_peak / mb:.0f} MB)", gi_peak < 1.5 * 1024 * mb),
    ]
    for text, ok in checks:
        print(f"{'PASS' if ok else 'MISS'}  {text}")
    summary = noop_err.splitlines()[-1] if noop_err else ""
    if " 0 rendered" not in summary:
        print(
            "note: the no-op run re-rendered reports, so an input (notebook, data, package "
            "source, lock file) changed during the benchmark, or a report failed (failed "
            "reports are always re-rendered); run it again on a quiet tree."
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
