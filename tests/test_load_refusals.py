"""Which classes build a dropout from which head key, held to the recorded config reads of each class."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from configlint.checkpoint.inventory import TensorInventory
from configlint.family_table import FAMILIES
from configlint.load_refusals import HEAD_DROPOUTS
from configlint.load_report import predict_load_report

RECORDED = json.loads((Path(__file__).parent / "fixtures" / "transformers" / "families.json").read_text())["families"]


@pytest.mark.parametrize("family", ["xlm-roberta", "camembert", "mpnet"])
def test_classifier_dropout_readers_are_the_recorded_ones(family: str) -> None:
    """families.json config_keys_read: the classes whose build reads classifier_dropout (MPNet's read none)."""
    readers = {
        name
        for name, facts in RECORDED[family]["classes"].items()
        if "classifier_dropout" in facts["config_keys_read"]["build"]["modeling"]
    }
    assert {name for name in HEAD_DROPOUTS["classifier_dropout"] if name in FAMILIES[family].head_classes} == readers


@pytest.mark.parametrize(
    ("class_name", "refused"),
    [
        ("XLMRobertaForSequenceClassification", True),
        ("CamembertForTokenClassification", True),
        ("XLMRobertaForMultipleChoice", False),
    ],
)
def test_a_classifier_dropout_past_1_is_refused_where_the_head_builds_it(class_name: str, refused: bool) -> None:
    """Checked with transformers 5.23: nn.Dropout(2.0) raises when these heads are built; multiple choice uses hidden_dropout_prob."""
    family = "camembert" if class_name.startswith("Camembert") else "xlm-roberta"
    report = predict_load_report({"model_type": family, "classifier_dropout": 2.0}, TensorInventory(), class_name)
    error = "ValueError: dropout probability has to be between 0 and 1, but got 2.0"
    assert (report.error == error) is refused
