"""Audit reports: a table, JSON and CSV rows (:mod:`.plain`), a Markdown summary and an HTML page.

Formatting only: the counts come from :func:`configlint.audit.summary.summarize`, the context (what
was audited, when, with which configlint) from :func:`configlint.audit.runs.report_context`.
Markdown and HTML arrange the same :mod:`.sections` (so they cannot disagree). Output is
deterministic (no timestamp of the report itself), so a report regenerated from the same
database is byte-identical.

Repo ids, revisions and error messages come from the Hub and from the models' files: every format
escapes their control characters (:mod:`configlint.escaping`), then applies its own rules (HTML
entities, Markdown pipes and inline HTML, CSV quoting); JSON keeps them exact as escapes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from configlint.audit.record import AuditRecord
from configlint.audit.report.html import format_html
from configlint.audit.report.markdown import format_markdown
from configlint.audit.report.plain import format_csv, format_json, format_table
from configlint.audit.runs import ReportContext
from configlint.audit.summary import AuditSummary

FORMATS = ("table", "json", "csv", "markdown", "html")
MACHINE_FORMATS = frozenset({"json", "csv"})

_RENDERERS: dict[str, Callable[[Sequence[AuditRecord], AuditSummary, ReportContext], str]] = {
    "table": format_table,
    "json": format_json,
    "csv": format_csv,
    "markdown": format_markdown,
    "html": format_html,
}


def render_report(fmt: str, records: Sequence[AuditRecord], summary: AuditSummary, context: ReportContext | None = None) -> str:
    """The report in format ``fmt`` (one of :data:`FORMATS`); without a context, the header says "unknown"."""
    return _RENDERERS[fmt](records, summary, context or ReportContext())
