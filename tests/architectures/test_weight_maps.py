"""The weight maps against the real ``model.state_dict()`` and class facts recorded from transformers 5.24.

``state_dicts.json`` and ``classes.json`` are written by ``scripts/generate_load_report_fixtures.py``;
nothing here imports torch or transformers.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from configlint.architectures import (
    BASE_CLASSES,
    CLASSES,
    BuildError,
    expected_state_dict,
    resolve_config,
)
from configlint.architectures.common import LEGACY_RENAMINGS, Renaming
from configlint.family_table import FAMILIES, attribute_map, config_defaults

FIXTURES = Path(__file__).parent.parent / "fixtures"
STATE_DICTS: dict[str, dict[str, Any]] = json.loads((FIXTURES / "load_report" / "state_dicts.json").read_text())
FACTS: dict[str, Any] = json.loads((FIXTURES / "load_report" / "classes.json").read_text())["classes"]
CONFIG_CLASSES: dict[str, Any] = json.loads((FIXTURES / "transformers" / "config_classes.json").read_text())


def _modelled(*values: str) -> object:
    """``values`` as a test parameter, skipped when its class is one configlint does not model yet (issue 20)."""
    if values[0] in CLASSES:
        return pytest.param(*values)
    return pytest.param(*values, marks=pytest.mark.skip(reason=f"configlint does not model {values[0]} yet"))


RECORDED = [_modelled(name, variant) for name, variants in sorted(STATE_DICTS.items()) for variant in sorted(variants)]
RECORDED_CLASSES = [_modelled(name) for name in sorted(FACTS)]


@pytest.mark.parametrize(("class_name", "variant"), RECORDED)
def test_state_dict_names_and_shapes(class_name: str, variant: str) -> None:
    record = STATE_DICTS[class_name][variant]
    expected = {name: tuple(shape) for name, shape in record["state_dict"].items()}
    assert expected_state_dict(class_name, record["config"]) == expected


def test_every_class_is_modelled_and_recorded() -> None:
    assert set(CLASSES) <= set(FACTS) == set(STATE_DICTS)
    assert set(CLASSES) == {head for entry in FAMILIES.values() for head in entry.head_classes}  # every family's every class
    assert set(BASE_CLASSES.values()) <= set(CLASSES)


@pytest.mark.parametrize("class_name", RECORDED_CLASSES)
def test_class_facts(class_name: str) -> None:
    facts = FACTS[class_name]
    head = CLASSES[class_name]
    assert head.family == facts["family"]
    assert head.base_model_prefix == facts["base_model_prefix"]
    assert [list(pair) for pair in head.tied_weights] == facts["tied_weights"]
    assert sorted(head.keys_to_ignore_on_load_missing) == facts["keys_to_ignore_on_load_missing"]
    assert sorted(head.keys_to_ignore_on_load_unexpected) == facts["keys_to_ignore_on_load_unexpected"]
    # Every buffer is non-persistent in 5.x: none of them is a state-dict key.
    assert sorted(head.non_persistent_buffers) == facts["buffers"]
    tiny = STATE_DICTS[class_name]["tiny"]["state_dict"]
    assert not set(facts["buffers"]) & set(tiny)


@pytest.mark.parametrize("class_name", RECORDED_CLASSES)
def test_load_time_renamings_are_transformers_legacy_ones(class_name: str) -> None:
    recorded = [
        (conversion["type"], tuple(conversion["source_patterns"]), conversion["target_patterns"])
        for conversion in FACTS[class_name]["conversions"]
    ]
    ours = [("WeightRenaming", renaming.sources, [renaming.target]) for renaming in LEGACY_RENAMINGS]
    assert recorded == ours


def test_renaming_compiles_like_weight_transform() -> None:
    gamma = Renaming(("LayerNorm.gamma",), "LayerNorm.weight")
    assert gamma.apply("a.LayerNorm.gamma") == "a.LayerNorm.weight"
    assert gamma.apply("a.LayerNorm.gamma_x") == "a.LayerNorm.gamma_x"  # (?!\w) after a word character
    assert gamma.apply("a.LayerNormXgamma") == "a.LayerNorm.weight"  # the dot is a regex dot
    model = LEGACY_RENAMINGS[-1]
    assert model.apply("model.language_model.model.x") == "model.language_model.x"
    assert model.apply("x.model.language_model.model") == "x.model.language_model.model"
    assert re.search(r"\(\?P<g1>", model.compiled().pattern)


@pytest.mark.parametrize("family", sorted(FAMILIES))
def test_defaults_are_the_config_classes(family: str) -> None:
    """Every default a config is resolved with is the recorded default of the family's config class."""
    recorded = CONFIG_CLASSES["families"][family]
    assert dict(attribute_map(family)) == recorded["attribute_map"]
    assert set(config_defaults(family)) == {key for key in recorded["fields"] if key != "model_type"}
    for key, value in config_defaults(family).items():
        assert recorded["fields"][key]["default"] == value, key


def test_distilbert_aliases_fold_onto_real_names_and_win() -> None:
    resolved = resolve_config("distilbert", {"hidden_size": 12, "dim": 8, "num_hidden_layers": 3})
    assert (resolved["dim"], resolved["n_layers"]) == (12, 3)
    assert "hidden_size" not in resolved


def test_albert_layers_do_not_change_weights() -> None:
    config = {
        "hidden_size": 8,
        "embedding_size": 4,
        "num_attention_heads": 2,
        "intermediate_size": 6,
        "vocab_size": 10,
        "max_position_embeddings": 6,
    }
    assert expected_state_dict("AlbertModel", {**config, "num_hidden_layers": 1}) == expected_state_dict(
        "AlbertModel", {**config, "num_hidden_layers": 24}
    )


@pytest.mark.parametrize(
    ("class_name", "config", "error"),
    [
        (
            "BertModel",
            {"hidden_size": 8, "num_attention_heads": 3},
            "ValueError: The hidden size (8) is not a multiple of the number of attention heads (3)",
        ),
        ("BertModel", {"hidden_size": 8, "num_attention_heads": 3, "num_hidden_layers": 0}, None),
        ("BertModel", {"hidden_size": 8, "num_attention_heads": 3, "embedding_size": None}, None),
        (
            "RobertaModel",
            {"add_cross_attention": True},
            "ValueError: RobertaLayer should be used as a decoder model if cross attention is added",
        ),
        ("BertModel", {"pad_token_id": 30522}, "AssertionError: Padding_idx must be within num_embeddings"),
        ("BertModel", {"pad_token_id": -30522}, None),
        ("BertModel", {"pad_token_id": -30523}, "AssertionError: Padding_idx must be within num_embeddings"),
        (
            "BertModel",
            {"hidden_size": 8.0},
            "StrictDataclassFieldValidationError: Validation error for field "
            "'hidden_size': TypeError: Field 'hidden_size' expected int, got float (value: 8.0)",
        ),
        ("DistilBertModel", {"pad_token_id": None, "n_layers": 0}, None),
        ("DistilBertForQuestionAnswering", {"num_labels": 3}, "ValueError: config.num_labels should be 2, but it is 3"),
        ("DistilBertModel", {"dim": 10, "n_heads": 4}, "ValueError: config.n_heads 4 must divide config.dim 10 evenly"),
        ("AlbertModel", {"hidden_size": 10, "num_attention_heads": 4}, None),
        ("AlbertModel", {"num_attention_heads": 0}, "ZeroDivisionError: integer division or modulo by zero"),
        ("BertModel", {"vocab_size": -1}, "RuntimeError: Trying to create tensor with negative dimension -1: [-1, 768]"),
    ],
)
def test_build_errors(class_name: str, config: dict[str, Any], error: str | None) -> None:
    if error is None:
        assert expected_state_dict(class_name, config)
        return
    with pytest.raises(BuildError) as raised:
        expected_state_dict(class_name, config)
    assert str(raised.value) == error
