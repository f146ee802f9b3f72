"""One audited model: what the audit stores per ``(repo_id, requested revision)`` and reports from.

A record is plain data (diagnostics as their JSON dicts, the load report as its ``to_dict()``) so it
round-trips through SQLite unchanged and a report regenerated from the database months later says
exactly what the audit saw, without re-running any rule.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from configlint.diagnostics import Severity

if TYPE_CHECKING:
    from configlint.hub.inspect import RemoteInspection
    from configlint.hub.source import RemoteSource

OK = "ok"
ERROR = "error"
INVALID = "invalid"
"""Error kind of a repo configlint could read but not accept (e.g. a checkpoint that is not one)."""
INTERNAL = "internal"
"""Error kind of an unexpected exception: recorded (with its type) so one bad repo never stops the audit."""


@dataclass(frozen=True)
class AuditRecord:
    """The outcome of auditing one repo at one requested revision (``""``: the default branch)."""

    repo_id: str
    revision: str
    status: str
    commit: str | None = None
    error_kind: str | None = None
    error_message: str | None = None
    family: str | None = None
    diagnostics: tuple[dict[str, Any], ...] = ()
    load_report: dict[str, Any] | None = None
    bytes: int = 0
    requests: int = 0
    attempts: int = 1
    started_at: float = 0.0
    finished_at: float = 0.0

    @property
    def key(self) -> tuple[str, str]:
        return (self.repo_id, self.revision)

    @property
    def label(self) -> str:
        """``org/name`` or ``org/name@rev``, as the user wrote it."""
        return f"{self.repo_id}@{self.revision}" if self.revision else self.repo_id

    def count(self, severity: Severity) -> int:
        return sum(1 for d in self.diagnostics if d.get("severity") == severity.value)

    def fails(self, level: Severity) -> bool:
        """True when a finding is at or above ``level`` (what makes the exit code 1)."""
        return any(Severity(d["severity"]) >= level for d in self.diagnostics)

    @property
    def load_clean(self) -> bool | None:
        """Whether every weight loads as is; None when there is no load report (error, unreadable weights)."""
        report = self.load_report
        if report is None:
            return None
        return not (report.get("missing") or report.get("unexpected") or report.get("mismatched") or report.get("error"))

    def to_dict(self) -> dict[str, Any]:
        """The JSON row of ``configlint audit --format json``."""
        return {
            "repo_id": self.repo_id, "revision": self.revision or None, "commit": self.commit, "status": self.status,
            "error_kind": self.error_kind, "error_message": self.error_message, "family": self.family,
            "counts": {s.value: self.count(s) for s in Severity}, "load_clean": self.load_clean,
            "diagnostics": list(self.diagnostics), "load_report": self.load_report,
            "bytes": self.bytes, "requests": self.requests, "attempts": self.attempts,
            "started_at": self.started_at, "finished_at": self.finished_at,
        }  # fmt: skip


def revision_key(source: RemoteSource) -> tuple[str, str]:
    """The database key of a requested source: the default branch is ``""`` (SQL NULLs never compare equal)."""
    return (source.repo_id, source.revision or "")


@dataclass(frozen=True)
class InspectionSummary:
    """What a record keeps of a :class:`~configlint.hub.inspect.RemoteInspection`, as plain data.

    An audit with ``--workers`` inspects in child processes: an inspection holds the repo's file
    reader and HTTP responses, which neither pickle nor are needed, so a child sends this instead."""

    commit: str
    family: str | None
    diagnostics: tuple[dict[str, Any], ...]
    load_report: dict[str, Any] | None
    bytes: int
    requests: int


class WorkerFailure(Exception):
    """An exception a child process met, carried as the record kind and message it makes in a single process."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message

    def __reduce__(self) -> tuple[type[WorkerFailure], tuple[str, str]]:
        return WorkerFailure, (self.kind, self.message)


def summarize_inspection(inspection: RemoteInspection) -> InspectionSummary:
    model = inspection.model
    report = inspection.load_report
    return InspectionSummary(
        commit=model.commit,
        family=inspection.family,
        diagnostics=tuple(d.to_dict() for d in inspection.diagnostics),
        load_report=report.to_dict() if report is not None else None,
        bytes=model.bytes_transferred,
        requests=model.requests,
    )


def record_from_inspection(
    source: RemoteSource,
    inspection: RemoteInspection | InspectionSummary,
    *,
    attempts: int,
    started_at: float,
    finished_at: float,
) -> AuditRecord:
    summary = inspection if isinstance(inspection, InspectionSummary) else summarize_inspection(inspection)
    return AuditRecord(
        *revision_key(source),
        status=OK,
        commit=summary.commit,
        family=summary.family,
        diagnostics=summary.diagnostics,
        load_report=summary.load_report,
        bytes=summary.bytes,
        requests=summary.requests,
        attempts=attempts,
        started_at=started_at,
        finished_at=finished_at,
    )


def error_kind_and_message(error: BaseException) -> tuple[str, str]:
    """The record's kind and message for an error: the :class:`HubError` kind, ``invalid`` for other
    configlint errors, else ``internal`` with the exception's type (a child process sends these, see :class:`WorkerFailure`)."""
    from configlint.errors import ConfiglintError

    if isinstance(error, WorkerFailure):
        return error.kind, error.message
    kind = getattr(error, "kind", None)
    if isinstance(error, ConfiglintError):
        return (kind if isinstance(kind, str) else INVALID), error.message
    return INTERNAL, " ".join(f"{type(error).__name__}: {error}".split())


def record_from_error(
    source: RemoteSource, error: BaseException, *, attempts: int, started_at: float, finished_at: float
) -> AuditRecord:
    """A failed model, recorded with :func:`error_kind_and_message`."""
    kind, message = error_kind_and_message(error)
    return AuditRecord(
        *revision_key(source),
        status=ERROR,
        error_kind=kind,
        error_message=message,
        attempts=attempts,
        started_at=started_at,
        finished_at=finished_at,
    )
