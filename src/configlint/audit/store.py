"""The audit's results file: one SQLite row per ``(repo_id, requested revision)``, written as results arrive.

Why SQLite: an audit of thousands of models takes a while and gets interrupted (Ctrl-C, a killed CI
job, a rate limit). Every finished model is committed at once, in WAL mode, so after any
interruption the file holds every model finished before it and :meth:`AuditStore.stored_keys`
tells the next run what to skip. Writes are upserts, so storing a result twice is harmless, and
shards audited by separate CI jobs combine with :func:`merge_stores`.

One connection per store, shared by threads behind a lock (the runner writes from one thread
anyway); other processes may write the same file at the same time (WAL plus a busy timeout).
Opening waits for the lock too: when two processes open a new file at once, SQLite answers "database
is locked" at once to one of them (without calling the busy handler) while the other switches it to
WAL, so opening is retried until the busy timeout, and only a file that really holds no audit is
called "not a configlint audit database".

The rule selection an audit ran with is kept in ``meta``: mixing results of different selections in
one file would make its counts meaningless, so a mismatch is refused. The selection is claimed in
one ``BEGIN IMMEDIATE`` transaction (read, compare, write), and once claimed it is the file's for
good, even before the first result is stored: otherwise two audits started at once on a new file
would both find it empty and both run.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from configlint.audit.record import ERROR, OK, AuditRecord
from configlint.errors import InputError, UsageError

SCHEMA_VERSION = "1"
BUSY_TIMEOUT_MS = 30_000
_BUSY = frozenset({sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED})
_RETRY_PAUSE = 0.02
_COLUMNS = (
    "repo_id", "revision", "commit_sha", "status", "error_kind", "error_message", "family", "diagnostics",
    "load_report", "errors", "warnings", "infos", "load_clean", "bytes", "requests", "attempts", "started_at", "finished_at",
)  # fmt: skip
_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    f"""CREATE TABLE IF NOT EXISTS results (
    repo_id TEXT NOT NULL,
    revision TEXT NOT NULL,          -- as requested; '' is the default branch
    commit_sha TEXT,                 -- what it resolved to
    status TEXT NOT NULL CHECK (status IN ('{OK}', '{ERROR}')),
    error_kind TEXT,
    error_message TEXT,
    family TEXT,
    diagnostics TEXT NOT NULL,       -- JSON list of Diagnostic.to_dict()
    load_report TEXT,                -- JSON LoadReport.to_dict(), NULL when none could be predicted
    errors INTEGER NOT NULL,         -- finding counts per severity, for SQL queries without JSON
    warnings INTEGER NOT NULL,
    infos INTEGER NOT NULL,
    load_clean INTEGER,
    bytes INTEGER NOT NULL,
    requests INTEGER NOT NULL,
    attempts INTEGER NOT NULL,
    started_at REAL NOT NULL,        -- Unix time
    finished_at REAL NOT NULL,
    PRIMARY KEY (repo_id, revision)
)""",
)
"""One statement each: they run inside one transaction (``executescript`` would commit first)."""
_UPSERT = (
    f"INSERT INTO results ({', '.join(_COLUMNS)}) VALUES ({', '.join('?' for _ in _COLUMNS)}) "
    f"ON CONFLICT (repo_id, revision) DO UPDATE SET {', '.join(f'{c} = excluded.{c}' for c in _COLUMNS[2:])}"
)
_MERGE = (
    f"INSERT INTO results ({', '.join(_COLUMNS)}) SELECT {', '.join(_COLUMNS)} FROM incoming.results WHERE true "
    f"ON CONFLICT (repo_id, revision) DO UPDATE SET {', '.join(f'{c} = excluded.{c}' for c in _COLUMNS[2:])} "
    # An answer beats a failure; between equals, the newer one wins.
    f"WHERE (excluded.status = '{OK}') > (results.status = '{OK}') "
    f"OR ((excluded.status = '{OK}') = (results.status = '{OK}') AND excluded.finished_at >= results.finished_at)"
)
SELECTION_KEY = "selection"
RUN_PREFIX = "run:"
"""Meta keys of the audit runs that wrote this file (see :mod:`configlint.audit.runs`): one key per run,
so runs of several processes never overwrite each other, and a merge keeps every shard's."""
_MERGE_RUNS = (
    "INSERT INTO meta (key, value) SELECT key, value FROM incoming.meta "
    f"WHERE substr(key, 1, {len(RUN_PREFIX)}) = '{RUN_PREFIX}' ON CONFLICT (key) DO UPDATE SET value = excluded.value"
)


def _row(record: AuditRecord) -> tuple[Any, ...]:
    from configlint.diagnostics import Severity

    load_clean = record.load_clean
    return (
        record.repo_id, record.revision, record.commit, record.status, record.error_kind, record.error_message,
        record.family, json.dumps(list(record.diagnostics), ensure_ascii=False),
        None if record.load_report is None else json.dumps(record.load_report, ensure_ascii=False),
        record.count(Severity.ERROR), record.count(Severity.WARNING), record.count(Severity.INFO),
        None if load_clean is None else int(load_clean), record.bytes, record.requests, record.attempts,
        record.started_at, record.finished_at,
    )  # fmt: skip


def _record(row: sqlite3.Row) -> AuditRecord:
    return AuditRecord(
        repo_id=row["repo_id"], revision=row["revision"], status=row["status"], commit=row["commit_sha"],
        error_kind=row["error_kind"], error_message=row["error_message"], family=row["family"],
        diagnostics=tuple(json.loads(row["diagnostics"])),
        load_report=None if row["load_report"] is None else json.loads(row["load_report"]),
        bytes=row["bytes"], requests=row["requests"], attempts=row["attempts"],
        started_at=row["started_at"], finished_at=row["finished_at"],
    )  # fmt: skip


def _is_busy(error: sqlite3.Error) -> bool:
    """True for "database is locked/busy": another connection holds the lock, the file itself is fine."""
    return (getattr(error, "sqlite_errorcode", 0) & 0xFF) in _BUSY


class AuditStore:
    """An open results file. Use as a context manager, or call :meth:`close`.

    ``timeout`` (seconds) is how long any statement, and opening, waits for another process's lock.
    """

    def __init__(self, path: str | Path, *, create: bool = True, timeout: float = BUSY_TIMEOUT_MS / 1000) -> None:
        self.path = Path(path)
        if not create and not self.path.is_file():
            raise InputError("no such audit database", source=self.path)
        self._lock = threading.Lock()
        try:
            self._db = sqlite3.connect(self.path, timeout=timeout, isolation_level=None, check_same_thread=False)
        except sqlite3.Error as error:
            raise InputError(f"cannot open the audit database ({error})", source=self.path) from None
        try:
            self._db.row_factory = sqlite3.Row
            self._db.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
            self._open(create, deadline=time.monotonic() + timeout)
        except (sqlite3.Error, InputError) as error:
            self._db.close()
            if isinstance(error, InputError):
                raise
            if _is_busy(error):
                raise InputError(
                    f"the audit database stayed locked by another process for {timeout:g} s; try again", source=self.path
                ) from None
            raise InputError(f"not a configlint audit database ({error})", source=self.path) from None

    def _open(self, create: bool, *, deadline: float) -> None:
        """Switch to WAL, create the tables and stamp or check the version; retried while another opener holds the lock."""
        while True:
            try:
                self._db.execute("PRAGMA journal_mode = WAL")
                self._db.execute("PRAGMA synchronous = NORMAL")  # WAL + NORMAL: a crash loses no committed row
                if create:
                    with self._transaction():
                        for statement in _SCHEMA:
                            self._db.execute(statement)
                        self._check_version(create)
                else:
                    self._check_version(create)
                return
            except sqlite3.OperationalError as error:
                if not _is_busy(error) or time.monotonic() >= deadline:
                    raise
                time.sleep(_RETRY_PAUSE)

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        """``BEGIN IMMEDIATE``: the write lock first, so a read-then-write cannot race another process."""
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            if self._db.in_transaction:  # some errors (SQLITE_FULL, ...) have rolled it back already
                self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    def __enter__(self) -> AuditStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def _check_version(self, create: bool) -> None:
        """Stamp a new file with the schema version; refuse a file of another version (or no audit file at all)."""
        found = self._meta("schema")  # raises sqlite3.OperationalError when there is no meta table
        if found is None and create:
            self._set_meta("schema", SCHEMA_VERSION)
        elif found is None:
            raise InputError("not a configlint audit database (no schema version)", source=self.path)
        elif found != SCHEMA_VERSION:
            raise InputError(f"audit database schema {found}, this configlint reads {SCHEMA_VERSION}", source=self.path)

    # -- meta ------------------------------------------------------------------------------

    def get_meta(self, key: str) -> str | None:
        with self._lock:
            return self._meta(key)

    def set_meta(self, key: str, value: str) -> None:
        with self._lock:
            self._set_meta(key, value)

    def _meta(self, key: str) -> str | None:
        row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def _set_meta(self, key: str, value: str) -> None:
        self._db.execute(
            "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value", (key, value)
        )

    def meta_items(self, prefix: str) -> dict[str, str]:
        """Every meta entry whose key starts with ``prefix``, by key."""
        query = "SELECT key, value FROM meta WHERE substr(key, 1, ?) = ? ORDER BY key"
        with self._lock:
            return {str(key): str(value) for key, value in self._db.execute(query, (len(prefix), prefix))}

    def claim_selection(self, fingerprint: str) -> None:
        """Record the rule selection of this audit, or refuse one that differs from what the file was claimed for.

        Atomic across processes: of two audits started at once with different selections, the second
        to take the write lock is refused, whether or not the first has stored anything yet.
        """
        with self._lock, self._transaction():
            stored = self._meta(SELECTION_KEY)
            if stored is None:
                self._set_meta(SELECTION_KEY, fingerprint)
                return
            if stored == fingerprint:
                return
            rows = int(self._db.execute("SELECT count(*) FROM results").fetchone()[0])
        held = f"holds {rows} results of" if rows else "was claimed (no results stored yet) by an audit with"
        raise UsageError(
            f"{self.path} {held} another rule selection ({stored}); audit with the same --select/--ignore, "
            f"or use another --db" + ("" if rows else " (or delete this one, if no audit is still running on it)")
        )

    # -- rows ------------------------------------------------------------------------------

    def put(self, record: AuditRecord) -> None:
        """Store (or replace) one result, committed before this returns."""
        row = _row(record)
        with self._lock:
            self._db.execute(_UPSERT, row)

    def stored_keys(self, *, errors: bool = True) -> set[tuple[str, str]]:
        """``(repo_id, revision)`` of every stored result (only the successful ones when ``errors`` is False)."""
        query = "SELECT repo_id, revision FROM results" + ("" if errors else f" WHERE status = '{OK}'")
        with self._lock:
            return {(row[0], row[1]) for row in self._db.execute(query)}

    def count(self) -> int:
        with self._lock:
            return int(self._db.execute("SELECT count(*) FROM results").fetchone()[0])

    def records(self, keys: Iterable[tuple[str, str]] | None = None) -> Iterator[AuditRecord]:
        """Stored results ordered by repo id and revision; only ``keys`` when given."""
        wanted = None if keys is None else set(keys)
        with self._lock:
            rows = self._db.execute("SELECT * FROM results ORDER BY repo_id, revision").fetchall()
        for row in rows:
            if wanted is None or (row["repo_id"], row["revision"]) in wanted:
                yield _record(row)

    def absorb(self, other: Path) -> int:
        """Merge another results file into this one (see :func:`merge_stores`); returns its row count."""
        with AuditStore(other, create=False) as incoming:
            theirs = incoming.get_meta(SELECTION_KEY)
            rows = incoming.count()
        if theirs is not None and rows:
            self.claim_selection(theirs)
        with self._lock:
            self._db.execute("ATTACH DATABASE ? AS incoming", (str(other),))
            try:
                with self._transaction():
                    self._db.execute(_MERGE)
                    self._db.execute(_MERGE_RUNS)
            finally:
                self._db.execute("DETACH DATABASE incoming")
        return rows


def merge_stores(output: str | Path, inputs: Iterable[str | Path]) -> int:
    """Combine shard results into ``output`` (created if needed): for a model in several inputs, a
    success beats an error and otherwise the newest result wins. Returns the rows in ``output``."""
    output = Path(output)
    with AuditStore(output) as store:
        for path in inputs:
            path = Path(path)
            if path.resolve() == output.resolve():
                raise UsageError(f"{path} is the merge output; list only the inputs after it")
            store.absorb(path)
        return store.count()
