"""ModernBERT's weight map where the recordings hold no case: what its config class and modules refuse.

Each expected error was checked against the transformers 5.23 oracle (ModernBertConfig(**config)
and the model class built from it); the recorded state dicts are covered by test_weight_maps.py.
"""

from __future__ import annotations

from typing import Any

import pytest

from configlint.architectures import BuildError, expected_state_dict

TINY: dict[str, Any] = {
    "model_type": "modernbert",
    "hidden_size": 8,
    "num_attention_heads": 2,
    "intermediate_size": 12,
    "num_hidden_layers": 3,
    "vocab_size": 49,
    "pad_token_id": 0,
    "local_attention": 4,
    "max_position_embeddings": 20,
}


@pytest.mark.parametrize(
    ("class_name", "changes", "error"),
    [
        ("ModernBertModel", {"num_attention_heads": 0}, "ZeroDivisionError: integer modulo by zero"),
        (
            "ModernBertModel",
            {"num_attention_heads": 3},
            "ValueError: The hidden size (8) is not a multiple of the number of attention heads (3)",
        ),
        ("ModernBertModel", {"pad_token_id": 49}, "AssertionError: Padding_idx must be within num_embeddings"),
        ("ModernBertModel", {"global_attn_every_n_layers": 0}, "ZeroDivisionError: integer modulo by zero"),
        ("ModernBertModel", {"global_attn_every_n_layers": "2"}, "TypeError: unsupported operand type(s) for %: 'int' and 'str'"),
        (
            "ModernBertModel",
            {"layer_types": ["full_attention", "sliding_attention"]},
            "StrictDataclassClassValidationError: Class validation error for validator 'validate_layer_type': "
            "ValueError: `num_hidden_layers` (3) must be equal to the number of `layer_types` (2)",
        ),
        ("ModernBertForSequenceClassification", {"classifier_activation": "gelux"}, "KeyError: 'gelux'"),
        ("ModernBertForMaskedLM", {"hidden_activation": "gelux"}, "KeyError: 'gelux'"),
    ],
)
def test_refusals(class_name: str, changes: dict[str, Any], error: str) -> None:
    with pytest.raises(BuildError) as raised:
        expected_state_dict(class_name, {**TINY, **changes})
    assert str(raised.value) == error


def test_the_base_model_builds_no_prediction_head_so_its_activation_is_not_looked_up() -> None:
    weights = expected_state_dict("ModernBertModel", {**TINY, "classifier_activation": "gelux"})
    assert not any(key.startswith("head.") for key in weights)


def test_a_null_pad_token_builds_an_unpadded_embedding() -> None:
    assert expected_state_dict("ModernBertModel", {**TINY, "pad_token_id": None})["embeddings.tok_embeddings.weight"] == (49, 8)


def test_global_attn_every_n_layers_does_not_change_the_weights() -> None:
    """Only which layers attend globally changes (rotary buffers, not state-dict keys)."""
    assert expected_state_dict("ModernBertModel", {**TINY, "global_attn_every_n_layers": 1}) == expected_state_dict(
        "ModernBertModel", TINY
    )


def test_norm_bias_gives_every_layer_norm_a_bias_and_layer_0_has_no_attention_norm() -> None:
    weights = expected_state_dict("ModernBertForTokenClassification", {**TINY, "norm_bias": True})
    norms = sorted(key for key in weights if key.endswith("norm.bias"))
    assert "model.layers.0.attn_norm.bias" not in norms
    assert norms == sorted(
        [
            "head.norm.bias",
            "model.embeddings.norm.bias",
            "model.final_norm.bias",
            *(f"model.layers.{i}.mlp_norm.bias" for i in range(3)),
            *(f"model.layers.{i}.attn_norm.bias" for i in (1, 2)),
        ]
    )
