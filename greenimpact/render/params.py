"""Declared notebook parameters and the validation of parameter values.

A report notebook declares its parameters in the code cell tagged ``parameters``, one per line::

    dataset = "all"            # a dataset name, or "all"
    years: list[int] = [2030]  # projection years
    threshold: float = 0.5     # share of ... [1]

Each line gives the parameter's name, type (from the annotation, else from the default's type),
default and help text (the trailing comment). A help text that starts with ``[input file]``
declares a parameter naming an input file, whose content is then part of the report's input hash
(see :mod:`greenimpact.render.cache`); ``[input file; no file: None, "", "synthetic"]`` lists the
values that mean "no file" (default: ``None`` and ``""``)::

    plant_file = ""  # [input file; no file: ""] your plant CSV; "" = the embedded example
 The cell is parsed with :mod:`ast` (no kernel, no
papermill), and must hold nothing but such assignments: derived values belong in the next cell.

:func:`validate_parameters` checks values against those declarations before any kernel starts.
This matters for safety as well as for clear errors: papermill pastes parameter *names* into the
injected code cell unescaped, so a name such as ``y=1;import os;os.system("...")#`` would run
code. Only identifiers that the notebook declares get through, and only plain literal values
(``str``, ``int``, ``float``, ``bool``, ``None``, and lists/dicts of those), converted to
JSON-native Python values.
"""

from __future__ import annotations

import ast
import io
import json
import keyword
import math
import tokenize
from collections.abc import Mapping
from dataclasses import dataclass

from greenimpact.literals import close_matches, parse_value, unicode_problem
from greenimpact.render.errors import NotebookError, ParameterError

__all__ = [
    "ParamType",
    "Parameter",
    "CliText",
    "parse_parameters_cell",
    "parse_cli_parameters",
    "check_parameter_name",
    "plain_value_problem",
    "validate_parameters",
    "canonical_json",
    "INPUT_FILE_TAG",
]

#: Start of the help comment of a parameter that names an input file.
INPUT_FILE_TAG = "[input file"
_NO_FILE_DEFAULT = (None, "")

_SIMPLE = {"str": str, "int": int, "float": float, "bool": bool, "list": list, "dict": dict}
_ANY_NAMES = {"Any", "object"}
_ALIASES = {"List": "list", "Dict": "dict", "Sequence": "list", "Mapping": "dict"}


@dataclass(frozen=True)
class ParamType:
    """The declared type of a parameter.

    Attributes
    ----------
    kind : str
        ``any``, ``str``, ``int``, ``float``, ``bool``, ``list``, ``dict`` or ``choice``.
    item : ParamType or None
        Element type of a ``list``, value type of a ``dict`` (``None``: unchecked).
    nullable : bool
        ``None`` is accepted (``X | None``, ``Optional[X]``).
    choices : tuple
        Allowed values of a ``choice`` (``Literal["a", "b"]``).
    note : str
        Annotation text that could not be interpreted (then ``kind`` is ``any``).
    """

    kind: str = "any"
    item: ParamType | None = None
    nullable: bool = False
    choices: tuple = ()
    note: str = ""

    def __str__(self) -> str:
        if self.kind == "choice":
            text = "one of " + ", ".join(repr(c) for c in self.choices)
        elif self.kind == "list" and self.item is not None:
            text = f"list[{self.item}]"
        elif self.kind == "dict" and self.item is not None:
            text = f"dict[str, {self.item}]"
        elif self.kind == "any" and self.note:
            text = f"any ({self.note} not checked)"
        else:
            text = self.kind
        return f"{text} | None" if self.nullable and self.kind != "any" else text

    def coerce(self, value):
        """Return ``value`` converted to this type, or raise ``TypeError`` saying why not.

        ``int`` is accepted where ``float`` is declared (and converted); ``bool`` is not an
        ``int``. ``value`` must already be a plain literal (see :func:`plain_value_problem`).
        """
        if self.kind == "any":
            return value
        if value is None:
            if self.nullable:
                return None
            raise TypeError("None is not allowed")
        if self.kind == "choice":
            if any(type(value) is type(c) and value == c for c in self.choices):
                return value
            raise TypeError(f"{value!r} is not one of {', '.join(repr(c) for c in self.choices)}")
        if self.kind == "float":
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                return float(value)
        elif self.kind == "int":
            if isinstance(value, int) and not isinstance(value, bool):
                return value
        elif isinstance(value, _SIMPLE[self.kind]):
            if self.item is not None and self.kind == "list":
                return [self._item(v, f"item {i}") for i, v in enumerate(value)]
            if self.item is not None and self.kind == "dict":
                return {k: self._item(v, f"key {k!r}") for k, v in value.items()}
            return value
        raise TypeError(f"got {_type_name(value)} {_short(value)}")

    def _item(self, value, where):
        try:
            return self.item.coerce(value)
        except TypeError as exc:
            raise TypeError(f"{where}: expected {self.item}, {exc}") from None


@dataclass(frozen=True)
class Parameter:
    """A parameter declared in a notebook's ``parameters`` cell."""

    name: str
    type: ParamType
    default: object
    help: str = ""
    line: int = 0  #: line number inside the parameters cell (1-based)
    #: For a parameter declared ``[input file]``: the values that mean "no file"; else ``None``.
    no_file: tuple | None = None

    @property
    def is_input_file(self) -> bool:
        """Whether the parameter names an input file (declared ``[input file]``)."""
        return self.no_file is not None

    def file_path(self, value) -> str | None:
        """The path ``value`` names, or ``None`` for a "no file" value or a non-file parameter."""
        if self.no_file is None or any(
            type(value) is type(s) and value == s for s in self.no_file
        ):
            return None
        return value if isinstance(value, str) else None


class CliText(str):
    """The text of a ``-p name=value`` override, interpreted against the declared type.

    Read by :func:`greenimpact.literals.parse_value`, the one rule shared with ``greenimpact
    run``: a Python literal, except that a parameter declared ``str`` (or a choice of strings)
    takes a bare word as text, so ``-p region=East`` and ``-p region=2025`` give strings.
    """


# ------------------------------------------------------------------------------------------
# parsing the parameters cell


def parse_parameters_cell(source: str, where: str = "parameters cell") -> dict[str, Parameter]:
    """Parse the source of a ``parameters`` cell into declared parameters, in order.

    Parameters
    ----------
    source : str
        Python source of the cell.
    where : str
        Prefix for error messages, e.g. ``"notebooks/x.ipynb, parameters cell"``.

    Raises
    ------
    NotebookError
        If the cell holds anything other than ``name = literal`` or
        ``name: type = literal`` assignments (comments, blank lines and ``pass`` are fine).

    Examples
    --------
    >>> ps = parse_parameters_cell('dataset = "all"  # a dataset, or "all"\\nyears: list[int] = [2030]')
    >>> [(p.name, str(p.type), p.default, p.help) for p in ps.values()]
    [('dataset', 'str', 'all', 'a dataset, or "all"'), ('years', 'list[int]', [2030], '')]
    """
    try:
        tree = ast.parse(source)
    except SyntaxError as exc:
        raise NotebookError(
            f"{where}, line {exc.lineno}: {exc.msg}; the parameters cell may only hold "
            "`name = literal  # help` lines (no magics, no other code)"
        ) from None
    comments = _comments_by_line(source)
    declared: dict[str, Parameter] = {}
    for node in tree.body:
        if isinstance(node, ast.Pass) or (
            isinstance(node, ast.Expr)
            and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str)
        ):
            continue
        line = node.lineno
        annotation = None
        if (
            isinstance(node, ast.Assign)
            and len(node.targets) == 1
            and isinstance(node.targets[0], ast.Name)
        ):
            name, value = node.targets[0].id, node.value
        elif (
            isinstance(node, ast.AnnAssign)
            and isinstance(node.target, ast.Name)
            and node.value is not None
        ):
            name, value, annotation = node.target.id, node.value, node.annotation
        else:
            code = ast.get_source_segment(source, node) or type(node).__name__
            raise NotebookError(
                f"{where}, line {line}: `{code.splitlines()[0]}` is not a `name = literal` "
                "assignment; the parameters cell may only declare parameters (move other code "
                "to the next cell)"
            )
        if name in declared:
            raise NotebookError(f"{where}, line {line}: parameter {name!r} is declared twice")
        try:
            default = ast.literal_eval(value)
        except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
            code = ast.get_source_segment(source, value) or "..."
            raise NotebookError(
                f"{where}, line {line}: the default of {name!r} (`{code}`) is not a plain "
                "literal; compute derived values in a later cell"
            ) from None
        problem = plain_value_problem(default)
        if problem:
            raise NotebookError(f"{where}, line {line}: the default of {name!r} {problem}")
        ptype = (
            _type_from_annotation(annotation, source)
            if annotation is not None
            else _type_of(default)
        )
        try:
            default = ptype.coerce(default)
        except TypeError as exc:
            raise NotebookError(
                f"{where}, line {line}: the default of {name!r} does not match its annotation "
                f"{ast.get_source_segment(source, annotation)!r} ({exc})"
            ) from None
        help_text = next(
            (comments[n] for n in range(line, (node.end_lineno or line) + 1) if n in comments), ""
        )
        help_text, no_file = _input_file_tag(help_text, f"{where}, line {line}")
        declared[name] = Parameter(name, ptype, default, help_text, line, no_file)
    return declared


def _input_file_tag(help_text: str, where: str) -> tuple[str, tuple | None]:
    """Split an ``[input file; no file: ...]`` tag off a help text."""
    if not help_text.startswith(INPUT_FILE_TAG):
        return help_text, None
    tag, sep, rest = help_text.partition("]")
    body = tag[len(INPUT_FILE_TAG) :].strip()
    if not sep or (body and not body.startswith(";")):
        raise NotebookError(
            f"{where}: malformed tag {tag + sep!r}; write `# [input file] help` or "
            '`# [input file; no file: None, ""] help`'
        )
    no_file = _NO_FILE_DEFAULT
    if body:
        key, colon, values = body[1:].partition(":")
        try:
            if key.strip() != "no file" or not colon:
                raise ValueError
            no_file = ast.literal_eval(f"({values.strip()},)")
            if any(v is not None and not isinstance(v, str) for v in no_file):
                raise ValueError
        except (ValueError, SyntaxError):
            raise NotebookError(
                f"{where}: in {tag + sep!r}, expected `no file:` followed by the values that mean "
                'no file (None or strings), e.g. `[input file; no file: None, "synthetic"]`'
            ) from None
    return rest.strip(), tuple(no_file)


def _comments_by_line(source: str) -> dict[int, str]:
    out = {}
    try:
        for tok in tokenize.generate_tokens(io.StringIO(source).readline):
            if tok.type == tokenize.COMMENT:
                out[tok.start[0]] = tok.string.lstrip("#").strip()
    except (tokenize.TokenError, IndentationError, SyntaxError):  # pragma: no cover - ast parsed it
        pass
    return out


def _type_of(default) -> ParamType:
    if default is None:
        return ParamType("any")
    return ParamType(type(default).__name__)


def _type_from_annotation(node: ast.expr, source: str) -> ParamType:
    text = ast.get_source_segment(source, node) or ""
    unknown = ParamType("any", note=f"annotation {text!r}")
    if isinstance(node, ast.Constant) and isinstance(node.value, str):  # "int" (string annotation)
        try:
            return _type_from_annotation(ast.parse(node.value, mode="eval").body, node.value)
        except SyntaxError:
            return unknown
    if isinstance(node, ast.Constant) and node.value is None:
        return ParamType("any")
    name = _dotted(node)
    if name is not None:
        name = _ALIASES.get(name, name)
        if name in _ANY_NAMES:
            return ParamType("any")
        return ParamType(name) if name in _SIMPLE else unknown
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        parts = [node.left, node.right]
        nones = [p for p in parts if isinstance(p, ast.Constant) and p.value is None]
        if len(nones) == 1:
            other = parts[0] if parts[1] in nones else parts[1]
            inner = _type_from_annotation(other, source)
            return ParamType(inner.kind, inner.item, True, inner.choices, inner.note)
        return unknown
    if isinstance(node, ast.Subscript):
        outer = _ALIASES.get(_dotted(node.value) or "", _dotted(node.value))
        args = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
        if outer == "Optional" and len(args) == 1:
            inner = _type_from_annotation(args[0], source)
            return ParamType(inner.kind, inner.item, True, inner.choices, inner.note)
        if outer == "Literal":
            try:
                choices = tuple(ast.literal_eval(a) for a in args)
            except ValueError:
                return unknown
            if all(
                plain_value_problem(c) is None and not isinstance(c, (list, dict)) for c in choices
            ):
                return ParamType("choice", choices=choices, nullable=None in choices)
            return unknown
        if outer == "list" and len(args) == 1:
            return ParamType("list", _type_from_annotation(args[0], source))
        if outer == "dict" and len(args) == 2:
            return ParamType("dict", _type_from_annotation(args[1], source))
    return unknown


def _dotted(node) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):  # typing.Any, t.Optional
        return node.attr
    return None


# ------------------------------------------------------------------------------------------
# values


def check_parameter_name(name) -> str | None:
    """Return why ``name`` cannot be a parameter name, or ``None`` if it can.

    Examples
    --------
    >>> check_parameter_name("dataset") is None
    True
    >>> check_parameter_name('y=1;import os;os.system("id")#')
    'is not a valid Python identifier'
    >>> check_parameter_name("lambda")
    'is a Python keyword'
    """
    if not isinstance(name, str):
        return f"must be a string, not {_type_name(name)}"
    if not name.isidentifier():
        return "is not a valid Python identifier"
    if keyword.iskeyword(name):
        return "is a Python keyword"
    return None


def plain_value_problem(value, _depth: int = 0) -> str | None:
    """Return why ``value`` is not a plain, JSON-native literal, or ``None`` if it is.

    Plain values are ``str``, ``int``, ``float`` (finite), ``bool``, ``None``, and lists and
    dicts (with string keys) of plain values.
    """
    if _depth > 50:
        return "is nested too deeply"
    if isinstance(value, str):
        return unicode_problem(value)
    if value is None or isinstance(value, (bool, int)):
        return None
    if isinstance(value, float):
        return None if math.isfinite(value) else f"is not a finite number ({value!r})"
    if isinstance(value, list):
        for item in value:
            problem = plain_value_problem(item, _depth + 1)
            if problem:
                return problem
        return None
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                return f"has a non-string dict key {key!r}"
            problem = plain_value_problem(item, _depth + 1)
            if problem:
                return problem
        return None
    return (
        f"is a {_type_name(value)} ({_short(value)}), not a plain literal "
        "(allowed: str, int, float, bool, None, and lists/dicts of those)"
    )


def parse_cli_parameters(assignments) -> dict[str, CliText]:
    """Split ``-p name=value`` strings into ``{name: CliText(value)}`` (later ones win).

    Raises
    ------
    ParameterError
        If an item has no ``=``.
    """
    out: dict[str, CliText] = {}
    for item in assignments:
        name, sep, value = item.partition("=")
        if not sep:
            raise ParameterError(f"-p {item!r}: expected name=value, e.g. -p scenario=high")
        out[name] = CliText(value)
    return out


def validate_parameters(
    declared: Mapping[str, Parameter],
    values: Mapping[str, object],
    *,
    where: str,
    origins: Mapping[str, str] | None = None,
) -> dict:
    """Check ``values`` against the declared parameters and return them as plain values.

    Parameters
    ----------
    declared : mapping
        Output of :func:`parse_parameters_cell`.
    values : mapping
        Parameter overrides; :class:`CliText` values are parsed against the declared type.
    where : str
        Prefix for error messages (e.g. ``"report 'catalogue'"``).
    origins : mapping, optional
        Where each value came from (``"-p"``, ``"params file x.yaml"``, ``"manifest"``).

    Returns
    -------
    dict
        The overrides, in declaration order, with JSON-native values (``int`` converted to
        ``float`` where ``float`` is declared).

    Raises
    ------
    ParameterError
        Listing every problem: invalid or unknown names (with the declared ones), values that
        are not plain literals, values of the wrong type.
    """
    origins = origins or {}
    problems = []
    resolved = {}
    known = ", ".join(declared) or "(none)"
    for name, value in values.items():
        src = f" (from {origins[name]})" if name in origins else ""
        why = check_parameter_name(name)
        if why:
            problems.append(f"parameter name {name!r}{src} {why}; declared parameters: {known}")
            continue
        if name not in declared:
            near = close_matches(name, declared)
            hint = f"; did you mean {' or '.join(map(repr, near))}?" if near else ""
            problems.append(f"unknown parameter {name!r}{src}{hint}; declared parameters: {known}")
            continue
        ptype = declared[name].type
        try:
            resolved[name] = _resolve(value, ptype)
        except (TypeError, ValueError) as exc:
            problems.append(f"parameter {name!r}{src}: expected {ptype}, {exc}")
    if problems:
        head = f"{where}: " if len(problems) == 1 else f"{where}:\n  "
        raise ParameterError(head + "\n  ".join(problems))
    return {name: resolved[name] for name in declared if name in resolved}


def _resolve(value, ptype: ParamType):
    if isinstance(value, CliText):
        wants_text = ptype.kind == "str" or (
            ptype.kind == "choice" and any(isinstance(c, str) for c in ptype.choices)
        )
        value = parse_value(str(value), text=wants_text, none=ptype.nullable)
        if isinstance(value, dict):  # -p "path={2025: 30}": JSON keys are text
            value = {
                str(k) if isinstance(k, int) and not isinstance(k, bool) else k: v
                for k, v in value.items()
            }
    problem = plain_value_problem(value)
    if problem:
        raise ValueError(f"but the value {problem}")
    return ptype.coerce(value)


def canonical_json(value) -> str:
    """Deterministic JSON text of a plain value (sorted keys, no spaces, UTF-8 kept).

    Examples
    --------
    >>> canonical_json({"b": 1, "a": [0.5, "x"]})
    '{"a":[0.5,"x"],"b":1}'
    """
    return json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    )


def _type_name(value) -> str:
    return type(value).__name__


def _short(value, limit: int = 60) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."
