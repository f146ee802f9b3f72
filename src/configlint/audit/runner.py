"""Audit many Hub repos with a bounded pool of threads; store each result the moment it arrives.

Fetching a model is a few small HTTP requests, so the audit is bound by latency, not CPU: threads
overlap the waits. The pool is ``concurrency`` daemon threads fed from a queue (no more requests in
flight than that, whatever the number of models); the calling thread is the only one that writes
to the :class:`~configlint.audit.store.AuditStore`, so results are committed one by one, in the
order they finish, and an interruption loses at most the models still in flight. Daemon threads
mean Ctrl-C ends the process at once instead of waiting for requests in flight to time out.

Which models are fetched first is up to ``resolve`` (run in a thread of its own): it hands the
workers each model once a model listing described it, so the workers start with the listing's first
page. :func:`inspect_concurrently` is the pool alone; ``configlint check`` with several Hub repos
uses it too.

Per model: wait for the shared :class:`~configlint.audit.retry.RateGate`, inspect, and on a
retryable :class:`~configlint.hub.errors.HubError` (429, 5xx, network) wait and try again, up to
:attr:`RetryPolicy.max_attempts`. Every other failure is recorded as that model's result and the
audit carries on.
"""

from __future__ import annotations

import contextlib
import queue
import threading
from collections.abc import Callable, Generator, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from configlint.audit.record import AuditRecord, InspectionSummary, record_from_error, record_from_inspection, revision_key
from configlint.audit.retry import Clock, RateGate, RealClock, RetryPolicy
from configlint.hub.transfer import DEFAULT_TIMEOUT

if TYPE_CHECKING:
    from configlint.audit.batching import HubInspector
    from configlint.audit.store import AuditStore
    from configlint.hub.inspect import RemoteInspection
    from configlint.hub.source import RemoteSource
    from configlint.selection import Selection

InspectFn = Callable[["RemoteSource"], "RemoteInspection"]
"""Reads and lints one repo; raises :class:`HubError` (normally a :class:`~configlint.audit.batching.HubInspector`)."""
ResolveFn = Callable[[Sequence["RemoteSource"]], Iterable[int]]
"""Given the sources to fetch, yields their positions as each becomes ready to fetch (e.g. once a
model listing described it: :meth:`HubInspector.resolve <configlint.audit.batching.HubInspector.resolve>`)."""
POLL_SECONDS = 0.2


def hub_inspector(
    *, token: str | None = None, selection: Selection | None = None, use_cache: bool = False, timeout: float = DEFAULT_TIMEOUT
) -> HubInspector:
    """The inspector ``configlint audit`` uses: :func:`~configlint.hub.inspect.inspect_remote` with the
    audit's options, and model listings that spare each model its model-info request.

    No configlint Hub cache by default: the audit's database already keeps every result and a resumed
    audit never fetches a stored model, while a cache entry per model (thousands of folders under
    ~/.cache) costs disk writes on every fetch. It pays off only for re-audits (``--refresh``) of
    mostly unchanged commits, so it is opt-in there (``--cache``).
    """
    from configlint.audit.batching import HubInspector

    return HubInspector(token=token, selection=selection, use_cache=use_cache, timeout=timeout)


@dataclass
class RunStats:
    """What one run did: ``total`` requested, ``skipped`` because already stored, the rest fetched."""

    total: int
    skipped: int = 0
    done: int = 0
    ok: int = 0
    errors: int = 0
    retries: int = 0

    @property
    def pending(self) -> int:
        return self.total - self.skipped


@dataclass(frozen=True)
class Outcome:
    """What inspecting one repo came to: an inspection, or the error that ended the last attempt."""

    source: RemoteSource
    inspection: RemoteInspection | None
    error: BaseException | None
    attempts: int
    started_at: float
    finished_at: float
    summary: InspectionSummary | None = None
    """What a worker process sends instead of the inspection (``workers`` > 1: :mod:`configlint.audit.workers`)."""

    def record(self) -> AuditRecord:
        inspected = self.inspection if self.inspection is not None else self.summary
        if inspected is not None:
            return record_from_inspection(
                self.source, inspected, attempts=self.attempts, started_at=self.started_at, finished_at=self.finished_at
            )
        assert self.error is not None
        return record_from_error(
            self.source, self.error, attempts=self.attempts, started_at=self.started_at, finished_at=self.finished_at
        )


class _Stopped(Exception):
    """The run is stopping: drop this model (it is not stored, so the next run fetches it)."""


class _Worker:
    """Inspects one repo at a time: gate, inspect, retry; always returns an outcome unless stopping."""

    def __init__(self, inspect: InspectFn, policy: RetryPolicy, clock: Clock, gate: RateGate, stop: threading.Event) -> None:
        self.inspect = inspect
        self.policy = policy
        self.clock = clock
        self.gate = gate
        self.stop = stop

    def attempt(self, source: RemoteSource) -> Outcome:
        from configlint.hub.errors import HubError

        started = self.clock.time()
        attempt = 0
        while True:
            attempt += 1
            self._check_stop()
            self.gate.wait()
            self._check_stop()
            try:
                inspection = self.inspect(source)
            except HubError as error:
                if not self.policy.should_retry(attempt, error.retryable):
                    return Outcome(source, None, error, attempt, started, self.clock.time())
                self._back_off(attempt, error.retry_after)
                continue
            except Exception as error:
                return Outcome(source, None, error, attempt, started, self.clock.time())
            return Outcome(source, inspection, None, attempt, started, self.clock.time())

    def _back_off(self, attempt: int, retry_after: float | None) -> None:
        delay = self.policy.delay(attempt, retry_after)
        if retry_after is not None:  # the server spoke for everyone: hold every worker back
            self.gate.close_for(delay)
            self.gate.wait()
        else:
            self.clock.sleep(delay)

    def _check_stop(self) -> None:
        if self.stop.is_set():
            raise _Stopped

    def run(
        self, sources: Sequence[RemoteSource], work: queue.Queue[int | None], results: queue.Queue[tuple[int, Outcome]]
    ) -> None:
        while (index := work.get()) is not None:
            source = sources[index]
            try:
                results.put((index, self.attempt(source)))
            except _Stopped:
                return
            except BaseException as error:
                now = self.clock.time()
                results.put((index, Outcome(source, None, error, 1, now, now)))


def _feed(
    sources: Sequence[RemoteSource], resolve: ResolveFn | None, work: queue.Queue[int | None], threads: int, stop: threading.Event
) -> None:
    """Hand positions to the workers as they become ready; every position exactly once, even if ``resolve`` fails."""
    given: set[int] = set()
    try:
        for index in resolve(sources) if resolve is not None else range(len(sources)):
            if stop.is_set():
                return
            if index not in given and 0 <= index < len(sources):
                given.add(index)
                work.put(index)
    except Exception:
        pass
    for index in range(len(sources)):
        if index not in given:
            work.put(index)
    for _ in range(threads):
        work.put(None)


def inspect_concurrently(
    sources: Sequence[RemoteSource],
    inspect: InspectFn,
    *,
    concurrency: int = 8,
    policy: RetryPolicy | None = None,
    clock: Clock | None = None,
    resolve: ResolveFn | None = None,
) -> Generator[tuple[int, Outcome], None, None]:
    """``(position, outcome)`` of every source, in the order they finish, from at most ``concurrency``
    inspections in flight. Closing the iterator early (or an exception in the consumer) stops the
    workers; what they had in flight is dropped."""
    if concurrency < 1:
        raise ValueError("concurrency must be at least 1")
    if not sources:
        return
    clock = clock or RealClock()
    stop = threading.Event()
    worker = _Worker(inspect, policy or RetryPolicy(), clock, RateGate(clock), stop)
    threads = min(concurrency, len(sources))
    work: queue.Queue[int | None] = queue.Queue()
    # Bounded, so workers never run far ahead of the consumer: an interruption loses at most
    # 2 x concurrency finished-but-unconsumed models, however slow the disk.
    results: queue.Queue[tuple[int, Outcome]] = queue.Queue(maxsize=threads)
    threading.Thread(target=_feed, args=(sources, resolve, work, threads, stop), name="configlint-resolve", daemon=True).start()
    for number in range(threads):
        threading.Thread(target=worker.run, args=(sources, work, results), name=f"configlint-audit-{number}", daemon=True).start()
    done = 0
    try:
        while done < len(sources):
            try:
                item = results.get(timeout=POLL_SECONDS)
            except queue.Empty:
                continue
            done += 1
            yield item
    finally:
        if done < len(sources):
            stop.set()
            if isinstance(clock, RealClock):
                clock.interrupt()


def plan(
    targets: Iterable[RemoteSource], store: AuditStore, *, refresh: bool = False, retry_errors: bool = False
) -> tuple[list[RemoteSource], int]:
    """The targets still to fetch (unique, in order) and how many were skipped as already stored."""
    from configlint.audit.targets import unique

    stored = set() if refresh else store.stored_keys(errors=not retry_errors)
    pending: list[RemoteSource] = []
    skipped = 0
    for source in unique(targets):
        if revision_key(source) in stored:
            skipped += 1
        else:
            pending.append(source)
    return pending, skipped


def run_audit(
    targets: Iterable[RemoteSource],
    store: AuditStore,
    inspect: InspectFn,
    *,
    concurrency: int = 8,
    policy: RetryPolicy | None = None,
    clock: Clock | None = None,
    refresh: bool = False,
    retry_errors: bool = False,
    resolve: ResolveFn | None = None,
    on_start: Callable[[RunStats], None] | None = None,
    on_record: Callable[[AuditRecord, RunStats], None] | None = None,
    workers: int | None = 1,
) -> RunStats:
    """Audit every target not already in ``store`` (all of them with ``refresh``; failed ones too with
    ``retry_errors``), storing each result as it arrives. ``resolve`` (default: the inspector's own,
    when it has one) describes many models per request before they are fetched. KeyboardInterrupt
    stops the workers and is re-raised; everything stored until then stays stored. ``workers`` > 1 (None:
    an automatic choice by the number of models) inspects in child processes (:mod:`configlint.audit.workers`)."""
    if concurrency < 1:
        raise ValueError("concurrency must be at least 1")
    pending, skipped = plan(targets, store, refresh=refresh, retry_errors=retry_errors)
    stats = RunStats(total=len(pending) + skipped, skipped=skipped)
    if on_start is not None:
        on_start(stats)
    if resolve is None:
        resolve = getattr(inspect, "resolve", None)
    from configlint.audit.workers import outcomes_for

    outcomes = outcomes_for(
        pending, inspect, workers=workers, concurrency=concurrency, policy=policy, clock=clock, resolve=resolve
    )
    with contextlib.closing(outcomes):
        for _, outcome in outcomes:
            record = outcome.record()
            store.put(record)
            stats.done += 1
            stats.ok += record.status == "ok"
            stats.errors += record.status != "ok"
            stats.retries += record.attempts - 1
            if on_record is not None:
                on_record(record, stats)
    return stats
