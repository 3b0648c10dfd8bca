"""Benchmark: the net-impact Monte Carlo against plain-numpy floors, in one run.

Prints draws per second and peak memory (resident set of this process and its children,
sampled every 20 ms) for:

1. floor — drawing the uniform random numbers alone (float32, chunked): no Monte Carlo can be
   faster than producing its random inputs;
2. naive — ``numpy.random.Generator.triangular`` per parameter (float64), the obvious way to
   draw the same triangular inputs, without evaluating any model;
3. greenimpact — ``impact.monte_carlo`` for one year: draw every uncertain parameter of the
   three sector models and the net model, evaluate the models, take percentiles;
   with one worker and with one per CPU.

Target (issue 7): 10^6 draws in under 1 s and under 500 MB on 2 cores.

Usage: ``python benchmarks/bench_montecarlo.py [--draws N] [--year Y]``
"""

from __future__ import annotations

import argparse
import os
import threading
import time

import numpy as np
import psutil


class PeakMemory:
    """Peak resident memory of this process and its children while the block runs [MB]."""

    def __init__(self, interval=0.02):
        self.interval, self.peak, self._stop = interval, 0, threading.Event()

    def _sample(self):
        me = psutil.Process()
        while not self._stop.is_set():
            try:
                rss = me.memory_info().rss + sum(c.memory_info().rss for c in me.children(recursive=True))
            except psutil.Error:
                rss = 0
            self.peak = max(self.peak, rss)
            time.sleep(self.interval)

    def __enter__(self):
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        self.peak_mb = self.peak / 2**20


def timed(label, fn, draws):
    with PeakMemory() as mem:
        t0 = time.perf_counter()
        fn()
        dt = time.perf_counter() - t0
    print(f"{label:<38} {dt:8.3f} s  {draws / dt / 1e6:8.2f} M draws/s  peak {mem.peak_mb:7.0f} MB")
    return dt, mem.peak_mb


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--draws", type=int, default=1_000_000)
    parser.add_argument("--year", type=int, default=2030)
    args = parser.parse_args(argv)

    from greenimpact import impact
    from greenimpact.scenarios import resolve

    values = resolve("net", "baseline")
    k = sum(len(impact.uncertain(app, values[f"{app}_scenario"].value).names) for app in impact.APPLICATIONS)
    k += len(impact._net_draws(values).names)
    n, chunk = args.draws, 25_000
    print(f"{n:,} draws of {k} uncertain parameters, year {args.year}, {os.cpu_count()} CPUs")
    impact.monte_carlo("baseline", [args.year], draws=10_000, seed=0)  # warm caches (data, scenarios)

    def floor():
        rng = np.random.default_rng(0)
        for start in range(0, n, chunk):
            rng.random((k, min(chunk, n - start)), dtype=np.float32)

    def naive():
        rng = np.random.default_rng(0)
        for start in range(0, n, chunk):
            m = min(chunk, n - start)
            for _ in range(k):
                rng.triangular(0.0, 0.5, 1.0, m)

    t_floor, _ = timed("floor: uniform draws only", floor, n)
    t_naive, _ = timed("naive: Generator.triangular only", naive, n)
    t_one, m_one = timed("greenimpact Monte Carlo, 1 worker",
                         lambda: impact.monte_carlo("baseline", [args.year], draws=n, seed=1, workers=1), n)
    t_all, m_all = timed(f"greenimpact Monte Carlo, {os.cpu_count()} workers",
                         lambda: impact.monte_carlo("baseline", [args.year], draws=n, seed=1), n)
    best = min(t_one, t_all)
    print(f"ratio to the floor: {best / t_floor:.1f}x; sampling alone the naive way takes {t_naive / best:.2f}x the whole Monte Carlo")
    ok_time, ok_mem = best < 1.0, max(m_one, m_all) < 500
    print(f"target 10^6 draws < 1 s: {'met' if ok_time else 'NOT met'} ({best:.2f} s); "
          f"< 500 MB: {'met' if ok_mem else 'NOT met'} ({max(m_one, m_all):.0f} MB)")


if __name__ == "__main__":
    main()
