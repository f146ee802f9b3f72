"""Z rules: ModernBERT's pooling key, layer pattern and head activation, held to the recording their messages cite."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import configlint
from configlint.rules.modernbert import RULES
from configlint.selection import Selection

FIXTURES = Path(__file__).parents[1] / "fixtures"
RECORDED = json.loads((FIXTURES / "transformers" / "modernbert-cases.json").read_text())["cases"]
Z_ONLY = Selection(select=("Z",))
SEQ = {"model_type": "modernbert", "architectures": ["ModernBertForSequenceClassification"]}


def codes(config: dict[str, Any]) -> list[str]:
    return [d.code for d in configlint.lint_mapping(config, selection=Z_ONLY)]


def test_the_recording_says_what_the_messages_claim() -> None:
    baseline = RECORDED["modernbert-baseline-seq"]["digest"]
    assert RECORDED["modernbert-pooler-type-mean"]["digest"] == baseline
    assert RECORDED["modernbert-classifier-pooling-mean"]["digest"] != baseline
    assert RECORDED["modernbert-classifier-activation-unknown-seq"]["build"].startswith("raised KeyError")
    assert RECORDED["modernbert-classifier-activation-unknown-base"]["forward"] == "ok"
    assert RECORDED["modernbert-layer-types-short"]["config"].startswith("raised StrictDataclassClassValidationError")
    refused = json.loads((FIXTURES / "load_report" / "modernbert-layers-plus-one" / "expected.json").read_text())
    assert "must be equal to the number of `layer_types`" in refused["error"]


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"pooler_type": "mean"}, ["Z001"]),
        ({"pooler_type": "avg", "classifier_pooling": "cls"}, ["Z001"]),
        ({"pooler_type": "mean", "classifier_pooling": "mean"}, []),
        ({"pooler_type": "max"}, []),  # no ModernBERT head max-pools: P002 says the key is ignored
        ({"pooler_type": "mean", "architectures": ["ModernBertForTokenClassification"]}, []),  # reads no classifier_pooling
        ({"pooler_type": "mean", "architectures": ["ModernBertForMultipleChoice"]}, ["Z001"]),
    ],
)
def test_mean_pooling_intent_points_at_classifier_pooling(changes: dict[str, Any], expected: list[str]) -> None:
    assert codes({**SEQ, **changes}) == expected


def test_the_mean_pooling_fix_sets_classifier_pooling_and_is_unsafe(tmp_path: Path) -> None:
    (finding,) = configlint.lint_mapping({**SEQ, "pooler_type": "mean", "classifier_pooling": "cls"}, selection=Z_ONLY)
    assert finding.fix is not None
    assert finding.fix.applicability.value == "unsafe"
    assert [(edit.op, edit.pointer, edit.value) for edit in finding.fix.edits] == [("replace", "/classifier_pooling", "mean")]


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"num_hidden_layers": 4, "layer_types": ["full_attention", "sliding_attention", "sliding_attention"]}, ["Z002"]),
        ({"num_hidden_layers": 2, "layer_types": ["full_attention", "sliding_attention"]}, []),
        ({"layer_types": ["full_attention"] * 22}, []),  # num_hidden_layers defaults to 22
        ({"layer_types": ["full_attention"] * 21}, ["Z002"]),
        ({"num_hidden_layers": 4}, []),  # no layer_types: derived from global_attn_every_n_layers
    ],
)
def test_layer_types_must_have_one_entry_per_layer(changes: dict[str, Any], expected: list[str]) -> None:
    assert codes({**SEQ, **changes}) == expected


@pytest.mark.parametrize(("name", "expected"), [("gelux", ["Z003"]), ("gelu", []), ("gelu_pytorch_tanh", []), ("silu", [])])
def test_unknown_classifier_activation(name: str, expected: list[str]) -> None:
    assert codes({**SEQ, "classifier_activation": name}) == expected


def test_the_recorded_loads_say_what_z004_claims() -> None:
    loads = json.loads((FIXTURES / "transformers" / "modernbert-cases.json").read_text())["loads"]
    assert loads["modernbert-load-init-range-zero-new-head"]["load"].startswith("raised ZeroDivisionError")
    assert loads["modernbert-load-init-range-zero-complete"]["load"] == "ok"
    assert loads["modernbert-load-init-range-negative-new-head"]["load"].startswith("raised RuntimeError")
    assert loads["modernbert-load-init-range-default-new-head"]["load"] == "ok"


@pytest.mark.parametrize(("value", "expected"), [(0.0, ["Z004"]), (-0.02, ["Z004"]), (0.02, [])])
def test_initializer_range_not_positive(value: float, expected: list[str]) -> None:
    assert codes({**SEQ, "initializer_range": value}) == expected


def test_bert_s_initializer_rule_does_not_speak_for_modernbert() -> None:
    """V004's 5.23 claim (0.0 builds the default's weights) is BERT's; ModernBERT raises instead."""
    found = configlint.lint_mapping({**SEQ, "initializer_range": 0.0}, selection=Selection(select=("V004", "Z004")))
    assert [d.code for d in found] == ["Z004"]


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"global_attn_every_n_layers": 0}, ["Z005"]),
        ({"global_attn_every_n_layers": 0, "layer_types": ["full_attention"] * 22}, []),  # layer_types wins
        ({"global_attn_every_n_layers": 1}, []),
        ({"global_attn_every_n_layers": 0, "num_hidden_layers": 0}, []),  # no layer to derive
    ],
)
def test_a_zero_global_attention_interval(changes: dict[str, Any], expected: list[str]) -> None:
    assert RECORDED["modernbert-global-attn-every-zero"]["config"] == "raised ZeroDivisionError: integer modulo by zero"
    assert codes({**SEQ, **changes}) == expected


def test_z_rules_are_modernberts_only() -> None:
    bert = {
        "model_type": "bert",
        "pooler_type": "mean",
        "classifier_activation": "gelux",
        "layer_types": [],
        "initializer_range": 0.0,
    }
    assert codes(bert) == []
    assert all(rule.families == frozenset({"modernbert"}) for rule in RULES)


def test_a_small_vocabulary_without_pad_token_id_meets_modernberts_default_pad_id() -> None:
    """ModernBertConfig's default pad_token_id is 50283: a 100-token vocabulary without a pad_token_id
    key fails to build (checked with the 5.23 and 4.57 oracles: padding_idx must be within num_embeddings)."""
    import configlint
    from configlint.selection import Selection

    found = configlint.lint_mapping({"model_type": "modernbert", "vocab_size": 100}, selection=Selection(select=("M003",)))
    assert [(d.code, d.severity.value) for d in found] == [("M003", "error")]
    assert "50283" in found[0].message
    assert configlint.lint_mapping({"model_type": "bert", "vocab_size": 100}, selection=Selection(select=("M003",))) == []


def test_z004_says_what_each_recorded_load_did() -> None:
    """0.0: a masked-LM checkpoint loads as a classifier, a base-model one raises; negative: both raise."""
    import configlint
    from configlint.selection import Selection

    loads = json.loads((FIXTURES / "transformers" / "modernbert-cases.json").read_text())["loads"]
    assert loads["modernbert-load-init-range-zero-mlm-as-classifier"]["load"] == "ok"
    assert loads["modernbert-load-init-range-zero-new-head"]["load"].startswith("raised ZeroDivisionError")
    assert loads["modernbert-load-init-range-negative-mlm-as-classifier"]["load"].startswith("raised RuntimeError")
    [zero] = configlint.lint_mapping(
        {"model_type": "modernbert", "initializer_range": 0.0}, selection=Selection(select=("Z004",))
    )
    assert zero.severity.value == "info" and "masked-LM checkpoint loaded as a classifier loads" in zero.message
    [negative] = configlint.lint_mapping(
        {"model_type": "modernbert", "initializer_range": -0.1}, selection=Selection(select=("Z004",))
    )
    assert negative.severity.value == "warning" and "RuntimeError" in negative.message
