"""File plumbing shared by the package and the report builder: no domain code.

* :func:`load_yaml` - the one YAML reader: safe, dates stay strings, duplicate keys refused,
  alias expansion capped (:data:`MAX_YAML_NODES`);
* :func:`read_regular_bytes` - read a file only if it is a regular file (never blocks on a FIFO);
* :func:`check_output_path` - refuse an output path whose folder is missing or that names a
  FIFO, folder or device, before any work is done;
* :func:`atomic_path` / :func:`atomic_write_text` - write via a temporary file and
  :func:`os.replace`, so a reader (or a killed writer) never sees a half-written file;
* :data:`DATA_DIR_ENV` / :data:`OUTPUT_DIR_ENV` - the environment variables naming the data
  folder and the folder results are saved to;
* :func:`is_input_file` - which files of the data folder are inputs of a result.

Imports only the standard library (PyYAML lazily), so :mod:`greenimpact.render` can use it.
"""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path, PurePath

__all__ = [
    "DATA_DIR_ENV",
    "INPUT_SUFFIXES",
    "MAX_YAML_NODES",
    "OUTPUT_DIR_ENV",
    "STDOUT_PATHS",
    "FileKindError",
    "OutputPathError",
    "YAMLFileError",
    "atomic_path",
    "atomic_write_text",
    "check_output_path",
    "file_kind",
    "is_input_file",
    "load_yaml",
    "read_regular_bytes",
]

#: Environment variable naming the data folder (default: ``data/`` next to the package).
DATA_DIR_ENV = "GREENIMPACT_DATA_DIR"
#: Environment variable naming the folder :func:`greenimpact.results.save` writes to
#: (set by ``greenimpact render`` for each report; default ``./results``).
OUTPUT_DIR_ENV = "GREENIMPACT_OUTPUT_DIR"

# ------------------------------------------------------------------------------------------
# inputs


#: Suffixes of the files in the data folder that code reads: the datasets (``*.csv``), the
#: catalogue and the scenario files (``*.yaml``). Documentation (``README.md``) is no input.
INPUT_SUFFIXES = (".csv", ".yaml")


def is_input_file(path) -> bool:
    """Whether ``path`` (relative to the data folder) is an input a result can depend on.

    An input has a suffix in :data:`INPUT_SUFFIXES` and no hidden part (``.git/``, ``.tmp``
    files, editor back-ups); ``__pycache__`` folders are never inputs. Both the provenance of
    data files (:func:`greenimpact.data.file_hashes`) and the report cache key
    (:func:`greenimpact.render.cache.shared_inputs`) use this rule.
    """
    parts = PurePath(path).parts
    if not parts or any(p.startswith(".") or p == "__pycache__" for p in parts):
        return False
    return PurePath(parts[-1]).suffix in INPUT_SUFFIXES


# ------------------------------------------------------------------------------------------
# regular files

_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


class FileKindError(ValueError):
    """A path names a FIFO, folder, device or socket where a regular file is expected.

    ``kind`` says what it is instead (``"a FIFO (named pipe)"``, ``"a folder"`` ...)."""

    def __init__(self, message: str, *, kind: str):
        super().__init__(message)
        self.kind = kind


def file_kind(mode: int) -> str:
    """What an ``st_mode`` is, in words: ``"a regular file"``, ``"a FIFO (named pipe)"`` ..."""
    if stat.S_ISREG(mode):
        return "a regular file"
    return next((word for test, word in _KINDS if test(mode)), "not a regular file")


def read_regular_bytes(path, *, what: str = "file", display: str | None = None) -> bytes:
    """The bytes of ``path`` if it is a regular file (symbolic links are followed).

    The file is opened with ``O_NONBLOCK`` and checked with :func:`os.fstat` on the open
    descriptor, so a FIFO is refused at once instead of blocking until a writer appears, and
    the check and the read see the same file.

    Raises
    ------
    FileKindError
        ``<what> <path> is a FIFO (named pipe), not a regular file`` (or a folder, a device).
    OSError
        The file is missing or unreadable.
    """
    name = display if display is not None else os.fspath(path)
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            kind = file_kind(mode)
            raise FileKindError(f"{what} {name} is {kind}, not a regular file", kind=kind)
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        with os.fdopen(fd, "rb", closefd=False) as fh:
            return fh.read()
    finally:
        os.close(fd)


#: Output paths that mean "write to standard output" (not atomic, not checked as files).
STDOUT_PATHS = ("-", "/dev/stdout")


class OutputPathError(ValueError):
    """An output file cannot be written: its folder is missing, it names a FIFO, folder or
    device, its extension names no known format, or the write failed (disk full, permission)."""


def check_output_path(path, *, suffixes=None) -> Path:
    """Check, before any work is done, that ``path`` can take an output file; return it.

    Parameters
    ----------
    path : str or path-like
    suffixes : sequence of str, optional
        Accepted extensions (``(".csv", ".xlsx")``); ``None`` accepts any.

    Raises
    ------
    OutputPathError
        One line naming the path: an extension not in ``suffixes`` (listing them), a folder
        that does not exist or is not a folder, or a path that exists and is not a regular file
        (``/dev/full``, a FIFO, a folder). :data:`STDOUT_PATHS` are accepted as they are.
    """
    text = os.fspath(path)
    target = Path(text)
    if text in STDOUT_PATHS:
        return target
    folder = target.parent
    if not folder.exists():
        raise OutputPathError(f"cannot write {text}: folder {os.fspath(folder)} does not exist")
    if not folder.is_dir():
        raise OutputPathError(f"cannot write {text}: {os.fspath(folder)} is not a folder")
    with contextlib.suppress(FileNotFoundError):
        mode = os.stat(target).st_mode
        if not stat.S_ISREG(mode):
            raise OutputPathError(f"cannot write {text}: it is {file_kind(mode)}, not a regular file")
    if suffixes is not None and target.suffix.lower() not in suffixes:
        got = f"extension {target.suffix!r}" if target.suffix else "no extension"
        raise OutputPathError(
            f"cannot write {text}: {got}; use one of {', '.join(suffixes)} (the format follows the extension)"
        )
    if not os.access(folder, os.W_OK | os.X_OK):
        raise OutputPathError(f"cannot write {text}: permission denied in folder {os.fspath(folder)}")
    return target


# ------------------------------------------------------------------------------------------
# YAML

#: Most nodes the aliases of a YAML document may add to the nodes written out. Aliases are
#: allowed (merge keys ``<<: *base`` are useful), but a "billion laughs" document whose aliases
#: expand to more is refused before anything is built from it.
MAX_YAML_NODES = 100_000


class YAMLFileError(ValueError):
    """A YAML file cannot be read or parsed, or repeats a key. The message names the file
    (and, when known, the line); callers re-raise it as their own error type.

    Attributes: ``path`` (the file as named in the message), ``line`` (1-based or ``None``) and
    ``kind``: ``"unreadable"``, ``"syntax"``, ``"duplicate key"`` or ``"aliases"``.
    """

    def __init__(self, message: str, *, path: str, kind: str, line: int | None = None):
        super().__init__(message)
        self.path = path
        self.kind = kind
        self.line = line


_LOADER = None


def _loader_class():
    """SafeLoader without the timestamp resolver and refusing duplicate keys (built once)."""
    global _LOADER
    if _LOADER is None:
        import yaml

        class Loader(yaml.SafeLoader):
            """SafeLoader without timestamps and with duplicate-key detection."""

        Loader.yaml_implicit_resolvers = {
            ch: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
            for ch, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
        }

        def construct_mapping(loader, node, deep=False):
            seen = set()
            for key_node, _ in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":  # "<<": keys it merges may be overridden
                    continue
                key = loader.construct_object(key_node, deep=True)
                try:
                    hash(key)
                except TypeError:
                    raise yaml.constructor.ConstructorError(
                        None, None, "unhashable mapping key", key_node.start_mark
                    ) from None
                if key in seen:
                    line = key_node.start_mark.line + 1
                    raise YAMLFileError(
                        f"{loader.name}, line {line}: duplicate key {key!r}",
                        path=loader.name,
                        kind="duplicate key",
                        line=line,
                    )
                seen.add(key)
            return yaml.SafeLoader.construct_mapping(loader, node, deep=deep)

        Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, construct_mapping)
        _LOADER = Loader
    return _LOADER


def _expanded_size(root, name: str) -> int:
    """Number of nodes of the document under ``root`` with every alias expanded.

    Computed once per distinct node (aliases share their anchor's node object), so the cost is
    the size of the file, not of the expansion. Refuses a document whose aliases add more than
    :data:`MAX_YAML_NODES` nodes to those written out, and a node that contains itself (a
    recursive alias).
    """
    sizes: dict[int, int] = {}
    on_path: set[int] = set()
    stack = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        if done:
            on_path.discard(key)
            sizes[key] = 1 + sum(sizes[id(c)] for c in _children(node))
            continue
        if key in sizes:
            continue
        if key in on_path:
            line = node.start_mark.line + 1
            raise YAMLFileError(
                f"{name}, line {line}: an alias refers to a node that contains it",
                path=name, kind="aliases", line=line,
            )
        on_path.add(key)
        stack.append((node, True))
        stack.extend((c, False) for c in _children(node) if id(c) not in sizes)
    total = sizes[id(root)]
    if total > len(sizes) + MAX_YAML_NODES:
        raise YAMLFileError(
            f"{name}: its aliases expand to {total:,} nodes from {len(sizes):,} written out "
            f"(at most {MAX_YAML_NODES:,} more are allowed); write the values out instead of "
            "repeating anchors",
            path=name, kind="aliases",
        )
    return total


def _children(node) -> list:
    import yaml

    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def load_yaml(path, *, display: str | None = None):
    """Parse the YAML file ``path`` safely: dates stay strings, a repeated key is an error,
    aliases may not expand to more than :data:`MAX_YAML_NODES` nodes, and ``path`` must be a
    regular file (a FIFO is refused at once, never waited on).

    Parameters
    ----------
    path : str or path-like
    display : str, optional
        How messages name the file (default: ``path`` as given).

    Raises
    ------
    YAMLFileError
        The file cannot be read (``cannot read <file>: ...``), is not valid YAML
        (``<file> is not valid YAML: ...``, with line and column), repeats a key
        (``<file>, line <n>: duplicate key '<key>'``) or is an alias bomb
        (``<file>: its aliases expand to <n> nodes ...``).
    """
    import yaml

    name = display if display is not None else os.fspath(path)
    try:
        text = read_regular_bytes(path, display=name).decode("utf-8")
    except FileKindError as exc:
        raise YAMLFileError(
            f"cannot read {name}: it is {exc.kind}, not a regular file", path=name, kind="unreadable"
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise YAMLFileError(f"cannot read {name}: {exc}", path=name, kind="unreadable") from None
    text = text.removeprefix("\ufeff")
    loader = _loader_class()(text)
    loader.name = name  # marks in error messages name the file, not "<unicode string>"
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        _expanded_size(node, name)
        return loader.construct_document(node)
    except RecursionError:
        raise YAMLFileError(f"{name} is nested too deeply to read", path=name, kind="syntax") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise YAMLFileError(
            f"{name} is not valid YAML: {exc}", path=name, kind="syntax", line=line
        ) from None
    finally:
        loader.dispose()


# ------------------------------------------------------------------------------------------
# atomic writes


@contextlib.contextmanager
def atomic_path(path, *, fsync: bool = False):
    """Yield a temporary path next to ``path``; on success move it onto ``path``.

    The temporary file is ``.<name>.tmp-<pid>`` in the same folder (hidden, so it is never
    taken for a result or an input), so :func:`os.replace` is an atomic rename: readers see the
    old file or the new one, never a partial one. If the body raises (including
    ``KeyboardInterrupt``), the temporary file is removed and ``path`` is left untouched. With
    ``fsync=True`` the file's content is flushed to disk before the rename.

    >>> with atomic_path("table.csv") as tmp:          # doctest: +SKIP
    ...     frame.to_csv(tmp, index=False)
    """
    path = Path(path)
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    try:
        yield tmp
        if fsync:
            fd = os.open(tmp, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def atomic_write_text(path, text: str, *, fsync: bool = False) -> None:
    """Write ``text`` (UTF-8) to ``path`` atomically (see :func:`atomic_path`)."""
    with atomic_path(path, fsync=fsync) as tmp:
        tmp.write_text(text, encoding="utf-8")
