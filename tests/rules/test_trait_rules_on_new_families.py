"""Rules keyed on a family trait reach the families that have it (XLM-RoBERTa, CamemBERT, MPNet here).

Checked against the oracles for these families: transformers 4.57 builds distance_embedding for
position_embedding_type "relative_key" on XLM-RoBERTa and CamemBERT and prunes pruned_heads on all
three, 5.23 does neither; V005 guards every family's weight map.
"""

from __future__ import annotations

import pytest

import configlint
from configlint.selection import Selection


def codes(config: dict[str, object], *selected: str) -> list[str]:
    return sorted(d.code for d in configlint.lint_mapping(config, selection=Selection(select=selected)))


@pytest.mark.parametrize("family", ["xlm-roberta", "camembert"])
def test_relative_positions_removed_in_5(family: str) -> None:
    assert codes({"model_type": family, "position_embedding_type": "relative_key"}, "D004") == ["D004"]


def test_mpnet_never_had_relative_position_embeddings() -> None:
    assert codes({"model_type": "mpnet", "position_embedding_type": "relative_key"}, "D004") == []


@pytest.mark.parametrize("family", ["xlm-roberta", "camembert", "mpnet"])
def test_pruned_heads_differ_between_majors(family: str) -> None:
    assert codes({"model_type": family, "pruned_heads": {"0": [0]}}, "D006") == ["D006"]


@pytest.mark.parametrize("family", ["xlm-roberta", "camembert", "mpnet"])
def test_layer_norm_eps_and_size_limits(family: str) -> None:
    config = {"model_type": family, "layer_norm_eps": 0.5, "num_hidden_layers": 100_000_000}
    assert codes(config, "V003", "V005") == ["V003", "V005"]
