"""DeBERTa (v1 and v2) findings an independent review against transformers 5.23 and 4.57 found false or missing.

Each case quotes what was recorded (tests/fixtures/transformers/) and what the review observed with
the oracle interpreters (building every DeBERTa class from the config, see the commit messages).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import configlint
from configlint.family_table import recognise_by_keys

TRANSFORMERS = Path(__file__).resolve().parents[1] / "fixtures" / "transformers"
POOLED = {"deberta": "DebertaForSequenceClassification", "deberta-v2": "DebertaV2ForSequenceClassification"}
TOKEN = {"deberta": "DebertaForTokenClassification", "deberta-v2": "DebertaV2ForTokenClassification"}


def _findings(config: dict[str, Any], code: str) -> list[configlint.Diagnostic]:
    return [d for d in configlint.lint_mapping(config) if d.code == code]


@pytest.mark.parametrize("family", ["deberta", "deberta-v2"])
@pytest.mark.parametrize("version", ["5.23.0", "4.57.6"])
def test_p007_with_cls_dropout_set_says_only_the_pooled_classes_read_it(family: str, version: str) -> None:
    """Recorded: cls_dropout 0.3 sets the sequence classifier's dropout and leaves the token classifier's at
    hidden_dropout_prob, so "its heads use cls_dropout, which is 0.2" was false for a token classifier."""
    recorded = json.loads((TRANSFORMERS / f"{family}-dropouts-{version}.json").read_text())["classes"]
    assert recorded[POOLED[family]]["cls_dropout_0.3"]["dropout"] == 0.3
    assert recorded[TOKEN[family]]["cls_dropout_0.3"] == recorded[TOKEN[family]]["defaults"]
    config = {"model_type": family, "classifier_dropout": 0.3, "cls_dropout": 0.2, "architectures": [TOKEN[family]]}
    [finding] = _findings(config, "P007")
    assert "its heads use" not in finding.message
    verb = "uses" if family == "deberta" else "use"  # DeBERTa-v2's multiple-choice class reads it too
    assert POOLED[family] in finding.message and f"{verb} cls_dropout, which is 0.2;" in finding.message
    assert "the token-classification head uses hidden_dropout_prob" in finding.message


@pytest.mark.parametrize("family", ["deberta", "deberta-v2"])
@pytest.mark.parametrize("recording", ["families.json", "families-4.57.json"])
def test_gradient_checkpointing_is_not_called_unread(family: str, recording: str) -> None:
    """Recorded: every DeBERTa class reads gradient_checkpointing at build (PreTrainedModel.post_init; the review saw
    is_gradient_checkpointing turn true in 5.23 and 4.57), yet D007 said no code reads it."""
    classes = json.loads((TRANSFORMERS / recording).read_text())["families"][family]["classes"]
    assert all("gradient_checkpointing" in c["config_keys_read"]["build"]["absent"] for c in classes.values())
    assert not _findings({"model_type": family, "gradient_checkpointing": True}, "D007")


# A DeBERTa (v1) ELECTRA-style discriminator config (model_type removed) as published in replaced-token-detection
# repos: embedding_size beside DeBERTa's attention keys. Only DebertaConfig and DebertaV2Config declare those keys.
_DEBERTA_RTD = {
    "attention_probs_dropout_prob": 0.1, "embedding_size": 128, "hidden_act": "gelu", "hidden_dropout_prob": 0.1,
    "hidden_size": 256, "initializer_range": 0.02, "intermediate_size": 1024, "relative_attention": True,
    "pos_att_type": "c2p|p2c", "layer_norm_eps": 1e-7, "max_position_embeddings": 128, "max_relative_positions": -1,
    "position_biased_input": False, "num_attention_heads": 4, "num_hidden_layers": 12, "type_vocab_size": 2,
    "vocab_size": 30522,
}  # fmt: skip


@pytest.mark.parametrize("embedding_size", [128, 256, 512])
def test_deberta_keys_win_over_electras_unfactorised_embedding(embedding_size: int) -> None:
    """ELECTRA's signature (embedding_size not below hidden_size) was tried first and took these for ELECTRA."""
    assert recognise_by_keys({**_DEBERTA_RTD, "embedding_size": embedding_size}) == "deberta"
    v2 = {**_DEBERTA_RTD, "embedding_size": embedding_size, "position_buckets": 256, "share_att_key": True}
    assert recognise_by_keys(v2) == "deberta-v2"


TINY = json.loads((TRANSFORMERS / "families.json").read_text())["families"]["deberta"]["tiny_config"]


@pytest.mark.parametrize("family", ["deberta", "deberta-v2"])
def test_w003_reports_a_missing_context_pooler(family: str, tmp_path: Path) -> None:
    """W003 left pooler.* to W002, which covers BertPooler families only: a DeBERTa sequence classifier whose
    checkpoint lacks pooler.dense.* passed every check, while from_pretrained (5.23 and 4.57, observed)
    reports both tensors missing and initialises them randomly."""
    from _sized_checkpoint import safetensors_header
    from configlint.architectures import expected_state_dict

    config = {**TINY, "model_type": family, "architectures": [POOLED[family]]}
    if family == "deberta-v2":
        config |= {"position_buckets": 4, "norm_rel_ebd": "layer_norm", "share_att_key": True}
    shapes = {k: v for k, v in expected_state_dict(POOLED[family], config).items() if not k.startswith("pooler.")}
    (tmp_path / "config.json").write_text(json.dumps(config), encoding="utf-8")
    prefix, size = safetensors_header(shapes)
    (tmp_path / "model.safetensors").write_bytes(prefix + bytes(size))
    [finding] = [d for d in configlint.lint_file(tmp_path / "config.json") if d.code == "W003"]
    assert "pooler.dense.* (2)" in finding.message and "2 tensor(s)" in finding.message


@pytest.mark.parametrize("family", ["deberta", "deberta-v2"])
@pytest.mark.parametrize("key", ["pooler_dropout", "cls_dropout"])
def test_v001_warns_on_a_context_pooler_dropout_of_exactly_one(family: str, key: str) -> None:
    """Observed in 5.23: pooler_dropout or cls_dropout 1.0 builds, and in training the sequence classifier's logits are
    the same for every input (all its inputs dropped); V001 warned on hidden_dropout_prob 1 but not on these."""
    [finding] = _findings({"model_type": family, key: 1.0}, "V001")
    assert finding.message == f"{key} 1 drops every activation in training"
    assert not _findings({"model_type": family, key: 2.0}, "V001")  # out of range is Y003's error, reported once
    assert _findings({"model_type": family, key: 2.0}, "Y003")
