"""M010: sizes no surveyed real config of the family has (tests/fixtures/claims/realworld-sizes.json)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import configlint
from configlint.rules import RULES_BY_CODE
from configlint.selection import Selection

SURVEY = json.loads((Path(__file__).resolve().parents[1] / "fixtures" / "claims" / "realworld-sizes.json").read_text())[
    "families"
]
M010 = Selection(extend_select=("M010",))


def _m010(config: dict) -> list:
    return [d for d in configlint.lint_mapping(config, selection=M010) if d.code == "M010"]


@pytest.mark.parametrize(
    ("config", "pointer"),
    [
        ({"model_type": "bert", "hidden_size": 3072, "intermediate_size": 768, "num_attention_heads": 12}, "/intermediate_size"),
        (
            {"model_type": "roberta", "hidden_size": 1024, "intermediate_size": 1000, "num_attention_heads": 16},
            "/intermediate_size",
        ),
        ({"model_type": "distilbert", "dim": 768, "hidden_dim": 512}, "/hidden_dim"),
        ({"model_type": "albert", "embedding_size": 768, "hidden_size": 768, "intermediate_size": 3072}, "/embedding_size"),
    ],
)
def test_a_shape_no_surveyed_config_has_is_flagged(config: dict, pointer: str) -> None:
    [finding] = _m010(config)
    family = config["model_type"]
    assert (
        finding.pointer == pointer
        and f"{SURVEY[family]['configs' if pointer != '/embedding_size' else 'with_embedding_size']}" in finding.message
    )
    assert SURVEY[family]["ffn_narrower"] == 0 and SURVEY["albert"]["embedding_not_smaller"] == 0


@pytest.mark.parametrize(
    "config",
    [
        {"model_type": "bert", "hidden_size": 768, "intermediate_size": 3072},
        {"model_type": "bert", "hidden_size": 768, "intermediate_size": 768},  # 1x occurs in the survey
        {"model_type": "bert"},  # the defaults, 768 / 3072
        {"model_type": "albert", "embedding_size": 128, "hidden_size": 4096, "intermediate_size": 16384},
        {"model_type": "distilbert", "dim": 768, "hidden_dim": 3072},
    ],
)
def test_shapes_real_configs_use_pass(config: dict) -> None:
    assert not _m010(config)


def test_it_is_opt_in_and_info_and_its_count_is_the_surveys() -> None:
    config = {"model_type": "bert", "hidden_size": 3072, "intermediate_size": 768, "num_attention_heads": 12}
    assert not [d for d in configlint.lint_mapping(config) if d.code == "M010"]
    rule = RULES_BY_CODE["M010"]
    assert not rule.default and rule.severity.value == "info"
    assert f"{sum(entry['configs'] for entry in SURVEY.values())} BERT, RoBERTa" in rule.explanation
