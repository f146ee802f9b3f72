"""The audit's progress on stderr: redrawn in place on a terminal, a plain line now and then in CI."""

from __future__ import annotations

import io
import sys
from types import SimpleNamespace

import pytest

from configlint.audit.progress import Progress
from configlint.audit.runner import RunStats


def _record(requests: int) -> SimpleNamespace:
    return SimpleNamespace(requests=requests)


def test_the_terminal_line_is_redrawn_in_place_with_rate_requests_and_eta() -> None:
    stream = io.StringIO()
    now = [0.0]
    progress = Progress(stream, clock=lambda: now[0], width=10, interactive=True, columns=lambda: 200)
    stats = RunStats(total=10, skipped=2)
    progress.start(stats)
    now[0] = 2.0
    stats.done, stats.ok, stats.errors, stats.retries = 4, 3, 1, 2
    progress.update(_record(3), stats)  # type: ignore[arg-type]
    progress.update(_record(3), stats)  # type: ignore[arg-type]  # throttled: not redrawn
    progress.finish(stats)
    text = stream.getvalue()
    assert text.count("\r") == 2 and text.endswith("\n") and "\x1b" not in text
    last = text.split("\r")[-1].rstrip()
    assert (
        last
        == "audit [######....] 6/10 (60%) · 2 already stored · 3 ok · 1 failed · 2 retries · 2.0 models/s · 3 requests · ETA 2 s"
    )


@pytest.mark.parametrize("columns", [30, 60, 80])
def test_the_terminal_line_fits_the_width_dropping_parts_from_the_right(columns: int) -> None:
    stream = io.StringIO()
    now = [0.0]
    progress = Progress(stream, clock=lambda: now[0], interactive=True, columns=lambda: columns)
    stats = RunStats(total=1000, skipped=10)
    progress.start(stats)
    now[0] = 10.0
    stats.done = stats.ok = 500
    progress.update(_record(4), stats)  # type: ignore[arg-type]
    lines = [line.rstrip() for line in stream.getvalue().split("\r") if line]
    assert all(len(line) < columns for line in lines), lines
    assert lines[-1].startswith("audit [") and "510/1000" in lines[-1]


def test_without_a_terminal_one_plain_line_every_interval_and_a_last_one() -> None:
    stream = io.StringIO()
    now = [0.0]
    progress = Progress(stream, clock=lambda: now[0], interactive=False, interval=30.0)
    stats = RunStats(total=100)
    progress.start(stats)
    for second in range(1, 91):
        now[0] = float(second)
        stats.done = stats.ok = second
        progress.update(_record(3), stats)  # type: ignore[arg-type]
    progress.finish(stats)
    lines = stream.getvalue().splitlines()
    assert "\r" not in stream.getvalue()
    assert len(lines) == 4  # at 30, 60 and 90 s, and the summary at the end
    assert lines[0].startswith("audit [") and "30/100" in lines[0] and "90 requests" in lines[0]


def test_a_short_audit_without_a_terminal_prints_no_progress() -> None:
    stream = io.StringIO()
    progress = Progress(stream, clock=lambda: 0.0, interactive=False)
    stats = RunStats(total=3)
    progress.start(stats)
    stats.done = 3
    progress.update(_record(3), stats)  # type: ignore[arg-type]
    progress.finish(stats)
    assert stream.getvalue() == ""


def test_which_progress_the_cli_picks(monkeypatch: pytest.MonkeyPatch) -> None:
    from configlint.cli.audit import _progress

    monkeypatch.setattr(sys.stderr, "isatty", lambda: True, raising=False)
    assert _progress(False, "table").interactive and _progress(False, "html").interactive
    assert _progress(False, "json") is None and _progress(True, "table") is None  # no redrawn line over JSON on a terminal
    monkeypatch.setattr(sys.stderr, "isatty", lambda: False, raising=False)
    assert _progress(False, "json").interactive is False and _progress(True, "json") is None
