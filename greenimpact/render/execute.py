"""Rendering one report: execute the notebook with papermill and write the report folder.

This module imports papermill, nbclient and jupyter_client; :mod:`greenimpact.render.build`
imports it once in the parent process, only when something needs rendering, and then forks one
worker process per report, which inherits the imported modules.

Kernels
    Every report gets a fresh ``python3`` kernel running the *current* interpreter
    (``sys.executable``), whatever kernelspecs are installed: :class:`ReportKernelManager`
    builds the kernelspec from ipykernel itself. The kernel runs in the notebook's own folder
    (relative paths behave as in JupyterLab) with ``GREENIMPACT_OUTPUT_DIR`` pointing at the
    report's ``results/`` folder. Its stdout/stderr go to a log that is shown on failure.
Kernel start
    A start that fails before the first cell runs (ZMQ "Address already in use", "Kernel died
    before replying to kernel_info", other ``RuntimeError``/``TimeoutError``) is retried, up
    to :data:`START_ATTEMPTS` attempts with a short backoff.
Failures
    A cell error, a cell timeout or a dead kernel makes the report *failed*: its folder still
    gets the executed notebook, an HTML page with the failing cell and traceback at the top,
    and ``provenance.json`` with ``status: failed``.
Termination
    On SIGTERM (sent by the parent on Ctrl-C) a worker kills its kernel's process group,
    deletes its working folder and exits with status 130.
"""

from __future__ import annotations

import contextlib
import json
import logging
import math
import os
import shutil
import signal
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import papermill
import zmq
from jupyter_client import AsyncKernelManager
from jupyter_client.kernelspec import KernelSpec
from nbclient.exceptions import CellTimeoutError, DeadKernelError
from papermill.engines import NBClientEngine, papermill_engines
from papermill.exceptions import PapermillExecutionError
from traitlets import Float

from greenimpact.fileio import OUTPUT_DIR_ENV
from greenimpact.render import html as html_mod
from greenimpact.render.cache import FAILURE_DIR, PROVENANCE_FILE, read_provenance
from greenimpact.render.errors import RenderError
from greenimpact.render.jobs import BuildContext, Job
from greenimpact.render.provenance import SCHEMA, strip_ansi, utc_now
from greenimpact.render.workspace import (
    owns_report,
    signals_blocked,
    swap_into_place,
    tmp_dir_for,
)

__all__ = [
    "KERNEL_NAME",
    "OUTPUT_DIR_ENV",
    "START_ATTEMPTS",
    "ReportKernelManager",
    "render_report",
    "write_failure_report",
    "worker_main",
    "warm_up",
]

KERNEL_NAME = "python3"
ENGINE_NAME = "greenimpact"
#: Attempts at starting a kernel before the report fails.
START_ATTEMPTS = 3
#: Seconds to wait before the 2nd, 3rd ... attempt.
START_BACKOFF = (0.5, 1.5)
#: Seconds a kernel asked to exit may take before its process group is killed.
KERNEL_EXIT_WAIT = 3.0
KERNEL_LOG = "kernel.log"
_LOG_TAIL = 4000


# ------------------------------------------------------------------------------------------
# per-process state of a worker (one report per process)


@dataclass
class _WorkerState:
    nb_man: object = None
    attempts: int = 0
    start_errors: list = field(default_factory=list)
    kernels: list = field(default_factory=list)  # (Popen, pgid, connection file)
    exiting: list = field(default_factory=list)
    kernel_log: object = None
    conn: object = None
    tmp_dir: Path | None = None

    def reset(self):
        """Forget the previous report (the connection to the parent is kept)."""
        conn = self.conn
        self.__init__()
        self.conn = conn


_STATE = _WorkerState()


class ReportKernelManager(AsyncKernelManager):
    """Kernel manager for report kernels.

    * The ``python3`` kernelspec is ipykernel's own, with ``argv[0] = sys.executable``, so
      kernels always run the interpreter that runs the build (a user-level kernelspec pointing
      at another Python is ignored).
    * Kernel stdout/stderr go to the worker's kernel log.
    * Started kernels are registered so that a terminated worker can kill them.
    """

    shutdown_wait_time = Float(
        KERNEL_EXIT_WAIT, config=True, help="Seconds to wait for a kernel to exit."
    )

    @property
    def kernel_spec(self):
        if self._kernel_spec is None:
            from ipykernel.kernelspec import RESOURCES, get_kernel_dict

            self._kernel_spec = KernelSpec(resource_dir=RESOURCES, **get_kernel_dict())
        return self._kernel_spec

    async def start_kernel(self, **kw):
        """Start the kernel; SIGTERM is deferred until it is registered for clean-up."""
        if _STATE.kernel_log is not None:
            kw.setdefault("stdout", _STATE.kernel_log)
            kw.setdefault("stderr", _STATE.kernel_log)
        with signals_blocked():
            try:
                await super().start_kernel(**kw)
            finally:
                provisioner = getattr(self, "provisioner", None)
                process = getattr(provisioner, "process", None)
                if process is not None:
                    pgid = getattr(provisioner, "pgid", None) or process.pid
                    _STATE.kernels.append((process, pgid, self.connection_file))
                    if _STATE.conn is not None:
                        with contextlib.suppress(OSError, ValueError):
                            _STATE.conn.send(("kernel", process.pid))

    async def shutdown_kernel(self, now: bool = False, restart: bool = False):
        """Ask the kernel to exit, without waiting for it (``now=False``).

        The kernel gets the same polite shutdown as in jupyter_client (interrupt, then a
        ``shutdown_request``), but the worker goes on writing the report meanwhile;
        :func:`_reap_kernels` waits for the exit (or kills the kernel) at the end.
        """
        provisioner = getattr(self, "provisioner", None)
        process = getattr(provisioner, "process", None)
        if now or restart or process is None or not self.owns_kernel:
            return await super().shutdown_kernel(now=now, restart=restart)
        self.shutting_down = True
        self.stop_restarter()
        with contextlib.suppress(Exception):
            await self._async_interrupt_kernel()
        await self._async_request_shutdown()
        _STATE.exiting.append((process, getattr(provisioner, "pgid", None) or process.pid))
        await self._async_cleanup_resources()


class _Engine(NBClientEngine):
    """papermill's nbclient engine, plus: remembers the notebook being executed (so a
    timed-out notebook can still be saved) and retries failed kernel starts."""

    @classmethod
    def execute_managed_notebook(cls, nb_man, kernel_name, **kwargs):
        _STATE.nb_man = nb_man
        for attempt in range(1, START_ATTEMPTS + 1):
            _STATE.attempts = attempt
            try:
                return super().execute_managed_notebook(nb_man, kernel_name, **kwargs)
            except Exception as exc:
                if attempt == START_ATTEMPTS or not _is_start_failure(exc, nb_man.nb):
                    raise
                _STATE.start_errors.append(f"{type(exc).__name__}: {exc}")
                time.sleep(START_BACKOFF[min(attempt, len(START_BACKOFF)) - 1])
        raise AssertionError("unreachable")  # pragma: no cover


papermill_engines.register(ENGINE_NAME, _Engine)


def _is_start_failure(exc: Exception, nb) -> bool:
    """Whether ``exc`` is a kernel-start failure: a retryable error before any cell ran."""
    return isinstance(exc, (zmq.ZMQError, RuntimeError, TimeoutError)) and not _cells_started(nb)


def _cells_started(nb) -> bool:
    return any(_started(cell) for cell in nb.cells)


def _started(cell) -> bool:
    return cell.get("metadata", {}).get("papermill", {}).get("start_time") is not None


# ------------------------------------------------------------------------------------------
# executing


def _execute(job: Job, tmp: Path) -> tuple[object, dict | None]:
    """Run the notebook; return the executed notebook node and an error record (or None)."""
    path = str(job.notebook.path)
    timeout = max(1, math.ceil(job.timeout))  # nbclient takes whole seconds
    error = None
    nb = None
    try:
        nb = papermill.execute_notebook(
            path.replace("{", "{{").replace("}", "}}"),  # papermill str.format()s paths
            None,
            parameters=dict(job.parameters),
            engine_name=ENGINE_NAME,
            kernel_name=KERNEL_NAME,
            language="python",
            progress_bar=False,
            log_output=False,
            request_save_on_cell_execute=False,
            autosave_cell_every=0,
            start_timeout=60,
            execution_timeout=timeout,
            cwd=str(job.notebook.path.parent),
            record_timing=False,
            kernel_manager_class=ReportKernelManager,
        )
    except PapermillExecutionError as exc:
        error = {
            "reason": "error",
            "summary": f"{exc.ename}: {strip_ansi(str(exc.evalue))}".strip().rstrip(":"),
            "ename": exc.ename,
            "evalue": strip_ansi(str(exc.evalue)),
            "cell_index": exc.cell_index,
            "execution_count": exc.exec_count,
            "source": exc.source,
            "traceback": strip_ansi("\n".join(exc.traceback or [])),
        }
    except CellTimeoutError as exc:
        error = {"reason": "timeout", "ename": type(exc).__name__, "evalue": strip_ansi(str(exc))}
        error["summary"] = f"timeout: a cell ran longer than {timeout} s"
        _reap_kernels(wait=0.5)  # a stuck kernel: no point waiting for a polite exit
    except DeadKernelError as exc:
        error = {
            "reason": "kernel died",
            "ename": type(exc).__name__,
            "evalue": strip_ansi(str(exc)),
        }
        error["summary"] = f"the kernel died: {error['evalue']}"
    except Exception as exc:  # kernel start failures and anything unexpected
        started = _STATE.nb_man is not None and _cells_started(_STATE.nb_man.nb)
        reason = "error" if started else "kernel start"
        error = {"reason": reason, "ename": type(exc).__name__, "evalue": strip_ansi(str(exc))}
        error["summary"] = (
            f"the kernel did not start ({_STATE.attempts} attempts): {type(exc).__name__}: {exc}"
            if reason == "kernel start"
            else f"{type(exc).__name__}: {exc}"
        )
    if nb is None and _STATE.nb_man is not None:
        nb = _STATE.nb_man.nb
    if error and error["reason"] != "error" and nb is not None:
        _locate_failing_cell(nb, error)
    return nb, error


def _locate_failing_cell(nb, error: dict) -> None:
    """Record (and mark in the notebook) the last cell that started: the one that was
    running when the notebook timed out or the kernel died."""
    started = [i for i, cell in enumerate(nb.cells) if _started(cell)]
    if not started:
        return
    cell = nb.cells[started[-1]]
    cell.metadata.papermill["status"] = "failed"
    cell.metadata.papermill["exception"] = True
    error["cell_index"] = started[-1]
    error["execution_count"] = cell.get("execution_count")
    error["source"] = cell.get("source", "")


def _stable_cell_ids(nb) -> None:
    """Give the cells papermill adds (injected parameters, error markers), which get random
    ids, fixed ones, so that re-rendering unchanged inputs gives the same notebook."""
    taken = {cell.get("id") for cell in nb.cells}
    counters: dict[str, int] = {}
    for cell in nb.cells:
        tags = cell.get("metadata", {}).get("tags", [])
        base = next(
            (t for t in ("injected-parameters", "papermill-error-cell-tag") if t in tags), None
        )
        if base is None or "id" not in cell:
            continue
        n = counters.get(base, 0)
        counters[base] = n + 1
        new = base if n == 0 else f"{base}-{n}"
        if new not in taken:
            taken.discard(cell["id"])
            cell["id"] = new
            taken.add(new)


def render_report(job: Job, ctx: BuildContext) -> dict:
    """Render one report into ``<out>/<name>`` atomically; return its provenance record.

    Runs in a worker process (it changes the process environment and, through papermill, the
    working directory while the notebook runs). A failed render of a report whose last build
    succeeded goes to ``<out>/<name>/last-failure`` and the good report stays. A write failure
    (disk full, permission) makes the report failed with the reason (see :func:`_write_failed`).
    """
    _STATE.reset()
    name = job.spec.name
    tmp = tmp_dir_for(ctx.out_dir, name, ident=ctx.folder_id)
    _STATE.tmp_dir = tmp
    start, t0 = utc_now(), time.monotonic()
    try:
        return _render_into(job, ctx, tmp, start, t0)
    except (OSError, RenderError) as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        return _write_failed(job, ctx, exc, start=start, duration=time.monotonic() - t0)


def _render_into(job: Job, ctx: BuildContext, tmp: Path, start: str, t0: float) -> dict:
    name = job.spec.name
    shutil.rmtree(tmp, ignore_errors=True)
    (tmp / "results").mkdir(parents=True)
    os.environ[OUTPUT_DIR_ENV] = str(tmp / "results")
    os.environ.setdefault("PYTHONHASHSEED", "0")
    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    log_path = tmp / KERNEL_LOG
    with open(log_path, "w", encoding="utf-8", errors="replace") as log:
        _STATE.kernel_log = log
        try:
            nb, error = _execute(job, tmp)
        finally:
            _STATE.kernel_log = None
    duration = time.monotonic() - t0
    kernel_output = log_path.read_text(encoding="utf-8", errors="replace")
    log_path.unlink()
    if error and error["reason"] != "error":
        tail = _meaningful_log(kernel_output)
        if tail:
            error["kernel_log"] = tail[-_LOG_TAIL:]

    executed_name = job.notebook.path.name
    if nb is not None:
        _stable_cell_ids(nb)
        nbformat.write(nb, tmp / executed_name)
    prov = _provenance(job, ctx, start=start, duration=duration, error=error)
    prov["executed_notebook"] = executed_name if nb is not None else None
    prov["files"] = _list_files(tmp)
    header = html_mod.report_header(prov, site_href=_site_href(ctx, prov))
    if nb is not None:
        try:
            page = html_mod.notebook_page(
                nb, header, show_input=job.show_input, notebook_dir=str(job.notebook.path.parent)
            )
        except Exception as exc:  # a broken output must not lose the report
            page = html_mod.standalone_page(
                name, header + f"<p>Could not convert the notebook to HTML: {html_mod.esc(exc)}</p>"
            )
    else:
        page = html_mod.standalone_page(name, header)
    (tmp / "index.html").write_text(page, encoding="utf-8")
    prov["files"] = sorted([*_list_files(tmp), PROVENANCE_FILE])
    _finish(tmp, ctx, prov)
    return prov


def _keeps_good(ctx: BuildContext, prov: dict) -> bool:
    """Whether failed ``prov`` goes beside the last good build of its report."""
    if prov.get("status") == "ok":
        return False
    final = ctx.out_dir / prov["report"]
    good = read_provenance(final)
    return good is not None and good.get("status") == "ok" and owns_report(final, prov["report"])


def _site_href(ctx: BuildContext, prov: dict) -> str:
    return "../../index.html" if _keeps_good(ctx, prov) else "../index.html"


def _write_failed(job: Job, ctx: BuildContext, exc: Exception, *, start: str, duration: float):
    """The provenance of a report that could not be written (``exc``): written as a failure
    report if possible, else returned with ``saved: False`` (the index shows it from memory)."""
    if isinstance(exc, OSError):
        where = f": {exc.filename}" if exc.filename else ""
        summary = f"could not write the report ({exc.strerror or exc}{where})"
    else:
        summary = f"could not write the report: {exc}"
    try:
        return write_failure_report(
            job, ctx, reason="write", summary=summary, start=start, duration=duration
        )
    except (OSError, RenderError):
        error = {"reason": "write", "summary": summary, "ename": None, "evalue": summary}
        prov = _provenance(job, ctx, start=start, duration=duration, error=error)
        prov["saved"] = False
        return prov


def write_failure_report(
    job: Job, ctx: BuildContext, *, reason: str, summary: str, start: str, duration: float
) -> dict:
    """Write a failed report without executing anything (used when a worker process died or
    a report could not be written). Raises ``OSError`` or ``RenderError`` if this fails too."""
    working = tmp_dir_for(ctx.out_dir, job.spec.name, ident=ctx.folder_id)
    tmp = working.parent / f"{working.name}.failed"
    shutil.rmtree(tmp, ignore_errors=True)
    try:
        tmp.mkdir(parents=True)
        error = {"reason": reason, "summary": summary, "ename": None, "evalue": summary}
        prov = _provenance(job, ctx, start=start, duration=duration, error=error)
        prov["executed_notebook"] = None
        header = html_mod.report_header(prov, site_href=_site_href(ctx, prov))
        (tmp / "index.html").write_text(
            html_mod.standalone_page(job.spec.name, header), encoding="utf-8"
        )
        prov["files"] = ["index.html", PROVENANCE_FILE]
        _finish(tmp, ctx, prov)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return prov


def _provenance(
    job: Job, ctx: BuildContext, *, start: str, duration: float, error: dict | None
) -> dict:
    spec = job.spec
    return {
        "schema": SCHEMA,
        "report": spec.name,
        "group": spec.group,
        "title": spec.title,
        "description": spec.description,
        "status": "failed" if error else "ok",
        "error": error,
        "notebook": {
            "path": spec.notebook_label,
            "sha256": job.notebook.sha256,
            "content_sha256": job.notebook.content_sha256,
        },
        "parameters": job.parameters,
        "input_files": job.input_files,
        "input_hash": job.input_hash,
        "inputs": ctx.inputs,
        "versions": ctx.versions,
        "git": ctx.git,
        "kernel": {
            "name": KERNEL_NAME,
            "executable": sys.executable,
            "attempts": _STATE.attempts,
            "start_errors": list(_STATE.start_errors),
        },
        "options": {"timeout": job.timeout, "show_input": job.show_input},
        "start": start,
        "end": utc_now(),
        "duration_s": round(duration, 3),
    }


def _finish(tmp: Path, ctx: BuildContext, prov: dict) -> None:
    """Write provenance.json (last) and swap the folder into place: ``<out>/<name>``, or
    ``<out>/<name>/last-failure`` for a failure beside the last good build."""
    name = prov["report"]
    final = ctx.out_dir / name
    if _keeps_good(ctx, prov):
        final = final / FAILURE_DIR
    text = json.dumps(prov, indent=2, ensure_ascii=False, allow_nan=False)
    (tmp / PROVENANCE_FILE).write_text(text + "\n", encoding="utf-8")
    swap_into_place(tmp, final, name=name)


def _list_files(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def _meaningful_log(text: str) -> str:
    noise = ("Kernel is running over TCP without encryption", "Debugger warning", "frozen modules")
    lines = [line for line in text.splitlines() if not any(n in line for n in noise)]
    return "\n".join(lines).strip()


# ------------------------------------------------------------------------------------------
# worker process


def _kill_kernels() -> None:
    """Terminate the process groups of this worker's running kernels (SIGTERM, then SIGKILL
    after a second) and remove their connection files."""
    running = [(proc, pgid) for proc, pgid, _ in _STATE.kernels if proc.poll() is None]
    for _, pgid in running:
        with contextlib.suppress(OSError):
            os.killpg(pgid, signal.SIGTERM)
    deadline = time.monotonic() + 1.0
    while time.monotonic() < deadline and any(proc.poll() is None for proc, _ in running):
        time.sleep(0.05)
    for proc, pgid in running:
        if proc.poll() is None:
            with contextlib.suppress(OSError):
                os.killpg(pgid, signal.SIGKILL)
            with contextlib.suppress(Exception):
                proc.wait(5)
    for _, _, connection_file in _STATE.kernels:
        with contextlib.suppress(OSError, TypeError):
            os.unlink(connection_file)


def _reap_kernels(wait: float | None = None) -> None:
    """Wait (up to ``wait`` seconds, default :data:`KERNEL_EXIT_WAIT`) for kernels that were
    asked to exit, then kill the process groups of those still running."""
    import subprocess

    deadline = time.monotonic() + (KERNEL_EXIT_WAIT if wait is None else wait)
    for process, pgid in _STATE.exiting:
        try:
            process.wait(max(0.0, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            with contextlib.suppress(OSError):
                os.killpg(pgid, signal.SIGKILL)
            with contextlib.suppress(Exception):
                process.wait(5)
    _STATE.exiting.clear()


def _on_sigterm(signum, frame):  # pragma: no cover - exercised through the Ctrl-C test
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    try:
        _kill_kernels()
        if _STATE.tmp_dir is not None:
            shutil.rmtree(_STATE.tmp_dir, ignore_errors=True)
    finally:
        os._exit(130)


def worker_main(job: Job, ctx: BuildContext, conn) -> None:
    """Entry point of a forked worker: render ``job`` and send the outcome over ``conn``.

    Messages: ``("kernel", pid)`` when a kernel has started, ``("done", provenance)`` when the
    report is in place, or ``("crashed", text)`` if rendering raised. After ``done`` the
    worker only waits for its kernel to exit, so the parent starts the next report at once.
    """
    signal.signal(signal.SIGINT, lambda *_: None)  # Ctrl-C is coordinated by the parent
    signal.signal(signal.SIGTERM, _on_sigterm)
    # failures are reported through the report itself, not as log lines on the terminal
    logging.getLogger("papermill").setLevel(logging.CRITICAL)
    logging.getLogger("traitlets").setLevel(logging.CRITICAL)
    code = 0
    try:
        _STATE.conn = conn
        prov = render_report(job, ctx)
        conn.send(("done", prov))  # the parent may start the next report now
        _reap_kernels()
    except BaseException as exc:  # noqa: BLE001 - report anything to the parent
        import traceback

        code = 1
        with contextlib.suppress(Exception):
            conn.send(("crashed", "".join(traceback.format_exception(exc)).strip()))
    finally:
        with contextlib.suppress(Exception):
            conn.close()
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


def warm_up(show_input: bool = False) -> None:
    """Import and prepare everything a worker needs, once, before forking."""
    html_mod.warm_up(show_input)
    import ipykernel.kernelspec  # noqa: F401
