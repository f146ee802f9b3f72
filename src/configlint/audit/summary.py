"""What an audit found, counted: per rule, family, severity and error kind, the models of each rule, the worst offenders.

Computed from stored :class:`AuditRecord`\\ s only, so ``configlint audit report`` regenerates the
same numbers from the database without touching the Hub, and every output format (table, JSON,
CSV, Markdown, HTML) shows the same counts.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from configlint.audit.record import OK, AuditRecord
from configlint.diagnostics import Severity

UNKNOWN_FAMILY = "unknown"


@dataclass(frozen=True)
class RuleCount:
    code: str
    name: str
    severity: str
    findings: int
    models: int


@dataclass(frozen=True)
class FamilyCount:
    family: str
    models: int
    with_findings: int
    failing: int
    load_not_clean: int


@dataclass(frozen=True)
class GroupRow:
    """One model in a group of the report's grouped table: how many findings of the group's rule it has."""

    record: AuditRecord
    findings: int
    message: str


@dataclass(frozen=True)
class ModelGroup:
    """The models of one rule (``severity`` is the rule's) or of one error kind (``severity`` is ``unreadable``)."""

    key: str
    name: str
    severity: str
    rows: list[GroupRow]


UNREADABLE = "unreadable"
SEVERITIES = (Severity.ERROR.value, Severity.WARNING.value, Severity.INFO.value)


@dataclass
class AuditSummary:
    """The counts of one report. ``failing`` models have a finding at or above ``fail_on``."""

    fail_on: Severity
    models: int = 0
    ok: int = 0
    unreadable: int = 0
    failing: int = 0
    without_findings: int = 0
    bytes: int = 0
    requests: int = 0
    by_rule: list[RuleCount] = field(default_factory=list)
    by_family: list[FamilyCount] = field(default_factory=list)
    by_error_kind: dict[str, int] = field(default_factory=dict)
    worst: list[AuditRecord] = field(default_factory=list)
    load_not_clean: list[AuditRecord] = field(default_factory=list)
    by_severity: dict[str, int] = field(default_factory=dict)
    """Findings per severity, most severe first (every severity, zeros included)."""
    groups: list[ModelGroup] = field(default_factory=list)
    """Models per rule (in :attr:`by_rule` order), then unreadable models per error kind."""

    @property
    def clean(self) -> int:
        """Read, and no finding at or above ``fail_on``: together with failing and unreadable, every model once."""
        return self.ok - self.failing

    @property
    def exit_code(self) -> int:
        return 1 if self.failing else 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "models": self.models, "ok": self.ok, "unreadable": self.unreadable, "fail_on": self.fail_on.value,
            "failing": self.failing, "without_findings": self.without_findings,
            "bytes": self.bytes, "requests": self.requests,
            "by_rule": [vars(rule) for rule in self.by_rule],
            "by_family": [vars(family) for family in self.by_family],
            "by_error_kind": self.by_error_kind, "by_severity": self.by_severity, "clean": self.clean,
            "worst": [{"model": r.label, **severity_counts(r)} for r in self.worst],
            "load_not_clean": [{"model": r.label, "load_report": r.load_report} for r in self.load_not_clean],
        }  # fmt: skip


def severity_counts(record: AuditRecord) -> dict[str, int]:
    return {f"{s.value}s": record.count(s) for s in (Severity.ERROR, Severity.WARNING, Severity.INFO)}


def describe_load(report: dict[str, Any] | None) -> str:
    """``2 missing, 1 mismatched`` or ``error: ...``: one cell for a table."""
    if report is None:
        return "not predicted"
    if report.get("error"):
        return f"error: {report['error']}"
    parts = [f"{len(report.get(k) or ())} {k}" for k in ("missing", "unexpected", "mismatched") if report.get(k)]
    return ", ".join(parts) or "clean"


def _offence(record: AuditRecord) -> tuple[int, int, int]:
    return (record.count(Severity.ERROR), record.count(Severity.WARNING), record.count(Severity.INFO))


def summarize(records: Iterable[AuditRecord], *, fail_on: Severity = Severity.WARNING, top: int = 20) -> AuditSummary:
    """Count everything a report shows, in one pass over the records."""
    summary = AuditSummary(fail_on=fail_on)
    findings: Counter[str] = Counter()
    rule_models: Counter[str] = Counter()
    rule_meta: dict[str, tuple[str, str]] = {}
    families: dict[str, Counter[str]] = defaultdict(Counter)
    kinds: Counter[str] = Counter()
    severities: Counter[str] = Counter()
    offenders: list[AuditRecord] = []
    members: dict[str, list[GroupRow]] = defaultdict(list)
    failures: dict[str, list[GroupRow]] = defaultdict(list)
    for record in records:
        summary.models += 1
        summary.bytes += record.bytes
        summary.requests += record.requests
        if record.status != OK:
            summary.unreadable += 1
            kinds[record.error_kind or "unknown"] += 1
            failures[record.error_kind or "unknown"].append(GroupRow(record, 0, record.error_message or ""))
            continue
        summary.ok += 1
        family = families[record.family or UNKNOWN_FAMILY]
        family["models"] += 1
        fails = record.fails(fail_on)
        summary.failing += fails
        family["failing"] += fails
        if record.diagnostics:
            family["with_findings"] += 1
            offenders.append(record)
        else:
            summary.without_findings += 1
        if record.load_clean is not True:
            family["load_not_clean"] += 1
            summary.load_not_clean.append(record)
        own: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for diagnostic in record.diagnostics:
            own[diagnostic["code"]].append(diagnostic)
            severities[diagnostic["severity"]] += 1
            rule_meta.setdefault(diagnostic["code"], (diagnostic.get("name", ""), diagnostic["severity"]))
        for code, found in own.items():
            rule_models[code] += 1
            findings[code] += len(found)
            members[code].append(GroupRow(record, len(found), str(found[0].get("message", ""))))
    summary.by_rule = [
        RuleCount(code, *rule_meta[code], findings=count, models=rule_models[code])
        for code, count in sorted(findings.items(), key=lambda item: (-rule_models[item[0]], item[0]))
    ]
    summary.by_family = [
        FamilyCount(name, c["models"], c["with_findings"], c["failing"], c["load_not_clean"])
        for name, c in sorted(families.items(), key=lambda item: (-item[1]["models"], item[0]))
    ]
    summary.by_error_kind = dict(sorted(kinds.items(), key=lambda item: (-item[1], item[0])))
    offenders.sort(key=lambda r: (tuple(-n for n in _offence(r)), r.key))
    summary.worst = offenders[:top]
    summary.by_severity = {name: severities[name] for name in SEVERITIES}
    summary.groups = [
        ModelGroup(r.code, r.name, r.severity, sorted(members[r.code], key=lambda row: (-row.findings, row.record.key)))
        for r in summary.by_rule
    ]
    summary.groups += [ModelGroup(kind, kind, UNREADABLE, failures[kind]) for kind in summary.by_error_kind]
    return summary
