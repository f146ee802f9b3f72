"""The engine's shortcuts: rules it skips without calling must be rules that would have found nothing.

``requires`` and ``problems_only`` are declarations a rule makes about its own check; the engine trusts
them to skip work on every config. These tests run the checks themselves (not through the engine) on
configs stripped of the declared keys, so a declaration that is wrong (a check that can fire without
those keys) fails here instead of silently losing findings.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from _support import corpus_files
from configlint.document import parse_document
from configlint.engine import build_context, lint_document
from configlint.rules import ALL_RULES, Rule

DECLARING = [rule for rule in ALL_RULES if rule.requires is not None]


def _examples(rule: Rule) -> list[dict[str, object]]:
    """The rule's own bad example (when it is one JSON object) and the real-world corpus's configs."""
    configs = []
    try:
        bad = json.loads(rule.bad)
    except ValueError:
        bad = None
    if isinstance(bad, dict):
        configs.append(bad)
    for path in corpus_files():
        data = json.loads(Path(path).read_text(encoding="utf-8", errors="replace"))
        if isinstance(data, dict):
            configs.append(data)
    return configs


def test_some_rules_declare_the_keys_they_need() -> None:
    assert len(DECLARING) >= 10


@pytest.mark.parametrize("rule", DECLARING, ids=lambda rule: rule.code)
def test_a_rule_finds_nothing_on_a_config_without_the_keys_it_requires(rule: Rule) -> None:
    assert rule.requires is not None
    for config in _examples(rule):
        stripped = {key: value for key, value in config.items() if key not in rule.requires}
        ctx = build_context(parse_document(json.dumps(stripped, indent=2), "config.json"), None)
        if ctx.family.family is None or not rule.applies_to(ctx.family.family):
            continue
        assert list(rule.check(ctx)) == [], (rule.code, stripped)


@pytest.mark.parametrize("rule", DECLARING, ids=lambda rule: rule.code)
def test_a_rules_bad_example_has_a_key_it_requires(rule: Rule) -> None:
    """The example that makes the rule fire is a config the engine does not skip for it."""
    assert rule.requires is not None
    try:
        bad = json.loads(rule.bad)
    except ValueError:
        pytest.skip("the bad example is not a JSON object")
    assert isinstance(bad, dict)
    assert not rule.requires.isdisjoint(bad), rule.code


def test_a_document_problem_is_reported_although_its_rule_is_skipped_on_clean_files() -> None:
    clean = lint_document(parse_document('{"model_type": "bert"}', "config.json"))
    duplicated = lint_document(parse_document('{"model_type": "bert", "num_labels": 2, "num_labels": 3}', "config.json"))
    assert "J002" not in {d.code for d in clean}
    assert "J002" in {d.code for d in duplicated}


def test_problems_only_rules_read_nothing_but_the_documents_problems() -> None:
    """A problems_only rule finds nothing on a document without problems, whatever the config holds."""
    problems_only = [rule for rule in ALL_RULES if rule.problems_only]
    assert problems_only
    for text in ('{"model_type": "bert", "hidden_size": "768"}', '{"model_type": "roberta", "vocab_size": 0}', "{}"):
        ctx = build_context(parse_document(text, "config.json"), None)
        assert not ctx.document.problems
        for rule in problems_only:
            assert list(rule.check(ctx)) == [], rule.code
