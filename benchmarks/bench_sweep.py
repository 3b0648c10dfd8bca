"""Sweep throughput: the same grids in process, on a local process pool and on a Dask LocalCluster.

Two grids, each run on every executor in one run of this script:

1. ``transport``, 10,000 combinations (a 100 x 100 grid of capacity gain and intersections;
   about 15 ms per model run);
2. ``net``, a smaller grid with ``mc_draws = 100`` (each run is a Monte Carlo over 16 years).

For each: wall time, runs per second, peak memory (this process's peak RSS plus its children's,
from ``resource.getrusage``, a running maximum over the rows; Dask workers are children), the
ratio of the wall time to the in-process loop, and a check that the output files are
byte-identical across executors (``provenance.json`` differs only in its ``executor`` field).

Usage::

    .venv/bin/python benchmarks/bench_sweep.py              # about 3-4 minutes on 2 cores
    .venv/bin/python benchmarks/bench_sweep.py --quick      # 1,000 + 40 combinations
"""

from __future__ import annotations

import argparse
import hashlib
import resource
import sys
import tempfile
import time
from pathlib import Path

from greenimpact import sweep as sw


def digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.iterdir()) if p.name != sw.PROVENANCE}


def peak_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024


def bench(model: str, grid: dict, executors: list[str], root: Path, batch: int) -> bool:
    n = len(sw.load_grid(model, grid))
    print(f"\n{model}: {n:,} combinations, batch {batch}")
    print(f"{'executor':<12}{'wall s':>10}{'runs/s':>10}{'peak MB':>10}{'vs in-process':>16}  files")
    base = reference = None
    identical = True
    for executor in executors:
        out = root / f"{model}-{executor}"
        t0 = time.perf_counter()
        sw.run_sweep(model, grid, out, executor=executor, batch=batch, progress=False, summary=False)
        wall = time.perf_counter() - t0
        files = digest(out)
        if reference is None:
            base, reference, same = wall, files, "reference"
        else:
            same = "identical" if files == reference else "DIFFERENT: " + ", ".join(
                k for k in reference if files.get(k) != reference[k])
            identical &= files == reference
        print(f"{executor:<12}{wall:>10.1f}{n / wall:>10.1f}{peak_mb():>10.0f}{base / wall:>15.2f}x  {same}")
    return identical


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="1,000 transport and 40 net combinations")
    args = parser.parse_args(argv)
    side = 32 if args.quick else 100
    transport = {"matrix": {
        "capacity_gain_pct": {"start": 1, "stop": side, "step": 1},
        "intersections": {"start": 100, "stop": 100 * side, "step": 100}}}
    net = {"matrix": {"scenario": ["baseline", "ai_surge"],
                      "attribution_transport_pct": {"start": 25, "stop": 75, "step": 5 if args.quick else 2.5},
                      "rebound_parks_pct": [0, 10] if args.quick else [0, 10, 20, 30]},
           "parameters": {"mc_draws": 100}}
    executors = ["inprocess", "processes", "dask"]
    with tempfile.TemporaryDirectory(prefix="bench-sweep-") as tmp:
        ok = bench("transport", transport, executors, Path(tmp), batch=200)
        ok &= bench("net", net, executors, Path(tmp), batch=20)
    print("\noutputs byte-identical across executors:", "yes" if ok else "NO")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
