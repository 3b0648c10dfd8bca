"""Building reports: select, validate, skip what is up to date, render the rest in parallel.

:func:`build` is what ``greenimpact render`` runs:

1. read the manifest and select reports;
2. validate every parameter of every selected report against its notebook (no kernel yet);
3. hash the inputs (including the files named by ``[input file]`` parameters; a missing one
   is an error here) and skip reports whose ``provenance.json`` has the same input hash and
   status ``ok`` (this path imports no Jupyter code and takes well under a second);
4. lock the output folder (refusing a non-empty folder that is not a build folder), clean up
   after an interrupted build and rewrite the site index from what is on disk;
5. import papermill and nbconvert once, then fork up to ``jobs`` worker processes, one per
   report, each running a fresh kernel (processes, not threads: papermill changes the
   process-wide working directory);
6. rewrite the site index from disk after every finished report and at the end, also after a
   failure or Ctrl-C (so a ``kill -9`` leaves it at most one report behind, and the next build
   corrects it before anything else).

A report that fails, also because it could not be written (disk full, permission), is marked
failed with the reason and the build goes on; a failed re-render of a report whose last build
succeeded is kept beside it (``<report>/last-failure``) and the good report stays in place.

Ctrl-C (SIGINT) or SIGTERM stops the build cleanly: pending reports are cancelled, running
workers are terminated and shut their kernels down, finished reports are kept, and the site
index is written.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from greenimpact.render.cache import (
    SharedInputs,
    cache_state,
    input_files,
    input_hash,
    read_failure,
    read_provenance,
    shared_inputs,
)
from greenimpact.render.errors import ManifestError, ParameterError, RenderError
from greenimpact.render.jobs import BuildContext, Job, ReportResult
from greenimpact.render.manifest import Manifest, ReportSpec, find_manifest, load_manifest
from greenimpact.render.names import matrix_keys
from greenimpact.render.notebook import inspect_notebook
from greenimpact.render.params import validate_parameters
from greenimpact.render.progress import Progress
from greenimpact.render.site import SiteEntry, write_site_index
from greenimpact.render.workspace import build_lock, recover, tmp_dir_for

__all__ = [
    "BuildResult",
    "ReportStatus",
    "build",
    "plan",
    "report_status",
    "default_jobs",
    "resolve_manifest",
]


@dataclass
class BuildResult:
    """Outcome of :func:`build`.

    Attributes
    ----------
    out_dir : Path
        The build folder.
    index : Path
        Absolute path of the site index (``<out>/index.html``).
    reports : list of ReportResult
        One per selected report, in manifest order.
    interrupted : bool
        The build was stopped by SIGINT/SIGTERM.
    elapsed_s : float
        Wall time of the build.
    index_error : str or None
        Why the site index could not be written (e.g. a full disk), else ``None``.
    """

    out_dir: Path
    index: Path
    reports: list[ReportResult] = field(default_factory=list)
    interrupted: bool = False
    elapsed_s: float = 0.0
    index_error: str | None = None

    def count(self, status: str) -> int:
        """Number of reports with ``status``."""
        return sum(r.status == status for r in self.reports)

    @property
    def exit_code(self) -> int:
        """130 if interrupted, 1 if any report failed, else 0."""
        if self.interrupted:
            return 130
        return 1 if self.count("failed") else 0

    def summary(self) -> str:
        """One line: what was rendered, skipped, failed and cancelled, and the wall time."""
        n = len(self.reports)
        parts = [f"{self.count('ok')} rendered", f"{self.count('skipped')} up to date"]
        if self.count("failed"):
            parts.append(f"{self.count('failed')} failed")
        if self.count("cancelled"):
            parts.append(f"{self.count('cancelled')} cancelled")
        head = "interrupted: " if self.interrupted else ""
        return (
            f"{head}{n} report{'s' if n != 1 else ''}: {', '.join(parts)} in {self.elapsed_s:.1f} s"
        )


@dataclass(frozen=True)
class ReportStatus:
    """Cache state of one manifest report (for ``greenimpact list``); ``failure`` is a failed
    re-render kept beside the good build in ``provenance``."""

    spec: ReportSpec
    state: str
    parameters: dict
    provenance: dict | None
    problem: str | None = None
    failure: dict | None = None


def default_jobs() -> int:
    """Number of CPUs this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def resolve_manifest(manifest=None) -> Manifest:
    """A :class:`Manifest` from a path, an already loaded manifest, or by searching."""
    if isinstance(manifest, Manifest):
        return manifest
    return load_manifest(manifest if manifest is not None else find_manifest())


def _merge_overrides(overrides) -> tuple[dict, dict]:
    """``overrides`` as (values, origins); later sources win."""
    if not overrides:
        return {}, {}
    if isinstance(overrides, Mapping):
        overrides = [("overrides", overrides)]
    values, origins = {}, {}
    for origin, mapping in overrides:
        for key, value in mapping.items():
            values[key] = value
            origins[key] = origin
    return values, origins


def _domain_check(spec: ReportSpec, info, params: dict) -> None:
    """Run the report's validator (named by the manifest) on its full parameter values."""
    import importlib

    target, options = spec.validate
    module, _, attr = target.partition(":")
    try:
        check = getattr(importlib.import_module(module), attr)
    except (ImportError, AttributeError) as exc:
        raise ManifestError(
            f"report {spec.name!r}: validate: cannot load {target!r} ({exc})"
        ) from None
    values = {name: p.default for name, p in info.parameters.items()} | params
    try:
        check(values, **options)
    except ValueError as exc:
        raise ParameterError(f"report {spec.name!r} ({spec.notebook_label}): {exc}") from None
    except Exception as exc:  # a broken validator: say so before any kernel starts
        raise ManifestError(
            f"report {spec.name!r}: validate: {target} failed ({type(exc).__name__}: {exc})"
        ) from None


def check_domain(jobs: Sequence[Job]) -> None:
    """Run the validators the manifest names for ``jobs`` (see :func:`plan`); raise one error
    listing every problem."""
    problems = []
    for job in jobs:
        if job.spec.validate is None:
            continue
        try:
            _domain_check(job.spec, job.notebook, job.parameters)
        except RenderError as exc:
            problems.append(exc)
    if problems:
        raise type(problems[0])("\n".join(dict.fromkeys(str(p) for p in problems)))


def plan(
    manifest: Manifest,
    specs: Sequence[ReportSpec],
    *,
    shared: SharedInputs,
    overrides=None,
    show_input: bool = False,
    timeout: float | None = None,
    domain_check: bool = True,
) -> list[Job]:
    """Validate the selected reports and compute their input hashes.

    Parameters
    ----------
    manifest : Manifest
        The manifest the reports come from.
    specs : sequence of ReportSpec
        Selected reports.
    shared : SharedInputs
        Hashes of the data folder, package and lock file.
    overrides : mapping or sequence of (origin, mapping), optional
        Parameter values applied to every selected report, after the manifest's (e.g.
        ``[("params file p.yaml", {...}), ("-p", {...})]``).
    show_input : bool
        Show code cells in the HTML pages.
    timeout : float, optional
        Per-cell timeout overriding the manifest's.

    Raises
    ------
    RenderError
        Listing every problem found (missing notebooks, bad parameters cells, unknown,
        unsafe or ill-typed parameters).
    """
    values, origins = _merge_overrides(overrides)
    _refuse_matrix_overrides(manifest, specs, values, origins)
    if timeout is not None and (isinstance(timeout, bool) or not timeout > 0):
        raise RenderError(f"--timeout must be a positive number of seconds, got {timeout!r}")
    jobs, problems = [], []
    for spec in specs:
        try:
            info = inspect_notebook(spec.notebook, display=spec.notebook_label)
            merged = {**spec.parameters, **values}
            where = {k: "manifest matrix" if spec.group else "manifest" for k in spec.parameters}
            params = validate_parameters(
                info.parameters,
                merged,
                where=f"report {spec.name!r} ({spec.notebook_label})",
                origins={**where, **origins},
            )
            if spec.validate is not None and domain_check:
                _domain_check(spec, info, params)
            files = input_files(
                info.parameters,
                params,
                info.path.parent,
                where=f"report {spec.name!r} ({spec.notebook_label})",
            )
        except RenderError as exc:
            problems.append(exc)
            continue
        options = {"show_input": bool(show_input)}
        jobs.append(
            Job(
                spec=spec,
                notebook=info,
                parameters=params,
                input_hash=input_hash(info.content_sha256, params, shared, options, files),
                timeout=float(timeout) if timeout is not None else spec.timeout,
                show_input=bool(show_input),
                input_files=files,
            )
        )
    if problems:
        messages = list(dict.fromkeys(str(p) for p in problems))
        raise type(problems[0])("\n".join(messages))
    return jobs


def _refuse_matrix_overrides(manifest: Manifest, specs, values: dict, origins: dict) -> None:
    """Refuse overrides of a parameter that a selected matrix report varies (the report's
    name would then say one value and its results come from another): one message per group."""
    problems = {}
    for spec in specs:
        for key in matrix_keys(spec.name, spec.group):
            if key in values and spec.group not in problems:
                src = origins.get(key, "overrides")
                listed = ", ".join(
                    sorted({str(s.parameters.get(key)) for s in specs if s.group == spec.group})
                )
                problems[spec.group] = (
                    f"{src} sets {key!r}, which matrix report {spec.group!r} varies "
                    f"({key}: {listed}); its reports are named after their matrix values, so "
                    f"the value cannot be overridden. To render one variant with other values, "
                    f"add the value to the matrix in {manifest.path.name}, or add a report with "
                    f"`parameters: {{{key}: ...}}` for notebook {spec.notebook_label}; -p may "
                    "set the parameters the matrix does not vary"
                )
    if problems:
        raise ParameterError("\n".join(problems.values()))


def report_status(
    manifest=None, *, out=None, data_dir=None, show_input: bool = False
) -> list[ReportStatus]:
    """Cache state of every report in the manifest: ``fresh``, ``stale``, ``never built``
    or ``failed`` (a report whose notebook or parameters are invalid is ``stale`` or
    ``never built`` with ``problem`` set)."""
    manifest = resolve_manifest(manifest)
    out_dir = Path(out or manifest.default_out).resolve()
    shared = shared_inputs(manifest.root, data_dir)
    rows = []
    for spec in manifest.reports.values():
        prov = read_provenance(out_dir / spec.name)
        failure = read_failure(out_dir / spec.name)
        try:
            (job,) = plan(manifest, [spec], shared=shared, show_input=show_input)
        except RenderError as exc:
            state = cache_state(prov, None, failure)
            rows.append(ReportStatus(spec, state, spec.parameters, prov, str(exc), failure))
            continue
        state = cache_state(prov, job.input_hash, failure)
        rows.append(ReportStatus(spec, state, job.parameters, prov, None, failure))
    return rows


def build(
    manifest=None,
    names: Sequence[str] = (),
    *,
    out=None,
    jobs: int | None = None,
    force: bool = False,
    overrides=None,
    show_input: bool = False,
    timeout: float | None = None,
    data_dir=None,
    progress: Progress | None = None,
) -> BuildResult:
    """Render the selected reports of a manifest into ``out``.

    Parameters
    ----------
    manifest : str, Path or Manifest, optional
        The manifest (default: ``reports/reports.yaml`` found from the current directory).
    names : sequence of str
        Reports or matrix groups to render (default: all).
    out : str or Path, optional
        Build folder (default: ``_build`` next to the manifest).
    jobs : int, optional
        Parallel worker processes (default: number of CPUs).
    force : bool
        Re-render reports that are up to date.
    overrides : mapping or sequence of (origin, mapping), optional
        Parameter values for every selected report (see :func:`plan`).
    show_input : bool
        Show code cells in the HTML pages.
    timeout : float, optional
        Per-cell execution timeout in seconds (default: the manifest's, else 600).
    data_dir : str or Path, optional
        Data folder whose files are part of the input hash (default: ``$GREENIMPACT_DATA_DIR``
        or ``<root>/data``).
    progress : Progress, optional
        Progress reporter (default: on stderr).

    Returns
    -------
    BuildResult
        Use ``.exit_code`` (0 ok, 1 a report failed, 130 interrupted) and ``.index``.

    Raises
    ------
    RenderError
        Before anything is rendered, for a bad manifest, unknown report names or invalid
        parameters.
    """
    t0 = time.monotonic()
    manifest = resolve_manifest(manifest)
    out_dir = Path(out or manifest.default_out).resolve()
    specs = manifest.select(names)
    shared = shared_inputs(manifest.root, data_dir)
    planned = plan(
        manifest, specs, shared=shared, overrides=overrides, show_input=show_input, timeout=timeout,
        domain_check=False,
    )
    # the manifest's domain validators run before any kernel starts, for every report that will
    # render: a report whose inputs (notebook, parameters, data, package) match its last good
    # build was validated then, and is skipped, so a no-op rebuild need not load any model
    check_domain([
        job for job in planned
        if force or cache_state(read_provenance(out_dir / job.spec.name), job.input_hash,
                                read_failure(out_dir / job.spec.name)) != "fresh"
    ])
    if jobs is not None and jobs < 1:
        raise RenderError(f"--jobs must be at least 1, got {jobs}")
    result = BuildResult(out_dir=out_dir, index=out_dir / "index.html")
    with build_lock(out_dir) as folder_id:
        recover(out_dir, folder_id)
        site = _Site(manifest, out_dir, shared, planned, show_input, result)
        site.write()  # right from the start, whatever an earlier (killed) build left
        todo, outcomes, last_duration = [], {}, {}
        for job in planned:
            report_dir = out_dir / job.spec.name
            prov = read_provenance(report_dir)
            state = cache_state(prov, job.input_hash, read_failure(report_dir))
            if not force and state == "fresh":
                outcomes[job.spec.name] = ReportResult(
                    job.spec.name, "skipped", out_dir / job.spec.name
                )
            else:
                todo.append(job)
                duration = (prov or {}).get("duration_s")
                last_duration[job.spec.name] = (
                    duration if isinstance(duration, (int, float)) else float("inf")
                )
        # longest first (by last build; new reports first): shortens the tail of the build
        todo.sort(key=lambda job: -last_duration[job.spec.name])
        if todo:
            progress = progress or Progress(len(todo))
            progress.total = len(todo)
            stop = threading.Event()
            with _handle_signals(lambda signum, frame: stop.set()):
                ctx = _context(manifest, out_dir, shared, folder_id)
                n_workers = min(jobs or default_jobs(), len(todo))
                outcomes.update(_run(todo, ctx, n_workers, progress, stop, on_done=site.done))
            result.interrupted = stop.is_set()
            progress.clear()
        result.reports = [outcomes[job.spec.name] for job in planned]
        site.write()
        if result.index_error:
            (progress or Progress(0)).error(f"the site index could not be written: {result.index_error}")
    result.elapsed_s = time.monotonic() - t0
    return result


def _context(
    manifest: Manifest, out_dir: Path, shared: SharedInputs, folder_id: str
) -> BuildContext:
    from greenimpact.render.provenance import git_info, package_versions

    return BuildContext(
        out_dir=out_dir,
        root=manifest.root,
        inputs=shared.as_dict(),
        versions=package_versions(),
        git=git_info(manifest.root),
        folder_id=folder_id,
    )


class _Site:
    """The site index of one build, rebuilt from the reports on disk each time it is written
    (input hashes of every manifest report are computed once)."""

    def __init__(self, manifest, out_dir, shared, planned, show_input, result: BuildResult):
        self.manifest, self.out_dir, self.result = manifest, out_dir, result
        self.jobs = {job.spec.name: job for job in planned}
        for spec in manifest.reports.values():
            if spec.name not in self.jobs:
                try:
                    (self.jobs[spec.name],) = plan(
                        manifest, [spec], shared=shared, show_input=show_input, domain_check=False
                    )
                except RenderError:
                    self.jobs[spec.name] = None
        self.unsaved: dict[str, dict] = {}  # failures that could not be written to disk

    def done(self, prov: dict) -> None:
        """A report finished: remember it if it could not be written, rewrite the index."""
        if prov.get("saved") is False:
            self.unsaved[prov["report"]] = prov
        else:
            self.unsaved.pop(prov.get("report"), None)
        self.write()

    def write(self) -> None:
        entries = []
        for spec in self.manifest.reports.values():
            report_dir = self.out_dir / spec.name
            prov = read_provenance(report_dir)
            failure = self.unsaved.get(spec.name) or read_failure(report_dir)
            if prov is None and failure is not None:
                prov, failure = failure, None
            job = self.jobs.get(spec.name)
            state = cache_state(prov, job.input_hash if job else None, failure)
            params = job.parameters if job else spec.parameters
            entries.append(
                SiteEntry(
                    spec.name, spec.notebook_label, params, state, prov, spec.title, failure
                )
            )
        try:
            self.result.index = write_site_index(
                self.out_dir, entries, heading="Reports", summary=f"Manifest: {self.manifest.path}."
            )
            self.result.index_error = None
        except OSError as exc:  # a full disk must not stop the build
            where = f": {exc.filename}" if exc.filename else ""
            self.result.index_error = f"{exc.strerror or exc}{where}"


# ------------------------------------------------------------------------------------------
# running workers


@dataclass
class _Run:
    job: Job
    proc: object
    conn: object
    start: str
    t0: float
    kernels: list = field(default_factory=list)
    prov: dict | None = None
    crash: str | None = None


def _run(
    todo: list[Job],
    ctx: BuildContext,
    n_workers: int,
    progress: Progress,
    stop: threading.Event,
    on_done=None,
) -> dict:
    """Render ``todo`` with up to ``n_workers`` forked workers; return results by name.

    A worker's slot is freed as soon as it reports its report as done (it then only waits for
    its kernel to exit). Once ``stop`` is set (by SIGINT/SIGTERM) the remaining reports are
    cancelled and running workers terminated. ``on_done(provenance)`` is called as each
    report is finished.
    """
    on_done = on_done or (lambda prov: None)
    import multiprocessing
    from multiprocessing.connection import wait

    from greenimpact.render.provenance import utc_now

    execute = import_executor()
    execute.warm_up(todo[0].show_input)
    mp = multiprocessing.get_context("fork")
    pending = deque(todo)
    live: dict = {}  # connection -> _Run, for every worker process not yet joined
    outcomes: dict[str, ReportResult] = {}

    def busy():
        return sum(run.prov is None for run in live.values())

    while (pending or live) and not stop.is_set():
        while pending and busy() < n_workers and not stop.is_set():
            job = pending.popleft()
            reader, writer = mp.Pipe(duplex=False)
            proc = mp.Process(
                target=execute.worker_main,
                args=(job, ctx, writer),
                name=f"greenimpact-render[{job.spec.name}]",
            )
            proc.start()
            writer.close()
            live[reader] = _Run(job, proc, reader, utc_now(), time.monotonic())
        progress.update([r.job.spec.name for r in live.values() if r.prov is None])
        for conn in wait(list(live), timeout=0.2):
            run = live[conn]
            if _receive(run):
                if run.prov is not None and run.job.spec.name not in outcomes:
                    outcomes[run.job.spec.name] = _outcome(run, ctx, progress)
                    on_done(run.prov)
                continue
            del live[conn]
            _join(run, ctx)
            if run.job.spec.name not in outcomes:
                outcomes[run.job.spec.name] = _outcome(run, ctx, progress)
                on_done(run.prov)
    if stop.is_set():
        outcomes.update(_cancel(list(live.values()), ctx, progress, outcomes))
        for job in pending:
            outcomes[job.spec.name] = ReportResult(
                job.spec.name, "cancelled", ctx.out_dir / job.spec.name
            )
    return outcomes


def _join(run: _Run, ctx: BuildContext) -> None:
    """Join a worker whose pipe is closed; write a failure report if it died before its
    report was done."""
    run.proc.join()
    run.conn.close()
    if run.prov is None:
        _kill_orphan_kernels(run.kernels)
        detail = (
            run.crash.strip().splitlines()[-1] if run.crash else f"exit code {run.proc.exitcode}"
        )
        summary = f"the worker process rendering this report died ({detail})"
        execute = import_executor()
        try:
            run.prov = execute.write_failure_report(
                run.job,
                ctx,
                reason="worker",
                summary=summary,
                start=run.start,
                duration=time.monotonic() - run.t0,
            )
        except (OSError, RenderError) as exc:  # e.g. the disk is full: keep going
            error = {"reason": "worker", "summary": f"{summary}; its failure page could not "
                     f"be written either ({exc})", "ename": None, "evalue": summary}
            run.prov = {"report": run.job.spec.name, "status": "failed", "error": error,
                        "parameters": run.job.parameters, "saved": False}


def _outcome(run: _Run, ctx: BuildContext, progress: Progress) -> ReportResult:
    name = run.job.spec.name
    path = ctx.out_dir / name
    ok = run.prov.get("status") == "ok"
    progress.finished(ok)
    error = None
    if not ok:
        error = (run.prov.get("error") or {}).get("summary") or "failed"
        progress.error(f"FAILED {name}: {error}\n  see {path / 'index.html'}")
    return ReportResult(name, "ok" if ok else "failed", path, run.prov.get("duration_s"), error)


def import_executor():
    """Import :mod:`greenimpact.render.execute` (papermill, nbconvert, jupyter_client).

    jsonschema, imported by nbformat, loads the optional ``rfc3987_syntax`` IRI checker, which
    compiles a grammar at import time: about 0.8 s of papermill's 1.1 s import. Nothing in
    report building validates IRIs, so that module is kept out of this import (this process's
    jsonschema then has no "iri" format check; importing ``rfc3987_syntax`` later still works).
    """
    if "greenimpact.render.execute" in sys.modules:
        return sys.modules["greenimpact.render.execute"]
    stubbed = "rfc3987_syntax" not in sys.modules
    if stubbed:
        sys.modules["rfc3987_syntax"] = None
    try:
        from greenimpact.render import execute
    finally:
        if stubbed and sys.modules.get("rfc3987_syntax", 0) is None:
            del sys.modules["rfc3987_syntax"]
    return execute


def _receive(run: _Run) -> bool:
    """Read one message from a worker; False when the worker has closed its end."""
    try:
        kind, payload = run.conn.recv()
    except (EOFError, OSError):
        return False
    if kind == "kernel":
        run.kernels.append(payload)
    elif kind == "done":
        run.prov = payload
    elif kind == "crashed":
        run.crash = payload
    return True


def _cancel(runs: list[_Run], ctx: BuildContext, progress: Progress, outcomes: dict) -> dict:
    """Terminate live workers (they shut their kernels down) and collect what finished."""
    for run in runs:
        if run.proc.is_alive():
            with contextlib.suppress(OSError):
                os.kill(run.proc.pid, signal.SIGTERM)
    deadline = time.monotonic() + 10
    for run in runs:
        run.proc.join(max(0.0, deadline - time.monotonic()))
        if run.proc.is_alive():
            run.proc.kill()
            run.proc.join()
    done = {}
    for run in runs:
        while run.conn.poll() and _receive(run):
            pass
        run.conn.close()
        _kill_orphan_kernels(run.kernels)
        name = run.job.spec.name
        shutil.rmtree(
            tmp_dir_for(ctx.out_dir, name, run.proc.pid, ctx.folder_id), ignore_errors=True
        )
        if name in outcomes:
            continue
        if run.prov is not None:
            done[name] = _outcome(run, ctx, progress)
        else:
            done[name] = ReportResult(name, "cancelled", ctx.out_dir / name)
    return done


def _kill_orphan_kernels(pids) -> None:
    """Kill kernels (by pid, checking they are ipykernel processes) whose worker died."""
    if not pids:
        return
    import psutil

    for pid in pids:
        try:
            proc = psutil.Process(pid)
            if not any("ipykernel" in part for part in proc.cmdline()):
                continue
            with contextlib.suppress(OSError):
                os.killpg(pid, signal.SIGKILL)
            proc.kill()
        except psutil.Error:
            continue


@contextlib.contextmanager
def _handle_signals(handler):
    """Route SIGINT and SIGTERM to ``handler`` (only possible in the main thread)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {sig: signal.signal(sig, handler) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)
