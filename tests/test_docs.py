"""Generated documentation is current."""

from __future__ import annotations

from _support import REPO
from configlint.cli.info import rules_markdown
from configlint.rules import ALL_RULES


def test_rules_doc_is_current() -> None:
    assert (REPO / "docs" / "rules.md").read_text(encoding="utf-8") == rules_markdown(), (
        "run `configlint rules --format markdown > docs/rules.md`"
    )


def test_every_rule_is_documented_with_examples() -> None:
    for rule in ALL_RULES:
        assert rule.summary and rule.explanation and rule.bad and rule.good, rule.code
        assert rule.bad != rule.good, rule.code
        assert len(rule.explanation) > 80, rule.code
