"""What each rule claims, the recorded evidence, and the versions where it holds: for ``configlint
rule CODE`` (its "Versions" section) and the claims table of ``docs/rules.md``.

Everything comes from the rules' ``evidence`` (the recorded case ids it names), the per-version
outcomes in :data:`configlint.rules.recorded_facts.CASE_OUTCOMES` and the version-dependent
claims in :data:`configlint.rules.version_claims.VERSION_CLAIMS`, so the page cannot say what the
recordings do not. Markdown text only; nothing here reads files.
"""

from __future__ import annotations

import re

from configlint.rules.base import Rule
from configlint.rules.recorded_facts import CASE_OUTCOMES, SENTENCE_TRANSFORMERS_VERSIONS, TRANSFORMERS_VERSIONS
from configlint.rules.version_claims import VERSION_CLAIMS, short_version

_CASE_ID = re.compile(r"(?<![\w<-])[a-z0-9]+(?:-[A-Za-z0-9_]+)+(?![\w>-])")


def recorded_cases(rule: Rule) -> list[str]:
    """The recorded case ids the rule's evidence (then its explanation) names, in that order, once each."""
    found = [name for name in _CASE_ID.findall(f"{rule.evidence} {rule.explanation}") if name in CASE_OUTCOMES]
    return list(dict.fromkeys(found))


def _versions_of(case: str) -> tuple[str, tuple[str, ...]]:
    versions = tuple(CASE_OUTCOMES[case])
    library = "transformers" if versions == TRANSFORMERS_VERSIONS else "sentence-transformers"
    return library, versions


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def versions_section(rule: Rule) -> list[str]:
    """Markdown lines: the claim per target major (when it differs), then each named case per recorded version."""
    lines: list[str] = []
    claim = VERSION_CLAIMS.get(rule.code)
    cases = recorded_cases(rule)
    if claim is None and not cases:
        return lines
    lines += ["Versions:", ""]
    if claim is not None:
        for major, text in claim.by_major.items():
            severity = claim.severity.get(major, rule.severity).value
            label = f"{claim.library} {short_version(claim.library, major)}"
            lines.append(f"- target {claim.library} {major} ({severity}): {label} {_placeholders(text)}")
        lines.append("")
    by_library: dict[tuple[str, tuple[str, ...]], list[str]] = {}
    for case in cases:
        by_library.setdefault(_versions_of(case), []).append(case)
    for (library, versions), names in by_library.items():
        lines += [
            "| recorded case | " + " | ".join(f"{library} {v}" for v in versions) + " |",
            "|---|" + "---|" * len(versions),
        ]
        lines += [f"| {name} | " + " | ".join(_cell(CASE_OUTCOMES[name][v]) for v in versions) + " |" for name in names]
        lines.append("")
    return lines


def versions_dict(rule: Rule) -> dict[str, object]:
    """The Versions section as data, for ``configlint rule CODE --format json``."""
    claim = VERSION_CLAIMS.get(rule.code)
    return {
        "by_target": {
            f"{claim.library} {major}": {
                "claim": f"{claim.library} {short_version(claim.library, major)} {_placeholders(text)}",
                "severity": claim.severity.get(major, rule.severity).value,
            }
            for major, text in claim.by_major.items()
        }
        if claim is not None
        else None,
        "recorded": {case: dict(CASE_OUTCOMES[case]) for case in recorded_cases(rule)},
    }


def _placeholders(text: str) -> str:
    """A claim's ``{count}`` fields shown as <count> (the finding fills them in)."""
    return re.sub(r"\{(\w+)(?:![rs])?\}", r"<\1>", text)


def holds_in(rule: Rule) -> str:
    """Where the rule's claim holds: per target when the majors differ, else the recorded versions it was checked in."""
    claim = VERSION_CLAIMS.get(rule.code)
    if claim is not None:
        return "per target: " + "; ".join(
            f"{short_version(claim.library, m)} {_placeholders(t)}" for m, t in claim.by_major.items()
        )
    cases = recorded_cases(rule)
    if not cases:
        return "no recorded case (a JSON, file or configlint check, or the source its evidence cites)"
    libraries = {_versions_of(case) for case in cases}
    parts = []
    for library, versions in sorted(libraries):
        same = all(len(set(CASE_OUTCOMES[c].values())) == 1 for c in cases if _versions_of(c) == (library, versions))
        parts.append(f"{library} {' and '.join(versions)}" + (" (same outcome)" if same else " (message names the version)"))
    return "; ".join(parts)


def claims_table(rules: tuple[Rule, ...]) -> list[str]:
    """The docs table: for every rule, the claim, the evidence and the versions where it holds."""
    lines = [
        "## Claims, evidence and versions",
        "",
        f"Recorded with transformers {' and '.join(TRANSFORMERS_VERSIONS)} and sentence-transformers "
        f"{' and '.join(SENTENCE_TRANSFORMERS_VERSIONS)} (`scripts/record_claims.py`, `tests/fixtures/claims/`); "
        "the default target is the newest of each.",
        "",
        "| code | claim | evidence | holds in |",
        "|---|---|---|---|",
    ]
    for rule in rules:
        evidence = _cell(rule.evidence) if rule.evidence else "—"
        lines.append(f"| {rule.code} | {_cell(rule.summary)} | {evidence} | {_cell(holds_in(rule))} |")
    lines.append("")
    return lines
