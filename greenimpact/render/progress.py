"""Progress on stderr while a build runs.

On a terminal: one line, rewritten in place, with reports done/total, failures, elapsed time
and what is running. Not on a terminal (CI logs, pipes): nothing but errors; the command prints
a one-line summary at the end.
"""

from __future__ import annotations

import shutil
import sys
import time

__all__ = ["Progress"]


class Progress:
    """Reports build progress to a stream (default ``sys.stderr``).

    Parameters
    ----------
    total : int
        Number of reports to render.
    stream : file, optional
        Where to write (default ``sys.stderr``).
    live : bool, optional
        Show the updating line; default: whether ``stream`` is a terminal.
    """

    def __init__(self, total: int, stream=None, live: bool | None = None):
        self.stream = stream if stream is not None else sys.stderr
        if live is None:
            isatty = getattr(self.stream, "isatty", None)
            live = bool(isatty and isatty())
        self.live = live
        self.total = total
        self.done = 0
        self.failed = 0
        self.t0 = time.monotonic()
        self._last = 0.0
        self._shown = False

    def update(self, running=(), *, force: bool = False) -> None:
        """Redraw the progress line (at most 10 times a second unless ``force``)."""
        if not self.live:
            return
        now = time.monotonic()
        if not force and now - self._last < 0.1:
            return
        self._last = now
        width = shutil.get_terminal_size((100, 20)).columns - 1
        line = f"[{self.done}/{self.total}] {self.failed} failed, {now - self.t0:.0f} s"
        if running:
            line += " | running: " + ", ".join(running)
        if len(line) > width:
            line = line[: max(width - 3, 0)] + "..."
        self.stream.write("\r\x1b[K" + line)
        self.stream.flush()
        self._shown = True

    def finished(self, ok: bool) -> None:
        """Count one finished report."""
        self.done += 1
        if not ok:
            self.failed += 1

    def error(self, text: str) -> None:
        """Print an error line (always, also when not on a terminal)."""
        self.clear()
        self.stream.write(text.rstrip("\n") + "\n")
        self.stream.flush()

    def clear(self) -> None:
        """Remove the progress line."""
        if self.live and self._shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self._shown = False
