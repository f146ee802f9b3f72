"""When to try a Hub repo again, and how long to wait: exponential backoff with jitter, and the server's word.

:func:`configlint.hub.fetch.fetch_model` never retries; the audit does, here, because only the
audit sees the whole picture: a 429 means *every* worker is over the quota, so the wait the server
asks for (``HubError.retry_after``, from ``RateLimit``/``Retry-After``) closes a :class:`RateGate`
that all workers respect, instead of each of them hammering the Hub until its own 429. Other
transient failures (5xx, dropped connections) back off per worker, exponentially, with jitter so
that workers which failed together do not come back together.

Time goes through a :class:`Clock` so tests run the backoff schedule on a fake clock, instantly.
"""

from __future__ import annotations

import random
import threading
import time
from dataclasses import dataclass, field
from typing import Protocol


class Clock(Protocol):
    """What the runner needs of time: wall-clock stamps, a monotonic clock and an interruptible sleep."""

    def time(self) -> float: ...

    def monotonic(self) -> float: ...

    def sleep(self, seconds: float) -> None: ...


class RealClock:
    """The system clock; :meth:`interrupt` wakes every sleeper at once (Ctrl-C, a stopping runner)."""

    def __init__(self) -> None:
        self._stop = threading.Event()

    def time(self) -> float:
        return time.time()

    def monotonic(self) -> float:
        return time.monotonic()

    def sleep(self, seconds: float) -> None:
        if seconds > 0:
            self._stop.wait(seconds)

    def interrupt(self) -> None:
        self._stop.set()

    @property
    def interrupted(self) -> bool:
        return self._stop.is_set()


@dataclass
class RetryPolicy:
    """How many attempts a repo gets and how long to wait between them.

    Without a server-given wait, attempt ``n`` (1-based) is followed by a wait drawn uniformly from
    ``[d/2, d]`` with ``d = min(max_delay, base_delay * 2**(n-1))`` ("equal jitter": never a
    zero wait, never in lockstep). With one, the wait is what the server asked for (at most
    ``max_wait``) plus up to ``jitter`` of it.
    """

    max_attempts: int = 5
    base_delay: float = 1.0
    max_delay: float = 60.0
    max_wait: float = 600.0
    jitter: float = 0.1
    rng: random.Random = field(default_factory=random.Random, repr=False)

    def __post_init__(self) -> None:
        if self.max_attempts < 1:
            raise ValueError("max_attempts must be at least 1")

    def should_retry(self, attempt: int, retryable: bool) -> bool:
        return retryable and attempt < self.max_attempts

    def delay(self, attempt: int, retry_after: float | None = None) -> float:
        """Seconds to wait after failed attempt ``attempt`` (1-based)."""
        if retry_after is not None:
            wait = min(max(retry_after, 0.0), self.max_wait)
            return wait + self.rng.uniform(0.0, self.jitter * wait)
        ceiling = min(self.max_delay, self.base_delay * 2 ** (attempt - 1))
        return self.rng.uniform(ceiling / 2, ceiling)


class RateGate:
    """A shared "not before" time: closed by a rate-limited worker, waited on by all before each request."""

    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._until = 0.0

    def close_for(self, seconds: float) -> None:
        """Let no request start for ``seconds`` from now (a later reopening time wins)."""
        with self._lock:
            self._until = max(self._until, self._clock.monotonic() + seconds)

    def wait(self) -> None:
        """Return once the gate is open (immediately when it is)."""
        while True:
            with self._lock:
                remaining = self._until - self._clock.monotonic()
            if remaining <= 0:
                return
            self._clock.sleep(remaining)
            if getattr(self._clock, "interrupted", False):
                return
