"""Version-dependent findings speak for the target (target-transformers), and only where the recordings differ."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import configlint
from configlint.diagnostics import Severity
from configlint.engine import lint_file
from configlint.rules import RULES_BY_CODE
from configlint.rules.recorded_facts import CASE_OUTCOMES, TRANSFORMERS_VERSIONS
from configlint.rules.version_claims import VERSION_CLAIMS, short_version
from configlint.selection import Selection
from configlint.targets import Targets

TRIGGERS = {
    "S001": {"model_type": "bert", "output_hidden_states": "True"},
    "D004": {"model_type": "bert", "position_embedding_type": "relative_key"},
    "D006": {"model_type": "bert", "pruned_heads": {"0": [0]}},
    "L001": {"model_type": "bert", "num_labels": 3, "id2label": {"0": "neg", "1": "pos"}},
    "L004": {"model_type": "bert", "problem_type": "multilabel_classification"},
    "L005": {"model_type": "bert", "problem_type": "single_label_classification", "num_labels": 1},
    "V004": {"model_type": "bert", "initializer_range": 0.0},
    "F002": {"architectures": ["BertModel"], "hidden_size": 32},
}


def _finding(code: str, major: int, tmp_path: Path):
    selection = Selection(targets=Targets(transformers=major))
    if code == "F002":  # a file: F002 on an in-memory mapping is the same, but a folder is what AutoConfig reads
        path = tmp_path / f"t{major}" / "config.json"
        path.parent.mkdir()
        path.write_text(json.dumps(TRIGGERS[code]))
        found = lint_file(path, selection=selection)
    else:
        found = configlint.lint_mapping(TRIGGERS[code], selection=selection)
    [finding] = [d for d in found if d.code == code]
    return finding


def test_every_version_claim_has_a_trigger() -> None:
    assert set(TRIGGERS) == set(VERSION_CLAIMS)


@pytest.mark.parametrize("code", sorted(VERSION_CLAIMS))
def test_a_version_claim_rests_on_cases_the_versions_disagree_on(code: str) -> None:
    """Saying "4.x does X, 5.x does Y" is only true where the recorded outcomes differ."""
    claim = VERSION_CLAIMS[code]
    assert claim.cases and all(case in CASE_OUTCOMES for case in claim.cases)
    assert any(len(set(CASE_OUTCOMES[case].values())) > 1 for case in claim.cases), code
    assert all(case in RULES_BY_CODE[code].evidence for case in claim.cases[:1]), "the rule's evidence names the case"


@pytest.mark.parametrize("code", sorted(VERSION_CLAIMS))
@pytest.mark.parametrize("major", [5, 4])
def test_the_target_is_stated_first_with_its_severity(code: str, major: int, tmp_path: Path) -> None:
    finding = _finding(code, major, tmp_path)
    claim = VERSION_CLAIMS[code]
    target_phrase = f"transformers {short_version('transformers', major)} (the target) "
    assert target_phrase in finding.message
    other = next(m for m in claim.by_major if m != major)
    assert finding.message.index(target_phrase) < finding.message.index(f"; {short_version('transformers', other)} ")
    assert finding.severity is claim.severity.get(major, RULES_BY_CODE[code].severity)


def test_the_default_target_is_the_newest_recorded_major(tmp_path: Path) -> None:
    assert short_version("transformers", 5) == ".".join(TRANSFORMERS_VERSIONS[0].split(".")[:2])
    [finding] = [d for d in configlint.lint_mapping(TRIGGERS["D006"]) if d.code == "D006"]
    assert finding.message.startswith("transformers 5.23 (the target) ignores pruned_heads")
    assert finding.severity is Severity.WARNING


def test_a_target_where_the_config_works_is_milder() -> None:
    """4.57 builds relative positions and prunes heads as asked: info, not a warning, for target 4."""
    four = Selection(targets=Targets(transformers=4))
    for code in ("D004", "D006"):
        [finding] = [d for d in configlint.lint_mapping(TRIGGERS[code], selection=four) if d.code == code]
        assert finding.severity is Severity.INFO
    assert "4.57 (the target) prunes" in _finding("D006", 4, Path("/nonexistent")).message
    assert CASE_OUTCOMES["pruned-heads"]["4.57.6"].endswith("layer0_query_out 24 (baseline 32)")
