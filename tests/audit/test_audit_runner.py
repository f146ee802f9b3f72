"""The runner on a fake clock: what is retried, how long it waits, what is skipped, and Ctrl-C.

The inspect function is a script of outcomes per repo, so every retry path runs in microseconds.
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Sequence
from pathlib import Path

import pytest

from audit.audit_support import FakeClock, record
from configlint.audit.retry import RateGate, RetryPolicy
from configlint.audit.runner import run_audit
from configlint.audit.store import AuditStore
from configlint.diagnostics import Diagnostic, Severity
from configlint.errors import CheckpointError
from configlint.hub.errors import HubError
from configlint.hub.fetch import RemoteModel
from configlint.hub.inspect import RemoteInspection
from configlint.hub.source import RemoteSource
from configlint.load_report import LoadReport

CONFIG = '{"model_type": "roberta", "hidden_size": 8}'


def inspection(source: RemoteSource, codes: Sequence[str] = ()) -> RemoteInspection:
    model = RemoteModel(source, "c" * 40, CONFIG, bytes_transferred=1000, requests=4)
    diagnostics = [Diagnostic(code, Severity.WARNING, "m", f"{source}/config.json") for code in codes]
    return RemoteInspection(model, diagnostics, LoadReport("RobertaModel"), family="roberta")


class Script:
    """Per repo, the outcomes of its successive inspections (an exception is raised, anything else means ok)."""

    def __init__(self, outcomes: dict[str, list[object]] | None = None) -> None:
        self.outcomes = {repo: list(items) for repo, items in (outcomes or {}).items()}
        self.calls: list[str] = []
        self._lock = threading.Lock()

    def __call__(self, source: RemoteSource) -> RemoteInspection:
        with self._lock:
            self.calls.append(str(source))
            queue = self.outcomes.get(source.repo_id)
            outcome = queue.pop(0) if queue else "ok"
        if isinstance(outcome, BaseException):
            raise outcome
        return inspection(source, ["P001"] if outcome == "finding" else [])


class Highest(random.Random):
    """An rng whose jitter is always the top of its range, so backoff schedules are exact."""

    def uniform(self, a: float, b: float) -> float:
        return b


def sources(*names: str) -> list[RemoteSource]:
    return [RemoteSource(*name.split("@")) if "@" in name else RemoteSource(name) for name in names]


@pytest.fixture
def store(tmp_path: Path):
    with AuditStore(tmp_path / "audit.sqlite") as opened:
        yield opened


def test_rate_limit_waits_what_the_server_asks(store: AuditStore, clock: FakeClock) -> None:
    script = Script(
        {"org/a": [HubError("rate-limited", "429", retry_after=7.0), HubError("rate-limited", "429", retry_after=3.0)]}
    )
    stats = run_audit(sources("org/a"), store, script, policy=RetryPolicy(jitter=0.0), clock=clock)
    assert clock.sleeps == [7.0, 3.0]
    (stored,) = store.records()
    assert stored.status == "ok" and stored.attempts == 3 and stats.retries == 2
    assert stored.family == "roberta" and stored.bytes == 1000 and stored.requests == 4


def test_server_errors_back_off_exponentially_up_to_a_ceiling(store: AuditStore, clock: FakeClock) -> None:
    failures = [HubError("server-error", "500"), HubError("network", "reset"), HubError("server-error", "502")] * 2
    policy = RetryPolicy(max_attempts=10, base_delay=1.0, max_delay=10.0, rng=Highest())
    run_audit(sources("org/a"), store, Script({"org/a": failures}), policy=policy, clock=clock)
    assert clock.sleeps == [1.0, 2.0, 4.0, 8.0, 10.0, 10.0]
    assert next(store.records()).attempts == 7


def test_jitter_stays_in_its_band() -> None:
    policy = RetryPolicy(base_delay=2.0, max_delay=60.0, max_wait=100.0, jitter=0.1, rng=random.Random(1))
    for attempt in range(1, 10):
        ceiling = min(60.0, 2.0 * 2 ** (attempt - 1))
        delays = {policy.delay(attempt) for _ in range(50)}
        assert all(ceiling / 2 <= d <= ceiling for d in delays) and len(delays) > 1
    assert all(7.0 <= policy.delay(1, 7.0) <= 7.7 for _ in range(50))
    assert 100.0 <= policy.delay(1, 3600.0) <= 110.0  # the server's wait, capped by max_wait
    with pytest.raises(ValueError):
        RetryPolicy(max_attempts=0)


def test_gives_up_after_max_attempts_and_records_the_error(store: AuditStore, clock: FakeClock) -> None:
    script = Script({"org/a": [HubError("server-error", "HTTP 503")] * 10})
    stats = run_audit(sources("org/a", "org/b"), store, script, policy=RetryPolicy(max_attempts=4), clock=clock)
    failed = next(store.records([("org/a", "")]))
    assert (failed.status, failed.error_kind, failed.error_message, failed.attempts) == ("error", "server-error", "HTTP 503", 4)
    assert len(clock.sleeps) == 3 and script.calls.count("org/a") == 4
    assert (stats.ok, stats.errors) == (1, 1)


@pytest.mark.parametrize("kind", ["not-found", "gated", "revision-not-found", "no-config", "too-large", "unsafe"])
def test_what_describes_the_repo_is_not_retried(store: AuditStore, clock: FakeClock, kind: str) -> None:
    run_audit(sources("org/a"), store, Script({"org/a": [HubError(kind, "no")]}), clock=clock)
    assert clock.sleeps == []
    assert next(store.records()).error_kind == kind


def test_any_other_failure_is_recorded_and_the_audit_goes_on(store: AuditStore, clock: FakeClock) -> None:
    script = Script({"org/bad": [CheckpointError("truncated header")], "org/bug": [ZeroDivisionError("oops")]})
    stats = run_audit(sources("org/bad", "org/bug", "org/good"), store, script, clock=clock)
    kinds = {r.repo_id: (r.status, r.error_kind, r.error_message) for r in store.records()}
    assert kinds == {
        "org/bad": ("error", "invalid", "truncated header"),
        "org/bug": ("error", "internal", "ZeroDivisionError: oops"),
        "org/good": ("ok", None, None),
    }
    assert stats.done == 3


def test_rate_gate_holds_every_worker_until_the_latest_reset(clock: FakeClock) -> None:
    gate = RateGate(clock)
    gate.wait()
    assert clock.sleeps == []
    gate.close_for(30.0)
    gate.close_for(5.0)  # an earlier reopening does not shorten the wait
    gate.wait()
    gate.wait()
    assert clock.sleeps == [30.0]


def test_a_rate_limit_closes_the_shared_gate(store: AuditStore, clock: FakeClock, monkeypatch: pytest.MonkeyPatch) -> None:
    closed: list[float] = []
    monkeypatch.setattr(
        RateGate,
        "close_for",
        lambda self, seconds, original=RateGate.close_for: (closed.append(seconds), original(self, seconds))[1],
    )
    script = Script({"org/a": [HubError("rate-limited", "429", retry_after=9.0)], "org/b": [HubError("server-error", "500")]})
    run_audit(sources("org/a", "org/b"), store, script, policy=RetryPolicy(jitter=0.0), clock=clock)
    assert closed == [9.0]  # the 500 (no server-given wait) backs off alone


def test_stored_models_are_skipped_unless_refreshed(store: AuditStore, clock: FakeClock) -> None:
    store.put(record("org/a"))
    store.put(record("org/b", status="error", error_kind="network"))
    script = Script()
    stats = run_audit(sources("org/a", "org/b", "org/c", "org/c", "org/a@v2"), store, script, clock=clock)
    assert sorted(script.calls) == ["org/a@v2", "org/c"] and (stats.total, stats.skipped) == (4, 2)
    script.calls.clear()
    run_audit(sources("org/a", "org/b"), store, script, clock=clock, retry_errors=True)
    assert script.calls == ["org/b"]
    script.calls.clear()
    run_audit(sources("org/a", "org/b"), store, script, clock=clock, refresh=True)
    assert sorted(script.calls) == ["org/a", "org/b"]


def test_interrupted_run_keeps_what_it_stored_and_resumes(store: AuditStore, clock: FakeClock) -> None:
    names = [f"org/m{index:02d}" for index in range(40)]
    script = Script()

    def interrupt_after_ten(_record: object, stats: object) -> None:
        if stats.done == 10:  # type: ignore[attr-defined]
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_audit(sources(*names), store, script, concurrency=4, clock=clock, on_record=interrupt_after_ten)
    stored = {key[0] for key in store.stored_keys()}
    assert len(stored) == 10
    time.sleep(0.05)  # let the workers notice the stop
    calls_before = len(script.calls)
    assert calls_before <= 10 + 4 + 4  # in flight and queued results, not the whole list
    script.calls.clear()
    stats = run_audit(sources(*names), store, script, concurrency=4, clock=clock)
    assert not set(script.calls) & stored and stats.skipped == 10 and store.count() == 40


def test_concurrency_is_bounded(store: AuditStore, clock: FakeClock) -> None:
    lock = threading.Lock()
    in_flight = highest = 0

    def slow(source: RemoteSource) -> RemoteInspection:
        nonlocal in_flight, highest
        with lock:
            in_flight += 1
            highest = max(highest, in_flight)
        time.sleep(0.005)  # an HTTP round trip, not a backoff
        with lock:
            in_flight -= 1
        return inspection(source)

    run_audit(sources(*(f"org/m{i}" for i in range(60))), store, slow, concurrency=4, clock=clock)
    assert 2 <= highest <= 4 and store.count() == 60
    with pytest.raises(ValueError):
        run_audit(sources("org/x"), store, slow, concurrency=0, clock=clock)
