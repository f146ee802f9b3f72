"""The Markdown report: the HTML report's sections in GitHub-flavoured Markdown, for a job summary.

Same header, counts and grouped models as the HTML page (from :mod:`.sections`), with the charts
as their tables. Groups are ``<details>`` blocks (GitHub renders them collapsed with their count)
listing at most :data:`MAX_ROWS` models each, so a summary of ten thousand models stays well under
the 1 MiB GitHub takes per step (see :mod:`.step_summary`).

Cells are one line, ``|`` escaped, and ``<&>`` written as entities so no repo id can open an HTML tag.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from configlint.audit.record import AuditRecord
from configlint.audit.report.sections import (
    GROUP_HEADERS,
    TITLE,
    context_lines,
    group_cells,
    group_title,
    headline,
    hub_url,
    sections,
    totals,
)  # fmt: skip
from configlint.audit.runs import ReportContext
from configlint.audit.summary import AuditSummary, ModelGroup
from configlint.escaping import visible

MAX_ROWS = 25
"""Models listed per group; the rest are counted (the HTML report lists up to 2,000, CSV and JSON all)."""
OPEN_UP_TO = 10


def md_cell(value: object) -> str:
    """One table cell: one line, ``|`` escaped, and ``<&>`` as entities so a repo id cannot open an HTML tag."""
    text = visible(" ".join(str(value).split())).replace("|", "\\|")
    return html.escape(text, quote=False)


def _link(record: AuditRecord) -> str:
    label = md_cell(record.label).replace("[", "\\[").replace("]", "\\]")
    return f"[{label}]({hub_url(record)})"


def _table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    return [
        "| " + " | ".join(headers) + " |",
        "|" + "|".join("---" for _ in headers) + "|",
        *("| " + " | ".join(row) + " |" for row in rows),
    ]


def _group(group: ModelGroup) -> list[str]:
    count = len(group.rows)
    title = html.escape(visible(f"{group_title(group)} ({group.severity}): {count:,} model{'s' if count != 1 else ''}"))
    rows = [[_link(row.record), *(md_cell(cell) for cell in group_cells(row))] for row in group.rows[:MAX_ROWS]]
    lines = [f"<details{' open' if count <= OPEN_UP_TO else ''}><summary>{title}</summary>", "", *_table(GROUP_HEADERS, rows)]
    if count > MAX_ROWS:
        lines += ["", f"_and {count - MAX_ROWS:,} more models: the HTML, CSV or JSON report lists them_"]
    return [*lines, "", "</details>", ""]


def format_markdown(records: Sequence[AuditRecord], summary: AuditSummary, context: ReportContext) -> str:
    lines = [f"# {TITLE}", ""]
    lines += [f"- {md_cell(label)}: {md_cell(text)}" for label, text in context_lines(summary, context)]
    lines += ["", " · ".join(f"**{value:,}** {label}" for label, value, _ in headline(summary)), ""]
    lines += [f"- **{md_cell(value)}** {label}" for label, value in totals(summary)]
    for section in sections(summary, context):
        lines += ["", f"## {section.title}", ""]
        if not section.rows:
            lines.append(f"_{section.empty}_")
            continue
        lines += _table(section.headers, [[md_cell(cell) for cell in row] for row in section.rows])
    lines += ["", "## Models by rule", ""]
    if not summary.groups:
        lines.append("_no findings and no unreadable models_")
    for group in summary.groups:
        lines += _group(group)
    return "\n".join(lines).rstrip("\n") + "\n"
