"""The runs an audit database has seen: what each audited, when, with which configlint, and what it left.

Why: a report regenerated from a database (``configlint audit report``, a merge of CI shards) has
no command line to say what it is about. Each ``configlint audit`` run records itself in the
store's meta table (one key per run, so concurrent shard processes never overwrite each other and
a merge keeps them all): the targets it was given (a Hub query, list files, arguments), its start
and end, the configlint version and shard, and, when it finishes, the database's headline counts.
An interrupted run keeps its start and no counts.

Those end-of-run counts are what "failing models over time" plots: the results table holds only
the latest result per model, so history exists only if it is kept at the time. The shards of one
CI run each record their own run; :func:`timeline` adds up consecutive runs of different shards
``K/N`` of the same ``N`` into one point, so a sharded nightly audit is one point per night.
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import asdict, astuple, dataclass, field, replace
from typing import TYPE_CHECKING, Any

from configlint.audit.store import RUN_PREFIX, SELECTION_KEY, AuditStore
from configlint.diagnostics import Severity

if TYPE_CHECKING:
    from configlint.audit.summary import AuditSummary

MAX_SOURCE_PARTS = 5


@dataclass(frozen=True)
class RunCounts:
    """The database after a run: every model once, as clean, failing or unreadable."""

    audited: int
    clean: int
    failing: int
    unreadable: int

    @classmethod
    def of(cls, summary: AuditSummary) -> RunCounts:
        return cls(summary.models, summary.clean, summary.failing, summary.unreadable)

    def __add__(self, other: RunCounts) -> RunCounts:
        return RunCounts(*(a + b for a, b in zip(astuple(self), astuple(other))))


@dataclass(frozen=True)
class Run:
    """One ``configlint audit`` run on this database (or on a shard database merged into it)."""

    key: str
    source: str
    version: str
    started_at: float
    shard: str | None = None
    fail_on: str = Severity.WARNING.value
    finished_at: float | None = None
    counts: RunCounts | None = None

    def to_json(self) -> str:
        data = asdict(self)
        del data["key"]
        return json.dumps(data, sort_keys=True)

    @classmethod
    def from_json(cls, key: str, text: str) -> Run | None:
        """The stored run, or None for an entry this configlint cannot read (a run is context, never a reason to fail)."""
        try:
            data = json.loads(text)
            counts = data.pop("counts", None)
            return cls(key=key, **data, counts=RunCounts(**counts) if counts else None)
        except (ValueError, TypeError):
            return None


def describe_targets(repos: Sequence[str], lists: Sequence[str], query: dict[str, object]) -> str:
    """What an audit was asked to cover, in words: ``Hub query author=org limit=50; list models.txt; 3 repos``."""
    parts = []
    asked = " ".join(f"{name}={value}" for name, value in query.items() if value is not None)
    if asked:
        parts.append(f"Hub query {asked}")
    parts += [f"list {name}" for name in lists]
    if repos:
        shown = ", ".join(repos[:MAX_SOURCE_PARTS])
        parts.append(f"{len(repos)} repos ({shown}{', ...' if len(repos) > MAX_SOURCE_PARTS else ''})")
    return "; ".join(parts) or "nothing"


def begin_run(store: AuditStore, source: str, *, shard: str | None, fail_on: Severity, now: float | None = None) -> Run:
    """Record that a run starts (one insert; a crash later leaves it without an end)."""
    from configlint import __version__

    started = time.time() if now is None else now
    run = Run(f"{RUN_PREFIX}{started:017.6f}:{uuid.uuid4().hex[:12]}", source, __version__, started, shard, fail_on.value)
    store.set_meta(run.key, run.to_json())
    return run


def finish_run(store: AuditStore, run: Run, *, now: float | None = None) -> Run:
    """Record the run's end and the whole database's counts at that moment (at the run's ``fail_on``)."""
    from configlint.audit.summary import summarize

    summary = summarize(store.records(), fail_on=Severity(run.fail_on), top=0)
    done = replace(run, finished_at=time.time() if now is None else now, counts=RunCounts.of(summary))
    store.set_meta(done.key, done.to_json())
    return done


def stored_runs(store: AuditStore) -> list[Run]:
    """Every readable run of the database, oldest first."""
    runs = (Run.from_json(key, value) for key, value in store.meta_items(RUN_PREFIX).items())
    return sorted((run for run in runs if run is not None), key=lambda run: (run.started_at, run.key))


@dataclass(frozen=True)
class Point:
    """One point of "failing models over time": a run, or the shards of one sharded run added up."""

    finished_at: float
    counts: RunCounts
    shards: int = 1
    missing_shards: tuple[str, ...] = ()


def _shard(run: Run) -> tuple[int, int] | None:
    if not run.shard:
        return None
    index, _, total = run.shard.partition("/")
    return (int(index), int(total)) if index.isdigit() and total.isdigit() else None


def timeline(runs: Iterable[Run]) -> list[Point]:
    """Finished runs as points in time; consecutive runs of distinct shards of one ``N`` form one point."""
    points: list[Point] = []
    group: list[Run] = []

    def close() -> None:
        if not group:
            return
        total = RunCounts(0, 0, 0, 0)
        for member in group:
            assert member.counts is not None
            total = total + member.counts
        shard = _shard(group[0])
        seen = {_shard(member) for member in group}
        missing = () if shard is None else tuple(f"{k}/{shard[1]}" for k in range(1, shard[1] + 1) if (k, shard[1]) not in seen)
        points.append(Point(max(m.finished_at or 0.0 for m in group), total, len(group), missing))
        group.clear()

    for run in runs:
        if run.counts is None or run.finished_at is None:
            continue
        shard = _shard(run)
        first = _shard(group[0]) if group else None
        joins = shard is not None and first is not None and shard[1] == first[1] and shard not in {_shard(m) for m in group}
        if not joins:
            close()
        group.append(run)
    close()
    return points


@dataclass(frozen=True)
class ReportContext:
    """The report's header: what was audited, when, by which configlint, with which rules."""

    sources: tuple[str, ...] = ()
    versions: tuple[str, ...] = ()
    selection: dict[str, Any] = field(default_factory=dict)
    started_at: float | None = None
    finished_at: float | None = None
    runs: int = 0
    timeline: tuple[Point, ...] = ()

    @property
    def missing_shards(self) -> tuple[str, ...]:
        """Shards the latest sharded run lacks: its counts (and the report) cover only part of the targets."""
        return self.timeline[-1].missing_shards if self.timeline else ()


def _unique(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(values))


def report_context(store: AuditStore) -> ReportContext:
    """The context of a report on ``store``: from its runs, else (a database of an older configlint) its results' times."""
    runs = stored_runs(store)
    try:
        selection = json.loads(store.get_meta(SELECTION_KEY) or "{}")
    except ValueError:
        selection = {}
    if not isinstance(selection, dict):
        selection = {}
    started: float | None
    ended: float | None
    if runs:
        finished = [run.finished_at for run in runs if run.finished_at is not None]
        started, ended = runs[0].started_at, max(finished) if finished else None
    else:
        times = [(r.started_at, r.finished_at) for r in store.records()]
        started = min((t[0] for t in times), default=None)
        ended = max((t[1] for t in times), default=None)
    return ReportContext(
        sources=_unique(run.source for run in runs), versions=_unique(run.version for run in runs),
        selection=selection, started_at=started, finished_at=ended, runs=len(runs), timeline=tuple(timeline(runs)),
    )  # fmt: skip
