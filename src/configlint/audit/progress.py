"""Audit progress on stderr: a line redrawn in place on a terminal, a summary line now and then in CI.

Plain text, no dependency. On a terminal the line is redrawn with ``\\r``, fitted to the
terminal's width (parts are dropped from the right, the count and percentage stay), throttled
so thousands of models cost a few hundred writes. Without a terminal (a CI log), a redrawn line
would be noise and silence looks like a hang, so one plain summary line is printed every
``interval`` seconds instead, and a last one at the end.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from typing import TextIO

from configlint.audit.record import AuditRecord
from configlint.audit.runner import RunStats

MIN_INTERVAL = 0.1
CI_INTERVAL = 30.0


class Progress:
    """``audit [####....] 120/500 (24%) · 118 ok · 2 failed · 3 retries · 41.0 models/s · 480 requests · ETA 9 s``."""

    def __init__(
        self,
        stream: TextIO,
        *,
        clock: Callable[[], float] = time.monotonic,
        width: int = 24,
        columns: Callable[[], int] | None = None,
        interactive: bool | None = None,
        interval: float = CI_INTERVAL,
    ) -> None:
        self.stream = stream
        self.clock = clock
        self.width = width
        self.columns = columns or (lambda: shutil.get_terminal_size((100, 24)).columns)
        self.interactive = stream.isatty() if interactive is None else interactive
        self.interval = interval
        self.requests = 0
        self._started = clock()
        self._last_draw = float("-inf")
        self._drawn = 0
        self._periodic = 0

    def start(self, stats: RunStats) -> None:
        self._started = self.clock()
        if self.interactive:
            self.draw(stats, force=True)
        else:
            self._last_draw = self._started  # the first CI line comes after one interval

    def update(self, record: AuditRecord, stats: RunStats) -> None:
        self.requests += record.requests
        self.draw(stats)

    def parts(self, stats: RunStats, bar: int | None = None) -> list[str]:
        """The pieces of the line, most important first; ``bar`` overrides the bar's width (0: none)."""
        done = stats.skipped + stats.done
        fraction = done / stats.total if stats.total else 1.0
        width = self.width if bar is None else bar
        filled = round(fraction * width)
        drawn = f"[{'#' * filled}{'.' * (width - filled)}] " if width > 0 else ""
        parts = [f"audit {drawn}{done}/{stats.total} ({fraction:.0%})"]
        if stats.skipped:
            parts.append(f"{stats.skipped} already stored")
        parts.append(f"{stats.ok} ok")
        if stats.errors:
            parts.append(f"{stats.errors} failed")
        if stats.retries:
            parts.append(f"{stats.retries} retries")
        elapsed = self.clock() - self._started
        if stats.done and elapsed > 0:
            rate = stats.done / elapsed
            parts.append(f"{rate:.1f} models/s")
            parts.append(f"{self.requests} requests")
            left = stats.total - done
            if left:
                parts.append(f"ETA {_duration(left / rate)}")
        return parts

    def line(self, stats: RunStats, limit: int | None = None) -> str:
        """The line, at most ``limit`` characters: whole parts are dropped from the right."""
        parts = self.parts(stats)
        text = " · ".join(parts)
        while limit is not None and len(text) > limit and len(parts) > 1:
            parts.pop()
            text = " · ".join(parts)
        if limit is not None and len(text) > limit:  # narrower than the count itself: shrink the bar
            head = self.parts(stats, bar=0)[0]
            room = limit - len(head) - 3
            text = self.parts(stats, bar=room)[0] if room >= 5 else head
        return text[:limit] if limit is not None else text

    def draw(self, stats: RunStats, *, force: bool = False) -> None:
        now = self.clock()
        finished = stats.done >= stats.pending
        if self.interactive:
            if not force and now - self._last_draw < MIN_INTERVAL and not finished:
                return
            self._last_draw = now
            text = self.line(stats, max(10, self.columns() - 1))  # the last column would wrap on some terminals
            # Pad over the previous (longer) line rather than rely on terminal escape codes.
            self.stream.write("\r" + text + " " * max(0, self._drawn - len(text)))
            self._drawn = len(text)
        else:
            if not force and now - self._last_draw < self.interval:
                return
            self._last_draw = now
            self._periodic += 1
            self.stream.write(self.line(stats) + "\n")
        self.stream.flush()

    def finish(self, stats: RunStats | None = None) -> None:
        """End the line so whatever is printed next starts on its own (in CI: print the last summary)."""
        if self.interactive:
            if self._drawn:
                self.stream.write("\n")
                self._drawn = 0
        elif stats is not None and self._periodic:
            self.stream.write(self.line(stats) + "\n")  # a short audit printed none: its summary line says it all
        self.stream.flush()


def _duration(seconds: float) -> str:
    if seconds < 90:
        return f"{seconds:.0f} s"
    if seconds < 5400:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h"
