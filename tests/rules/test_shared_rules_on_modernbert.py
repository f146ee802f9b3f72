"""The shared rules on ModernBERT: the ones whose facts it has apply, and say ModernBERT's truth.

ModernBERT has one family trait of BERT's, tf-pooler-keys-unread (families.json: no class of it
reads pooler_type or use_pooler), and its own names for BERT's keys (hidden_activation, norm_eps).
transformers 4.57 reads neither position_embedding_type nor pruned_heads for it (families-4.57.json),
so the rules that describe BERT's 4.x behaviour for them stay silent.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import configlint
from configlint.family_table import recognise_by_keys
from configlint.selection import Selection

SEQ = {"model_type": "modernbert", "architectures": ["ModernBertForSequenceClassification"], "hidden_size": 768}


def found(config: dict[str, Any], *selected: str) -> list[tuple[str, str]]:
    return [(d.code, d.message) for d in configlint.lint_mapping(config, selection=Selection(select=selected))]


def test_pooler_type_mean_is_ignored_and_the_message_names_classifier_pooling() -> None:
    ((code, message),) = found({**SEQ, "pooler_type": "mean"}, "P002")
    assert code == "P002"
    assert "ModernBERT builds no pooler" in message and "classifier_pooling" in message


def test_use_pooler_on_a_modernbert_head_says_there_is_no_pooler() -> None:
    ((code, message),) = found({**SEQ, "use_pooler": True}, "P003")
    assert "builds no pooler" in message


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"position_embedding_type": "relative_key"}, "D004"),
        ({"pruned_heads": {"0": [0]}}, "D006"),
        ({"architectures": ["ModernBertForMaskedLM"], "is_decoder": True}, "M009"),  # no ModernBERT class reads is_decoder
    ],
)
def test_bert_s_4x_and_decoder_rules_do_not_speak_for_modernbert(changes: dict[str, Any], code: str) -> None:
    assert found({**SEQ, **changes}, code) == []


def test_the_encoder_activation_is_hidden_activation() -> None:
    ((code, message),) = found({**SEQ, "hidden_activation": "tanh"}, "P005")
    assert message.startswith('hidden_activation "tanh"')
    assert found({**SEQ, "hidden_act": "tanh"}, "P005") == []


def test_size_limits_guard_the_weight_map() -> None:
    assert [code for code, _ in found({**SEQ, "num_hidden_layers": 100_000_000}, "V005")] == ["V005"]


def test_classifier_pooling_outside_its_literal_is_a_load_refusal() -> None:
    ((code, message),) = found({**SEQ, "classifier_pooling": "max"}, "S001")
    assert '"cls" or "mean"' in message and "refuses" in message


def _sentence_transformers_folder(tmp_path: Path, pooling: dict[str, Any]) -> Path:
    (tmp_path / "config.json").write_text(json.dumps({**SEQ, "architectures": ["ModernBertModel"], "hidden_size": 1024}))
    modules = [
        {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
        {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
    ]
    (tmp_path / "modules.json").write_text(json.dumps(modules))
    (tmp_path / "1_Pooling").mkdir()
    (tmp_path / "1_Pooling" / "config.json").write_text(json.dumps(pooling))
    return tmp_path / "config.json"


def test_sentence_transformers_rules_read_modernberts_hidden_size(tmp_path: Path) -> None:
    config = _sentence_transformers_folder(tmp_path, {"word_embedding_dimension": 768, "pooling_mode_mean_tokens": True})
    codes = [d.code for d in configlint.lint_file(config, selection=Selection(select=("T",)))]
    assert codes == ["T001"]


def test_a_matching_pooling_module_is_clean(tmp_path: Path) -> None:
    config = _sentence_transformers_folder(tmp_path, {"word_embedding_dimension": 1024, "pooling_mode_mean_tokens": True})
    assert configlint.lint_file(config, selection=Selection(select=("T",))) == []


def test_recognition_does_not_take_other_families_configs() -> None:
    assert recognise_by_keys({"hidden_size": 768, "norm_eps": 1e-5, "local_attention": 128}) == "modernbert"
    assert recognise_by_keys({"hidden_size": 768, "layer_norm_eps": 1e-12, "num_attention_heads": 12}) == "bert"
    assert recognise_by_keys({"hidden_size": 768, "local_attention": 128}) != "modernbert"  # its own names are required


def test_modernberts_own_dropouts_are_range_checked() -> None:
    """embedding_dropout and mlp_dropout build nn.Dropout in every class (the table's encoder_dropouts)."""
    codes = [code for code, _ in found({**SEQ, "mlp_dropout": 2.0, "embedding_dropout": -0.1}, "V001")]
    assert codes == ["V001", "V001"]
    assert found({"model_type": "bert", "mlp_dropout": 2.0}, "V001") == []  # not a BERT key
