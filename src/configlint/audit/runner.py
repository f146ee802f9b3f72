"""Audit many Hub repos with a bounded pool of threads; store each result the moment it arrives.

Fetching a model is a few small HTTP requests, so the audit is bound by latency, not CPU: threads
overlap the waits. The pool is ``concurrency`` daemon threads fed from a queue (no more requests in
flight than that, whatever the number of models); the calling thread is the only one that writes
to the :class:`~configlint.audit.store.AuditStore`, so results are committed one by one, in the
order they finish, and an interruption loses at most the models still in flight. Daemon threads
mean Ctrl-C ends the process at once instead of waiting for requests in flight to time out.

Per model: wait for the shared :class:`~configlint.audit.retry.RateGate`, inspect, and on a
retryable :class:`~configlint.hub.errors.HubError` (429, 5xx, network) wait and try again, up to
:attr:`RetryPolicy.max_attempts`. Every other failure is recorded as that model's result and the
audit carries on.
"""

from __future__ import annotations

import functools
import queue
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from configlint.audit.record import AuditRecord, record_from_error, record_from_inspection, revision_key
from configlint.audit.retry import Clock, RateGate, RealClock, RetryPolicy
from configlint.hub.transfer import DEFAULT_TIMEOUT

if TYPE_CHECKING:
    from configlint.audit.store import AuditStore
    from configlint.hub.inspect import RemoteInspection
    from configlint.hub.source import RemoteSource
    from configlint.selection import Selection

InspectFn = Callable[["RemoteSource"], "RemoteInspection"]
"""Reads and lints one repo; raises :class:`HubError` (normally :func:`configlint.hub.inspect.inspect_remote`)."""
POLL_SECONDS = 0.2


def hub_inspector(
    *, token: str | None = None, selection: Selection | None = None, use_cache: bool = False, timeout: float = DEFAULT_TIMEOUT
) -> InspectFn:
    """:func:`~configlint.hub.inspect.inspect_remote` with the audit's options.

    No configlint Hub cache by default: the audit's database already keeps every result and a resumed
    audit never fetches a stored model, while a cache entry per model (thousands of folders under
    ~/.cache) costs disk writes on every fetch. It pays off only for re-audits (``--refresh``) of
    mostly unchanged commits, so it is opt-in there (``--cache``).
    """
    from configlint.hub.inspect import inspect_remote

    return functools.partial(inspect_remote, token=token, selection=selection, use_cache=use_cache, timeout=timeout)


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


class _Stopped(Exception):
    """The run is stopping: drop this model (it is not stored, so the next run fetches it)."""


class _Worker:
    """Audits one repo at a time: gate, inspect, retry; always returns a record unless stopping."""

    def __init__(self, inspect: InspectFn, policy: RetryPolicy, clock: Clock, gate: RateGate, stop: threading.Event) -> None:
        self.inspect = inspect
        self.policy = policy
        self.clock = clock
        self.gate = gate
        self.stop = stop

    def audit(self, source: RemoteSource) -> AuditRecord:
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
                    return record_from_error(source, error, attempts=attempt, started_at=started, finished_at=self.clock.time())
                self._back_off(attempt, error.retry_after)
                continue
            except Exception as error:  # noqa: BLE001 - one broken repo (or bug) must not stop the audit
                return record_from_error(source, error, attempts=attempt, started_at=started, finished_at=self.clock.time())
            return record_from_inspection(source, inspection, attempts=attempt, started_at=started, finished_at=self.clock.time())

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

    def run(self, work: queue.Queue[RemoteSource | None], results: queue.Queue[AuditRecord]) -> None:
        while (source := work.get()) is not None:
            try:
                results.put(self.audit(source))
            except _Stopped:
                return
            except BaseException as error:  # noqa: BLE001 - a record, whatever happened
                results.put(record_from_error(source, error, attempts=1, started_at=self.clock.time(), finished_at=self.clock.time()))


def plan(targets: Iterable[RemoteSource], store: AuditStore, *, refresh: bool = False, retry_errors: bool = False) -> tuple[list[RemoteSource], int]:
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
    on_start: Callable[[RunStats], None] | None = None,
    on_record: Callable[[AuditRecord, RunStats], None] | None = None,
) -> RunStats:
    """Audit every target not already in ``store`` (all of them with ``refresh``; failed ones too with
    ``retry_errors``), storing each result as it arrives. KeyboardInterrupt stops the workers and is
    re-raised; everything stored until then stays stored."""
    if concurrency < 1:
        raise ValueError("concurrency must be at least 1")
    pending, skipped = plan(targets, store, refresh=refresh, retry_errors=retry_errors)
    stats = RunStats(total=len(pending) + skipped, skipped=skipped)
    if on_start is not None:
        on_start(stats)
    if not pending:
        return stats
    clock = clock or RealClock()
    stop = threading.Event()
    worker = _Worker(inspect, policy or RetryPolicy(), clock, RateGate(clock), stop)
    threads = min(concurrency, len(pending))
    work: queue.Queue[RemoteSource | None] = queue.Queue()
    # Bounded, so workers never run far ahead of the writer: an interruption loses at most
    # 2 x concurrency finished-but-unstored models, however slow the disk.
    results: queue.Queue[AuditRecord] = queue.Queue(maxsize=threads)
    for source in [*pending, *([None] * threads)]:
        work.put(source)
    for index in range(threads):
        threading.Thread(target=worker.run, args=(work, results), name=f"configlint-audit-{index}", daemon=True).start()
    try:
        while stats.done < len(pending):
            try:
                record = results.get(timeout=POLL_SECONDS)
            except queue.Empty:
                continue
            store.put(record)
            stats.done += 1
            stats.ok += record.status == "ok"
            stats.errors += record.status != "ok"
            stats.retries += record.attempts - 1
            if on_record is not None:
                on_record(record, stats)
    except BaseException:
        stop.set()
        if isinstance(clock, RealClock):
            clock.interrupt()
        raise
    return stats
