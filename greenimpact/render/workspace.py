"""The output folder: a build lock, per-report working folders and atomic replacement.

Layout of ``<out>``::

    index.html                    site index
    <report>/                     one finished report (provenance.json present)
    .tmp-<report>-<pid>/          a report being rendered (never looks finished)
    .old-<report>-<pid>/          the previous version, during the swap
    .lock                         held while a build runs

A report is rendered into ``.tmp-<report>-<pid>``, ``provenance.json`` is written last, and
:func:`swap_into_place` then renames the old folder away, the new one in, and deletes the old
one, with termination signals blocked in between. A build that is killed at any point leaves
either the old report or the new one under ``<report>``; :func:`recover` (run at the start of
every build) deletes stale working folders and puts back an old report whose swap was cut short.
"""

from __future__ import annotations

import errno
import os
import shutil
import signal
from contextlib import contextmanager
from pathlib import Path

from greenimpact.render.errors import BuildLockedError, RenderError

__all__ = [
    "TMP_PREFIX",
    "OLD_PREFIX",
    "build_lock",
    "recover",
    "tmp_dir_for",
    "swap_into_place",
    "signals_blocked",
]

TMP_PREFIX = ".tmp-"
OLD_PREFIX = ".old-"
_BLOCK = {signal.SIGINT, signal.SIGTERM}


@contextmanager
def build_lock(out_dir: Path):
    """Hold an exclusive lock on ``<out_dir>/.lock`` for the duration of a build.

    Raises
    ------
    BuildLockedError
        If another build holds it.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: no advisory lock
        yield
        return
    fd = os.open(out_dir / ".lock", os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
                raise BuildLockedError(
                    f"another greenimpact render is writing into {out_dir}; wait for it to "
                    "finish or use a different --out"
                ) from None
            raise
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        yield
    finally:
        os.close(fd)


def tmp_dir_for(out_dir: Path, name: str, pid: int | None = None) -> Path:
    """The working folder of report ``name`` rendered by process ``pid``."""
    return out_dir / f"{TMP_PREFIX}{name}-{pid or os.getpid()}"


def recover(out_dir: Path) -> list[str]:
    """Clean up after an interrupted build; return what was done (for logging).

    Working folders (``.tmp-*``) are deleted. An ``.old-<report>-<pid>`` folder is moved back to
    ``<report>`` when that is missing (the swap was cut short), else deleted.
    """
    done = []
    if not out_dir.is_dir():
        return done
    for entry in sorted(out_dir.iterdir()):
        if not entry.is_dir() or entry.is_symlink():
            continue
        if entry.name.startswith(TMP_PREFIX):
            shutil.rmtree(entry, ignore_errors=True)
            done.append(f"removed {entry.name}")
        elif entry.name.startswith(OLD_PREFIX):
            name = entry.name[len(OLD_PREFIX) :].rpartition("-")[0]
            target = out_dir / name
            if name and not target.exists():
                os.rename(entry, target)
                done.append(f"restored {name}")
            else:
                shutil.rmtree(entry, ignore_errors=True)
                done.append(f"removed {entry.name}")
    return done


@contextmanager
def signals_blocked():
    """Defer SIGINT and SIGTERM in this thread until the block ends."""
    old = signal.pthread_sigmask(signal.SIG_BLOCK, _BLOCK)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


def swap_into_place(tmp: Path, final: Path) -> None:
    """Replace folder ``final`` by ``tmp`` (rename old away, rename new in, delete old).

    Termination signals are deferred between the two renames, so ``final`` is only ever
    missing if the process is killed with SIGKILL at that instant, and :func:`recover` repairs
    that.
    """
    if final.is_symlink() or (final.exists() and not final.is_dir()):
        raise RenderError(f"{final} exists and is not a report folder; remove it")
    old = final.parent / f"{OLD_PREFIX}{final.name}-{os.getpid()}"
    with signals_blocked():
        if final.exists():
            os.rename(final, old)
        os.rename(tmp, final)
    if old.exists():
        shutil.rmtree(old, ignore_errors=True)
