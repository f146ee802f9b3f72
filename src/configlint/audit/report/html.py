"""The HTML report: one self-contained page a platform team can act on, attached to a CI run.

Header (what was audited, when, by which configlint, with which rules; audited / clean / failing
/ unreadable), inline SVG charts, then the models grouped by rule (each linked to its Hub page at
the audited commit; groups of more than :data:`OPEN_UP_TO` models start collapsed), then the count
tables. A small inline script sorts and filters the groups; nothing is loaded from anywhere.

Every piece of input text (repo ids, revisions, messages, rule names) goes through
:func:`configlint.escaping.visible` (HTML cannot carry most C0 controls) and then HTML escaping.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from configlint.audit.record import AuditRecord
from configlint.audit.report.assets import CONTENT_SECURITY_POLICY, SCRIPT, STYLE
from configlint.audit.report.sections import (
    GROUP_HEADERS,
    TITLE,
    Section,
    charts,
    context_lines,
    group_cells,
    group_title,
    headline,
    hub_url,
    sections,
)  # fmt: skip
from configlint.audit.report.svg import render_chart
from configlint.audit.runs import ReportContext
from configlint.audit.summary import AuditSummary, ModelGroup
from configlint.escaping import visible

OPEN_UP_TO = 10
"""Groups with at most this many models start open; longer ones show their count and open on a click."""
MAX_ROWS = 2_000
"""Models listed per group; the rest are counted (the CSV and JSON reports list every model)."""


_NUMERIC = ' class="n"'


def _html(value: object) -> str:
    """Text for the page: controls made visible, then entities (quotes too, so it is safe in attributes)."""
    return html.escape(visible(str(value)))


def _cell(value: object) -> str:
    if isinstance(value, int):
        return f'<td class="n" data-v="{value}">{value:,}</td>'
    return f"<td>{_html(value)}</td>"


def _header(summary: AuditSummary, context: ReportContext) -> list[str]:
    parts = [f"<h1>{TITLE}</h1>", '<dl class="context">']
    for label, text in context_lines(summary, context):
        css = ' class="incomplete"' if label == "incomplete" else ""
        parts.append(f"<dt>{_html(label)}</dt><dd{css}>{_html(text)}</dd>")
    parts.append("</dl>")
    parts.append('<ul class="headline">')
    parts += [f'<li class="{css}"><strong>{value:,}</strong>{_html(label)}</li>' for label, value, css in headline(summary)]
    parts.append("</ul>")
    return parts


def _charts(summary: AuditSummary, context: ReportContext) -> list[str]:
    parts = ["<h2>Charts</h2>", '<div class="charts">']
    for chart in charts(summary, context):
        parts.append(f"<figure><figcaption>{_html(chart.title)}</figcaption>")
        parts.append(render_chart(chart, _html) if chart.bars else f"<p><em>{_html(chart.empty)}</em></p>")
        parts.append("</figure>")
    parts.append("</div>")
    return parts


def _group(group: ModelGroup) -> list[str]:
    count = len(group.rows)
    opened = " open" if count <= OPEN_UP_TO else ""
    parts = [
        f'<details class="group" data-key="{_html(group_title(group))}"{opened}>',
        (
            f'<summary><span class="title">{_html(group_title(group))}</span>'
            f'<span class="sev {_html(group.severity)}">{_html(group.severity)}</span>'
            f'<span class="count">{count:,} model{"s" if count != 1 else ""}</span></summary>'
        ),
        '<table class="models"><thead><tr>',
        *(f'<th{_NUMERIC if name == "findings" else ""} title="sort">{_html(name)}</th>' for name in GROUP_HEADERS),
        "</tr></thead><tbody>",
    ]  # fmt: skip
    for row in group.rows[:MAX_ROWS]:
        link = f'<a href="{_html(hub_url(row.record))}" rel="noopener noreferrer">{_html(row.record.label)}</a>'
        parts.append(f"<tr><td>{link}</td>" + "".join(map(_cell, group_cells(row))) + "</tr>")
    parts.append("</tbody></table>")
    if count > MAX_ROWS:
        parts.append(f'<p class="more">and {count - MAX_ROWS:,} more models: the CSV or JSON report lists every one</p>')
    parts.append("</details>")
    return parts


def _groups(summary: AuditSummary) -> list[str]:
    parts = [
        "<h2>Models by rule</h2>",
        (
            '<div class="tools"><input id="filter" type="search" placeholder="Filter: rule, model, family, message" '
            'aria-label="Filter the models" disabled><output id="matches"></output></div>'
        ),
    ]
    if not summary.groups:
        return [*parts, "<p><em>no findings and no unreadable models</em></p>"]
    for group in summary.groups:
        parts += _group(group)
    return parts


def _table(section: Section) -> list[str]:
    parts = [f"<h2>{_html(section.title)}</h2>"]
    if not section.rows:
        return [*parts, f"<p><em>{_html(section.empty)}</em></p>"]
    parts.append('<table class="counts"><tr>' + "".join(f"<th>{_html(h)}</th>" for h in section.headers) + "</tr>")
    parts += ["<tr>" + "".join(map(_cell, row)) + "</tr>" for row in section.rows]
    parts.append("</table>")
    return parts


def format_html(records: Sequence[AuditRecord], summary: AuditSummary, context: ReportContext) -> str:
    parts = [
        "<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{CONTENT_SECURITY_POLICY}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">', '<meta name="referrer" content="no-referrer">',
        f"<title>{TITLE}</title>", f"<style>{STYLE}</style>", "</head>", "<body>", "<main>",
        *_header(summary, context), *_charts(summary, context), *_groups(summary),
    ]  # fmt: skip
    for section in sections(summary, context):
        parts += _table(section)
    parts += ["</main>", f"<script>{SCRIPT}</script>", "</body>", "</html>"]
    return "\n".join(parts) + "\n"
