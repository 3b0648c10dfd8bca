"""One parser for the values of ``-p name=value`` on every command line, and one way to say
that a name is unknown (:func:`unknown_name`, with close-match suggestions).

``greenimpact run`` (model parameters) and ``greenimpact render`` (notebook parameters) read
the text after ``=`` with the same rule:

1. The text is read as a Python literal with :func:`ast.literal_eval` (never evaluated as code):
   ``15``, ``0.7``, ``True``, ``None``, ``'text'``, ``[2025, 2030]``, ``{2025: 30, 2030: 75}``.
2. **Bare words.** Where the parameter takes text (declared ``str``, or a choice of strings),
   text that does not read as a string literal is the string itself: ``-p region=Beijing``
   gives ``"Beijing"``, and ``-p region=2025`` and ``-p region='2025'`` both give ``"2025"``
   (a label that looks like a number stays text). ``-p region=None`` gives ``None`` where the
   parameter accepts it.
3. Anywhere else, text that is not a literal is refused with a message that says how to quote it.
4. Values must be valid Unicode: a lone surrogate (what a shell passes for bytes that are not
   UTF-8, or an escape such as ``'\\udc80'``) is refused with its position
   (:func:`unicode_problem`).

Examples
--------
>>> parse_value("2025", text=True), parse_value("2025", text=False)
('2025', 2025)
>>> parse_value("Beijing", text=True)
'Beijing'
>>> parse_value("None", text=True, none=True) is None
True
>>> parse_value("Beijing", text=False)
Traceback (most recent call last):
...
ValueError: got 'Beijing', which is not a Python literal (write text in quotes, e.g. -p name='Beijing')
"""

from __future__ import annotations

import ast
import difflib

__all__ = ["close_matches", "parse_value", "unicode_problem", "unknown_name"]

_FAILED = object()


def unicode_problem(value, _depth: int = 0) -> str | None:
    """Why ``value`` (text, or lists and dicts of it) is not valid Unicode, or ``None``.

    Text is valid when it encodes as UTF-8; a lone surrogate does not.

    >>> unicode_problem("Beijing") is None
    True
    >>> unicode_problem(["ok", "a\\udcff"])
    "has a lone surrogate '\\\\udcff' at position 1 of 'a\\\\udcff', which is not valid Unicode (is the text UTF-8?)"
    """
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as exc:
            return (
                f"has a lone surrogate {value[exc.start]!r} at position {exc.start} of {value!r}, "
                "which is not valid Unicode (is the text UTF-8?)"
            )
        return None
    if _depth > 50:
        return None
    if isinstance(value, dict):
        value = [*value.keys(), *value.values()]
    if isinstance(value, list | tuple | set):
        for item in value:
            problem = unicode_problem(item, _depth + 1)
            if problem:
                return problem
    return None


def parse_value(raw: str, *, text: bool = False, none: bool = False):
    """The value of the text after ``=`` in ``-p name=value`` (see the module docstring).

    Parameters
    ----------
    raw : str
        What the user typed after ``=``.
    text : bool
        The parameter takes text (bare words are strings).
    none : bool
        The parameter accepts ``None`` (then ``None`` is not turned into the string ``"None"``).

    Returns
    -------
    object
        The literal's value, or ``raw`` itself where the parameter takes text.

    Raises
    ------
    ValueError
        The text is not a literal and the parameter does not take text, or the text or its value
        is not valid Unicode.
    """
    raw = str(raw)
    problem = unicode_problem(raw)
    if problem:
        raise ValueError(f"the value {problem}")
    try:
        parsed = ast.literal_eval(raw)
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        parsed = _FAILED
    problem = unicode_problem(parsed)
    if problem:
        raise ValueError(f"the value {problem}")
    if text:
        if isinstance(parsed, str) or (parsed is None and none):
            return parsed
        return raw
    if parsed is _FAILED:
        raise ValueError(
            f"got {raw!r}, which is not a Python literal (write text in quotes, e.g. -p name='{raw}')"
        )
    return parsed


def close_matches(name, choices, *, n: int = 3) -> list[str]:
    """Up to ``n`` of ``choices`` that look like ``name`` (:func:`difflib.get_close_matches`,
    ignoring case), best first.

    >>> close_matches("scenaro", ["baseline", "scenario", "scenarios"])
    ['scenario', 'scenarios']
    """
    choices = [str(c) for c in choices]
    lowered: dict[str, str] = {}
    for choice in choices:
        lowered.setdefault(choice.lower(), choice)
    found = difflib.get_close_matches(str(name).lower(), list(lowered), n=n, cutoff=0.6)
    return [lowered[f] for f in found]


def unknown_name(what: str, name, choices, *, context: str = "", max_listed: int = 12,
                 more: str = "") -> str:
    """One line saying ``name`` is not a known ``what``, with what to type instead.

    Close matches come first ("did you mean ..."); the known names follow when there are at
    most ``max_listed`` of them, otherwise their count and ``more`` (where to see them all), so
    a long list never floods the terminal. ``context`` follows the name
    (``"for model 'compute'"``).

    >>> unknown_name("model", "comput", ["compute", "net", "steel"])
    "unknown model 'comput'; did you mean 'compute'? (models: compute, net, steel)"
    >>> unknown_name("report", "x", [f"r{i}" for i in range(40)], more="`greenimpact list` shows them")
    "unknown report 'x' (40 reports; `greenimpact list` shows them)"
    """
    choices = [str(c) for c in choices]
    message = f"unknown {what} {name!r}" + (f" {context}" if context else "")
    close = close_matches(name, choices)
    if close:
        message += f"; did you mean {' or '.join(map(repr, close))}?"
    if not choices:
        return message + f" (there are no {what}s)"
    if len(choices) <= max_listed:
        return message + f" ({what}s: {', '.join(choices)})"
    return message + f" ({len(choices)} {what}s" + (f"; {more}" if more else "") + ")"
