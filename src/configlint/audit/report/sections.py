"""What the Markdown and HTML reports show, as plain data, so the two formats cannot disagree.

Everything here is arranged from an :class:`AuditSummary` and a :class:`ReportContext`; no count is
computed here (that is :mod:`configlint.audit.summary`), and no syntax of either format is written
(that is :mod:`.markdown` and :mod:`.html`, which also escape every cell).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import quote

from configlint.audit.record import AuditRecord
from configlint.audit.runs import ReportContext
from configlint.audit.summary import (
    UNREADABLE,
    AuditSummary,
    GroupRow,
    ModelGroup,
    describe_load,
    severity_counts,
)

TITLE = "configlint audit"
HUB = "https://huggingface.co"
DEFAULT_REVISION = "main"
TIMELINE_POINTS = 60
"""The newest points of "failing models over time" a chart shows (one per night is two months)."""
RULE_BARS = 20
"""Rules a chart shows; the rest are one "other rules" bar (every rule is still in the tables)."""


@dataclass(frozen=True)
class Section:
    title: str
    headers: tuple[str, ...]
    rows: list[tuple[object, ...]]
    empty: str = "none"


@dataclass(frozen=True)
class Bar:
    """One bar, or one stack: its label, a longer text for a tooltip, and per value the CSS class that colours it."""

    label: str
    tooltip: str
    values: tuple[int, ...]
    classes: tuple[str, ...]


@dataclass(frozen=True)
class Chart:
    """A chart; ``legend`` pairs CSS classes with what they mean; ``columns`` charts run over time."""

    title: str
    bars: list[Bar]
    legend: tuple[tuple[str, str], ...] = ()
    columns: bool = False
    empty: str = "nothing to show"


def codes(record: AuditRecord) -> str:
    return " ".join(sorted({d["code"] for d in record.diagnostics}))


def hub_url(record: AuditRecord) -> str:
    """The model's files on the Hub at the audited commit (else the requested revision, else main).

    Every path part is percent-encoded (``/`` too), so no repo id or revision can leave the Hub's
    ``/ORG/NAME/tree/REVISION`` page or add a query.
    """
    revision = record.commit or record.revision or DEFAULT_REVISION
    path = "/".join(quote(part, safe="") for part in record.repo_id.split("/"))
    return f"{HUB}/{path}/tree/{quote(revision, safe='')}"


def when(timestamp: float | None) -> str:
    if timestamp is None:
        return "unknown"
    return datetime.fromtimestamp(timestamp, UTC).strftime("%Y-%m-%d %H:%M UTC")


def headline(summary: AuditSummary) -> list[tuple[str, int, str]]:
    """The four numbers a reader looks at first (label, value, CSS class): they add up to the models audited."""
    return [
        ("audited", summary.models, "total"),
        ("clean", summary.clean, "clean"),
        ("failing", summary.failing, "error"),
        (UNREADABLE, summary.unreadable, UNREADABLE),
    ]


def _selection(context: ReportContext) -> str:
    chosen = [f"{name.replace('_', '-')} {', '.join(map(str, value))}" for name, value in context.selection.items() if value]
    return "; ".join(chosen) if chosen else "the default rules" if context.selection else "unknown"


def context_lines(summary: AuditSummary, context: ReportContext) -> list[tuple[str, str]]:
    """The header's ``label: text`` lines: what, when, which configlint and rules, what counts as failing."""
    span = f"{when(context.started_at)} to {when(context.finished_at)}" if context.started_at is not None else "unknown"
    runs = len(context.timeline)  # the shards of one sharded run are one run
    if runs:
        span += f" ({runs} run{'s' if runs != 1 else ''})"
    lines = [
        ("audited", "; ".join(context.sources) or "unknown (recorded before configlint kept runs)"),
        ("when", span),
        ("configlint", ", ".join(context.versions) or "unknown"),
        ("rules", _selection(context)),
        ("failing", f"a finding at or above {summary.fail_on.value}"),
    ]
    if context.missing_shards:
        lines.append(("incomplete", f"the latest sharded run lacks shard {', '.join(context.missing_shards)}"))
    return lines


def totals(summary: AuditSummary) -> list[tuple[str, object]]:
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


def sections(summary: AuditSummary, context: ReportContext) -> list[Section]:
    """The count tables of the Markdown and HTML summaries, in order."""
    points = context.timeline[-TIMELINE_POINTS:]
    tables = [
        Section("Findings per rule", ("rule", "name", "severity", "models", "findings"),
                [(r.code, r.name, r.severity, r.models, r.findings) for r in summary.by_rule], "no findings"),
        Section("Findings per severity", ("severity", "findings"), list(summary.by_severity.items())),
        Section("Models per family", ("family", "models", "with findings", "failing", "load report not clean"),
                [(f.family, f.models, f.with_findings, f.failing, f.load_not_clean) for f in summary.by_family]),
        Section("Unreadable models per error kind", ("error kind", "models"), list(summary.by_error_kind.items())),
        Section("Worst offenders (most error-level findings)", ("model", "errors", "warnings", "infos", "rules"),
                [(r.label, *severity_counts(r).values(), codes(r)) for r in summary.worst]),
        Section("Models whose load report is not clean", ("model", "load report"),
                [(r.label, describe_load(r.load_report)) for r in summary.load_not_clean]),
    ]  # fmt: skip
    if len(points) > 1:
        tables.append(Section(
            "Models over time (after each run)", ("finished", "audited", "clean", "failing", "unreadable"),
            [(when(p.finished_at), p.counts.audited, p.counts.clean, p.counts.failing, p.counts.unreadable) for p in points],
        ))  # fmt: skip
    return tables


def _rule_bars(summary: AuditSummary) -> list[Bar]:
    bars = [
        Bar(r.code, f"{r.code} {r.name}: {r.findings} findings in {r.models} models", (r.findings,), (r.severity,))
        for r in sorted(summary.by_rule, key=lambda rule: (-rule.findings, rule.code))
    ]
    if len(bars) <= RULE_BARS:
        return bars
    rest = sum(bar.values[0] for bar in bars[RULE_BARS:])
    return [*bars[:RULE_BARS], Bar("other", f"{len(bars) - RULE_BARS} more rules: {rest} findings", (rest,), ("other",))]


def charts(summary: AuditSummary, context: ReportContext) -> list[Chart]:
    """The pictures of the HTML report, from the same counts as the tables."""
    below = f"findings below {summary.fail_on.value} only"
    found = [
        Chart("Findings by rule", _rule_bars(summary), legend=tuple((name, name) for name in summary.by_severity), empty="no findings"),
        Chart("Findings by severity", [
            Bar(name, f"{count} {name} findings", (count,), (name,)) for name, count in summary.by_severity.items()
        ]),
        Chart("Models by family", [
            Bar(f.family, f"{f.family}: {f.models} models, {f.failing} failing, {f.with_findings - f.failing} with {below}",
                (f.failing, f.with_findings - f.failing, f.models - f.with_findings), ("error", "info", "clean"))
            for f in summary.by_family
        ], legend=(("error", "failing"), ("info", below), ("clean", "no findings")), empty="no model could be read"),
    ]  # fmt: skip
    points = context.timeline[-TIMELINE_POINTS:]
    if len(points) > 1:
        found.append(Chart("Failing models over time", [
            Bar(when(p.finished_at)[5:10], f"{when(p.finished_at)}: {p.counts.failing} failing of {p.counts.audited}",
                (p.counts.failing, p.counts.clean, p.counts.unreadable), ("error", "clean", UNREADABLE))
            for p in points
        ], legend=(("error", "failing"), ("clean", "clean"), (UNREADABLE, UNREADABLE)), columns=True))  # fmt: skip
    return found


GROUP_HEADERS = ("model", "family", "findings", "load report", "first message")


def group_title(group: ModelGroup) -> str:
    if group.severity == UNREADABLE:
        return f"unreadable: {group.key}"
    return f"{group.key} {group.name}".rstrip()


def group_cells(row: GroupRow) -> tuple[object, ...]:
    """The cells after the model's link: family, findings of the group's rule, load report, message."""
    record = row.record
    if record.status != "ok":
        return ("-", row.findings, "-", row.message)
    return (record.family or "unknown", row.findings, describe_load(record.load_report), row.message)
