"""``--workers N``: a large audit's fetching and linting in N child processes, each with its own threads.

Why processes: an audit is bound by latency only while its own CPU keeps up. Per model the audit
spends milliseconds of interpreter time (the HTTP client's request and response handling, JSON and
header parsing, the rules), all under one interpreter lock: with 16 threads, a thread whose answer
has arrived waits for the lock while others parse and lint, and that wait adds to every request.
Split over processes, each lock is shared by fewer threads and the CPU work runs on every core.

How the work is split: the parent keeps what must happen once. It resolves the models
(:meth:`HubInspector.resolve <configlint.audit.batching.HubInspector.resolve>`, the listing pages)
and hands each model, with what its listing said, to the child that owns it (position modulo N,
so every child gets the same mix); it stores every record. Each child runs the runner's own pool
(:func:`~configlint.audit.runner.inspect_concurrently`) over its share with its share of
``--concurrency`` (so the requests in flight stay bounded by it), retrying as one process would,
and sends back each outcome as plain data (:class:`~configlint.audit.record.InspectionSummary`,
or the error's record kind and message as a :class:`~configlint.audit.record.WorkerFailure`).
The records are the ones a single-process audit stores. One difference: a 429's wait holds back
the threads of the child that got it, not every child.

Children are started with ``spawn`` (never ``fork``: the parent already runs threads and an HTTP
client), ignore Ctrl-C (the parent stops them) and leave when the parent's end of their pipe
closes. A child that dies fails the models it still held (recorded as ``internal``).
"""

from __future__ import annotations

import multiprocessing
import os
import queue
import signal
import threading
from collections.abc import Generator, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from configlint.audit.record import INTERNAL, WorkerFailure, error_kind_and_message, summarize_inspection

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

    from configlint.audit.batching import HubInspector
    from configlint.audit.retry import Clock, RetryPolicy
    from configlint.audit.runner import InspectFn, Outcome, ResolveFn
    from configlint.hub.source import RemoteSource
    from configlint.selection import Selection

MIN_MODELS_PER_WORKER = 250
"""Below this many models per child, starting an interpreter (about a second of CPU with the imports)
costs more than the child saves: the automatic choice stays in one process."""
MAX_AUTO_WORKERS = 4
STOP_SECONDS = 5.0
POLL_SECONDS = 0.2


def automatic_workers(pending: int, concurrency: int, cpus: int | None = None) -> int:
    """The ``--workers`` default: one process for small audits and on up to two CPUs, else one per CPU
    but one (at most :data:`MAX_AUTO_WORKERS`, :data:`MIN_MODELS_PER_WORKER` models each, and never more
    than there are threads).

    Why not on two CPUs: ``benchmarks/hub_audit.py`` there (fake Hub on the same machine) measured no
    gain from two children at 1,000 models (0.68-0.71 of the latency bound against 0.70-0.72 in one
    process) for a fifth more CPU per model (12.2 against 10.6 ms: interpreter starts, pickling). One
    CPU is left to the parent, which resolves listings and stores every record."""
    cpus = cpus if cpus is not None else (os.cpu_count() or 1)
    if cpus <= 2:
        return 1
    return max(1, min(cpus - 1, MAX_AUTO_WORKERS, concurrency, pending // MIN_MODELS_PER_WORKER))


@dataclass(frozen=True)
class InspectorSettings:
    """What a child needs to build the parent's :class:`HubInspector` (listings travel with each model)."""

    token: str | None
    selection: Selection | None
    use_cache: bool
    timeout: float


def outcomes_for(
    sources: Sequence[RemoteSource],
    inspect: InspectFn,
    *,
    workers: int | None,
    concurrency: int,
    policy: RetryPolicy | None,
    clock: Clock | None,
    resolve: ResolveFn | None,
) -> Generator[tuple[int, Outcome], None, None]:
    """:func:`~configlint.audit.runner.inspect_concurrently`, in ``workers`` child processes when more
    than one is asked for (None: :func:`automatic_workers`). Only a :class:`HubInspector` on the real
    clock moves to children; any other inspect function (a test's, a library caller's) stays here."""
    from configlint.audit.batching import HubInspector
    from configlint.audit.retry import RealClock, RetryPolicy
    from configlint.audit.runner import inspect_concurrently

    count = automatic_workers(len(sources), concurrency) if workers is None else workers
    count = min(count, concurrency, len(sources))
    real_clock = clock is None or isinstance(clock, RealClock)
    if count <= 1 or not isinstance(inspect, HubInspector) or not real_clock:
        return inspect_concurrently(sources, inspect, concurrency=concurrency, policy=policy, clock=clock, resolve=resolve)
    return _WorkerPool(sources, inspect, count, concurrency, policy or RetryPolicy(), resolve).outcomes()


class _WorkerPool:
    """The parent's side: children, the thread feeding them ready models, one thread receiving from each."""

    def __init__(
        self,
        sources: Sequence[RemoteSource],
        inspector: HubInspector,
        count: int,
        concurrency: int,
        policy: RetryPolicy,
        resolve: ResolveFn | None,
    ) -> None:
        self.sources = sources
        self.inspector = inspector
        self.count = count
        self.resolve = resolve
        self.results: queue.Queue[tuple[int, Outcome]] = queue.Queue()
        self.stop = threading.Event()
        settings = InspectorSettings(inspector.token, inspector.selection, inspector.use_cache, inspector.timeout)
        context = multiprocessing.get_context("spawn")
        self.tasks: list[Connection] = []
        self.processes: list[multiprocessing.process.BaseProcess] = []
        for number in range(count):
            share = list(sources[number::count])
            threads = concurrency // count + (number < concurrency % count)
            task_reader, task_writer = context.Pipe(duplex=False)
            result_reader, result_writer = context.Pipe(duplex=False)
            process = context.Process(
                target=_child_main,
                args=(task_reader, result_writer, settings, share, threads, policy),
                name=f"configlint-audit-worker-{number}",
                daemon=True,
            )
            process.start()
            task_reader.close()
            result_writer.close()
            self.tasks.append(task_writer)
            self.processes.append(process)
            threading.Thread(
                target=self._receive, args=(number, result_reader, len(share)), name=f"configlint-receive-{number}", daemon=True
            ).start()
        threading.Thread(target=self._feed, name="configlint-resolve", daemon=True).start()

    def _feed(self) -> None:
        """Each position to its child once, with its listing, as ``resolve`` makes it ready; then "done" to all."""
        given: set[int] = set()
        try:
            for index in self.resolve(self.sources) if self.resolve is not None else range(len(self.sources)):
                if self.stop.is_set():
                    return
                if index not in given and 0 <= index < len(self.sources):
                    given.add(index)
                    self._send(index)
        except Exception:
            pass  # the children's own pools inspect every model they were not handed
        for child in self.tasks:
            try:
                child.send(None)
            except (OSError, ValueError):
                pass

    def _send(self, index: int) -> None:
        listing = self.inspector.listing_for(self.sources[index])
        try:
            self.tasks[index % self.count].send((index // self.count, listing))
        except (OSError, ValueError):
            pass  # that child is gone: its receiver fails what it held

    def _receive(self, number: int, results: Connection, expected: int) -> None:
        """Forward a child's outcomes under their positions in ``sources``; if it dies, fail the rest of its share."""
        received: set[int] = set()
        while len(received) < expected:
            try:
                local, outcome = results.recv()
            except (EOFError, OSError, ValueError):
                break
            received.add(local)
            self.results.put((local * self.count + number, outcome))
        results.close()
        if self.stop.is_set():
            return
        from configlint.audit.runner import Outcome

        failure = WorkerFailure(INTERNAL, "the audit's worker process ended before answering")
        for local in range(expected):
            if local not in received:
                source = self.sources[local * self.count + number]
                self.results.put((local * self.count + number, Outcome(source, None, failure, 1, 0.0, 0.0)))

    def outcomes(self) -> Generator[tuple[int, Outcome], None, None]:
        done = 0
        try:
            while done < len(self.sources):
                try:
                    item = self.results.get(timeout=POLL_SECONDS)
                except queue.Empty:
                    continue
                done += 1
                yield item
        finally:
            self.close(abort=done < len(self.sources))

    def close(self, *, abort: bool) -> None:
        """Let finished children leave; stop at once the ones still working when the audit stops early
        (Ctrl-C, an error while storing): their requests in flight are not worth waiting for."""
        self.stop.set()
        for child in self.tasks:
            child.close()
        for process in self.processes:
            process.join(0 if abort else STOP_SECONDS)
            if process.is_alive():
                process.terminate()
                process.join(STOP_SECONDS)


def _child_main(
    tasks: Connection,
    results: Connection,
    settings: InspectorSettings,
    sources: list[RemoteSource],
    threads: int,
    policy: RetryPolicy,
) -> None:
    """A child: inspect ``sources`` with the runner's pool as the parent hands them over; send each outcome back."""
    from configlint.audit.batching import HubInspector
    from configlint.audit.runner import inspect_concurrently

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    inspector = HubInspector(
        token=settings.token, selection=settings.selection, use_cache=settings.use_cache, timeout=settings.timeout
    )

    def handed_over(_: Sequence[RemoteSource]) -> Iterator[int]:
        while True:
            try:
                message = tasks.recv()
            except (EOFError, OSError):
                os._exit(0)  # the parent is gone: nobody would store the results
            if message is None:
                return
            local, listing = message
            if listing is not None:
                inspector.learn(sources[local], listing)
            yield local

    try:
        for local, outcome in inspect_concurrently(sources, inspector, concurrency=threads, policy=policy, resolve=handed_over):
            results.send((local, _portable(outcome)))
    except OSError:
        os._exit(0)  # the parent is gone (a broken pipe): leave without a traceback on its terminal
    results.close()


def _portable(outcome: Outcome) -> Outcome:
    """The outcome as plain data: the inspection's summary, the error's record kind and message."""
    if outcome.inspection is not None:
        return replace(outcome, inspection=None, summary=summarize_inspection(outcome.inspection))
    error: Any = outcome.error
    return replace(outcome, error=WorkerFailure(*error_kind_and_message(error)) if error is not None else None)
