"""The unread-key rules name each family's config class as transformers spells it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import configlint
from configlint.family_table import FAMILIES
from configlint.rules.keys import CONFIG_CLASS
from configlint.selection import Selection

RECORDED = json.loads((Path(__file__).parents[1] / "fixtures" / "transformers" / "families.json").read_text())["families"]


@pytest.mark.parametrize("family", sorted(FAMILIES))
def test_config_class_is_the_recorded_one(family: str) -> None:
    assert CONFIG_CLASS[family] == RECORDED[family]["config_class"]


@pytest.mark.parametrize("family", ["xlm-roberta", "camembert", "mpnet"])
def test_an_unread_key_on_a_new_family_is_one_finding(family: str) -> None:
    """output_past (a fairseq-era export key) on these families was a KeyError before the table named their config class."""
    config = {"model_type": family, "output_past": True}
    [finding] = configlint.lint_mapping(config, selection=Selection(select=("D005",)))
    assert f"of {RECORDED[family]['config_class']} in transformers" in finding.message


def test_another_familys_real_key_is_unread_not_a_misspelling() -> None:
    """type_vocab_size is BERT's; MPNetConfig has no token types. Calling it a typo of vocab_size
    would invite a rename that changes the vocabulary."""
    found = configlint.lint_mapping({"model_type": "mpnet", "type_vocab_size": 2}, selection=Selection(select=("S002", "D007")))
    assert [d.code for d in found] == ["D007"]
    assert "type_vocab_size" in found[0].message


def test_a_real_misspelling_is_still_suggested() -> None:
    found = configlint.lint_mapping(
        {"model_type": "mpnet", "attention_dropout_prob": 0.3}, selection=Selection(select=("S002", "D007"))
    )
    assert [d.code for d in found] == ["S002"]
    assert "did you mean attention_probs_dropout_prob?" in found[0].message


def test_distilbert_reads_berts_names_through_its_attribute_map() -> None:
    found = configlint.lint_mapping(
        {"model_type": "distilbert", "hidden_size": 768}, selection=Selection(select=("S002", "D007"))
    )
    assert found == []
