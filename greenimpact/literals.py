"""One parser for the values of ``-p name=value`` on every command line.

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

__all__ = ["parse_value"]

_FAILED = object()


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
        The text is not a literal and the parameter does not take text.
    """
    raw = str(raw)
    try:
        parsed = ast.literal_eval(raw)
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        parsed = _FAILED
    if text:
        if isinstance(parsed, str) or (parsed is None and none):
            return parsed
        return raw
    if parsed is _FAILED:
        raise ValueError(
            f"got {raw!r}, which is not a Python literal (write text in quotes, e.g. -p name='{raw}')"
        )
    return parsed
