"""A one-line progress display on stderr, redrawn in place with ``\\r``, for people watching a terminal.

Plain text (no curses, no dependency) so it works in any terminal and degrades to nothing: the CLI
enables it only when stderr is a TTY and the report is not machine-readable, because a progress
line in a CI log or a piped JSON stream is noise. Redraws are throttled, so thousands of models
cost a few hundred writes.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TextIO

from configlint.audit.record import AuditRecord
from configlint.audit.runner import RunStats

MIN_INTERVAL = 0.1


class Progress:
    """``audit: 120/500 (24%) · 118 ok · 2 failed · 3 retries · 41.0 models/s · ~9 s left``."""

    def __init__(self, stream: TextIO, *, clock: Callable[[], float] = time.monotonic, width: int = 24) -> None:
        self.stream = stream
        self.clock = clock
        self.width = width
        self._started = clock()
        self._last_draw = float("-inf")
        self._drawn = 0

    def start(self, stats: RunStats) -> None:
        self._started = self.clock()
        self.draw(stats, force=True)

    def update(self, record: AuditRecord, stats: RunStats) -> None:
        self.draw(stats)

    def line(self, stats: RunStats) -> str:
        """The text of the progress line (without ``\\r``)."""
        done = stats.skipped + stats.done
        fraction = done / stats.total if stats.total else 1.0
        filled = round(fraction * self.width)
        parts = [f"audit [{'#' * filled}{'.' * (self.width - filled)}] {done}/{stats.total} ({fraction:.0%})"]
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
            left = stats.total - done
            if left:
                parts.append(f"~{left / rate:.0f} s left")
        return " · ".join(parts)

    def draw(self, stats: RunStats, *, force: bool = False) -> None:
        now = self.clock()
        if not force and now - self._last_draw < MIN_INTERVAL and stats.done < stats.pending:
            return
        self._last_draw = now
        text = self.line(stats)
        # Pad over the previous (longer) line rather than rely on terminal escape codes.
        self.stream.write("\r" + text + " " * max(0, self._drawn - len(text)))
        self.stream.flush()
        self._drawn = len(text)

    def finish(self) -> None:
        """End the line so whatever is printed next starts on its own."""
        if self._drawn:
            self.stream.write("\n")
            self.stream.flush()
            self._drawn = 0
