"""Targets a benchmark checks: each is printed as ok or MISSED, and a miss makes the exit code 1."""

from __future__ import annotations

import sys


class Targets:
    def __init__(self) -> None:
        self.missed: list[str] = []

    def check(self, name: str, met: bool) -> str:
        """``ok`` or ``MISSED`` for the report line; a miss is remembered for :meth:`exit`."""
        if not met:
            self.missed.append(name)
        return "ok" if met else "MISSED"

    def exit(self) -> None:
        if self.missed:
            print(f"MISSED {len(self.missed)} target(s): {', '.join(self.missed)}")
            sys.exit(1)
