"""The output folder: marker, build lock, per-report working folders and atomic replacement.

Layout of ``<out>``::

    .greenimpact-build                  marker: this folder is a greenimpact build (holds its id)
    .lock                               held while a build runs (never followed if a symlink)
    index.html                          site index
    <report>/                           one finished report (provenance.json present)
    <report>/last-failure/              a failed re-render, kept beside the last good report
    .tmp-<id>-<pid>-<report>/           a report being rendered (never looks finished)
    .old-<id>-<pid>-<report>/           the previous version, during the swap

The builder only writes into a folder that is new, empty or carries the marker, and only
deletes or renames what it created: working and backup folders carry the folder's id (from the
marker), and a report folder is replaced only if its ``provenance.json`` names that report.
A report is rendered into its working folder, ``provenance.json`` is written last, and
:func:`swap_into_place` renames the old folder away, the new one in, and deletes the old one,
with termination signals blocked in between. A build killed at any point leaves either the old
report or the new one under ``<report>``; :func:`recover` (run at the start of every build)
deletes this folder's stale working folders and puts back an old report whose swap was cut short.
"""

from __future__ import annotations

import errno
import json
import os
import secrets
import shutil
import signal
import stat
from contextlib import contextmanager
from pathlib import Path

from greenimpact.render.errors import BuildLockedError, OutputFolderError, RenderError

__all__ = [
    "MARKER",
    "LOCK",
    "TMP_PREFIX",
    "OLD_PREFIX",
    "build_lock",
    "prepare_out_dir",
    "folder_id",
    "recover",
    "tmp_dir_for",
    "swap_into_place",
    "owns_report",
    "signals_blocked",
]

MARKER = ".greenimpact-build"
LOCK = ".lock"
TMP_PREFIX = ".tmp-"
OLD_PREFIX = ".old-"
_BLOCK = {signal.SIGINT, signal.SIGTERM}
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)


def _open_own_file(path: Path, flags: int, what: str) -> int:
    """Open ``path`` without following a symlink; it must be a regular file owned by us."""
    try:
        fd = os.open(path, flags | _NOFOLLOW | _CLOEXEC, 0o644)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise OutputFolderError(
                f"{path} is a symbolic link; the {what} must be a plain file inside the build "
                "folder (remove the link)"
            ) from None
        raise OutputFolderError(f"cannot open the {what} {path}: {exc.strerror}") from None
    info = os.fstat(fd)
    problem = None
    if not stat.S_ISREG(info.st_mode):
        problem = "is not a regular file"
    elif hasattr(os, "geteuid") and info.st_uid != os.geteuid():
        problem = f"belongs to another user (uid {info.st_uid})"
    if problem:
        os.close(fd)
        raise OutputFolderError(f"the {what} {path} {problem}; use a --out folder of your own")
    return fd


def folder_id(out_dir: Path) -> str:
    """The id recorded in ``<out_dir>/.greenimpact-build`` (raises if the marker is absent)."""
    fd = _open_own_file(Path(out_dir) / MARKER, os.O_RDONLY, "build marker")
    try:
        raw = os.read(fd, 4096)
    finally:
        os.close(fd)
    try:
        ident = json.loads(raw)["id"]
    except (ValueError, KeyError, TypeError):
        ident = None
    if not (isinstance(ident, str) and ident.isalnum() and 0 < len(ident) <= 32):
        raise OutputFolderError(
            f"{Path(out_dir) / MARKER} is damaged; it marks this folder as a greenimpact build: "
            "delete the folder's build outputs and the marker, or use another --out"
        )
    return ident


def _write_marker(out_dir: Path) -> str:
    ident = secrets.token_hex(4)
    text = json.dumps({"greenimpact_build": 1, "id": ident}) + "\n"
    fd = os.open(out_dir / MARKER, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _CLOEXEC, 0o644)
    try:
        os.write(fd, text.encode())
    finally:
        os.close(fd)
    return ident


def _legacy_build(out_dir: Path, entries: list[Path]) -> bool:
    """A folder written by an earlier greenimpact (before the marker): ``index.html``,
    ``.lock`` and report folders whose ``provenance.json`` names them, nothing else."""
    for entry in entries:
        if entry.name in ("index.html", LOCK) and entry.is_file() and not entry.is_symlink():
            continue
        if not owns_report(entry, entry.name):
            return False
    return True


def prepare_out_dir(out_dir: Path) -> str:
    """Make ``out_dir`` a build folder (or check that it is one) and return its id.

    A missing or empty folder gets the marker; a folder with the marker is reused; a folder
    written by an earlier greenimpact (only reports, ``index.html`` and ``.lock``) is adopted.

    Raises
    ------
    OutputFolderError
        If ``out_dir`` is not a folder, or holds anything else and no marker.
    """
    out_dir = Path(out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise OutputFolderError(f"--out {out_dir} exists and is not a folder")
    out_dir.mkdir(parents=True, exist_ok=True)
    if os.path.lexists(out_dir / MARKER):
        return folder_id(out_dir)
    entries = list(out_dir.iterdir())
    if entries and not _legacy_build(out_dir, entries):
        shown = ", ".join(sorted(e.name for e in entries)[:5]) + (", ..." if len(entries) > 5 else "")
        raise OutputFolderError(
            f"--out {out_dir} is not empty ({shown}) and is not a greenimpact build folder "
            f"(no {MARKER} file); render into a new or empty folder, so that none of your "
            "files is overwritten"
        )
    try:
        return _write_marker(out_dir)
    except FileExistsError:  # another build marked it meanwhile
        return folder_id(out_dir)


@contextmanager
def build_lock(out_dir: Path):
    """Mark ``out_dir`` as a build folder and hold an exclusive lock on ``<out_dir>/.lock``.

    Yields the folder's id (see :func:`prepare_out_dir`). The lock file is opened without
    following symlinks and must be a regular file owned by the current user.

    Raises
    ------
    OutputFolderError
        If ``out_dir`` cannot be used (see :func:`prepare_out_dir`) or ``.lock`` is a symlink,
        not a regular file, or someone else's.
    BuildLockedError
        If another build holds the lock.
    """
    ident = prepare_out_dir(out_dir)
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: no advisory lock
        yield ident
        return
    fd = _open_own_file(out_dir / LOCK, os.O_RDWR | os.O_CREAT, "lock file")
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
        yield ident
    finally:
        os.close(fd)


def tmp_dir_for(out_dir: Path, name: str, pid: int | None = None, ident: str | None = None) -> Path:
    """The working folder of report ``name`` rendered by process ``pid`` in build folder
    ``out_dir`` (whose id is read from its marker unless given)."""
    ident = ident or folder_id(out_dir)
    return Path(out_dir) / f"{TMP_PREFIX}{ident}-{pid or os.getpid()}-{name}"


def _ours(entry: Path, prefix: str, ident: str) -> str | None:
    """The report name in a working/backup folder name of this build folder, else None."""
    head = f"{prefix}{ident}-"
    if not entry.name.startswith(head):
        return None
    pid, sep, name = entry.name[len(head) :].partition("-")
    return name if sep and pid.isdigit() and name else None


def recover(out_dir: Path, ident: str | None = None) -> list[str]:
    """Clean up after an interrupted build; return what was done (for logging).

    Only folders this build folder's builds created are touched (their names carry its id):
    working folders are deleted; a backup ``.old-<id>-<pid>-<report>`` is moved back to
    ``<report>`` when that is missing (the swap was cut short), else deleted.
    """
    done = []
    out_dir = Path(out_dir)
    if not out_dir.is_dir():
        return done
    ident = ident or folder_id(out_dir)
    for entry in sorted(out_dir.iterdir()):
        if not entry.is_dir() or entry.is_symlink():
            continue
        if _ours(entry, TMP_PREFIX, ident) is not None:
            shutil.rmtree(entry, ignore_errors=True)
            done.append(f"removed {entry.name}")
            continue
        name = _ours(entry, OLD_PREFIX, ident)
        if name is None:
            continue
        target = out_dir / name
        if not os.path.lexists(target):
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


def owns_report(folder: Path, name: str) -> bool:
    """Whether ``folder`` is a report folder the builder wrote for report ``name``."""
    if folder.is_symlink() or not folder.is_dir():
        return False
    try:
        prov = json.loads((folder / "provenance.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(prov, dict) and prov.get("report") == name


def swap_into_place(tmp: Path, final: Path, *, name: str | None = None) -> None:
    """Replace folder ``final`` by ``tmp`` (rename old away, rename new in, delete old).

    ``final`` is replaced only if the builder wrote it (its ``provenance.json`` names report
    ``name``, default ``final.name``). Termination signals are deferred between the two
    renames, so ``final`` is only ever missing if the process is killed with SIGKILL at that
    instant, and :func:`recover` repairs that. The backup's name carries the folder id taken
    from ``tmp``'s name.

    Raises
    ------
    RenderError
        If ``final`` exists and was not written by the builder.
    """
    name = name or final.name
    if os.path.lexists(final) and not owns_report(final, name):
        raise RenderError(
            f"{final} exists and was not written by greenimpact render; move it away (it is "
            "left untouched)"
        )
    ident = tmp.name[len(TMP_PREFIX) :].split("-", 1)[0]
    old = tmp.parent / f"{OLD_PREFIX}{ident}-{os.getpid()}-{final.name}"
    if final.parent != tmp.parent:  # a nested target (last-failure): the backup is throw-away
        old = tmp.parent / f"{TMP_PREFIX}{ident}-{os.getpid()}-old-{final.parent.name}"
    with signals_blocked():
        if final.exists():
            os.rename(final, old)
        os.rename(tmp, final)
    if old.exists():
        shutil.rmtree(old, ignore_errors=True)
