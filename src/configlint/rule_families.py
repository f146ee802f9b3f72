"""Which rules apply to which family: the matrix ``configlint rules --family`` and ``docs/rules.md`` show.

A rule names the families it applies to through the family table's traits (or, for a family-specific
rule, by name); ``families=None`` means every family. The matrix is computed from the rules and the
table, so it cannot drift from what ``check`` runs.
"""

from __future__ import annotations

from collections.abc import Iterable

from configlint.family_table import FAMILIES
from configlint.rules.base import Rule


def rules_for(rules: Iterable[Rule], family: str) -> tuple[Rule, ...]:
    """The rules of ``rules`` that run on a config of ``family``, in catalogue order."""
    if family not in FAMILIES:
        raise KeyError(family)
    return tuple(rule for rule in rules if rule.applies_to(family))


def family_matrix(rules: Iterable[Rule]) -> list[str]:
    """A Markdown table: one row per rule that is not for every family, one column per family."""
    names = list(FAMILIES)
    lines = [
        "## Rules per family",
        "",
        "Rules not listed here apply to every family. A rule applies to a family when the family has the",
        "trait the rule's claim depends on (`configlint/family_table.py`, `TRAITS`), or when it is that",
        "family's own rule. `configlint rules --family NAME` lists a family's rules.",
        "",
        "| rule | " + " | ".join(FAMILIES[name].display for name in names) + " |",
        "|---|" + "---|" * len(names),
    ]
    for rule in rules:
        if rule.families is None or set(names) <= rule.families:
            continue
        marks = ["yes" if rule.applies_to(name) else "" for name in names]
        lines.append(f"| {rule.code} | " + " | ".join(marks) + " |")
    lines.append("")
    return lines
