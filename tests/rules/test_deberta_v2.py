"""Y001-Y003: DeBERTa-v2's ContextPooler keys, held to what transformers 5.23 was recorded doing with them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import configlint
from configlint.diagnostics import Severity

RECORDED = json.loads((Path(__file__).resolve().parents[1] / "fixtures" / "transformers" / "families.json").read_text())
EXPERIMENTS: dict[str, Any] = RECORDED["experiments"]["deberta-v2"]
TINY: dict[str, Any] = RECORDED["families"]["deberta-v2"]["tiny_config"]


def _findings(config: dict[str, Any], code: str) -> list[configlint.Diagnostic]:
    return [d for d in configlint.lint_mapping({"model_type": "deberta-v2", **config}) if d.code == code]


def _recorded_cases(experiment: str) -> list[tuple[str, dict[str, Any], str]]:
    """(class, overrides, outcome) of each recorded build: the forward pass's outcome, else the build's."""
    return [(case["class"], case["overrides"], case.get("forward") or case["build"]) for case in EXPERIMENTS[experiment]]


@pytest.mark.parametrize(("class_name", "overrides", "outcome"), _recorded_cases("pooler_hidden_size_12_vs_hidden_8"))
def test_y001_fires_exactly_where_the_recorded_forward_pass_failed(class_name: str, overrides: dict, outcome: str) -> None:
    [finding] = _findings({**TINY, **overrides, "architectures": [class_name]}, "Y001")
    failed = outcome != "ok"
    assert finding.severity == (Severity.ERROR if failed else Severity.WARNING)
    assert ("RuntimeError" in outcome) == failed
    assert finding.message.startswith("pooler_hidden_size 12 is not hidden_size 8")


def test_y001_is_silent_when_the_pooler_is_as_wide_as_the_model_or_the_key_is_absent() -> None:
    assert not _findings({"hidden_size": 768, "pooler_hidden_size": 768}, "Y001")
    assert not _findings({"hidden_size": 768}, "Y001")


def test_y001_compares_with_the_config_class_default_hidden_size() -> None:
    [finding] = _findings({"pooler_hidden_size": 768}, "Y001")  # DebertaV2Config's hidden_size is 1536
    assert "hidden_size 1536" in finding.message and finding.severity == Severity.ERROR


def test_y001_fix_sets_the_pooler_to_hidden_size() -> None:
    [finding] = _findings({"hidden_size": 8, "pooler_hidden_size": 12}, "Y001")
    assert finding.fix is not None and finding.fix.edits[0].value == 8


@pytest.mark.parametrize(("class_name", "overrides", "outcome"), _recorded_cases("pooler_hidden_act_unknown"))
def test_y002_flags_the_activation_the_recorded_forward_pass_could_not_find(
    class_name: str, overrides: dict, outcome: str
) -> None:
    assert outcome.startswith("KeyError")
    [finding] = _findings({**TINY, **overrides, "architectures": [class_name]}, "Y002")
    assert finding.pointer == "/pooler_hidden_act" and finding.severity == Severity.ERROR


def test_y002_accepts_every_activation_transformers_has() -> None:
    for name in ("gelu", "relu", "tanh", "gelu_new"):
        assert not _findings({"pooler_hidden_act": name}, "Y002")


def test_y002_is_a_warning_on_a_class_without_the_pooler() -> None:
    [finding] = _findings({"architectures": ["DebertaV2ForMaskedLM"], "pooler_hidden_act": "no-such-act"}, "Y002")
    assert finding.severity == Severity.WARNING and "DebertaV2ForMaskedLM builds no pooler" in finding.message


@pytest.mark.parametrize(("class_name", "overrides", "outcome"), _recorded_cases("pooler_dropout_2"))
def test_y003_flags_the_dropout_the_recorded_build_refused(class_name: str, overrides: dict, outcome: str) -> None:
    assert outcome.startswith("ValueError: dropout probability")
    [finding] = _findings({**TINY, **overrides, "architectures": [class_name]}, "Y003")
    assert finding.pointer == "/pooler_dropout" and finding.severity == Severity.ERROR


def test_y003_checks_cls_dropout_and_accepts_probabilities() -> None:
    assert [d.pointer for d in _findings({"cls_dropout": -0.1, "pooler_dropout": 0.1}, "Y003")] == ["/cls_dropout"]
    assert not _findings({"cls_dropout": 1, "pooler_dropout": 0}, "Y003")


def test_the_y_rules_do_not_apply_to_bert() -> None:
    diagnostics = configlint.lint_mapping({"model_type": "bert", "pooler_hidden_size": 12, "pooler_hidden_act": "x"})
    assert not [d for d in diagnostics if d.code.startswith("Y")]


def _dropouts(version: str) -> dict[str, Any]:
    path = Path(__file__).resolve().parents[1] / "fixtures" / "transformers" / f"deberta-v2-dropouts-{version}.json"
    classes: dict[str, Any] = json.loads(path.read_text())["classes"]
    return classes


@pytest.mark.parametrize("version", ["5.23.0", "4.57.6"])
def test_p007_says_deberta_reads_cls_dropout_as_recorded(version: str) -> None:
    for recorded in _dropouts(version).values():
        assert recorded["classifier_dropout_0.3"] == recorded["defaults"]  # ignored
    pooled = _dropouts(version)["DebertaV2ForSequenceClassification"]
    assert pooled["cls_dropout_0.3"]["dropout"] == 0.3
    [finding] = _findings({"classifier_dropout": 0.3}, "P007")
    assert "its heads use cls_dropout, which is unset, so hidden_dropout_prob is used" in finding.message
    assert finding.fix is not None and finding.fix.edits[0].value == "cls_dropout"


def _pruned_outcomes(version: str) -> dict[str, str]:
    path = Path(__file__).resolve().parents[1] / "fixtures" / "transformers" / f"deberta-v2-pruned-heads-{version}.json"
    outcomes: dict[str, str] = json.loads(path.read_text())["build"]
    return outcomes


@pytest.mark.parametrize(("target", "version"), [(4, "4.57.6"), (5, "5.23.0")])
def test_y005_is_an_error_exactly_for_the_major_that_was_recorded_refusing_pruned_heads(target: int, version: str) -> None:
    from configlint.selection import Selection
    from configlint.targets import Targets

    refused = all(outcome.startswith("NotImplementedError") for outcome in _pruned_outcomes(version).values())
    built = all(outcome.startswith("ok") for outcome in _pruned_outcomes(version).values())
    assert refused or built
    config = {"model_type": "deberta-v2", "pruned_heads": {"0": [1]}}
    [finding] = [
        d for d in configlint.lint_mapping(config, selection=Selection(targets=Targets(transformers=target))) if d.code == "Y005"
    ]
    assert finding.severity == (Severity.ERROR if refused else Severity.WARNING)


def test_y005_ignores_an_empty_pruned_heads() -> None:
    assert not _findings({"pruned_heads": {}}, "Y005")
