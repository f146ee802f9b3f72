"""Every rule, on the examples its own documentation gives and on targeted bad and good configs."""

from __future__ import annotations

import json

import pytest

import configlint
from configlint.diagnostics import Applicability
from configlint.document import parse_document
from configlint.edits import edit_text
from configlint.engine import lint_document
from configlint.rules import ALL_RULES, RULES_BY_CODE
from configlint.selection import Selection

EVERYTHING = Selection(select=("ALL",), extend_select=tuple(rule.code for rule in ALL_RULES if not rule.default))


def codes(config: dict) -> set[str]:
    return {d.code for d in configlint.lint_mapping(config, selection=EVERYTHING)}


def _example(text: str) -> dict | None:
    try:
        value = json.loads(text)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


DOCUMENTED = [rule for rule in ALL_RULES if _example(rule.bad) is not None and rule.needs != "document"]


@pytest.mark.parametrize("rule", DOCUMENTED, ids=lambda rule: rule.code)
def test_documented_bad_example_triggers_the_rule(rule) -> None:
    assert rule.code in codes(_example(rule.bad))


@pytest.mark.parametrize("rule", [r for r in DOCUMENTED if _example(r.good) is not None], ids=lambda rule: rule.code)
def test_documented_good_example_does_not(rule) -> None:
    assert rule.code not in codes(_example(rule.good))


def test_at_least_thirty_rules_with_unique_codes_and_names() -> None:
    assert len(ALL_RULES) >= 30
    assert len({rule.name for rule in ALL_RULES}) == len(ALL_RULES)


CASES = [
    # (config, code, pointer, words in the message)
    (
        {
            "model_type": "bert",
            "architectures": ["BertForMaskedLM"],
            "pooler_type": "first_token_transform",
            "directionality": "bidi",
        },
        "P001",
        "/pooler_type",
        "BertForMaskedLM builds no pooler",
    ),
    (
        {
            "model_type": "bert",
            "architectures": ["BertModel"],
            "hidden_size": 1024,
            "use_pooler": True,
            "pooler_num_fc_layers": 3,
        },
        "P001",
        "/use_pooler",
        "dense(1024, 1024) + tanh",
    ),
    (
        {"model_type": "roberta", "architectures": ["RobertaForSequenceClassification"], "pooler_type": "mean"},
        "P002",
        "/pooler_type",
        "its own dense + tanh to <s>",
    ),
    (
        {"model_type": "albert", "architectures": ["AlbertForMaskedLM"], "use_pooler": True},
        "P003",
        "/use_pooler",
        "builds no pooler",
    ),
    (
        {"model_type": "bert", "architectures": ["BertForSequenceClassification"], "use_pooler": False},
        "P003",
        "/use_pooler",
        "builds a pooler anyway",
    ),
    ({"model_type": "bert", "hidden_act": "swishy"}, "P005", "/hidden_act", "KeyError"),
    ({"model_type": "distilbert", "activation": "tanh"}, "P005", "/activation", "feed-forward"),
    ({"model_type": "distilbert", "use_pooler": True}, "P006", "/use_pooler", "no pooler"),
    ({"model_type": "albert", "classifier_dropout": 0.3}, "P007", "/classifier_dropout", "classifier_dropout_prob, which is 0.1"),
    ({"model_type": "bert", "num_labels": 3, "id2label": {"0": "a", "1": "b"}}, "L001", "/num_labels", "LABEL_0…LABEL_2"),
    (
        {"model_type": "bert", "id2label": {"0": "a", "1": "b"}, "label2id": {"a": 0, "c": 1}},
        "L002",
        "/id2label/1",
        "'b' (id 1) is missing",
    ),
    ({"model_type": "bert", "id2label": {"0": "a", "2": "b"}}, "L003", "/id2label", "0, 2"),
    (
        {"model_type": "bert", "problem_type": "multilabel_classification"},
        "L004",
        "/problem_type",
        "did you mean 'multi_label_classification'",
    ),
    (
        {"model_type": "bert", "problem_type": "single_label_classification", "id2label": {"0": "x"}},
        "L005",
        "/problem_type",
        "at least 2",
    ),
    (
        {
            "model_type": "distilbert",
            "architectures": ["DistilBertForQuestionAnswering"],
            "id2label": {"0": "a", "1": "b", "2": "c"},
        },
        "L006",
        "/id2label",
        "gives 3",
    ),
    ({"model_type": "distilbert", "dim": 100, "n_heads": 12}, "M001", "/n_heads", "raises ValueError"),
    (
        {"model_type": "albert", "hidden_size": 100, "num_attention_heads": 12},
        "M001",
        "/num_attention_heads",
        "first forward pass",
    ),
    (
        {"model_type": "roberta", "max_position_embeddings": 512},
        "M002",
        "/max_position_embeddings",
        "fits only 510 tokens; use 514",
    ),
    ({"model_type": "bert", "vocab_size": 100, "pad_token_id": 100}, "M003", "/pad_token_id", "raises"),
    ({"model_type": "bert", "vocab_size": 100, "eos_token_id": [2, 300]}, "M003", "/eos_token_id", "300 is outside"),
    ({"model_type": "distilbert", "dim": 768, "hidden_size": 512}, "M005", "/hidden_size", "dim=512"),
    ({"model_type": "distilbert", "dim": 768, "hidden_size": 768}, "M005", "/hidden_size", "alias of dim"),
    ({"model_type": "albert", "num_hidden_layers": 2, "num_hidden_groups": 3}, "M006", "/num_hidden_groups", "1 group(s)"),
    ({"model_type": "bert", "attention_probs_dropout_prob": -0.1}, "V001", "/attention_probs_dropout_prob", "torch raises"),
    ({"model_type": "distilbert", "n_layers": 0}, "V002", "/n_layers", "at least 1"),
    ({"model_type": "bert", "layer_norm_eps": -1e-12}, "V003", "/layer_norm_eps", "positive"),
    ({"model_type": "bert", "torch_dtype": "float16", "dtype": "bfloat16"}, "D002", "/torch_dtype", "uses 'bfloat16'"),
    ({"model_type": "bert", "torch_dtype": "auto"}, "D003", "/torch_dtype", "AttributeError"),
    (
        {"model_type": "roberta", "position_embedding_type": "relative_key"},
        "D004",
        "/position_embedding_type",
        "absolute positions",
    ),
]


@pytest.mark.parametrize(("config", "code", "pointer", "words"), CASES, ids=[f"{c[1]}-{i}" for i, c in enumerate(CASES)])
def test_rule_finds_what_it_should(config: dict, code: str, pointer: str, words: str) -> None:
    found = [d for d in configlint.lint_mapping(config, selection=EVERYTHING) if d.code == code]
    assert found, f"{code} not reported"
    assert found[0].pointer == pointer
    assert words in found[0].message


GOOD = [
    {
        "model_type": "roberta",
        "max_position_embeddings": 514,
        "pad_token_id": 1,
        "bos_token_id": 0,
        "eos_token_id": 2,
        "type_vocab_size": 1,
        "layer_norm_eps": 1e-05,
    },
    {
        "model_type": "albert",
        "hidden_act": "gelu",
        "embedding_size": 128,
        "hidden_size": 768,
        "num_attention_heads": 12,
        "intermediate_size": 3072,
    },
    {
        "model_type": "distilbert",
        "dim": 768,
        "n_heads": 12,
        "seq_classif_dropout": 0.2,
        "architectures": ["DistilBertForQuestionAnswering"],
    },
    {
        "model_type": "bert",
        "id2label": {"0": "neg", "1": "pos"},
        "label2id": {"neg": 0, "pos": 1},
        "num_labels": 2,
        "problem_type": "single_label_classification",
        "dtype": "float32",
    },
]


@pytest.mark.parametrize("config", GOOD, ids=lambda c: c["model_type"])
def test_good_configs_are_clean(config: dict) -> None:
    assert codes(config) == set()


# M005 fixes only redundant aliases; its documented bad example is a conflict, which has no safe fix.
FIXABLE = [r for r in DOCUMENTED if r.fix and r.code != "M005"]


@pytest.mark.parametrize("rule", FIXABLE, ids=lambda rule: rule.code)
def test_fixes_remove_what_they_fix(rule) -> None:
    text = json.dumps(_example(rule.bad), indent=2)
    document = parse_document(text)
    diagnostics = [d for d in lint_document(document, selection=EVERYTHING) if d.code == rule.code and d.fix]
    assert diagnostics, rule.code
    edits = [edit for d in diagnostics for edit in d.fix.edits]
    fixed, applied = edit_text(text, edits)
    assert applied
    before, after = json.loads(text), parse_document(fixed)
    assert after.problems == [] and isinstance(after.data, dict), fixed  # still a clean JSON object
    touched = {edit.pointer.split("/")[1] for edit in edits} | {edit.value for edit in edits if edit.op == "rename"}
    assert {k: v for k, v in before.items() if k not in touched} == {k: v for k, v in after.data.items() if k not in touched}
    assert rule.code not in {d.code for d in lint_document(parse_document(fixed), selection=EVERYTHING)}


def test_fix_applicability_is_declared() -> None:
    [diagnostic] = [
        d for d in configlint.lint_mapping({"model_type": "bert", "num_labels": 3, "id2label": {"0": "a"}}) if d.code == "L001"
    ]
    assert diagnostic.fix.applicability is Applicability.UNSAFE
    [diagnostic] = [
        d
        for d in configlint.lint_mapping({"model_type": "bert", "torch_dtype": "float32"}, selection=EVERYTHING)
        if d.code == "D001"
    ]
    assert diagnostic.fix.applicability is Applicability.SAFE


def test_opt_in_rules_are_off_by_default() -> None:
    for code in ("D001", "D005", "T004", "F001", "L007"):
        assert not RULES_BY_CODE[code].default
    assert not {"D001"} & {
        d.code
        for d in configlint.lint_mapping({"model_type": "bert", "torch_dtype": "float32", "pooler_type": "first_token_transform"})
    }


def test_unread_keys_are_reported_by_default_in_one_finding() -> None:
    found = [
        d
        for d in configlint.lint_mapping(
            {"model_type": "albert", "ln_type": "postln", "share_type": "all", "gap_size": 0, "lr": 0.1}
        )
        if d.code in {"D005", "D007"}
    ]
    assert [d.code for d in found] == ["D007"], "training bookkeeping (lr) and ALBERT export keys are the opt-in D005's"
    assert "ln_type, share_type" in found[0].message and "unread-ln_type" in found[0].message


def test_albert_export_keys_are_bookkeeping() -> None:
    """down_scale_factor & co. sit in configs derived from Google's ALBERT export; recorded unread, opt-in."""
    config = {"model_type": "albert", "down_scale_factor": 1, "gap_size": 0, "net_structure_type": 0, "num_memory_blocks": 0}
    assert not [d for d in configlint.lint_mapping(config) if d.code in {"D005", "D007"}]
    [d005] = [d for d in configlint.lint_mapping(config, selection=Selection(extend_select=("D005",))) if d.code == "D005"]
    assert "unread-down_scale_factor" in d005.message and "num_memory_blocks" in d005.message
