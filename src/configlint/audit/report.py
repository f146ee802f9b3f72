"""Audit reports: a table for the terminal, JSON and CSV rows for machines, Markdown and HTML summaries.

Formatting only: the counts come from :func:`configlint.audit.summary.summarize`. Markdown and HTML
render the same :class:`Section`\\ s (so they cannot disagree), and the HTML page is
self-contained (inline style, no script, no external asset) so it can be attached to a CI run.
Output is deterministic (no timestamps of the report itself), so a report regenerated from the
same database is byte-identical.

Repo ids, revisions and error messages come from the Hub and from the models' files: every
format escapes their control characters (:mod:`configlint.escaping`), then applies its own rules
(HTML entities, Markdown pipes and inline HTML, CSV quoting); JSON keeps them exact as escapes.
"""

from __future__ import annotations

import csv
import html
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from configlint.audit.record import OK, AuditRecord
from configlint.audit.summary import AuditSummary, describe_load, severity_counts
from configlint.escaping import dumps, visible

FORMATS = ("table", "json", "csv", "markdown", "html")
MACHINE_FORMATS = frozenset({"json", "csv"})
TITLE = "configlint audit"


@dataclass(frozen=True)
class Section:
    title: str
    headers: tuple[str, ...]
    rows: list[tuple[object, ...]]
    empty: str = "none"


def _codes(record: AuditRecord) -> str:
    return " ".join(sorted({d["code"] for d in record.diagnostics}))


def _totals(summary: AuditSummary) -> list[tuple[str, object]]:
    return [
        ("models", summary.models),
        ("read", summary.ok),
        ("unreadable", summary.unreadable),
        (f"with a finding at or above {summary.fail_on.value}", summary.failing),
        ("without findings", summary.without_findings),
        ("load report not clean", len(summary.load_not_clean)),
        ("HTTP requests", summary.requests),
        ("bytes transferred", f"{summary.bytes:,}"),
    ]


def sections(summary: AuditSummary) -> list[Section]:
    """The tables of the Markdown and HTML summaries, in order."""
    return [
        Section("Findings per rule", ("rule", "name", "severity", "models", "findings"),
                [(r.code, r.name, r.severity, r.models, r.findings) for r in summary.by_rule], "no findings"),
        Section("Models per family", ("family", "models", "with findings", "failing", "load report not clean"),
                [(f.family, f.models, f.with_findings, f.failing, f.load_not_clean) for f in summary.by_family]),
        Section("Unreadable models per error kind", ("error kind", "models"), list(summary.by_error_kind.items())),
        Section("Worst offenders (most error-level findings)", ("model", "errors", "warnings", "infos", "rules"),
                [(r.label, *severity_counts(r).values(), _codes(r)) for r in summary.worst]),
        Section("Models whose load report is not clean", ("model", "load report"),
                [(r.label, describe_load(r.load_report)) for r in summary.load_not_clean]),
    ]  # fmt: skip


# -- table -------------------------------------------------------------------------------------


def _table_row(record: AuditRecord) -> tuple[str, ...]:
    if record.status != OK:
        return (record.label, f"error ({record.error_kind})", "", "", "", "", "", record.error_message or "")
    counts = severity_counts(record)
    load = "-" if record.load_clean is None else "clean" if record.load_clean else "not clean"
    return (record.label, "ok", record.family or "?", *(str(n) for n in counts.values()), load, _codes(record))


def _align(rows: Sequence[Sequence[str]]) -> list[str]:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    return ["  ".join([*(cell.ljust(w) for cell, w in zip(row, widths)), row[-1]]).rstrip() for row in rows]


def format_table(records: Sequence[AuditRecord], summary: AuditSummary) -> str:
    """One line per model, then the totals."""
    body = [tuple(visible(cell) for cell in _table_row(record)) for record in records]
    rows = [("MODEL", "STATUS", "FAMILY", "E", "W", "I", "LOAD", "RULES / ERROR"), *body]
    lines = _align(rows) if records else ["no models audited"]
    lines.append("")
    lines.append(", ".join(f"{value} {label}" for label, value in _totals(summary)))
    return "\n".join(lines) + "\n"


# -- machine formats ---------------------------------------------------------------------------


def format_json(records: Sequence[AuditRecord], summary: AuditSummary) -> str:
    document = {"version": 1, "summary": summary.to_dict(), "models": [r.to_dict() for r in records]}
    return dumps(document, indent=2) + "\n"


CSV_COLUMNS = (
    "repo_id", "revision", "commit", "status", "error_kind", "error_message", "family", "errors", "warnings", "infos",
    "rules", "load_report", "bytes", "requests", "attempts",
)  # fmt: skip


def format_csv(records: Sequence[AuditRecord], summary: AuditSummary) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for r in records:
        readable = r.status == OK
        writer.writerow([visible(str(cell)) for cell in [
            r.repo_id, r.revision, r.commit or "", r.status, r.error_kind or "", r.error_message or "", r.family or "",
            *severity_counts(r).values(), _codes(r), describe_load(r.load_report) if readable else "",
            r.bytes, r.requests, r.attempts,
        ]])  # fmt: skip
    return buffer.getvalue()


# -- summaries ---------------------------------------------------------------------------------


def _md_cell(value: object) -> str:
    """One table cell: one line, ``|`` escaped, and ``<&>`` as entities so a repo id cannot open an HTML tag."""
    text = visible(" ".join(str(value).split())).replace("|", "\\|")
    return html.escape(text, quote=False)


def format_markdown(records: Sequence[AuditRecord], summary: AuditSummary) -> str:
    lines = [f"# {TITLE}", ""]
    lines += [f"- **{_md_cell(value)}** {label}" for label, value in _totals(summary)]
    for section in sections(summary):
        lines += ["", f"## {section.title}", ""]
        if not section.rows:
            lines.append(f"_{section.empty}_")
            continue
        lines.append("| " + " | ".join(section.headers) + " |")
        lines.append("|" + "|".join("---" for _ in section.headers) + "|")
        lines += ["| " + " | ".join(_md_cell(cell) for cell in row) + " |" for row in section.rows]
    return "\n".join(lines) + "\n"


_STYLE = (
    "body{font-family:system-ui,sans-serif;margin:2em;color:#222}"
    "table{border-collapse:collapse;margin:.5em 0 1.5em}"
    "th,td{border:1px solid #ccc;padding:.25em .6em;text-align:left;vertical-align:top}"
    "th{background:#f3f3f3}td.n{text-align:right}ul.totals{list-style:none;padding:0}"
)


def _html(value: object) -> str:
    """Text for the page: controls made visible (HTML cannot carry most C0 controls), then entities."""
    return html.escape(visible(str(value)))


def _html_cell(value: object) -> str:
    opening = '<td class="n">' if isinstance(value, int) else "<td>"
    return f"{opening}{_html(value)}</td>"


def format_html(records: Sequence[AuditRecord], summary: AuditSummary) -> str:
    parts = [
        "<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
        f"<title>{TITLE}</title>", f"<style>{_STYLE}</style>", "</head>", "<body>", f"<h1>{TITLE}</h1>",
        '<ul class="totals">',
        *(f"<li><strong>{_html(value)}</strong> {_html(label)}</li>" for label, value in _totals(summary)),
        "</ul>",
    ]  # fmt: skip
    for section in sections(summary):
        parts.append(f"<h2>{html.escape(section.title)}</h2>")
        if not section.rows:
            parts.append(f"<p><em>{html.escape(section.empty)}</em></p>")
            continue
        parts.append("<table>")
        parts.append("<tr>" + "".join(f"<th>{html.escape(h)}</th>" for h in section.headers) + "</tr>")
        parts += ["<tr>" + "".join(map(_html_cell, row)) + "</tr>" for row in section.rows]
        parts.append("</table>")
    parts += ["</body>", "</html>"]
    return "\n".join(parts) + "\n"


_RENDERERS: dict[str, Callable[[Sequence[AuditRecord], AuditSummary], str]] = {
    "table": format_table,
    "json": format_json,
    "csv": format_csv,
    "markdown": format_markdown,
    "html": format_html,
}


def render_report(fmt: str, records: Sequence[AuditRecord], summary: AuditSummary) -> str:
    """The report in format ``fmt`` (one of :data:`FORMATS`)."""
    return _RENDERERS[fmt](records, summary)
