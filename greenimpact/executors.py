"""Where Monte Carlo draws and sweep runs are evaluated: ``concurrent.futures`` executors.

greenimpact has no scheduler of its own. Work is split into tasks and handed to a
:class:`concurrent.futures.Executor`: none (this process), a local process pool, or a Dask
cluster through ``distributed.Client(...).get_executor()`` (Dask is imported only when asked
for, so ``import greenimpact`` stays light). Results never depend on the executor: the callers
draw their random numbers before splitting (sector ranges) or give every chunk its own
``SeedSequence`` (the net model), and put the pieces back in order.

Executor specifications accepted by :func:`opened`:

==========================  ==============================================================
``None`` / ``"inprocess"``  this process, no pool
``"processes"``             a local ``ProcessPoolExecutor`` of ``workers`` processes
``"dask"``                  a ``distributed.LocalCluster`` of ``workers`` single-threaded
                            worker processes, started and closed here
``"dask://HOST:PORT"``      an existing Dask scheduler (``dask scheduler``) and its workers
an ``Executor``             used as it is, never shut down here
==========================  ==============================================================
"""

from __future__ import annotations

import contextlib
import os

import numpy as np

__all__ = ["ExecutorError", "check", "describe", "map_rows", "opened"]


class ExecutorError(ValueError):
    """An executor specification that is not one of the accepted forms."""


def check(executor):
    """``executor`` if it is an accepted specification (see the module docstring), else raise
    :class:`ExecutorError` saying what is accepted."""
    from concurrent.futures import Executor

    if executor is None or isinstance(executor, Executor):
        return executor
    if isinstance(executor, str) and (executor in ("inprocess", "processes", "dask")
                                      or (executor.startswith("dask://") and len(executor) > 7)):
        return executor
    raise ExecutorError(
        f"executor must be None, 'inprocess', 'processes', 'dask', 'dask://HOST:PORT' or a "
        f"concurrent.futures.Executor, got {executor!r}"
    )


def describe(executor, workers: int | None = None) -> dict:
    """A JSON-ready description of an executor specification (for provenance): its kind, the
    scheduler address of ``dask://``, and the worker count asked for."""
    check(executor)
    if executor is None or executor == "inprocess":
        return {"kind": "inprocess", "workers": 1}
    if isinstance(executor, str) and executor.startswith("dask://"):
        return {"kind": "dask", "scheduler": "tcp://" + executor[len("dask://"):]}
    if isinstance(executor, str):
        return {"kind": executor, "workers": int(workers or os.cpu_count() or 1)}
    return {"kind": f"{type(executor).__module__}.{type(executor).__qualname__}"}


@contextlib.contextmanager
def opened(executor, workers: int | None = None):
    """Yield a :class:`concurrent.futures.Executor` for ``executor``, or ``None`` for this
    process; pools and clusters started here are shut down on exit.

    Parameters
    ----------
    executor : None, str or concurrent.futures.Executor
        See the module docstring.
    workers : int, optional
        Processes of a local pool or LocalCluster (default: the CPU count).

    Raises
    ------
    ExecutorError
        An unknown specification, or ``dask`` asked for without ``distributed`` installed.
    """
    check(executor)
    n = max(1, int(workers or os.cpu_count() or 1))
    if executor is None or executor == "inprocess":
        yield None
    elif executor == "processes":
        import multiprocessing as mp
        from concurrent.futures import ProcessPoolExecutor

        pool = ProcessPoolExecutor(max_workers=n, mp_context=mp.get_context("fork"))
        try:
            yield pool
        finally:
            pool.shutdown(cancel_futures=True)
    elif isinstance(executor, str):
        try:
            from distributed import Client, LocalCluster
        except ImportError:  # pragma: no cover - distributed is in the lock
            raise ExecutorError(
                f"executor {executor!r} needs Dask distributed: pip install 'greenimpact[cluster]'"
            ) from None
        if executor == "dask":
            with LocalCluster(n_workers=n, threads_per_worker=1, processes=True,
                              dashboard_address=None) as cluster, Client(cluster) as client:
                yield client.get_executor()
        else:
            address = "tcp://" + executor[len("dask://"):]
            try:
                client = Client(address, timeout="10s")
            except OSError as exc:
                raise ExecutorError(f"cannot reach the Dask scheduler at {address}: {exc}") from None
            with client:
                yield client.get_executor()
    else:
        yield executor


def map_rows(function, draws: dict, n: int, *args, executor=None, workers: int | None = None) -> dict:
    """Evaluate ``function(block, rows, *args)`` on contiguous blocks of ``rows`` rows of
    ``draws`` and stack the results, in this process or on ``executor``.

    The draws are made before the split, and ``function`` must treat each row (draw) on its
    own, so the result is identical, to the last bit, for every executor and block count.

    Parameters
    ----------
    function : callable
        A module-level function (it is pickled for a process pool or Dask) taking a parameter
        dict and the number of rows (draws) in it, and returning a dict of arrays whose first
        axis is the draws of the block.
    draws : dict
        Parameter dict: arrays with ``n`` rows (drawn values, shape ``(n,)`` or ``(n, 1)``) are
        split; every other value is passed to each block unchanged.
    n : int
        Number of draws (rows).
    *args
        Passed to ``function`` after the block.
    executor : None, "processes" or concurrent.futures.Executor
        Where the blocks are evaluated (``None``: this process, in one block).
    workers : int, optional
        Number of blocks on an executor (default: the CPU count).

    Returns
    -------
    dict
        ``function``'s keys, each the blocks' arrays concatenated along the first axis.

    Examples
    --------
    >>> def double(p, rows):
    ...     return {"y": 2 * p["x"] + p["c"]}
    >>> map_rows(double, {"x": np.arange(4.0), "c": 1.0}, 4)["y"].tolist()
    [1.0, 3.0, 5.0, 7.0]
    """
    from concurrent.futures import Executor

    if executor is not None and executor != "processes" and not isinstance(executor, Executor):
        raise ExecutorError(
            f"executor must be None, 'processes' or a concurrent.futures.Executor, got {executor!r}")
    if executor is None:
        return function(draws, n, *args)
    blocks = max(1, min(int(workers or os.cpu_count() or 1), n))
    size = -(-n // blocks)
    bounds = [(i, min(i + size, n)) for i in range(0, n, size)]

    def block(lo, hi):
        return {k: v[lo:hi] if isinstance(v, np.ndarray) and v.ndim and v.shape[0] == n else v
                for k, v in draws.items()}

    with opened(executor, workers) as pool:
        parts = [f.result() for f in [pool.submit(function, block(lo, hi), hi - lo, *args) for lo, hi in bounds]]
    return {k: np.concatenate([p[k] for p in parts]) for k in parts[0]}
