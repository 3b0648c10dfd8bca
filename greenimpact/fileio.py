"""File plumbing shared by the package and the report builder: no domain code.

* :func:`load_yaml` - the one YAML reader: safe, dates stay strings, duplicate keys refused;
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
from pathlib import Path, PurePath

__all__ = [
    "DATA_DIR_ENV",
    "INPUT_SUFFIXES",
    "OUTPUT_DIR_ENV",
    "YAMLFileError",
    "atomic_path",
    "atomic_write_text",
    "is_input_file",
    "load_yaml",
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
# YAML


class YAMLFileError(ValueError):
    """A YAML file cannot be read or parsed, or repeats a key. The message names the file
    (and, when known, the line); callers re-raise it as their own error type.

    Attributes: ``path`` (the file as named in the message), ``line`` (1-based or ``None``) and
    ``kind``: ``"unreadable"``, ``"syntax"`` or ``"duplicate key"``.
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


def load_yaml(path, *, display: str | None = None):
    """Parse the YAML file ``path`` safely: dates stay strings, a repeated key is an error.

    Parameters
    ----------
    path : str or path-like
    display : str, optional
        How messages name the file (default: ``path`` as given).

    Raises
    ------
    YAMLFileError
        The file cannot be read (``cannot read <file>: ...``), is not valid YAML
        (``<file> is not valid YAML: ...``, with line and column) or repeats a key
        (``<file>, line <n>: duplicate key '<key>'``).
    """
    import yaml

    name = display if display is not None else os.fspath(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise YAMLFileError(f"cannot read {name}: {exc}", path=name, kind="unreadable") from None
    loader = _loader_class()(text)
    loader.name = name  # marks in error messages name the file, not "<unicode string>"
    try:
        return loader.get_single_data()
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
