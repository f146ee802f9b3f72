"""X rules: MPNet's buckets, pad id and position offset, held to the recording their messages cite."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import configlint
from configlint.rules.mpnet import BUCKETS_USED, PADDING_IDX, RULES
from configlint.selection import Selection

RECORDED = json.loads((Path(__file__).parents[1] / "fixtures" / "transformers" / "mpnet-cases.json").read_text())["cases"]
X_ONLY = Selection(select=("X",))


def codes(config: dict[str, object]) -> list[str]:
    return [d.code for d in configlint.lint_mapping(config, selection=X_ONLY)]


def test_the_recording_says_what_the_messages_claim() -> None:
    assert RECORDED["mpnet-buckets-31-150-tokens"]["forward"].startswith("raised IndexError")
    assert RECORDED["mpnet-buckets-32-150-tokens"]["forward"] == "ok"
    assert (
        RECORDED["mpnet-pad-token-id-0"]["word_padding_idx"]
        == RECORDED["mpnet-pad-token-id-0"]["position_padding_idx"]
        == PADDING_IDX
    )
    assert RECORDED["mpnet-pad-token-id-0"]["digest"] == RECORDED["mpnet-pad-baseline"]["digest"]
    assert RECORDED["mpnet-positions-20-tokens"]["forward"] == "ok"
    assert RECORDED["mpnet-positions-21-tokens"]["forward"].startswith("raised IndexError")
    assert len(RECORDED["mpnet-positions-21-tokens"]["input_ids"]) == 22 - (PADDING_IDX + 1) + 1


@pytest.mark.parametrize(("buckets", "expected"), [(16, ["X001"]), (31, ["X001"]), (BUCKETS_USED, []), (40, [])])
def test_too_few_relative_buckets(buckets: int, expected: list[str]) -> None:
    assert codes({"model_type": "mpnet", "relative_attention_num_buckets": buckets}) == expected


@pytest.mark.parametrize(("pad", "expected"), [(0, ["X002"]), (PADDING_IDX, []), (None, [])])
def test_pad_token_id_unread(pad: int | None, expected: list[str]) -> None:
    assert codes({"model_type": "mpnet", "pad_token_id": pad}) == expected


@pytest.mark.parametrize(("positions", "expected"), [(512, ["X003"]), (514, []), (22, [])])
def test_position_offset(positions: int, expected: list[str]) -> None:
    assert codes({"model_type": "mpnet", "max_position_embeddings": positions}) == expected


def test_position_offset_message_counts_the_fitting_tokens() -> None:
    [finding] = configlint.lint_mapping({"model_type": "mpnet", "max_position_embeddings": 512}, selection=X_ONLY)
    assert "fits only 510 tokens; use 514 for 512" in finding.message


def test_x_rules_leave_other_families_alone() -> None:
    config = {"model_type": "roberta", "pad_token_id": 0, "max_position_embeddings": 512, "relative_attention_num_buckets": 8}
    assert codes(config) == []


def test_every_case_the_x_rules_name_is_recorded() -> None:
    for rule in RULES:
        named = re.findall(r"mpnet-[a-z0-9-]+(?<!-)", rule.evidence)
        assert named and all(name in RECORDED for name in named if name != "mpnet-cases"), (rule.code, named)


def test_an_out_of_vocabulary_pad_id_does_not_stop_mpnet_from_building() -> None:
    """M003 calls it a build error only where pad_token_id is the embeddings' padding_idx."""
    build = json.loads((Path(__file__).parents[1] / "fixtures" / "transformers" / "mpnet-cases.json").read_text())["builds"]
    assert build["mpnet-build-pad-token-id-out-of-vocab"]["build"] == "ok"
    only_m003 = Selection(select=("M003",))
    [mpnet] = configlint.lint_mapping({"model_type": "mpnet", "vocab_size": 47, "pad_token_id": 99}, selection=only_m003)
    [bert] = configlint.lint_mapping({"model_type": "bert", "vocab_size": 47, "pad_token_id": 99}, selection=only_m003)
    assert (mpnet.severity.value, bert.severity.value) == ("warning", "error")
    assert "building the model raises" not in mpnet.message


def test_classifier_dropout_on_mpnet_is_reported_without_a_rename_into_the_encoders_dropout() -> None:
    config = {"model_type": "mpnet", "architectures": ["MPNetForSequenceClassification"], "classifier_dropout": 0.2}
    [p007] = configlint.lint_mapping(config, selection=Selection(select=("P007",)))
    assert "its heads use hidden_dropout_prob, which is 0.1" in p007.message
    assert p007.fix is None
