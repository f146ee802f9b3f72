"""The audit's line-per-model formats: a table for the terminal, JSON and CSV rows for machines.

Repo ids, revisions and error messages come from the Hub and from the models' files: the table and
CSV make their control characters visible (:func:`configlint.escaping.visible`), JSON keeps them
exact as escapes (:func:`configlint.escaping.dumps`).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import asdict

from configlint.audit.record import OK, AuditRecord
from configlint.audit.report.sections import codes, totals
from configlint.audit.runs import ReportContext
from configlint.audit.summary import AuditSummary, describe_load, severity_counts
from configlint.escaping import dumps, visible

# -- table -------------------------------------------------------------------------------------


def _table_row(record: AuditRecord) -> tuple[str, ...]:
    if record.status != OK:
        return (record.label, f"error ({record.error_kind})", "", "", "", "", "", record.error_message or "")
    counts = severity_counts(record)
    load = "-" if record.load_clean is None else "clean" if record.load_clean else "not clean"
    return (record.label, "ok", record.family or "?", *(str(n) for n in counts.values()), load, codes(record))


def _align(rows: Sequence[Sequence[str]]) -> list[str]:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    return ["  ".join([*(cell.ljust(w) for cell, w in zip(row, widths)), row[-1]]).rstrip() for row in rows]


def format_table(records: Sequence[AuditRecord], summary: AuditSummary, context: ReportContext) -> str:
    """One line per model, then the totals."""
    body = [tuple(visible(cell) for cell in _table_row(record)) for record in records]
    rows = [("MODEL", "STATUS", "FAMILY", "E", "W", "I", "LOAD", "RULES / ERROR"), *body]
    lines = _align(rows) if records else ["no models audited"]
    lines.append("")
    lines.append(", ".join(f"{value} {label}" for label, value in totals(summary)))
    return "\n".join(lines) + "\n"


# -- machine formats ---------------------------------------------------------------------------


def format_json(records: Sequence[AuditRecord], summary: AuditSummary, context: ReportContext) -> str:
    document = {"version": 1, "context": asdict(context), "summary": summary.to_dict(), "models": [r.to_dict() for r in records]}
    return dumps(document, indent=2) + "\n"


CSV_COLUMNS = (
    "repo_id", "revision", "commit", "status", "error_kind", "error_message", "family", "errors", "warnings", "infos",
    "rules", "load_report", "bytes", "requests", "attempts",
)  # fmt: skip


def format_csv(records: Sequence[AuditRecord], summary: AuditSummary, context: ReportContext) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for r in records:
        readable = r.status == OK
        writer.writerow([visible(str(cell)) for cell in [
            r.repo_id, r.revision, r.commit or "", r.status, r.error_kind or "", r.error_message or "", r.family or "",
            *severity_counts(r).values(), codes(r), describe_load(r.load_report) if readable else "",
            r.bytes, r.requests, r.attempts,
        ]])  # fmt: skip
    return buffer.getvalue()
