"""DeBERTa (v1): the ContextPooler rules (Y001-Y003), Y005 and P007 held to what transformers 5.23 and 4.57 were recorded doing.

DeBERTa v1 gets these rules through the ``head-pooler`` trait and its table entry's
``head_pooler_classes``; only DebertaForSequenceClassification builds the pooler (there is no
multiple-choice class), so the recorded experiments have one pooled class and the base model.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import configlint
from configlint.diagnostics import Severity

TRANSFORMERS = Path(__file__).resolve().parents[1] / "fixtures" / "transformers"
RECORDINGS = {
    version: json.loads((TRANSFORMERS / name).read_text())
    for version, name in (("5.23.0", "families.json"), ("4.57.6", "families-4.57.json"))
}
TINY: dict[str, Any] = RECORDINGS["5.23.0"]["families"]["deberta"]["tiny_config"]


def _findings(config: dict[str, Any], code: str) -> list[configlint.Diagnostic]:
    return [d for d in configlint.lint_mapping({"model_type": "deberta", **config}) if d.code == code]


def _recorded_cases(experiment: str) -> list[Any]:
    """(version, class, overrides, outcome) of each recorded build: the forward pass's outcome, else the build's."""
    return [
        pytest.param(case["class"], case["overrides"], case.get("forward") or case["build"], id=f"{version}-{case['class']}")
        for version, recording in RECORDINGS.items()
        for case in recording["experiments"]["deberta"][experiment]
    ]


@pytest.mark.parametrize(("class_name", "overrides", "outcome"), _recorded_cases("pooler_hidden_size_12_vs_hidden_8"))
def test_y001_is_an_error_exactly_where_the_recorded_forward_pass_failed(class_name: str, overrides: dict, outcome: str) -> None:
    [finding] = _findings({**TINY, **overrides, "architectures": [class_name]}, "Y001")
    failed = outcome != "ok"
    assert ("RuntimeError" in outcome) == failed
    assert finding.severity == (Severity.ERROR if failed else Severity.WARNING)
    assert finding.message.startswith("pooler_hidden_size 12 is not hidden_size 8")


def test_y001_names_the_one_pooled_class_with_a_singular_verb() -> None:
    [finding] = _findings({"architectures": ["DebertaModel"], "hidden_size": 8, "pooler_hidden_size": 12}, "Y001")
    assert "DebertaModel builds no pooler, but DebertaForSequenceClassification built from this config raises" in finding.message
    assert "MultipleChoice" not in finding.message


def test_y001_compares_with_debertaconfigs_own_default_hidden_size() -> None:
    """DebertaConfig's hidden_size is 768 (DebertaV2Config's is 1536; config_classes.json)."""
    assert not _findings({"pooler_hidden_size": 768}, "Y001")
    [finding] = _findings({"pooler_hidden_size": 1536}, "Y001")
    assert "hidden_size 768" in finding.message


@pytest.mark.parametrize(("class_name", "overrides", "outcome"), _recorded_cases("pooler_hidden_act_unknown"))
def test_y002_flags_the_activation_the_recorded_forward_pass_could_not_find(
    class_name: str, overrides: dict, outcome: str
) -> None:
    assert outcome.startswith("KeyError")
    [finding] = _findings({**TINY, **overrides, "architectures": [class_name]}, "Y002")
    assert finding.pointer == "/pooler_hidden_act" and finding.severity == Severity.ERROR


@pytest.mark.parametrize(("class_name", "overrides", "outcome"), _recorded_cases("pooler_dropout_2"))
def test_y003_flags_the_dropout_the_recorded_build_refused(class_name: str, overrides: dict, outcome: str) -> None:
    assert outcome.startswith("ValueError: dropout probability")
    [finding] = _findings({**TINY, **overrides, "architectures": [class_name]}, "Y003")
    assert finding.pointer == "/pooler_dropout" and finding.severity == Severity.ERROR


def test_the_pooler_rules_are_warnings_on_the_masked_lm_class() -> None:
    config = {"architectures": ["DebertaForMaskedLM"], "pooler_hidden_act": "no-such-act"}
    [finding] = _findings(config, "Y002")
    assert finding.severity == Severity.WARNING


def _pruned_outcomes(version: str) -> dict[str, str]:
    outcomes: dict[str, str] = json.loads((TRANSFORMERS / f"deberta-pruned-heads-{version}.json").read_text())["build"]
    return outcomes


@pytest.mark.parametrize(("target", "version"), [(4, "4.57.6"), (5, "5.23.0")])
def test_y005_is_an_error_exactly_for_the_major_recorded_refusing_pruned_heads(target: int, version: str) -> None:
    from configlint.selection import Selection
    from configlint.targets import Targets

    outcomes = _pruned_outcomes(version)
    refused = all(outcome.startswith("NotImplementedError") for outcome in outcomes.values())
    assert refused or all(outcome.startswith("ok") for outcome in outcomes.values())
    config = {"model_type": "deberta", "pruned_heads": {"0": [1]}}
    selection = Selection(targets=Targets(transformers=target))
    [finding] = [d for d in configlint.lint_mapping(config, selection=selection) if d.code == "Y005"]
    assert finding.severity == (Severity.ERROR if refused else Severity.WARNING)
    assert "DeBERTa-v2" not in finding.message  # the message names the family it was recorded for


@pytest.mark.parametrize("version", ["5.23.0", "4.57.6"])
def test_p007_says_deberta_reads_cls_dropout_as_recorded(version: str) -> None:
    recorded = json.loads((TRANSFORMERS / f"deberta-dropouts-{version}.json").read_text())["classes"]
    for dropouts in recorded.values():
        assert dropouts["classifier_dropout_0.3"] == dropouts["defaults"]  # classifier_dropout is read by no head
    assert recorded["DebertaForSequenceClassification"]["cls_dropout_0.3"]["dropout"] == 0.3
    [finding] = _findings({"classifier_dropout": 0.3}, "P007")
    assert "its heads use cls_dropout, which is unset, so hidden_dropout_prob is used" in finding.message
